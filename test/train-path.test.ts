// The fast paths the calls users make take, against the reference paths they stand in for, bit for bit:
// computeGradients' one-sample path (TrainPath in src/nn/row-path.ts) against the batch path, `predict(row)`
// through predictInto's path against `forward`, and fit's synchronous loop (no callbacks) against its loop
// with callbacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBackend } from '../src/backend/index.js';
import { wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Dense, Matrix, Network, Rng, SGD, fit, jsBackend, resolveLoss, type Backend, type DType, type LayerSpec } from '../src/index.js';
import { throwsNeurite } from './helpers/numeric.js';

/** A Dense the fast paths do not take (they take Dense itself only): a network of these runs the batch path. */
class BatchDense extends Dense {}

const backends: Backend[] = [jsBackend, ...(wasmSimdSupported() ? [findBackend('wasm')!] : [])];

const cases: { name: string; inputs: number; layers: LayerSpec[]; loss: string }[] = [
  { name: 'the seed 2-2-1, mse', inputs: 2, layers: [{ units: 2 }, { units: 1 }], loss: 'mse' },
  {
    name: '4-5-3-2 relu tanh linear, huber',
    inputs: 4,
    layers: [
      { units: 5, activation: 'relu' },
      { units: 3, activation: 'tanh' },
      { units: 2, activation: 'linear' },
    ],
    loss: 'huber',
  },
  {
    name: '3-4-3 softmax, categorical cross-entropy (fused)',
    inputs: 3,
    layers: [
      { units: 4, activation: 'elu' },
      { units: 3, activation: 'softmax' },
    ],
    loss: 'categorical_crossentropy',
  },
  {
    name: '2-3-1 sigmoid, binary cross-entropy (fused)',
    inputs: 2,
    layers: [
      { units: 3, activation: 'gelu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binary_crossentropy',
  },
  { name: '3-2 softmax, mse (not fused)', inputs: 3, layers: [{ units: 2, activation: 'softmax' }], loss: 'mae' },
];

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: ${got[i]}, the reference path gives ${want[i]}`);
  }
}

/** The same network (the same weights) built from BatchDense layers, on the same backend. */
function batchTwin(network: Network): Network {
  const layers = network.layers.map((layer) => {
    const dense = layer as Dense;
    const rows = Array.from({ length: dense.outputSize }, (_, j) => Array.from(dense.weights.subarray(j * dense.inputSize, (j + 1) * dense.inputSize)));
    return new BatchDense({
      inputs: dense.inputSize,
      units: dense.outputSize,
      activation: dense.activation,
      dtype: dense.dtype,
      weights: rows,
      bias: Array.from(dense.bias),
    });
  });
  const twin = new Network(layers);
  twin.backend = network.backend;
  return twin;
}

const usesTrainPath = (network: Network): boolean => (network as unknown as { trainPath: object | null }).trainPath !== null;

/** A target row for `loss`: one-hot for the categorical cross-entropy, 0/1 for the binary one, else any values. */
function target(rng: Rng, n: number, loss: string): number[] {
  if (loss === 'categorical_crossentropy') return Array.from({ length: n }, (_, j) => (j === rng.int(n) ? 1 : 0));
  if (loss === 'binary_crossentropy') return Array.from({ length: n }, () => rng.int(2));
  return Array.from({ length: n }, () => rng.normal(0, 1));
}

for (const backend of backends) {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const c of cases) {
      test(`computeGradients on one row is the batch path's, bit for bit: ${c.name}, ${dtype}, ${backend.name}`, () => {
        const network = Network.create({ inputs: c.inputs, layers: c.layers, seed: 11, dtype, initializer: 'normal' });
        network.backend = backend;
        const twin = batchTwin(network);
        const loss = resolveLoss(c.loss);
        const [sgd, twinSgd] = [new SGD({ learningRate: 0.05 }), new SGD({ learningRate: 0.05 })];
        const rng = new Rng(4);
        for (let step = 0; step < 25; step++) {
          const xv = Array.from({ length: c.inputs }, () => rng.normal(0, step < 10 ? 1 : 10));
          const yv = target(rng, network.outputSize, c.loss);
          const [x, y] = [Matrix.row(xv, dtype), Matrix.row(yv, dtype)];
          const got = network.trainStep(x, y, loss, sgd);
          const want = twin.trainStep(x, y, loss, twinSgd);
          assert.ok(Object.is(got, want), `step ${step}: loss ${got}, the batch path gives ${want}`);
          sameBits(network.lastOutput!.data, twin.lastOutput!.data, `step ${step} lastOutput`);
          const [mine, theirs] = [network.parameters(), twin.parameters()];
          for (let p = 0; p < mine.length; p++) {
            sameBits(mine[p]!.grad, theirs[p]!.grad, `step ${step} ${mine[p]!.name} gradient`);
            sameBits(mine[p]!.value, theirs[p]!.value, `step ${step} ${mine[p]!.name}`);
          }
          network.layers.forEach((layer, l) => {
            const [a, b] = [(layer as Dense).lastValues(), (twin.layers[l] as Dense).lastValues()];
            sameBits(a.z.data, b.z.data, `step ${step} layer ${l} z`);
            sameBits(a.a.data, b.a.data, `step ${step} layer ${l} a`);
            sameBits(a.input.data, b.input.data, `step ${step} layer ${l} input`);
          });
          if (step % 7 === 3) network.computeGradients(Matrix.from([xv, xv], dtype), Matrix.from([yv, yv], dtype), loss); // another batch shape between
        }
        assert.equal(usesTrainPath(network), true);
        assert.equal(usesTrainPath(twin), false);
      });
    }
  }
}

