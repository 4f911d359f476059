// The recurrent layers in a network: specs and their errors, the model file, training with fit (and
// gradient clipping), and what lastRun keeps for explain.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, MeanSquaredError, getBackend, Network, Rng, SGD, fit, parseModel, serializeModel, type DType, type ModelParts } from '../src/index.js';
import { parseTable, Preprocessor } from '../src/data/index.js';
import type { GRU } from '../src/nn/gru.js';
import type { LSTM } from '../src/nn/lstm.js';
import { throwsNeurite } from './helpers/numeric.js';

/** Sequences of T steps of one value in [−1, 1], and half their sum to learn. */
function sums(rng: Rng, rows: number, T: number, dtype: DType = 'float32') {
  const x = Matrix.zeros(rows, T, dtype);
  const y = Matrix.zeros(rows, 1, dtype);
  for (let n = 0; n < rows; n++) {
    let sum = 0;
    for (let t = 0; t < T; t++) sum += x.data[n * T + t] = rng.uniform() * 2 - 1;
    y.data[n] = sum / 2;
  }
  return { x, y };
}

/** A model of every recurrent layer: gru (sequences, masked) → lstm (sequences) → simpleRnn (relu) → dense. */
function sequenceModel(dtype: DType): ModelParts {
  const rng = new Rng(3);
  const header = [...Array.from({ length: 8 }, (_, i) => `p${i}`), 'y'].join(',');
  const rows = Array.from({ length: 6 }, (_, r) => [...Array.from({ length: 8 }, () => rng.normal().toFixed(3)), r % 2].join(','));
  const preprocessing = Preprocessor.fit(parseTable([header, ...rows].join('\n'), { file: 'steps.csv' }), { target: 'y', task: 'regression' });
  const network = Network.create({
    inputShape: [4, 2],
    layers: [
      { type: 'gru', units: 3, returnSequences: true, maskTrailingZeros: true },
      { type: 'lstm', units: 4, returnSequences: true },
      { type: 'simpleRnn', units: 2, activation: 'relu' },
      { units: 1, activation: 'linear' },
    ],
    dtype,
  });
  (network.layers[0] as GRU).recurrentBias.set([0.1, -0.2, 0.3]);
  return { network, preprocessing, training: { epochs: 1 } };
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`recurrent layers go through the model file (${dtype}): the same fields, the same predictions bit for bit`, () => {
    const model = sequenceModel(dtype);
    const text = serializeModel(model);
    const loaded = parseModel(text);
    assert.equal(serializeModel(loaded), text, 'the text is stable');
    const json = JSON.parse(text).network.layers;
    assert.deepEqual(Object.keys(json[0]).sort(), [
      'bias',
      'inputShape',
      'inputWeights',
      'maskTrailingZeros',
      'outputShape',
      'recurrentBias',
      'recurrentWeights',
      'returnSequences',
      'type',
      'units',
    ]);
    assert.equal(json[2].activation, 'relu');
    assert.deepEqual(
      loaded.network.layers.map((l) => [l.type, l.outputShape]),
      [
        ['gru', [4, 3]],
        ['lstm', [4, 4]],
        ['simpleRnn', [2]],
        ['dense', [1]],
      ],
    );
    const rng = new Rng(8);
    for (const sample of [Array.from({ length: 8 }, () => rng.normal()), [0.5, -1, 2, 0.25, 0, 0, 0, 0]]) {
      assert.deepEqual(loaded.network.predict(sample), model.network.predict(sample));
    }
  });
}

