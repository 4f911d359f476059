import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CategoricalCrossEntropy, type Dense, Dropout, Matrix, MeanSquaredError, Network, Rng, gradientCheck, jsBackend, type Loss } from '../src/index.js';
import { randomMatrix, throwsNeurite } from './helpers/numeric.js';

const ctx = (training: boolean, rng?: Rng) => (rng ? { training, rng, backend: jsBackend } : { training, backend: jsBackend });

function ones(rows: number, cols: number, dtype: 'float32' | 'float64' = 'float64'): Matrix {
  const m = Matrix.zeros(rows, cols, dtype);
  m.data.fill(1);
  return m;
}

test('at inference dropout is the identity (the same matrix comes back)', () => {
  const dropout = new Dropout({ inputs: 4, rate: 0.5, dtype: 'float64' });
  const x = Matrix.from(
    [
      [1, 2, 3, 4],
      [-1, 0.5, 7, 8],
    ],
    'float64',
  );
  assert.equal(dropout.forward(x, ctx(false)), x);
  assert.deepEqual(x.toArray(), [
    [1, 2, 3, 4],
    [-1, 0.5, 7, 8],
  ]);
  assert.equal(dropout.lastMask(), null);
  assert.equal(dropout.backward(x, { backend: jsBackend, needInputGradient: true }), x);
});

for (const dtype of ['float64', 'float32'] as const) {
  test(`training zeroes about rate of the values and scales the survivors by 1 / (1 − rate) (${dtype})`, () => {
    const rate = 0.3;
    const dropout = new Dropout({ inputs: 50, rate, dtype });
    const out = dropout.forward(ones(200, 50, dtype), ctx(true, new Rng(1)));
    const scale = dtype === 'float64' ? 1 / (1 - rate) : Math.fround(1 / (1 - rate));
    let zeros = 0;
    let sum = 0;
    for (const v of out.data) {
      if (v === 0) zeros++;
      else assert.equal(v, scale);
      sum += v;
    }
    const n = out.data.length; // 10 000: the dropped fraction has standard deviation √(0.3 · 0.7 / n) ≈ 0.0046
    assert.ok(Math.abs(zeros / n - rate) < 0.015, `dropped ${zeros / n}`);
    assert.ok(Math.abs(sum / n - 1) < 0.03, `mean ${sum / n} (inverted dropout keeps the expected value)`);
    assert.deepEqual(dropout.lastMask()!.data, out.data); // input ones: the output is the mask
  });
}

test('backward multiplies by the same mask', () => {
  const dropout = new Dropout({ inputs: 6, rate: 0.5, dtype: 'float64' });
  const x = randomMatrix(new Rng(2), 3, 6);
  const out = dropout.forward(x, ctx(true, new Rng(9))).clone();
  const mask = dropout.lastMask()!.data;
  assert.ok(mask.includes(0) && mask.includes(2), `a mix of dropped and kept: ${mask}`);
  out.data.forEach((v, i) => assert.equal(v, x.data[i]! * mask[i]!));
  const dOut = randomMatrix(new Rng(3), 3, 6);
  const dX = dropout.backward(dOut, { backend: jsBackend, needInputGradient: true })!;
  dX.data.forEach((v, i) => assert.equal(v, dOut.data[i]! * mask[i]!));
  assert.equal(dropout.backward(dOut, { backend: jsBackend, needInputGradient: false }), null);
});

test('the mask is a function of the generator state: same seed, same mask; rate 0 is the identity', () => {
  const dropout = new Dropout({ inputs: 8, rate: 0.4, dtype: 'float64' });
  const x = ones(5, 8);
  const a = Array.from(dropout.forward(x, ctx(true, new Rng(4))).data);
  const b = Array.from(dropout.forward(x, ctx(true, new Rng(4))).data);
  const c = Array.from(dropout.forward(x, ctx(true, new Rng(5))).data);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  const none = new Dropout({ inputs: 8, rate: 0, dtype: 'float64' });
  assert.equal(none.forward(x, ctx(true)), x);
});

test('training without a generator, bad rates and bad specs are clear errors', () => {
  const dropout = new Dropout({ inputs: 2, rate: 0.5 });
  throwsNeurite(() => dropout.forward(Matrix.zeros(1, 2), ctx(true)), 'INVALID_ARGUMENT', /Dropout needs a random generator while training: pass an Rng/);
  throwsNeurite(() => dropout.forward(Matrix.zeros(1, 3), ctx(false)), 'SHAPE_MISMATCH', /expects 2 inputs per row, got 3/);
  throwsNeurite(() => new Dropout({ inputs: 2, rate: 1 }), 'INVALID_ARGUMENT', /Dropout rate: 1 .*rate 1 would drop every value/);
  throwsNeurite(() => new Dropout({ inputs: 2, rate: -0.1 }), 'INVALID_ARGUMENT', /Dropout rate: -0\.1/);
  throwsNeurite(() => new Dropout({ inputs: 2, rate: NaN }), 'INVALID_ARGUMENT', /Dropout rate: NaN/);
  throwsNeurite(() => new Dropout({ inputs: 0, rate: 0.5 }), 'INVALID_ARGUMENT', /Dropout inputs must be an integer ≥ 1/);
  const network = Network.create({ inputs: 2, layers: [{ units: 3 }, { type: 'dropout', rate: 0.5 }, { units: 1 }] });
  throwsNeurite(() => network.computeGradients(Matrix.zeros(1, 2), Matrix.zeros(1, 1), new MeanSquaredError()), 'INVALID_ARGUMENT', /random generator/);
  throwsNeurite(() => Network.create({ inputs: 2, layers: [{ units: 3 }, { type: 'dropout' } as never] }), 'INVALID_ARGUMENT', /layers\[1\]\.rate: undefined/);
  throwsNeurite(
    () => Network.create({ inputs: 2, layers: [{ type: 'conv', units: 3 } as never] }),
    'INVALID_ARGUMENT',
    /layers\[0\]\.type: unknown layer type "conv"; expected "dense" \(the default\), "dropout", "flatten", "reshape", .* or "\w+"/,
  );
});

