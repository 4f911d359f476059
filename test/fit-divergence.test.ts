// fit's divergence guard puts back exactly the weights from before the step that made one non-finite, also when
// a callback changed them after the previous step.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, MeanSquaredError, Network, NeuriteError, SGD, fit } from '../src/index.js';

const snapshot = (network: Network) => network.parameters().map((p) => Array.from(p.value));

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