test('the one-sample training path is not taken with dropout, big layers or a backend with no small products; shapes are checked as before', () => {
  const loss = resolveLoss('mse');
  const dropout = Network.create({ inputs: 2, layers: [{ units: 2 }, { type: 'dropout', rate: 0.5 }, { units: 1 }], seed: 1 });
  const wide = Network.create({ inputs: 300, layers: [{ units: 2 }, { units: 1 }], seed: 1 });
  const plain = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 1 });
  plain.backend = { ...jsBackend, name: 'js-without-small-products', smallProducts: 0 };
  for (const network of [dropout, wide, plain]) {
    network.computeGradients(Matrix.row(new Array(network.inputSize).fill(0.5)), Matrix.row([1]), loss, new Rng(1));
    assert.equal(usesTrainPath(network), false);
  }
  const seed = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 1 });
  seed.computeGradients(Matrix.row([1, 2]), Matrix.row([1]), loss);
  assert.equal(usesTrainPath(seed), true);
  throwsNeurite(() => seed.computeGradients(Matrix.row([1, 2, 3]), Matrix.row([1]), loss), 'SHAPE_MISMATCH', /^The network expects 2 inputs per row, got 3$/);
  throwsNeurite(
    () => seed.computeGradients(Matrix.row([1, 2], 'float64'), Matrix.row([1]), loss),
    'INVALID_ARGUMENT',
    /^The input is float64 but the network is float32/,
  );
  throwsNeurite(
    () => seed.computeGradients(Matrix.row([1, 2]), Matrix.row([1, 0]), loss),
    'SHAPE_MISMATCH',
    /^Targets are \[1, 2\] but the network outputs \[1, 1\]$/,
  );
});

test('predict(row) on a small network is forward on that row, bit for bit, leaves the layers and lastOutput as forward does, and checks its input as before', () => {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    const network = Network.create({
      inputs: 3,
      layers: [
        { units: 4, activation: 'tanh' },
        { units: 2, activation: 'softmax' },
      ],
      seed: 5,
      dtype,
    });
    const twin = batchTwin(network);
    const rng = new Rng(8);
    for (let i = 0; i < 20; i++) {
      const row = Array.from({ length: 3 }, () => rng.normal(0, 5));
      if (i % 5 === 2) network.forward(Matrix.from([row, row], dtype)); // another batch shape between
      const got = network.predict(i % 2 ? row : Float64Array.from(row));
      assert.ok(Array.isArray(got));
      sameBits(got, twin.forward(Matrix.row(row, dtype)).data, `${dtype} row ${i}`);
      sameBits(network.lastOutput!.data, twin.lastOutput!.data, `${dtype} row ${i} lastOutput`);
      network.layers.forEach((layer, l) => {
        const [a, b] = [(layer as Dense).lastValues(), (twin.layers[l] as Dense).lastValues()];
        for (const key of ['input', 'z', 'a'] as const) sameBits(a[key].data, b[key].data, `${dtype} row ${i} layer ${l} ${key}`);
      });
    }
    assert.equal(usesTrainPath(network), true);
    for (const bad of [
      [1, 2],
      [1, Number.NaN, 3],
      [1, 2, Number.POSITIVE_INFINITY],
      [1, '2', 3],
    ] as unknown as number[][]) {
      let want: unknown;
      try {
        twin.predict(bad);
      } catch (error) {
        want = error;
      }
      assert.ok(want instanceof Error, `the batch path refuses ${String(bad)}`);
      assert.throws(
        () => network.predict(bad),
        (error: Error & { code?: string }) => error.message === (want as Error).message && error.code === (want as { code?: string }).code,
      );
    }
  }
});

test("fit without callbacks (one synchronous call between the event loop's turns) trains as fit with callbacks, bit for bit", async () => {
  const data = (rng: Rng) => Array.from({ length: 10 }, () => [rng.normal(0, 1), rng.normal(0, 1)]);
  for (const options of [
    { epochs: 30, batchSize: 1, shuffle: false, yieldEveryMs: 0 },
    { epochs: 30, batchSize: 3, metrics: ['mae'], yieldEveryMs: 1 },
    { epochs: 200, batchSize: 4, validationSplit: 0.3, earlyStopping: { patience: 3 }, yieldEveryMs: 0 },
  ]) {
    const runs = [];
    for (const callbacks of [undefined, { onBatchEnd() {} }]) {
      const network = Network.create({ inputs: 2, layers: [{ units: 3 }, { units: 1 }], seed: 3 });
      const rng = new Rng(2);
      const x = data(rng);
      const y = x.map(([a, b]) => [a! * 0.5 - b! > 0 ? 1 : 0]);
      const result = await fit(network, x, y, { ...options, loss: 'mse', optimizer: new SGD({ learningRate: 0.2 }), callbacks });
      runs.push({ result, weights: network.learnedArrays().map((a) => Array.from(a)) });
    }
    const [fast, reference] = runs;
    assert.deepEqual(fast!.result, reference!.result);
    fast!.weights.forEach((w, i) => sameBits(w, reference!.weights[i]!, `weights ${i}`));
  }
});