test('a model file with a bad recurrent layer is refused with its JSON path', () => {
  const edited = (edit: (layers: Record<string, unknown>[]) => void) => {
    const json = JSON.parse(serializeModel(sequenceModel('float64')));
    edit(json.network.layers);
    return JSON.stringify(json);
  };
  const cases: [(layers: Record<string, unknown>[]) => void, RegExp][] = [
    [(l) => (l[0]!['inputWeights'] = [1, 2]), /network\.layers\[0\]\.inputWeights: expected 18 numbers \(3 gates × 3 units × 2 features\), got 2/],
    [(l) => (l[1]!['recurrentWeights'] = [1]), /network\.layers\[1\]\.recurrentWeights: expected 64 numbers \(4 gates × 4 units × 4 units\)/],
    [(l) => (l[2]!['bias'] = [0, 0, 0]), /network\.layers\[2\]\.bias: expected 2 numbers/],
    [(l) => delete l[0]!['recurrentBias'], /network\.layers\[0\]\.recurrentBias: is missing/],
    [(l) => (l[2]!['activation'] = 'sigmoid'), /network\.layers\[2\]\.activation: expected one of "tanh", "relu", got "sigmoid"/],
    [(l) => (l[1]!['returnSequences'] = 'yes'), /network\.layers\[1\]\.returnSequences/],
    [(l) => (l[1]!['inputShape'] = [8]), /network\.layers\[1\]\.inputShape: a lstm layer takes a sequence \[timeSteps, features\], got \[8\]/],
    [(l) => (l[1]!['inputShape'] = [2, 3]), /network\.layers\[1\]\.inputShape: layer 1 records \[2, 3\] as its input but layer 0 gives \[4, 3\]/],
    [(l) => (l[1]!['extra'] = 1), /network\.layers\[1\]\.extra: unknown key/],
  ];
  for (const [edit, message] of cases) throwsNeurite(() => parseModel(edited(edit)), 'MODEL_FORMAT', message);
});

test('specs: shapes are checked before anything is drawn, with what to do', () => {
  throwsNeurite(
    () => Network.create({ inputShape: [28], layers: [{ type: 'lstm', units: 4 }] }),
    'SHAPE_MISMATCH',
    /layers\[0\] \(lstm\) takes a sequence \[timeSteps, features\] but gets \[28\]; a series of 28 values is \[28, 1\]/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [5, 2], layers: [{ type: 'gru', units: 4, returnSequences: true }, { units: 1 }] }),
    'SHAPE_MISMATCH',
    /layers\[1\] \(dense\) takes a row of features \[n\] but gets \[5, 4\]/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [5, 2], layers: [{ type: 'lstm', units: 0 }] }),
    'INVALID_ARGUMENT',
    /layers\[0\]\.units must be an integer ≥ 1/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [5, 2], layers: [{ type: 'gru', units: 2, returnSequences: 1 as unknown as boolean }] }),
    'INVALID_ARGUMENT',
    /layers\[0\]\.returnSequences must be true or false, got 1/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [5, 2], layers: [{ type: 'simpleRnn', units: 2, activation: 'sigmoid' as 'relu' }] }),
    'INVALID_ARGUMENT',
    /layers\[0\]\.activation must be "tanh" or "relu", got "sigmoid"/,
  );
  const network = Network.create({ inputShape: [5, 2], layers: [{ type: 'lstm', units: 3, returnSequences: true }, { type: 'flatten' }, { units: 1 }] });
  assert.deepEqual(
    network.layers.map((l) => l.outputShape),
    [[5, 3], [15], [1]],
  );
  const lstm = network.layers[0] as LSTM;
  assert.deepEqual(Array.from(lstm.bias.subarray(3, 6)), [1, 1, 1], "the forget gate's bias starts at 1");
  assert.deepEqual([...lstm.bias.subarray(0, 3), ...lstm.bias.subarray(6)], new Array(9).fill(0));
  // U's gate blocks are orthogonal: U_g U_gᵀ = I.
  for (let g = 0; g < 4; g++) {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let dot = 0;
        for (let k = 0; k < 3; k++) dot += lstm.recurrentWeights[(g * 3 + i) * 3 + k]! * lstm.recurrentWeights[(g * 3 + j) * 3 + k]!;
        assert.ok(Math.abs(dot - (i === j ? 1 : 0)) < 1e-6, `U_${g} rows ${i}, ${j}: ${dot}`);
      }
    }
  }
});

