import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, Dropout, Matrix, MeanSquaredError, Network, Rng, SGD, resolveActivation, type ActivationSpec, type DType } from '../src/index.js';
import { exportOnnx } from '../src/onnx/index.js';
import { ALL_ACTIVATIONS } from './helpers/activations.js';
import { columnStats, maxAbsDiff, readIris, runOnnx } from './helpers/onnx.js';

// ONNX Runtime (CPU) runs the exported graph; its outputs must match neurite's own predictions within 1e-5.
const TOLERANCE = 1e-5;

function oneHot(y: number[], classes: number): number[][] {
  return y.map((k) => Array.from({ length: classes }, (_, j) => (j === k ? 1 : 0)));
}

function argmax(row: number[]): number {
  return row.indexOf(Math.max(...row));
}

function train(network: Network, x: number[][], y: number[][], epochs: number, learningRate: number): void {
  const X = Matrix.from(x, network.dtype);
  const Y = Matrix.from(y, network.dtype);
  const loss = new MeanSquaredError();
  const sgd = new SGD({ learningRate });
  for (let epoch = 0; epoch < epochs; epoch++) network.trainStep(X, Y, loss, sgd);
}

/** Rows of features in [−spread, spread], plus rows far out where activations saturate. */
function sampleRows(rng: Rng, rows: number, cols: number, spread = 3): number[][] {
  const out = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (rng.uniform() * 2 - 1) * spread));
  out.push(Array(cols).fill(30), Array(cols).fill(-30), Array(cols).fill(0));
  return out;
}

test('an iris classifier (sigmoid, trained in neurite) gives the same outputs in ONNX Runtime from raw features', async () => {
  const { x, labels, y } = readIris();
  const { mean, std } = columnStats(x);
  const normalized = x.map((row) => row.map((v, c) => (v - mean[c]!) / std[c]!));
  const network = Network.create({
    inputs: 4,
    layers: [
      { units: 8, activation: 'sigmoid' },
      { units: 3, activation: 'sigmoid' },
    ],
    seed: 7,
  });
  train(network, normalized, oneHot(y, 3), 300, 1);
  const expected = network.predict(normalized);
  const accuracy = expected.filter((row, i) => argmax(row) === y[i]).length / y.length;
  assert.ok(accuracy > 0.8, `the classifier should have learned something, accuracy ${accuracy}`);

  const bytes = exportOnnx(network, { inputNormalization: { kind: 'standard', mean, std }, labels });
  const got = await runOnnx(bytes, x); // raw centimetres in: the normalization is inside the graph
  const diff = maxAbsDiff(got, expected);
  assert.ok(diff <= TOLERANCE, `max |onnx − neurite| = ${diff}`);
  assert.deepEqual(got.map(argmax), expected.map(argmax));
});

test('an iris classifier with a softmax output gives probabilities that match and sum to 1', async () => {
  const { x, labels, y } = readIris();
  const { mean, std } = columnStats(x);
  const normalized = x.map((row) => row.map((v, c) => (v - mean[c]!) / std[c]!));
  const rng = new Rng(11);
  const network = new Network([
    new Dense({ inputs: 4, units: 6, activation: resolveActivation({ name: 'tanh' }), rng }),
    new Dense({ inputs: 6, units: 3, activation: resolveActivation({ name: 'softmax' }), rng }),
  ]);
  train(network, normalized, oneHot(y, 3), 200, 0.5);
  const expected = network.predict(normalized);
  const got = await runOnnx(exportOnnx(network, { inputNormalization: { kind: 'standard', mean, std }, labels }), x);
  assert.ok(maxAbsDiff(got, expected) <= TOLERANCE, `max diff ${maxAbsDiff(got, expected)}`);
  for (const row of got) assert.ok(Math.abs(row.reduce((s, p) => s + p, 0) - 1) < 1e-6);
});