test('Network.create places dropout between dense layers; it has no parameters and survives toJSON/fromJSON', () => {
  const network = Network.create({
    inputs: 3,
    layers: [
      { type: 'dropout', rate: 0.1 },
      { units: 4, activation: 'relu' },
      { type: 'dropout', rate: 0.25 },
      { type: 'dense', units: 2, activation: 'linear' },
    ],
    dtype: 'float64',
    seed: 3,
  });
  assert.deepEqual(
    network.layers.map((l) => [l.type, l.inputSize, l.outputSize]),
    [
      ['dropout', 3, 3],
      ['dense', 3, 4],
      ['dropout', 4, 4],
      ['dense', 4, 2],
    ],
  );
  assert.deepEqual(
    network.parameters().map((p) => p.name),
    ['layers.1.weights', 'layers.1.bias', 'layers.3.weights', 'layers.3.bias'],
  );
  const json = JSON.parse(JSON.stringify(network.toJSON()));
  assert.deepEqual(json.layers[2], { type: 'dropout', inputs: 4, rate: 0.25, outputShape: [4] });
  const copy = Network.fromJSON(json);
  assert.ok(copy.layers[2] instanceof Dropout && copy.layers[2].rate === 0.25);
  // At inference the network is the same as the one without its dropout layers.
  const plain = new Network([network.layers[1] as Dense, network.layers[3] as Dense]);
  const x = randomMatrix(new Rng(1), 4, 3);
  assert.deepEqual(copy.predict(x), plain.predict(x));
});

/** Dropout networks: the objective reuses the mask by passing a clone of one generator to every call. */
function checkWithFixedMask(network: Network, x: Matrix, y: Matrix, loss: Loss, rng: Rng) {
  const start = rng.clone();
  return gradientCheck(network, x, y, loss, {
    floor: 1e-5, // see FLOOR in gradient-matrix.test.ts
    analytic: () => void network.computeGradients(x, y, loss, start.clone()),
    objective: () => network.computeGradients(x, y, loss, start.clone()),
  });
}

test('gradient check through dropout with a fixed mask (tanh and gelu hidden layers, mse and fused cross-entropy)', () => {
  const network = Network.create({
    inputs: 3,
    layers: [
      { units: 6, activation: 'tanh' },
      { type: 'dropout', rate: 0.4 },
      { units: 5, activation: 'gelu' },
      { type: 'dropout', rate: 0.25 },
      { units: 3, activation: 'linear' },
    ],
    dtype: 'float64',
    seed: 8,
    biasInitializer: 'normal',
  });
  const rng = new Rng(21);
  const x = randomMatrix(rng, 4, 3, 1.5);
  const y = randomMatrix(rng, 4, 3);
  const result = checkWithFixedMask(network, x, y, new MeanSquaredError(), new Rng(77));
  assert.ok(result.maxRelativeError <= 1e-6, `max relative error ${result.maxRelativeError}: ${JSON.stringify(result.parameters)}`);
  const dropped = (network.layers[1] as Dropout).lastMask()!.data.filter((m) => m === 0).length;
  assert.ok(dropped > 0, 'the mask dropped something');

  const classifier = Network.create({
    inputs: 3,
    layers: [
      { units: 6, activation: 'sigmoid' },
      { type: 'dropout', rate: 0.5 },
      { units: 3, activation: 'softmax' },
    ],
    dtype: 'float64',
    seed: 9,
  });
  const labels = Matrix.from(
    [
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
      [0.2, 0.3, 0.5],
    ],
    'float64',
  );
  const fused = checkWithFixedMask(classifier, x, labels, new CategoricalCrossEntropy(), new Rng(5));
  assert.ok(fused.maxRelativeError <= 1e-6, `max relative error ${fused.maxRelativeError}: ${JSON.stringify(fused.parameters)}`);
});

test('a gradient check whose objective draws a new mask each call fails (the fixed mask matters)', () => {
  const network = Network.create({
    inputs: 3,
    layers: [
      { units: 6, activation: 'tanh' },
      { type: 'dropout', rate: 0.5 },
      { units: 2, activation: 'linear' },
    ],
    dtype: 'float64',
    seed: 8,
  });
  const x = randomMatrix(new Rng(1), 4, 3);
  const y = randomMatrix(new Rng(2), 4, 2);
  const loss = new MeanSquaredError();
  let seed = 100;
  const result = gradientCheck(network, x, y, loss, {
    analytic: () => void network.computeGradients(x, y, loss, new Rng(99)),
    objective: () => network.computeGradients(x, y, loss, new Rng(seed++)),
  });
  assert.equal(result.passed, false);
});
