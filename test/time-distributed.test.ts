import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, Matrix, MeanSquaredError, Network, Rng, gradientCheck, jsBackend, parseModel, serializeModel } from '../src/index.js';
import { parseTable, Preprocessor } from '../src/data/index.js';
import { TimeDistributed } from '../src/nn/time-distributed.js';
import { centralDifference, randomMatrix, relativeError, throwsNeurite } from './helpers/numeric.js';

const STEPS = 4;
const FEATURES = 3;

/** [T, F] → timeDistributed(dense 2, tanh) → flatten → dense 1: every parameter, and ∂L/∂x through the layer. */
function sequenceNetwork(): Network {
  return Network.create({
    inputShape: [STEPS, FEATURES],
    layers: [
      { type: 'timeDistributed', layer: { units: 2, activation: 'tanh', biasInitializer: 'normal' } },
      { type: 'flatten' },
      { units: 1, activation: 'linear' },
    ],
    dtype: 'float64',
    seed: 4,
  });
}

test('timeDistributed: its weights and bias pass a float64 central-difference gradient check', () => {
  const network = sequenceNetwork();
  const rng = new Rng(8);
  const x = randomMatrix(rng, 3, STEPS * FEATURES);
  const y = randomMatrix(rng, 3, 1);
  const result = gradientCheck(network, x, y, new MeanSquaredError());
  assert.ok(result.passed, `max relative error ${result.maxRelativeError}`);
  assert.deepEqual(
    result.parameters.map((p) => p.name).filter((n) => n.startsWith('layers.0.')),
    ['layers.0.weights', 'layers.0.bias'],
  );
});

test('timeDistributed: ∂L/∂x matches central differences of the loss in every input value', () => {
  const network = sequenceNetwork();
  const rng = new Rng(2);
  const x = randomMatrix(rng, 2, STEPS * FEATURES);
  const y = randomMatrix(rng, 2, 1);
  const loss = new MeanSquaredError();
  const layer = network.layers[0] as TimeDistributed;
  network.forward(x, { training: true });
  const out = network.layers
    .slice(1)
    .reduce((m, l) => l.forward(m, { training: true, backend: jsBackend }), layer.forward(x, { training: true, backend: jsBackend }));
  const dOut = new Float64Array(out.data.length);
  loss.backward(out.data, y.data, dOut, y.rows, y.cols);
  let grad = new Matrix(out.rows, out.cols, dOut);
  for (let i = network.layers.length - 1; i >= 1; i--) grad = network.layers[i]!.backward(grad, { backend: jsBackend, needInputGradient: true })!;
  const analytic = Float64Array.from(layer.backward(grad, { backend: jsBackend, needInputGradient: true })!.data);
  for (let i = 0; i < x.data.length; i++) {
    const original = x.data[i]!;
    const numeric = centralDifference((v) => {
      x.data[i] = v;
      const value = network.loss(x, y, loss);
      x.data[i] = original;
      return value;
    }, original);
    assert.ok(relativeError(analytic[i]!, numeric) < 1e-7, `∂L/∂x[${i}]: ${analytic[i]} vs ${numeric}`);
  }
});

test('timeDistributed: the dense layer at every step, on a view of the batch (no copy, the same views each batch)', () => {
  const dense = new Dense({
    inputs: 2,
    units: 3,
    activation: 'linear',
    weights: [
      [1, 0],
      [0, 1],
      [1, 1],
    ],
    bias: [0, 0, 10],
    dtype: 'float64',
  });
  const layer = new TimeDistributed({ inputShape: [2, 2], layer: dense });
  const x = Matrix.from(
    [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ],
    'float64',
  );
  const ctx = { training: true, backend: jsBackend };
  const out = layer.forward(x, ctx);
  assert.deepEqual(out.toArray(), [
    [1, 2, 13, 3, 4, 17],
    [5, 6, 21, 7, 8, 25],
  ]);
  const seen = dense.lastValues();
  assert.equal(seen.input.data, x.data, 'the dense layer reads the batch itself');
  assert.equal([seen.input.rows, seen.input.cols].join('×'), '4×2', 'as [rows·T × F]');
  assert.equal(out.data, seen.a.data, "the output is the dense layer's buffer");
  const again = layer.forward(x, ctx);
  assert.equal(again, out, 'the same view, not a new one');
  assert.equal(dense.lastValues().input, seen.input);
  const dX = layer.backward(
    Matrix.from(
      [
        [1, 0, 0, 0, 1, 0],
        [0, 0, 1, 0, 0, 0],
      ],
      'float64',
    ),
    { backend: jsBackend, needInputGradient: true },
  )!;
  assert.deepEqual(dX.toArray(), [
    [1, 0, 0, 1],
    [1, 1, 0, 0],
  ]);
});