test('a regression model with min-max scaling gives the same values in ONNX Runtime from raw features', async () => {
  const rng = new Rng(5);
  // y = sin(x1 / 2) + 0.1 · x2², x1 in [0, 10] (say, hours), x2 in [−3, 3]
  const x = Array.from({ length: 120 }, () => [rng.uniform() * 10, rng.uniform() * 6 - 3]);
  const y = x.map(([a, b]) => [Math.sin(a! / 2) + 0.1 * b! * b!]);
  const { min, max } = columnStats(x);
  const scaled = x.map((row) => row.map((v, c) => (v - min[c]!) / (max[c]! - min[c]!)));
  const network = new Network([
    new Dense({ inputs: 2, units: 16, activation: resolveActivation({ name: 'tanh' }), rng }),
    new Dense({ inputs: 16, units: 1, activation: 'linear', rng }),
  ]);
  const before = network.loss(Matrix.from(scaled), Matrix.from(y), new MeanSquaredError());
  train(network, scaled, y, 400, 0.05);
  const after = network.loss(Matrix.from(scaled), Matrix.from(y), new MeanSquaredError());
  assert.ok(after < before, `training should lower the loss (${before} → ${after})`);

  const bytes = exportOnnx(network, { inputNormalization: { kind: 'minmax', min, max } });
  const expected = network.predict(scaled);
  const got = await runOnnx(bytes, x);
  assert.ok(maxAbsDiff(got, expected) <= TOLERANCE, `max diff ${maxAbsDiff(got, expected)}`);
  // Dynamic batch: one row at a time gives the same as the whole batch.
  assert.ok(maxAbsDiff(await runOnnx(bytes, [x[3]!]), [expected[3]!]) <= TOLERANCE);
});

function networkOf(specs: ActivationSpec[], dtype: DType, seed: number): Network {
  const rng = new Rng(seed);
  const sizes = [3, 6, 5, 4, 6, 5, 4, 6, 5, 4, 3];
  return new Network(specs.map((spec, i) => new Dense({ inputs: sizes[i]!, units: sizes[i + 1]!, activation: resolveActivation(spec), dtype, rng })));
}

for (const spec of ALL_ACTIVATIONS) {
  for (const dtype of ['float32', 'float64'] as const) {
    test(`activation ${spec.name} (${dtype} network): ONNX Runtime matches neurite, exported as float32 and as float64`, async () => {
      const network = networkOf([spec, spec, spec], dtype, 21);
      const rows = sampleRows(new Rng(3), 40, 3);
      const expected = network.predict(rows);
      const got32 = await runOnnx(exportOnnx(network), rows);
      assert.ok(maxAbsDiff(got32, expected) <= TOLERANCE, `float32 graph: max diff ${maxAbsDiff(got32, expected)}`);
      const got64 = await runOnnx(exportOnnx(network, { dtype: 'float64' }), rows, { dtype: 'float64' });
      // A float64 graph of a float64 network agrees to rounding; of a float32 network, to float32 rounding.
      const tight = dtype === 'float64' ? 1e-12 : TOLERANCE;
      assert.ok(maxAbsDiff(got64, expected) <= tight, `float64 graph: max diff ${maxAbsDiff(got64, expected)}`);
    });
  }
}

test('a network using every activation in turn, with dropout, matches ONNX Runtime', async () => {
  const specs = [...ALL_ACTIVATIONS.filter((s) => s.name !== 'softmax'), { name: 'linear' }, { name: 'softmax' }];
  const plain = networkOf(specs, 'float32', 8);
  // A dropout layer (identity at inference) after the first layer.
  const layers = [...plain.layers];
  layers.splice(1, 0, new Dropout({ inputs: layers[0]!.outputSize, rate: 0.5 }));
  const network = new Network(layers);
  const rows = sampleRows(new Rng(9), 64, 3);
  const expected = network.predict(rows);
  assert.deepEqual(expected, plain.predict(rows));
  const got = await runOnnx(exportOnnx(network), rows);
  assert.ok(maxAbsDiff(got, expected) <= TOLERANCE, `max diff ${maxAbsDiff(got, expected)}`);
});

test('the seed network exports and gives the seed fixed point 0.7216325609518421 in ONNX Runtime (float64)', async () => {
  const network = Network.fromJSON({
    dtype: 'float64',
    layers: [
      { type: 'dense', inputs: 2, units: 2, activation: { name: 'sigmoid' }, weights: [0, 1, 0, 1], bias: [0, 0] },
      { type: 'dense', inputs: 2, units: 1, activation: { name: 'sigmoid' }, weights: [0, 1], bias: [0] },
    ],
  });
  const [[o1]] = (await runOnnx(exportOnnx(network, { dtype: 'float64' }), [[2, 3]], { dtype: 'float64' })) as [[number]];
  assert.ok(Math.abs(o1 - 0.7216325609518421) < 1e-15, String(o1));
});
