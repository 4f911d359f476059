import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, Network, NeuriteError, SGD, evaluate, fit, predictClasses } from '../src/index.js';
import { trainSeedNetwork, type Person } from '../src/seed/index.js';

const people: Person[] = [
  { name: 'Alice', weight: 133, height: 65, gender: 'F' },
  { name: 'Bob', weight: 160, height: 72, gender: 'M' },
  { name: 'Charlie', weight: 152, height: 70, gender: 'M' },
  { name: 'Diana', weight: 120, height: 60, gender: 'F' },
];
const seedX = [
  [-2, -1],
  [25, 6],
  [17, 4],
  [-15, -6],
];
const seedY = [[1], [0], [0], [1]];

function seedNetwork(seed = 42): Network {
  return Network.create({
    inputs: 2,
    layers: [
      { units: 2, activation: 'sigmoid' },
      { units: 1, activation: 'sigmoid' },
    ],
    seed,
    dtype: 'float64',
    initializer: 'normal',
    biasInitializer: 'normal',
  });
}

test("fit with batch size 1, no shuffling and SGD η = 0.1 is exactly the seed's loop", async () => {
  const network = seedNetwork(5);
  const result = await fit(network, seedX, seedY, { epochs: 1000, batchSize: 1, shuffle: false, optimizer: new SGD({ learningRate: 0.1 }) });
  const reference = trainSeedNetwork(people, { seed: 5 }).network;
  network.parameters().forEach((p, i) => assert.deepEqual(p.value, reference.parameters()[i]!.value));
  assert.equal(result.history.length, 1000);
  assert.equal(result.stopReason, 'completed');
  assert.ok(result.history[999]!.loss < result.history[0]!.loss);
});

test('the same seed gives bit-identical history and weights; the history has metrics', async () => {
  const run = async () => {
    const network = seedNetwork(1);
    const { history } = await fit(network, seedX, seedY, {
      epochs: 30,
      batchSize: 2,
      seed: 9,
      optimizer: new SGD({ learningRate: 0.5 }),
      metrics: ['accuracy', 'mae'],
    });
    return { history, weights: network.parameters().map((p) => Array.from(p.value)) };
  };
  const a = await run();
  const b = await run();
  assert.deepEqual(a, b);
  assert.ok('accuracy' in a.history[0]!.metrics && 'mae' in a.history[0]!.metrics);
});

test('the event loop runs between batches: a timer fires during fit', async () => {
  let fired = 0;
  const timer = setInterval(() => fired++, 1);
  const network = Network.create({ inputs: 2, layers: [{ units: 8 }, { units: 1 }], seed: 1 });
  const x = Array.from({ length: 2000 }, (_, i) => [Math.sin(i), Math.cos(i)]);
  const y = x.map(([a]) => [a! > 0 ? 1 : 0]);
  let firedDuringFit = 0;
  await fit(network, x, y, {
    epochs: 20,
    batchSize: 4,
    optimizer: new SGD({ learningRate: 0.1 }),
    callbacks: { onTrainEnd: () => void (firedDuringFit = fired) },
  });
  clearInterval(timer);
  assert.ok(firedDuringFit > 0, 'a timer fired while fit was running');
});

test('an aborted fit stops within one batch with ABORTED and leaves a usable network', async () => {
  const network = seedNetwork(2);
  const controller = new AbortController();
  let batchesSeen = 0;
  const promise = fit(network, seedX, seedY, {
    epochs: 100,
    batchSize: 1,
    optimizer: new SGD({ learningRate: 0.1 }),
    signal: controller.signal,
    callbacks: {
      onBatchEnd: ({ epoch, batch }) => {
        batchesSeen++;
        if (epoch === 3 && batch === 1) controller.abort();
      },
    },
  });
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof NeuriteError);
    assert.equal(error.code, 'ABORTED');
    assert.equal(error.details['epoch'], 3);
    assert.equal(error.details['batch'], 2);
    return true;
  });
  assert.equal(batchesSeen, 3 * 4 + 2);
  const [p] = network.predict([-7, -3]);
  assert.ok(Number.isFinite(p));
});

test('divergence stops with an error naming the epoch and batch and keeps the last finite weights', async () => {
  const network = Network.create({
    inputs: 2,
    layers: [
      { units: 4, activation: 'linear' },
      { units: 1, activation: 'linear' },
    ],
    seed: 3,
    dtype: 'float64',
  });
  const x = [
    [100, 200],
    [-300, 50],
    [20, -80],
  ];
  const y = [[1e3], [-2e3], [5e2]];
  await assert.rejects(fit(network, x, y, { epochs: 200, batchSize: 1, optimizer: new SGD({ learningRate: 1 }) }), (error: unknown) => {
    assert.ok(error instanceof NeuriteError);
    assert.equal(error.code, 'DIVERGED');
    assert.match(error.message, /epoch \d+, batch \d/);
    assert.match(error.message, /smaller learning rate/);
    return true;
  });
  for (const p of network.parameters()) for (const v of p.value) assert.ok(Number.isFinite(v));
});

