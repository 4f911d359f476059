// One convention for the string names (docs/getting-started-library.md, "String names"): a class's name in snake_case. The
// older names stay readable as aliases wherever a name is read (model files, command-line flags, fit's options),
// and writers emit the canonical ones.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  Matrix,
  Network,
  activationNames,
  createOptimizer,
  createSchedule,
  fit,
  initializerNames,
  lossNames,
  meanAbsoluteError,
  metricNames,
  optimizerNames,
  parseModel,
  r2Score,
  resolveActivation,
  resolveInitializer,
  resolveLoss,
  resolveMetric,
  rootMeanSquaredError,
  scheduleNames,
} from '../src/index.js';
import { neurite, workdir } from './helpers/cli.js';
import { ROOT } from './helpers/paths.js';

/** Algorithm names their authors write in camel case, taken as one word. */
const ONE_WORD = ['AdaGrad'];

/** The rule: a word starts at a capital that follows a lowercase letter and is followed by one; all lowercase, `_` between words. */
function snakeName(className: string): string {
  if (ONE_WORD.includes(className)) return className.toLowerCase();
  return className.replace(/(?<=[a-z])(?=[A-Z][a-z])/g, '_').toLowerCase();
}

test('the rule on the names it has to handle: acronyms stay whole, words split', () => {
  const cases: Record<string, string> = {
    LeakyReLU: 'leaky_relu',
    ReLU: 'relu',
    GELU: 'gelu',
    SGD: 'sgd',
    RMSProp: 'rmsprop',
    AdamW: 'adamw',
    BinaryCrossEntropy: 'binary_cross_entropy',
    MeanSquaredError: 'mean_squared_error',
    GlorotUniform: 'glorot_uniform',
    PerEpoch: 'per_epoch',
    AdaGrad: 'adagrad',
  };
  for (const [className, name] of Object.entries(cases)) assert.equal(snakeName(className), name, className);
});

const tiny = {
  initialRate: 0.1,
  stepSize: 10,
  decayRate: 0.5,
  totalSteps: 100,
  warmupSteps: 5,
  stepsPerEpoch: 2,
  schedule: { name: 'constant_rate', initialRate: 0.1 },
};

test("every canonical name is its class's name in snake_case, and names what the object calls itself", () => {
  const each = (names: string[], build: (name: string) => { name: string }) => names.map((name) => [name, build(name)] as const);
  const built = [
    ...each(activationNames(), resolveActivation),
    ...each(lossNames(), resolveLoss),
    ...each(initializerNames(), resolveInitializer),
    ...each(scheduleNames(), (name) => createSchedule({ name, ...tiny })),
  ];
  assert.ok(built.length >= 27, `${built.length} names`);
  for (const [name, object] of built) {
    assert.equal(snakeName(object.constructor.name), name, `${object.constructor.name} is named '${name}'`);
    assert.equal(object.name, name, `${object.constructor.name}.name`);
  }
  // Optimizers: each class's name; 'momentum' and 'nesterov' are presets of SGD.
  for (const name of optimizerNames()) {
    const optimizer = createOptimizer(name);
    if (name === 'momentum' || name === 'nesterov') assert.equal(optimizer.constructor.name, 'SGD');
    else assert.equal(snakeName(optimizer.constructor.name), name);
    assert.equal(optimizer.toJSON().name, optimizer.name);
  }
  // Metrics follow the functions that compute them on whole arrays (meanAbsoluteError, r2Score), and compute the same.
  const yTrue = [3, 5, 2, 7];
  const yPred = [2.5, 5, 4, 8];
  const [targets, outputs] = [Matrix.from(yTrue.map((v) => [v])), Matrix.from(yPred.map((v) => [v]))];
  for (const fn of [meanAbsoluteError, rootMeanSquaredError, r2Score]) {
    const name = fn.name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '_').toLowerCase();
    assert.ok(metricNames().includes(name), `'${name}' is listed`);
    const onColumn = resolveMetric(name).evaluate(targets, outputs);
    assert.ok(Math.abs(onColumn - fn(yTrue, yPred)) < 1e-6, `${name}: ${onColumn} vs ${fn.name}: ${fn(yTrue, yPred)}`);
  }
});

/**
 * The older names: what model files, scripts and shared links written before the rename contain. Listed here,
 * not read back from the tables, so that dropping an alias or pointing it elsewhere fails this test.
 */
