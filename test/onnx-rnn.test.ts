import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Network, Rng, type LayerSpec } from '../src/index.js';
import { buildOnnxModel, exportOnnx } from '../src/onnx/index.js';
import type { Embedding } from '../src/nn/embedding.js';
import { GRU } from '../src/nn/gru.js';
import { LSTM } from '../src/nn/lstm.js';
import { maxAbsDiff, runOnnx } from './helpers/onnx.js';

// Sequence networks exported to ONNX (RNN, LSTM, GRU, Gather, Gemm over [batch·T, F]) and run in ONNX
// Runtime (CPU) on neurite's own input, [batch, T, F]: the outputs must match neurite's predict within
// float32's tolerance, as test/onnx-runtime.test.ts and test/onnx-cnn.test.ts do for the other layers.
const TOLERANCE = 1e-5;

/** A network with every bias (and GRU's b_hn) drawn at random, so that the gate reordering of the biases is seen. */
function network(inputShape: number[], layers: LayerSpec[], seed = 5): Network {
  const net = Network.create({ inputShape, layers, seed });
  const rng = new Rng(seed + 100);
  for (const layer of net.layers as unknown as Record<string, unknown>[]) {
    for (const key of ['bias', 'recurrentBias']) {
      const values = layer[key] as Float32Array | undefined;
      if (values !== undefined) for (let i = 0; i < values.length; i++) values[i] = rng.uniform() - 0.5;
    }
  }
  return net;
}

/** `count` random sequences [T, F] (values in [−2, 2)), one row each in (t, f) order. */
function sequences(shape: readonly number[], count: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => Array.from({ length: size }, () => rng.uniform() * 4 - 2));
}

/** The rows with their last `zeros[n]` steps (of F features each) set to zero: sequences padded at the end. */
function padded(rows: number[][], features: number, zeros: number[]): number[][] {
  return rows.map((row, n) => row.map((v, i) => (i >= row.length - zeros[n]! * features ? 0 : v)));
}

async function agrees(net: Network, rows: number[][]): Promise<number> {
  const expected = net.predict(rows);
  const got = await runOnnx(exportOnnx(net), rows, { shape: net.inputShape });
  const diff = maxAbsDiff(got, expected);
  assert.ok(diff <= TOLERANCE, `max |onnx − neurite| = ${diff}`);
  return diff;
}

function opTypes(net: Network): string[] {
  return buildOnnxModel(net).graph.nodes.map((node) => node.opType);
}

for (const type of ['lstm', 'gru'] as const) {
  for (const returnSequences of [false, true]) {
    test(`${type} (returnSequences ${returnSequences}) gives the same outputs in ONNX Runtime as in neurite`, async () => {
      const net = network([6, 3], [{ type, units: 5, returnSequences }]);
      assert.deepEqual(net.outputShape, returnSequences ? [6, 5] : [5]);
      await agrees(net, sequences([6, 3], 7, 1));
      assert.ok(opTypes(net).includes(type.toUpperCase()));
    });
  }
}

for (const activation of ['tanh', 'relu'] as const) {
  test(`simpleRnn ${activation} (the last state and the sequence) agrees in ONNX Runtime`, async () => {
    for (const returnSequences of [false, true]) {
      const net = network([5, 2], [{ type: 'simpleRnn', units: 4, activation, returnSequences }], 7);
      await agrees(net, sequences([5, 2], 6, 2));
      const rnn = buildOnnxModel(net).graph.nodes.find((node) => node.opType === 'RNN')!;
      assert.deepEqual(rnn.attributes!.find((a) => a.name === 'activations')!.value, [activation === 'relu' ? 'Relu' : 'Tanh']);
    }
  });
}

test('stacked recurrent layers, then a dense layer, agree in ONNX Runtime', async () => {
  const net = network(
    [7, 2],
    [
      { type: 'lstm', units: 6, returnSequences: true },
      { type: 'gru', units: 5, returnSequences: true },
      { type: 'simpleRnn', units: 4 },
      { units: 3, activation: 'softmax' },
    ],
    3,
  );
  await agrees(net, sequences([7, 2], 5, 3));
  assert.deepEqual(
    opTypes(net).filter((op) => ['LSTM', 'GRU', 'RNN', 'Gemm'].includes(op)),
    ['LSTM', 'GRU', 'RNN', 'Gemm'],
  );
});

test('timeDistributed (a dense softmax at every step) after an LSTM sequence, and on the input itself, agrees', async () => {
  const net = network(
    [5, 3],
    [
      { type: 'timeDistributed', layer: { units: 4, activation: 'tanh' } },
      { type: 'lstm', units: 6, returnSequences: true },
      { type: 'timeDistributed', layer: { units: 3, activation: 'softmax' } },
    ],
    4,
  );
  assert.deepEqual(net.outputShape, [5, 3]);
  const rows = sequences([5, 3], 4, 4);
  await agrees(net, rows);
  // Each step's three outputs are probabilities (the softmax acts on one step, not the whole sample).
  const got = await runOnnx(exportOnnx(net), rows, { shape: net.inputShape });
  for (let t = 0; t < 5; t++) assert.ok(Math.abs(got[0]!.slice(t * 3, t * 3 + 3).reduce((a, b) => a + b, 0) - 1) < 1e-5);
});