test('early stopping stops on a case built to overfit and restores the best weights', async () => {
  // Few noisy training rows, a wide network, a validation set from the true rule: validation loss turns up.
  const network = Network.create({ inputs: 1, layers: [{ units: 64 }, { units: 1, activation: 'linear' }], seed: 4, dtype: 'float64' });
  const x = [[-1], [-0.5], [0], [0.5], [1]];
  const y = [[0.9], [-0.6], [0.4], [-0.7], [1.2]];
  const vx = Array.from({ length: 21 }, (_, i) => [-1 + i / 10]);
  const vy = vx.map(() => [0]);
  const bestLoss: number[] = [];
  const result = await fit(network, x, y, {
    epochs: 3000,
    batchSize: 5,
    optimizer: new SGD({ learningRate: 0.2 }),
    validationData: [vx, vy],
    earlyStopping: { patience: 20 },
    callbacks: { onEpochEnd: (log) => void bestLoss.push(log.valLoss!) },
  });
  assert.equal(result.stopReason, 'early-stopping');
  assert.ok(result.history.length < 3000);
  const best = Math.min(...bestLoss);
  assert.equal(result.bestEpoch, bestLoss.indexOf(best));
  assert.equal(result.history.length, result.bestEpoch! + 21 + 1);
  const restored = evaluate(network, vx, vy).loss;
  assert.ok(Math.abs(restored - best) < 1e-12, `restored ${restored} vs best ${best}`);
});

test('continued training: a second fit starts from the trained weights', async () => {
  const network = seedNetwork(6);
  const sgd = new SGD({ learningRate: 0.1 });
  const first = await fit(network, seedX, seedY, { epochs: 200, batchSize: 1, shuffle: false, optimizer: sgd });
  const second = await fit(network, seedX, seedY, { epochs: 10, batchSize: 1, shuffle: false, optimizer: sgd });
  assert.ok(second.history[0]!.loss <= first.history[199]!.loss * 1.01);
  const straight = seedNetwork(6);
  await fit(straight, seedX, seedY, { epochs: 210, batchSize: 1, shuffle: false, optimizer: new SGD({ learningRate: 0.1 }) });
  network.parameters().forEach((p, i) => assert.deepEqual(p.value, straight.parameters()[i]!.value));
});

test('validation split, evaluate and predictClasses', async () => {
  const network = seedNetwork(7);
  const x = Array.from({ length: 40 }, (_, i) => [(i % 2 ? -1 : 1) * (5 + (i % 7)), (i % 2 ? -1 : 1) * (2 + (i % 3))]);
  const y = x.map(([a]) => [a! < 0 ? 1 : 0]);
  const result = await fit(network, x, y, {
    epochs: 50,
    batchSize: 4,
    validationSplit: 0.25,
    metrics: ['accuracy'],
    optimizer: new SGD({ learningRate: 0.5 }),
  });
  const last = result.history[result.history.length - 1]!;
  assert.ok(last.valLoss !== undefined && last.valMetrics!['accuracy'] === 1);
  assert.deepEqual(
    predictClasses(network, [
      [-7, -3],
      [20, 2],
    ]),
    [1, 0],
  );
  const ev = evaluate(network, x, y, { metrics: ['accuracy'] });
  assert.equal(ev.rows, 40);
  assert.equal(ev.metrics['accuracy'], 1);
});

test('fit rejects bad data with clear errors', async () => {
  const network = seedNetwork();
  const reject = (x: unknown, y: unknown, pattern: RegExp, options = {}) =>
    assert.rejects(fit(network, x as number[][], y as number[][], options), (e: unknown) => e instanceof NeuriteError && pattern.test(e.message));
  await reject([[1, 2, 3]], [[1]], /inputs have 3 columns; the network expects 2/);
  await reject([[1, 2]], [[1], [0]], /1 input rows but 2 target rows/);
  await reject([[1, NaN]], [[1]], /x row 0, column 1 is NaN/);
  await reject([[1, 2]], [[1, 0]], /targets have 2 columns; the network outputs 1/);
  await reject(seedX, seedY, /batchSize must be an integer ≥ 1, got 0/, { batchSize: 0 });
  await reject(seedX, seedY, /validationSplit/, { validationSplit: 1.5 });
  await reject(Matrix.zeros(0, 2, 'float64'), Matrix.zeros(0, 1, 'float64'), /no rows/);
});

test('fit applies a schedule, gradient clipping and L2 regularization', async () => {
  const { StepDecay } = await import('../src/index.js');
  const norm = (n: Network) =>
    n
      .parameters()
      .filter((p) => p.kind === 'weight')
      .reduce((s, p) => s + Array.from(p.value).reduce((a, v) => a + v * v, 0), 0);
  const plain = seedNetwork(8);
  const decayed = seedNetwork(8);
  await fit(plain, seedX, seedY, { epochs: 200, batchSize: 4, optimizer: 'sgd' });
  const result = await fit(decayed, seedX, seedY, {
    epochs: 200,
    batchSize: 4,
    optimizer: 'sgd',
    regularization: { l2: 0.5 },
    schedule: new StepDecay({ initialRate: 0.01, stepSize: 100, gamma: 0.5 }),
    clipNorm: 1,
  });
  assert.ok(norm(decayed) < norm(plain), 'L2 keeps the weights smaller');
  assert.equal(result.history[0]!.learningRate, 0.01);
  assert.equal(result.history[199]!.learningRate, 0.005); // one step per epoch: step 199 is past one decay
  await assert.rejects(fit(seedNetwork(), seedX, seedY, { clipNorm: -1 }), /clipNorm/);
  await assert.rejects(fit(seedNetwork(), seedX, seedY, { optimizer: 'nope' }), /Unknown optimizer|nope/);
});