test('fit trains a small LSTM to half the sum of a sequence (variance 0.5) to a mean squared error under 0.01', async () => {
  const { x, y } = sums(new Rng(1), 256, 6);
  const network = Network.create({
    inputShape: [6, 1],
    layers: [
      { type: 'lstm', units: 8 },
      { units: 1, activation: 'linear' },
    ],
    seed: 3,
  });
  const result = await fit(network, x, y, { epochs: 20, batchSize: 32, optimizer: { name: 'adam', learningRate: 0.02 }, seed: 2 });
  const losses = result.history.map((h) => h.loss);
  assert.ok(losses[0]! > 0.1, `first epoch ${losses[0]}`);
  assert.ok(losses.at(-1)! < 0.01, `last epoch ${losses.at(-1)}`);
  const test = sums(new Rng(9), 64, 6);
  assert.ok(network.loss(test.x, test.y, new MeanSquaredError()) < 0.02, 'on sequences it has not seen');
});

test('gradient clipping bounds the step of an exploding simple RNN', async () => {
  // relu with U = 1.5 I over 30 steps: the gradient reaching step 0 grows like 1.5^30.
  const rng = new Rng(4);
  const T = 30;
  const x = Matrix.zeros(8, T, 'float64');
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform();
  const y = Matrix.zeros(8, 1, 'float64');
  const make = () => {
    const network = Network.create({
      inputShape: [T, 1],
      layers: [
        { type: 'simpleRnn', units: 2, activation: 'relu' },
        { units: 1, activation: 'linear' },
      ],
      dtype: 'float64',
      seed: 1,
    });
    network.layers[0]!.parameters('l')[1]!.value.set([1.5, 0, 0, 1.5]);
    return network;
  };
  const step = async (clipNorm?: number) => {
    const network = make();
    const before = network.parameters().map((p) => Array.from(p.value));
    await fit(network, x, y, { epochs: 1, batchSize: 8, shuffle: false, optimizer: new SGD({ learningRate: 0.1 }), clipNorm });
    let moved = 0;
    network.parameters().forEach((p, i) => p.value.forEach((v, j) => (moved += (v - before[i]![j]!) ** 2)));
    return Math.sqrt(moved);
  };
  const unclipped = await step();
  const clipped = await step(1);
  assert.ok(unclipped > 100, `the unclipped step moves the weights by ${unclipped}`);
  assert.ok(Math.abs(clipped - 0.1) < 1e-9, `the clipped step moves them by η · clipNorm = 0.1, got ${clipped}`);
});

test('lastRun keeps every step: hidden states, gates and cell states per sample, lengths under masking', () => {
  const network = Network.create({
    inputShape: [3, 2],
    layers: [{ type: 'lstm', units: 2, maskTrailingZeros: true, returnSequences: true }],
    dtype: 'float64',
  });
  const lstm = network.layers[0] as LSTM;
  const x = Matrix.from(
    [
      [1, 2, 3, 4, 5, 6],
      [1, -1, 0, 0, 0, 0],
    ],
    'float64',
  );
  const out = network.forward(x);
  assert.throws(() => lstm.lastRun(), /kept no per-step values/); // an inference pass keeps only what the output needs
  lstm.forward(x, { training: false, keepValues: true, backend: network.backend ?? getBackend() });
  const run = lstm.lastRun();
  assert.deepEqual([run.rows, run.timeSteps, run.units, run.gates, run.lengths], [2, 3, 2, 4, [3, 1]]);
  assert.equal(run.hidden.length, 2 * 3 * 2);
  assert.equal(run.gateValues.length, 2 * 3 * 4 * 2);
  assert.deepEqual(Array.from(run.hidden.subarray(0, 6)), Array.from(out.data.subarray(0, 6)), 'h_t of sample 0 is its output at each step');
  assert.deepEqual(
    Array.from(run.hidden.subarray(6, 12)),
    [...out.data.subarray(6, 8), ...out.data.subarray(6, 8), ...out.data.subarray(6, 8)],
    'past its end the state is carried',
  );
  // h_t = o ⊙ tanh(c_t), from the kept gates and cells.
  for (let k = 0; k < 2; k++) {
    const o = run.gateValues[(0 * 3 + 1) * 8 + 3 * 2 + k]!;
    assert.ok(Math.abs(run.hidden[(0 * 3 + 1) * 2 + k]! - o * Math.tanh(run.cells![(0 * 3 + 1) * 2 + k]!)) < 1e-15);
  }
});