test('embedding → gru → dense softmax (a text classifier) agrees in ONNX Runtime on token ids', async () => {
  const net = network(
    [8],
    [
      { type: 'embedding', vocabularySize: 20, dimensions: 4, paddingId: 0 },
      { type: 'gru', units: 6 },
      { units: 3, activation: 'softmax' },
    ],
    6,
  );
  const rng = new Rng(8);
  const ids = Array.from({ length: 6 }, () => Array.from({ length: 8 }, () => rng.int(20)));
  await agrees(net, ids);
  assert.deepEqual(opTypes(net).slice(0, 2), ['Cast', 'Gather']);
});

test('maskTrailingZeros: each sample’s length (one past its last step that is not all zeros) goes in as sequence_lens', async () => {
  // Padding of 0 to 6 steps (6: a sample of zeros, length 0), and a zero step inside a sample (it counts).
  const rows = padded(sequences([6, 2], 7, 5), 2, [0, 1, 2, 3, 5, 6, 0]);
  rows[6]!.fill(0, 4, 6);
  for (const type of ['simpleRnn', 'lstm', 'gru'] as const) {
    for (const returnSequences of [false, true]) {
      const net = network([6, 2], [{ type, units: 3, returnSequences, maskTrailingZeros: true }], 9);
      await agrees(net, rows);
      const unmasked = network([6, 2], [{ type, units: 3, returnSequences }], 9);
      assert.ok(maxAbsDiff(unmasked.predict(rows), net.predict(rows)) > 1e-3, `${type}: the mask changes the outputs`);
    }
  }
});

test('a masked text classifier: ids padded at the end with paddingId 0, through masked stacked GRUs', async () => {
  const net = network(
    [7],
    [
      { type: 'embedding', vocabularySize: 12, dimensions: 3, paddingId: 0 },
      { type: 'gru', units: 4, returnSequences: true, maskTrailingZeros: true },
      { type: 'lstm', units: 4, maskTrailingZeros: true },
      { units: 2, activation: 'softmax' },
    ],
    10,
  );
  // neurite reads paddingId as zeros whatever its row holds (here not zeros): so must the graph.
  (net.layers[0] as Embedding).embeddings.fill(0.5, 0, 3);
  const rng = new Rng(11);
  const ids = [7, 5, 3, 1, 0, 6].map((length) => Array.from({ length: 7 }, (_, t) => (t < length ? 1 + rng.int(11) : 0)));
  await agrees(net, ids);
});

test('a float64 recurrent network exports to a float32 graph that agrees; a float64 graph is written too', async () => {
  // (ONNX Runtime's CPU provider has no double RNN, LSTM or GRU: docs/onnx.md.)
  const net = Network.create({ inputShape: [4, 2], layers: [{ type: 'gru', units: 3, maskTrailingZeros: true }, { units: 1 }], seed: 12, dtype: 'float64' });
  await agrees(net, padded(sequences([4, 2], 3, 12), 2, [0, 1, 2]));
  const model = buildOnnxModel(net, { dtype: 'float64' });
  assert.equal(model.graph.initializers.find((t) => t.name === 'layers.0.inputWeights')!.elemType, 'float64');
});

test('the ONNX parameters are neurite’s with the gate blocks in ONNX’s order (LSTM i, o, f, c; GRU z, r, h; Rb = [0, 0, b_hn])', () => {
  const tensors = (net: Network) => new Map(buildOnnxModel(net).graph.initializers.map((t) => [t.name, Array.from(t.values)]));
  // One unit over one feature: each gate block is one value. LSTM's blocks i, f, g, o; GRU's r, z, n.
  const lstm = new Network([new LSTM({ inputShape: [2, 1], units: 1, inputWeights: [1, 2, 3, 4], recurrentWeights: [5, 6, 7, 8], bias: [10, 20, 30, 40] })]);
  assert.deepEqual(tensors(lstm).get('layers.0.inputWeights'), [1, 4, 2, 3]);
  assert.deepEqual(tensors(lstm).get('layers.0.recurrentWeights'), [5, 8, 6, 7]);
  assert.deepEqual(tensors(lstm).get('layers.0.bias'), [10, 40, 20, 30, 0, 0, 0, 0]);
  const gru = new Network([
    new GRU({ inputShape: [2, 1], units: 1, inputWeights: [1, 2, 3], recurrentWeights: [4, 5, 6], bias: [10, 20, 30], recurrentBias: [7] }),
  ]);
  assert.deepEqual(tensors(gru).get('layers.0.inputWeights'), [2, 1, 3]);
  assert.deepEqual(tensors(gru).get('layers.0.recurrentWeights'), [5, 4, 6]);
  assert.deepEqual(tensors(gru).get('layers.0.bias'), [20, 10, 30, 0, 0, 7]);
  const node = buildOnnxModel(gru).graph.nodes.find((n) => n.opType === 'GRU')!;
  assert.deepEqual(node.attributes, [
    { name: 'hidden_size', type: 'int', value: 1 },
    { name: 'linear_before_reset', type: 'int', value: 1 },
  ]);
  assert.equal(node.inputs.length, 4); // X, W, R, B: no sequence_lens without maskTrailingZeros
  assert.deepEqual(node.outputs, ['', 'layers.0/GRU']); // Y left out, Y_h kept for the last state
});
