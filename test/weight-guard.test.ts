// fit's divergence guard puts back exactly the weights from before the step that made one non-finite, also when
// it copies the weights in the check after a step (and not again before the next) and when a callback changes
// them in between.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, MeanSquaredError, Network, NeuriteError, SGD, fit } from '../src/index.js';
import { WeightGuard } from '../src/train/weight-guard.js';

const snapshot = (network: Network) => network.parameters().map((p) => Array.from(p.value));

for (const units of [2, 9]) {
  test(`the guard restores the weights from before the failed step (${units === 2 ? 'short' : 'long'} parameters)`, () => {
    const network = Network.create({ inputs: 3, layers: [{ units }, { units: 1 }], seed: 1, dtype: 'float64' });
    const guard = new WeightGuard(network);
    const step = (f: (v: number, i: number) => number) => network.parameters().forEach((p) => p.value.forEach((v, i) => (p.value[i] = f(v, i))));
    for (let k = 1; k <= 3; k++) {
      guard.save();
      step((v) => v + k);
      assert.equal(guard.finite(), true);
    }
    const before = snapshot(network);
    guard.save();
    step((v, i) => (i === 4 ? NaN : v * 2));
    assert.equal(guard.finite(), false);
    guard.restore();
    assert.deepEqual(snapshot(network), before);
    // Changed by someone else after a check: stale() makes the next save copy them.
    guard.save();
    step((v) => v / 4);
    assert.equal(guard.finite(), true);
    step((v) => v - 0.5);
    guard.stale();
    const changed = snapshot(network);
    guard.save();
    step(() => Infinity);
    assert.equal(guard.finite(), false);
    guard.restore();
    assert.deepEqual(snapshot(network), changed);
  });
}

const x = [
  [1, 2],
  [-3, 0.5],
  [0.2, -0.8],
];
const y = [[1], [-2], [50]];
const make = () =>
  Network.create({
    inputs: 2,
    layers: [
      { units: 4, activation: 'linear' },
      { units: 1, activation: 'linear' },
    ],
    seed: 3,
    dtype: 'float64',
  });
// From step 5 on, a step size no weight survives: the loss is still finite, the weights after the step are not.
const rate = (step: number) => (step < 5 ? 0.01 : 1e308);
const schedule = { name: 'jump', rateAt: rate, toJSON: () => ({ name: 'jump' }) };
/** Fit rejects with DIVERGED from the weights (its message then says NaN), not from the loss. */
const diverges = (run: Promise<unknown>) =>
  assert.rejects(run, (error: unknown) => error instanceof NeuriteError && error.code === 'DIVERGED' && /batch \d+: the loss became NaN/.test(error.message));

test('fit keeps the weights from before the step that made them non-finite', async () => {
  // The same steps by hand: the weights before step 5.
  const twin = make();
  const sgd = new SGD({ learningRate: 0.01 });
  for (let step = 0; step < 5; step++) twin.trainStep(Matrix.row(x[step % 3]!, 'float64'), Matrix.row(y[step % 3]!, 'float64'), new MeanSquaredError(), sgd);
  const network = make();
  await diverges(fit(network, x, y, { epochs: 10, batchSize: 1, shuffle: false, optimizer: new SGD({ learningRate: 0.01 }), schedule }));
  assert.deepEqual(snapshot(network), snapshot(twin));
});

test('fit keeps the weights from before that step when a callback changed them after the previous one', async () => {
  const network = make();
  let last = snapshot(network);
  const onBatchEnd = () => {
    network.parameters()[0]!.value[0] = 0.25;
    last = snapshot(network); // the weights the next step starts from
  };
  await diverges(
    fit(network, x, y, { epochs: 10, batchSize: 1, shuffle: false, optimizer: new SGD({ learningRate: 0.01 }), schedule, callbacks: { onBatchEnd } }),
  );
  assert.deepEqual(snapshot(network), last);
});