const OLD_NAMES = {
  loss: {
    mse: 'mean_squared_error',
    mae: 'mean_absolute_error',
    binary_crossentropy: 'binary_cross_entropy',
    categorical_crossentropy: 'categorical_cross_entropy',
  },
  schedule: {
    constant: 'constant_rate',
    step: 'step_decay',
    exponential: 'exponential_decay',
    cosine: 'cosine_annealing',
    warmup: 'linear_warmup',
    'per-epoch': 'per_epoch',
  },
  metric: { mae: 'mean_absolute_error', rmse: 'root_mean_squared_error', r2: 'r2_score' },
};

/** What a name builds, as far as a caller sees it: its class, the name its writer emits, and what it computes. */
interface Built {
  kind: unknown;
  written: string;
  computed: unknown;
}

/** Each older name builds what its canonical name builds and is written as the canonical name; only canonical names are listed. */
function assertOldNames(oldNames: Record<string, string>, listed: string[], build: (name: string) => Built): void {
  for (const [old, name] of Object.entries(oldNames)) {
    assert.ok(listed.includes(name), `'${name}' is listed`);
    assert.ok(!listed.includes(old), `'${old}' is listed`);
    const fromOld = build(old);
    assert.equal(fromOld.written, name, `'${old}' is written as`);
    assert.deepEqual(fromOld, build(name), `'${old}' builds what '${name}' builds`);
  }
}

const pred = new Float32Array([0.9, 0.2, 0.4]);
const target = new Float32Array([1, 0, 1]);

test('every older name resolves to what its canonical name does, and writers emit the canonical one', () => {
  assertOldNames(OLD_NAMES.loss, lossNames(), (name) => {
    const loss = resolveLoss(name);
    assert.equal(resolveLoss({ name }).constructor, loss.constructor, `{ name: '${name}' }`);
    return { kind: loss.constructor, written: loss.toJSON().name, computed: loss.forward(pred, target, 3, 1) };
  });
  assertOldNames(OLD_NAMES.schedule, scheduleNames(), (name) => {
    // The inner schedule by an older name too: an alias is read wherever a spec is.
    const schedule = createSchedule({ name, ...tiny, schedule: { name: 'constant', initialRate: 0.1 } });
    return { kind: schedule.constructor, written: schedule.toJSON().name, computed: [schedule.rateAt(7), schedule.toJSON()] };
  });
  assertOldNames(OLD_NAMES.metric, metricNames(), (name) => {
    const metric = resolveMetric(name);
    return { kind: metric, written: metric.name, computed: metric.evaluate(Matrix.from([[1], [0], [1]]), Matrix.from([[0.9], [0.2], [0.4]])) };
  });
});

test("fit's options take the older names", async () => {
  const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'sigmoid' }], seed: 1 });
  const { history } = await fit(network, [[0], [1]], [[0], [1]], { epochs: 2, loss: 'binary_crossentropy', metrics: ['mae', 'r2'] });
  assert.deepEqual(Object.keys(history[1]!.metrics), ['mae', 'r2']);
});

test('a model file written before the rename (loss "binary_crossentropy") loads, and the commands read its names', () => {
  // test/fixtures/old-names.model.json: `neurite train gender.csv --target gender --hidden 2 --epochs 20 --seed 1
  // --loss binary_crossentropy`, written by the code before the names changed.
  const path = ROOT + 'test/fixtures/old-names.model.json';
  const model = parseModel(readFileSync(path, 'utf8'));
  assert.equal(model.training.loss, 'binary_crossentropy');
  assert.equal(resolveLoss(model.training.loss!).name, 'binary_cross_entropy');
  assert.equal(model.network.predict([[-0.5, 0.3]])[0]!.length, 1);
  const dir = workdir('gender.csv');
  const check = neurite(['check', path], dir);
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /loss binary_cross_entropy \(stored in the model's training\)/);
  const explained = neurite(['explain', path, '--row', '1', '--data', 'gender.csv'], dir);
  assert.equal(explained.status, 0, explained.stderr);
  assert.match(explained.stdout, /binary_cross_entropy/);
});

test('the command line takes the older names in its flags and writes the canonical ones', () => {
  const dir = workdir('gender.csv');
  const run = neurite(['train', 'gender.csv', '--target', 'gender', '--epochs', '2', '--loss', 'binary_crossentropy', '-o', 'model.json'], dir);
  assert.equal(run.status, 0, run.stderr);
  const model = parseModel(readFileSync(`${dir}/model.json`, 'utf8'));
  assert.equal(model.training.loss, 'binary_cross_entropy');
  const unknown = neurite(['train', 'gender.csv', '--target', 'gender', '--loss', 'crossentropy'], dir);
  assert.equal(unknown.status, 2);
  assert.match(
    unknown.stderr,
    /unknown loss "crossentropy"; expected one of: mean_squared_error, mean_absolute_error, huber, binary_cross_entropy, categorical_cross_entropy/,
  );
});
