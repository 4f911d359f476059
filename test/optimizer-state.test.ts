import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Adam,
  AdamW,
  CosineAnnealing,
  LinearWarmup,
  Matrix,
  MeanSquaredError,
  Network,
  SGD,
  clipGradNorm,
  createOptimizer,
  optimizerNames,
  type DType,
  type Optimizer,
  type OptimizerState,
} from '../src/index.js';
import { param, throwsNeurite } from './helpers/params.js';

const X = [
  [-2, -1],
  [25, 6],
  [17, 4],
  [-15, -6],
];
const Y = [[1], [0], [0], [1]];
const schedule = new LinearWarmup({ warmupSteps: 3, schedule: new CosineAnnealing({ initialRate: 0.05, totalSteps: 7, minRate: 0.001 }) });

/** Trains a 2-3-2-1 network for `steps` batches of 2 from `start` on (the batch depends on the step). */
function train(network: Network, optimizer: Optimizer, start: number, steps: number, dtype: DType): void {
  const loss = new MeanSquaredError();
  for (let s = start; s < start + steps; s++) {
    const rows = [s % 4, (s + 1) % 4];
    const x = Matrix.from(
      rows.map((r) => X[r]!),
      dtype,
    );
    const y = Matrix.from(
      rows.map((r) => Y[r]!),
      dtype,
    );
    network.computeGradients(x, y, loss);
    clipGradNorm(network.parameters(), 1);
    optimizer.learningRate = schedule.rateAt(optimizer.iterations);
    optimizer.step(network.parameters());
  }
}

function weights(network: Network): number[][] {
  return network.parameters().map((p) => Array.from(p.value));
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`resuming from a saved state is bit-identical for every optimizer (${dtype})`, () => {
    for (const name of optimizerNames()) {
      const make = () => Network.create({ inputs: 2, layers: [{ units: 3 }, { units: 2 }, { units: 1 }], seed: 7, dtype });
      const straight = make();
      const reference = createOptimizer(name);
      train(straight, reference, 0, 10, dtype);

      const first = make();
      const before = createOptimizer(name);
      train(first, before, 0, 5, dtype);
      // Through JSON, as a checkpoint file would carry it; the network through its own JSON.
      const saved = JSON.parse(JSON.stringify({ spec: before.toJSON(), state: before.getState(), model: first.toJSON() }));
      const resumed = Network.fromJSON(saved.model);
      const after = createOptimizer(saved.spec.name, saved.spec);
      after.setState(saved.state);
      assert.equal(after.iterations, 5);
      train(resumed, after, 5, 5, dtype);

      const a = weights(straight);
      const b = weights(resumed);
      a.forEach((row, i) => row.forEach((v, j) => assert.ok(Object.is(v, b[i]![j]), `${name} ${dtype}: parameter ${i}[${j}] ${v} vs ${b[i]![j]}`)));
      assert.deepEqual(after.getState(), reference.getState(), `${name}: the states agree too`);
      assert.equal(after.iterations, 10);
    }
  });
}

test('a fresh optimizer on the 5-step weights, without the state, does not give the same result (the test can fail)', () => {
  const make = () => Network.create({ inputs: 2, layers: [{ units: 3 }, { units: 1 }], seed: 3, dtype: 'float64' });
  const straight = make();
  train(straight, new Adam(), 0, 10, 'float64');
  const half = make();
  train(half, new Adam(), 0, 5, 'float64');
  const fresh = new Adam();
  train(half, fresh, 5, 5, 'float64');
  assert.notDeepEqual(weights(half), weights(straight));
});

test('the same optimizer passed to training again continues where it left off', () => {
  const make = () => Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 11, dtype: 'float64' });
  const once = make();
  train(once, new SGD({ momentum: 0.9 }), 0, 8, 'float64');
  const twice = make();
  const sgd = new SGD({ momentum: 0.9 });
  train(twice, sgd, 0, 4, 'float64');
  train(twice, sgd, 4, 4, 'float64');
  assert.deepEqual(weights(twice), weights(once));
});