test("fit and evaluate accept every metric of the metric table, with the table's values", async () => {
  const { metricNames, resolveMetric } = await import('../src/index.js');
  const network = seedNetwork(3);
  const names = metricNames();
  assert.deepEqual(names, ['accuracy', 'precision', 'recall', 'f1', 'mean_absolute_error', 'root_mean_squared_error', 'r2_score']);
  const x = Matrix.from(seedX, 'float64');
  const y = Matrix.from(seedY, 'float64');
  const aliases = ['mae', 'rmse', 'r2'];
  const { history } = await fit(network, x, y, { epochs: 5, batchSize: 4, optimizer: new SGD({ learningRate: 0.1 }), metrics: [...names, ...aliases] });
  assert.deepEqual(Object.keys(history.at(-1)!.metrics), [...names, ...aliases], 'results are keyed by the names as given');
  const streamed = evaluate(network, x, y, { metrics: [...names, ...aliases], batchSize: 3 }).metrics;
  const outputs = network.forward(x).clone();
  for (const name of [...names, ...aliases]) {
    const whole = resolveMetric(name).evaluate(y, outputs);
    assert.ok(Math.abs(streamed[name]! - whole) < 1e-12, `${name}: batch by batch ${streamed[name]}, whole ${whole}`);
  }
  assert.equal(streamed['mae'], streamed['mean_absolute_error']);
});

test('a metric registered by name is one fit and evaluate compute, batch by batch, as its accumulator says', async () => {
  const { registerMetric, resolveMetric } = await import('../src/index.js');
  const batches: number[] = [];
  // The largest absolute error, and the number of update calls it saw.
  registerMetric({
    name: 'test_max_error',
    goal: 'min',
    accumulator() {
      let max = 0;
      return {
        reset: () => void (max = 0),
        update: (pred, target, rows, cols) => {
          batches.push(rows);
          for (let i = 0; i < rows * cols; i++) max = Math.max(max, Math.abs(target[i]! - pred[i]!));
        },
        result: () => max,
      };
    },
  });
  const network = seedNetwork(4);
  const x = Matrix.from(seedX, 'float64');
  const y = Matrix.from(seedY, 'float64');
  const { history } = await fit(network, x, y, { epochs: 2, batchSize: 3, optimizer: new SGD({ learningRate: 0.1 }), metrics: ['test_max_error'] });
  assert.deepEqual(batches, [3, 1, 3, 1], 'two epochs of a batch of 3 and a batch of 1');
  const outputs = network.forward(x).clone();
  let expected = 0;
  for (let i = 0; i < y.data.length; i++) expected = Math.max(expected, Math.abs(y.data[i]! - outputs.data[i]!));
  assert.equal(evaluate(network, x, y, { metrics: ['test_max_error'], batchSize: 2 }).metrics['test_max_error'], expected);
  assert.equal(resolveMetric('test_max_error').evaluate(y, outputs), expected);
  assert.ok(history.every((h) => h.metrics['test_max_error']! > 0));
  await assert.rejects(fit(seedNetwork(), x, y, { epochs: 1, metrics: ['no_such_metric'] }), {
    code: 'INVALID_ARGUMENT',
    message: /Unknown metric "no_such_metric"/,
  });
});

test('r2_score streamed over batches is the mean of the per-column R², as r2Score computes each', async () => {
  const { r2Score, resolveMetric, createMetric } = await import('../src/index.js');
  const targets = Matrix.from(
    [
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [6, 5],
    ],
    'float64',
  ); // the second column is constant
  const outputs = Matrix.from(
    [
      [1.5, 5],
      [2, 5],
      [2.5, 5],
      [4, 5],
      [5, 5],
    ],
    'float64',
  );
  const column = (m: Matrix, c: number) => Array.from({ length: m.rows }, (_, r) => m.get(r, c));
  const expected = (r2Score(column(targets, 0), column(outputs, 0)) + r2Score(column(targets, 1), column(outputs, 1))) / 2;
  assert.ok(Math.abs(resolveMetric('r2').evaluate(targets, outputs) - expected) < 1e-12);
  const metric = createMetric('r2');
  metric.reset();
  metric.update(outputs.data.subarray(0, 4), targets.data.subarray(0, 4), 2, 2);
  metric.update(outputs.data.subarray(4), targets.data.subarray(4), 3, 2);
  assert.ok(Math.abs(metric.result() - expected) < 1e-12, `${metric.result()} vs ${expected}`);
  assert.equal(metric.name, 'r2');
});