test('timeDistributed: its shape rules say what went wrong', () => {
  throwsNeurite(
    () => Network.create({ inputs: 6, layers: [{ type: 'timeDistributed', layer: { units: 2 } }] }),
    'SHAPE_MISMATCH',
    /layers\[0\] \(timeDistributed\) takes a sequence \[timeSteps, features\] but gets \[6\]/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [3, 2], layers: [{ type: 'timeDistributed', layer: { type: 'flatten' } as never }] }),
    'INVALID_ARGUMENT',
    /layers\[0\]\.layer must be a dense layer spec/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [3, 2], layers: [{ type: 'timeDistributed', layer: { units: 0 } }] }),
    'INVALID_ARGUMENT',
    /layers\[0\]\.layer\.units/,
  );
  const network = Network.create({ inputShape: [3, 2], layers: [{ type: 'timeDistributed', layer: { units: 5 } }, { type: 'flatten' }, { units: 1 }] });
  assert.deepEqual(
    network.layers.map((l) => l.outputShape),
    [[3, 5], [15], [1]],
  );
  throwsNeurite(
    () => Network.create({ inputShape: [3, 2], layers: [{ type: 'timeDistributed', layer: { units: 5 } }, { units: 1 }] }),
    'SHAPE_MISMATCH',
    /takes a row of features \[n\] but gets \[3, 5\]; put a flatten layer/,
  );
});

function sequenceModel(dtype: 'float32' | 'float64') {
  const header = [...Array.from({ length: STEPS * FEATURES }, (_, i) => `v${i}`), 'y'].join(',');
  const rows = [0, 1, 2].map((r) => [...Array.from({ length: STEPS * FEATURES }, (_, i) => ((i * 7 + r) % 5) - 2), r].join(','));
  const preprocessing = Preprocessor.fit(parseTable([header, ...rows].join('\n')), { target: 'y', task: 'regression' });
  const network = Network.create({
    inputShape: [STEPS * FEATURES],
    layers: [
      { type: 'reshape', shape: [STEPS, FEATURES] },
      { type: 'timeDistributed', layer: { units: 2, activation: 'relu' } },
      { type: 'flatten' },
      { units: 1, activation: 'linear' },
    ],
    dtype,
  });
  return { network, preprocessing, training: { epochs: 0 } };
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`timeDistributed goes through the model file (${dtype}): same weights, same predictions, parameters under one prefix`, () => {
    const model = sequenceModel(dtype);
    const text = serializeModel(model);
    const loaded = parseModel(text);
    assert.equal(serializeModel(loaded), text, 'the text is stable');
    assert.deepEqual(
      loaded.network.parameters().map((p) => p.name),
      ['layers.1.weights', 'layers.1.bias', 'layers.3.weights', 'layers.3.bias'],
    );
    const sample = Array.from({ length: STEPS * FEATURES }, (_, i) => Math.cos(i));
    assert.deepEqual(loaded.network.predict(sample), model.network.predict(sample));
  });
}

test('the model file refuses a timeDistributed layer whose dense layer does not fit its steps', () => {
  const edit = (change: (layer: { layer: Record<string, unknown>; inputShape: unknown }) => void) => {
    const json = JSON.parse(serializeModel(sequenceModel('float64')));
    change(json.network.layers[1]);
    return JSON.stringify(json);
  };
  throwsNeurite(() => parseModel(edit((l) => (l.layer['inputs'] = 4))), 'MODEL_FORMAT', /layers\[1\]\.layer/);
  throwsNeurite(() => parseModel(edit((l) => (l.layer['type'] = 'dropout'))), 'MODEL_FORMAT', /layers\[1\]\.layer\.type: expected "dense"/);
  throwsNeurite(() => parseModel(edit((l) => (l['inputShape'] = [12]))), 'MODEL_FORMAT', /layers\[1\]\.inputShape/);
});