test('getState is plain JSON: step counts and number arrays by parameter name', () => {
  const w = param('layers.0.weights', [1, 2], [0.5, -0.5]);
  const b = param('layers.0.bias', [0], [1], 'bias');
  const adam = new Adam({ learningRate: 0.1 });
  adam.step([w, b]);
  adam.step([w]);
  const state = adam.getState();
  const m1 = (1 - 0.9) * 0.5;
  const v1 = (1 - 0.999) * 0.5 * 0.5;
  const m2 = 0.9 * m1 + (1 - 0.9) * 0.5;
  const v2 = 0.999 * v1 + (1 - 0.999) * 0.5 * 0.5;
  assert.deepEqual(state, {
    optimizer: 'adam',
    version: 1,
    step: 2,
    parameters: [
      { name: 'layers.0.weights', step: 2, slots: { m: [m2, -m2], v: [v2, v2] } },
      { name: 'layers.0.bias', step: 1, slots: { m: [(1 - 0.9) * 1], v: [(1 - 0.999) * 1 * 1] } },
    ],
  });
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
  // A copy: changing it does not change the optimizer.
  state.parameters[0]!.slots.m![0] = 42;
  assert.notEqual(adam.getState().parameters[0]!.slots.m![0], 42);
  // Restored state not yet used reads back unchanged; reset forgets everything.
  const other = new Adam();
  other.setState(adam.getState());
  assert.deepEqual(other.getState(), adam.getState());
  other.reset();
  assert.deepEqual(other.getState(), { optimizer: 'adam', version: 1, step: 0, parameters: [] });
  // Plain SGD keeps no buffers, only step counts.
  const sgd = new SGD();
  sgd.step([w]);
  assert.deepEqual(sgd.getState(), { optimizer: 'sgd', version: 1, step: 1, parameters: [{ name: 'layers.0.weights', step: 1, slots: {} }] });
});

test('setState validates everything before replacing anything', () => {
  const adam = new Adam();
  const w = param('w', [1, 2], [1, 1]);
  adam.step([w]);
  const good = adam.getState();
  const bad = (patch: (s: OptimizerState) => void): OptimizerState => {
    const s = structuredClone(good);
    patch(s);
    return s;
  };
  throwsNeurite(() => new AdamW().setState(good), 'MODEL_FORMAT', /^Invalid adamw optimizer state: it was saved by "adam", and this optimizer is "adamw"$/);
  throwsNeurite(() => adam.setState(null as unknown as OptimizerState), 'MODEL_FORMAT', /expected an object, got null/);
  throwsNeurite(() => adam.setState(bad((s) => ((s as { version: number }).version = 2))), 'MODEL_FORMAT', /version must be 1, got 2/);
  throwsNeurite(() => adam.setState(bad((s) => (s.step = -1))), 'MODEL_FORMAT', /step must be an integer ≥ 0, got -1/);
  throwsNeurite(
    () => adam.setState(bad((s) => (s.parameters[0]!.step = 5))),
    'MODEL_FORMAT',
    /parameters\[0\]\.step must be an integer from 0 to the optimizer's step 1, got 5/,
  );
  throwsNeurite(() => adam.setState(bad((s) => s.parameters.push(s.parameters[0]!))), 'MODEL_FORMAT', /parameter w appears twice/);
  throwsNeurite(
    () => adam.setState(bad((s) => (s.parameters[0]!.slots.v![1] = -1))),
    'MODEL_FORMAT',
    /parameters\[0\]\.slots\.v\[1\] is -1; expected a finite number ≥ 0/,
  );
  throwsNeurite(
    () => adam.setState(bad((s) => (s.parameters[0]!.slots.m![0] = null as unknown as number))),
    'MODEL_FORMAT',
    /slots\.m\[0\] is null; expected a finite number$/,
  );
  throwsNeurite(() => adam.setState(bad((s) => s.parameters[0]!.slots.m!.pop())), 'MODEL_FORMAT', /slots\.v has 2 values but the other buffers have 1/);
  throwsNeurite(
    () => adam.setState(bad((s) => delete s.parameters[0]!.slots.v)),
    'MODEL_FORMAT',
    /slots\.v must be an array of numbers, got undefined; adam with these options keeps the buffers m, v/,
  );
  throwsNeurite(
    () => adam.setState(bad((s) => (s.parameters[0]!.slots.velocity = [0, 0]))),
    'MODEL_FORMAT',
    /unexpected buffer "velocity"; adam with these options keeps the buffers m, v/,
  );
  throwsNeurite(
    () => new SGD().setState({ ...new SGD({ momentum: 0.5 }).getState(), parameters: [{ name: 'w', step: 0, slots: { velocity: [1] } }] }),
    'MODEL_FORMAT',
    /sgd with these options keeps no buffers/,
  );
  // Nothing was replaced by the failed attempts.
  assert.deepEqual(adam.getState(), good);
  // A state for a parameter of another size is caught when that parameter is met.
  const other = new Adam();
  other.setState(good);
  throwsNeurite(() => other.step([param('w', [1, 2, 3])]), 'SHAPE_MISMATCH', /restored state for parameter w has 2 values in m, but the parameter has 3/);
});
