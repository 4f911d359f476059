import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, encodeLabels, fit, Matrix, Network, resolveLoss, Rng, SGD, spirals } from '../src/index.js';
import { numericColumns, parseCsv } from '../playground/src/engine/csv.js';
import { guessCsvColumns, prepareData, splitIndices } from '../playground/src/engine/datasets.js';
import { predictionsCsv, playgroundReport } from '../playground/src/engine/exports.js';
import { parseModelFile, predictProbabilities, preprocessingFor, serializeModelFile } from '../playground/src/engine/model-file.js';
import { makeOptimizer } from '../playground/src/engine/optimizers.js';
import { defaultSettings, parseLayers, settingsFromQuery, settingsToQuery, type Settings } from '../playground/src/engine/settings.js';
import { choices, networkSpec, trainerConfig } from '../playground/src/engine/setup.js';
import { computeTrace, formatTrace } from '../playground/src/engine/trace.js';
import { Trainer, type TrainerProgress, type TrainerStatus } from '../playground/src/engine/trainer.js';

const CHOICES = choices();

test('settings survive the round trip through the URL, and bad values are reported, not used', () => {
  const s: Settings = { ...defaultSettings(), data: 'spirals', hidden: [12, 3], learningRate: 0.25, noise: 0.1, seed: -7, epochs: 30 };
  const query = settingsToQuery(s);
  assert.match(query, /data=spirals/);
  assert.match(query, /layers=12%2C3/);
  assert.deepEqual(settingsFromQuery(query, CHOICES), { settings: s, problems: [] });

  const { settings, problems } = settingsFromQuery('data=torus&lr=-1&layers=4,x&act=nope&batch=2.5&seed=3', CHOICES);
  assert.equal(settings.data, defaultSettings().data);
  assert.equal(settings.learningRate, defaultSettings().learningRate);
  assert.deepEqual(settings.hidden, defaultSettings().hidden);
  assert.equal(settings.seed, 3);
  assert.equal(problems.length, 5);
  assert.match(problems[0]!, /data="torus" ignored: expected one of gender, xor/);
  assert.deepEqual(parseLayers(''), []);
  assert.equal(parseLayers('1,2,3,4,5,6,7'), null);
  assert.equal(parseLayers('0'), null);
});

test('the lists come from the library registries', () => {
  assert.ok(CHOICES.activations.includes('sigmoid'));
  assert.ok(CHOICES.losses.includes('mse'));
  assert.deepEqual(CHOICES.optimizers, ['sgd']);
});

test('the CSV reader handles quotes and reports broken rows by line', () => {
  const t = parseCsv('name,"a, b",c\r\n"x ""y""",1,2\nz,3.5,-4\n');
  assert.deepEqual(t.columns, ['name', 'a, b', 'c']);
  assert.deepEqual(t.rows, [['x "y"', '1', '2'], ['z', '3.5', '-4']]);
  assert.deepEqual(numericColumns(t), ['a, b', 'c']);
  assert.deepEqual(guessCsvColumns(t, numericColumns(t)), { x: 'a, b', y: 'c', target: 'name' });
  assert.throws(() => parseCsv('a,b\n1,2\n3\n'), /line 3 has 1 fields; the header has 2/);
  assert.throws(() => parseCsv('a,b\n"1,2\n'), /ends inside a quoted field/);
  assert.throws(() => parseCsv('a,b\n'), /at least one data row/);
});

test('data: the seed\'s people are shifted as the seed does; a CSV is standardized on its training rows', () => {
  const g = prepareData({ ...defaultSettings(), data: 'gender' });
  assert.deepEqual(g.x, [[-2, -1], [25, 6], [17, 4], [-15, -6]]);
  assert.deepEqual(g.y, [[1], [0], [0], [1]]);
  assert.deepEqual(g.isValidation, [false, false, false, false], 'four rows are too few to hold one out');

  const csv = parseCsv('w,h,kind\n1,10,b\n3,10,a\n5,20,b\n7,20,c\n');
  const s = { ...defaultSettings(), data: 'csv' as const, csvX: 'w', csvY: 'h', csvTarget: 'kind', validation: 0 };
  const d = prepareData(s, csv);
  assert.deepEqual(d.labels, ['a', 'b', 'c']);
  assert.deepEqual(d.classes, [1, 0, 1, 2]);
  assert.deepEqual(d.y[3], [0, 0, 1], 'three classes: one-hot');
  assert.deepEqual(d.normalization, { mean: [4, 15], std: [Math.sqrt(5), 5] });
  assert.throws(() => prepareData({ ...s, csvTarget: 'nope' }, csv), /"nope" is not in the CSV/);
  assert.throws(() => prepareData(s, null), /No CSV file is loaded/);
  assert.throws(() => prepareData({ ...s, csvX: 'kind', csvTarget: 'w' }, csv), /line 2, column "kind": "b" is not a number/);
  assert.equal((networkSpec(s, d).layers.at(-1) as { units: number }).units, 3);
});

test('the validation split is a seeded shuffle', () => {
  const flags = splitIndices(10, 0.3, 5);
  assert.equal(flags.filter(Boolean).length, 3);
  assert.deepEqual(flags, splitIndices(10, 0.3, 5));
  const order = new Rng(5).shuffle(Array.from({ length: 10 }, (_, i) => i));
  assert.deepEqual(order.slice(7).sort(), flags.flatMap((f, i) => (f ? [i] : [])));
  assert.deepEqual(splitIndices(2, 0.5, 1), [false, false], 'one training row is too few');
});

const spiralSettings: Settings = { ...defaultSettings(), data: 'spirals', size: 60, noise: 0.05, hidden: [5], learningRate: 2, batchSize: 8, seed: 9, dataSeed: 4, validation: 0.25, epochs: 6 };

function collector() {
  const statuses: Array<[TrainerStatus, string | undefined]> = [];
  const progress: TrainerProgress[] = [];
  let waiters: Array<() => void> = [];
  const events = {
    progress: (p: TrainerProgress) => progress.push(p),
    status: (s: TrainerStatus, m?: string) => {
      statuses.push([s, m]);
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    },
  };
  /** Runs `action`, then waits for the status `s` to be reported after it. */
  const after = async (action: () => void, s: TrainerStatus) => {
    const from = statuses.length;
    action();
    while (!statuses.slice(from).some(([x]) => x === s)) await new Promise<void>((r) => waiters.push(r));
  };
  return { events, statuses, progress, after };
}

test('Trainer: the weights after its epochs are bit for bit those of a plain fit, however it was paused and stepped', async () => {
  const data = prepareData(spiralSettings);
  const config = trainerConfig(spiralSettings, data);
  const c = collector();
  const trainer = new Trainer(config, c.events);
  await c.after(() => trainer.step(), 'paused');
  assert.equal(c.progress.at(-1)!.steps, 1);
  assert.equal(c.progress.at(-1)!.batch, 1);
  await c.after(() => trainer.step(), 'paused');
  assert.equal(c.progress.at(-1)!.steps, 2);
  await c.after(() => trainer.train(), 'training');
  await c.after(() => trainer.pause(), 'paused');
  await c.after(() => trainer.train(), 'done');
  assert.equal(trainer.epochsDone, 6);
  assert.equal(trainer.history.length, 6);
  assert.ok(trainer.history[5]!.valMetrics!.accuracy! >= 0);

  // The same run with the library alone.
  const d = spirals({ size: 60, noise: 0.05, seed: 4 });
  const val = splitIndices(60, 0.25, 4);
  const pick = (v: boolean) => d.x.filter((_, i) => val[i] === v);
  const labels = (v: boolean) => encodeLabels(d.labels.filter((_, i) => val[i] === v), 2);
  const network = Network.create({ inputs: 2, layers: [{ units: 5, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], seed: 9, dtype: 'float32' });
  const result = await fit(network, pick(false), labels(false), {
    epochs: 6,
    batchSize: 8,
    optimizer: new SGD({ learningRate: 2 }),
    loss: 'mse',
    metrics: ['accuracy'],
    seed: 9,
    validationData: [pick(true), labels(true)],
  });
  assert.deepEqual(trainer.network.toJSON(), network.toJSON());
  assert.deepEqual(trainer.history, result.history);

  // Train again: six more epochs, continuing the shuffling, equal to one run of twelve.
  await c.after(() => trainer.train(), 'done');
  const twelve = Network.create({ inputs: 2, layers: [{ units: 5, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], seed: 9, dtype: 'float32' });
  await fit(twelve, pick(false), labels(false), { epochs: 12, batchSize: 8, optimizer: new SGD({ learningRate: 2 }), seed: 9 });
  assert.deepEqual(trainer.network.toJSON(), twelve.toJSON());

  // Reset: fresh weights from the seed, no history.
  await trainer.reset();
  assert.equal(trainer.epochsDone, 0);
  assert.deepEqual(trainer.network.toJSON(), Network.create(config.spec).toJSON());
  assert.equal(c.statuses.at(-1)![0], 'idle');
});

test('Trainer: a diverging run ends in an error status with the library\'s message', async () => {
  const s = { ...spiralSettings, activation: 'linear', hidden: [8, 8, 8], learningRate: 1e300 };
  const c = collector();
  const trainer = new Trainer(trainerConfig(s, prepareData(s)), c.events);
  await c.after(() => trainer.train(), 'error');
  assert.match(c.statuses.at(-1)![1]!, /Training diverged at epoch \d+, batch \d+/);
  assert.ok(trainer.network.parameters().every((p) => p.value.every(Number.isFinite)), 'the last finite weights are kept');
});

test('Trainer: stop during a pause ends the run without further reports', async () => {
  const c = collector();
  const trainer = new Trainer({ ...trainerConfig(spiralSettings, prepareData(spiralSettings)), epochs: 0 }, c.events);
  await c.after(() => trainer.step(), 'paused');
  const before = c.statuses.length;
  await trainer.stop();
  assert.equal(c.statuses.length, before);
});

test('the model file round-trips and predicts the same; broken files name the problem', () => {
  const data = prepareData(spiralSettings);
  const network = Network.create(networkSpec(spiralSettings, data));
  const pre = preprocessingFor(data.inputNames, data.normalization, data.targetName, data.labels);
  const text = serializeModelFile(network, pre, { epochs: 0, loss: 'mse', optimizer: { name: 'sgd' }, batchSize: 8, seed: 9 });
  const { file, network: loaded } = parseModelFile(text);
  assert.equal(file.format, 'neurite-model');
  assert.deepEqual(loaded.toJSON(), network.toJSON());
  const p = predictProbabilities(loaded, file.preprocessing, data.raw.slice(0, 3));
  const direct = network.predict(data.x.slice(0, 3));
  assert.deepEqual(p.map((r) => r[1]), direct.map((r) => r[0]));

  const broken = (edit: (f: Record<string, any>) => void) => {
    const f = JSON.parse(text);
    edit(f);
    return () => parseModelFile(JSON.stringify(f));
  };
  assert.throws(() => parseModelFile('{'), /not JSON/);
  assert.throws(broken((f) => (f.format = 'other')), /format: expected "neurite-model"/);
  assert.throws(broken((f) => (f.version = 2)), /version: expected 1/);
  assert.throws(broken((f) => (f.preprocessing.inputs = ['a'])), /preprocessing.inputs: expected 2 column names/);
  assert.throws(broken((f) => (f.preprocessing.normalization.std = [1, 0])), /standard deviation of 0/);
  assert.throws(broken((f) => (f.preprocessing.labels = ['a', 'b', 'c'])), /1 outputs but there are 3 class names/);
  assert.throws(broken((f) => (f.network.layers[0].weights[0] = 'x')), /weights\[0\]\[0\] is "x"/);
});

test('predictions CSV and the playground report', () => {
  const data = prepareData(spiralSettings);
  const network = Network.create(networkSpec(spiralSettings, data));
  const pre = preprocessingFor(data.inputNames, data.normalization, data.targetName, data.labels);
  const csv = predictionsCsv(network, pre, data).trim().split('\n');
  assert.equal(csv[0], 'x1,x2,label,split,predicted,p_0,p_1');
  assert.equal(csv.length, 61);
  const row = csv[1]!.split(',');
  assert.equal(Number(row[6]), network.predict(data.x[0]!)[0]);
  assert.equal(csv.filter((l) => l.includes(',validation,')).length, 15);
  const report = playgroundReport(network, pre, data, spiralSettings, []);
  assert.equal(report.confusion!.split, 'validation');
  assert.equal(report.confusion!.matrix.flat().reduce((a, b) => a + b, 0), 15);
  assert.deepEqual(report.architecture.layers.map((l) => l.units), [5, 1]);
});

test('the chain-rule trace reproduces the seed\'s worked example: ∂L/∂w1 = 0.02146953526581111', () => {
  const ones = new Network([
    new Dense({ inputs: 2, units: 2, weights: [[1, 1], [1, 1]], bias: [0, 0], dtype: 'float64' }),
    new Dense({ inputs: 2, units: 1, weights: [[1, 1]], bias: [0], dtype: 'float64' }),
  ]);
  const trace = computeTrace(ones, [-2, -1], [1], 'mse');
  // The matrix form associates the product differently from the seed's three factors: equal to 1e-12.
  assert.ok(Math.abs(trace.layers[0]!.dWeights[0]![0]! - 0.02146953526581111) <= 1e-12);
  assert.equal(trace.layers[1]!.outputs[0]!.toFixed(6), '0.523695');
  assert.equal(trace.layers[1]!.dOutputs![0]!.toFixed(6), '-0.952610');
  const text = formatTrace(trace);
  assert.match(text, /o1 = sigmoid\(1·0.0474 \+ 1·0.0474 \+ 0\) = sigmoid\(0.0949\) = 0.5237/);
  assert.match(formatTrace(computeTrace(Network.fromJSON({ dtype: 'float64', layers: [{ type: 'dense', inputs: 1, units: 1, activation: { name: 'sigmoid' }, weights: [-1], bias: [-2] }] }), [3], [0], 'mse')), /o1 = sigmoid\(\(-1\)·3 \+ \(-2\)\) = sigmoid\(-5\)/);
  assert.match(text, /h1 = sigmoid\(1·\(-2\) \+ 1·\(-1\) \+ 0\) = sigmoid\(-3\) = 0.0474/);
  assert.match(text, /∂L\/∂h1 = -0.2376\n  ∂L\/∂sum_h1 = ∂L\/∂h1 · ∂h1\/∂sum_h1 = -0.2376 · 0.0452 = -0.0107/);
  assert.match(text, /∂L\/∂w\(x1→h1\) = ∂L\/∂sum_h1 · x1 = -0.0107 · \(-2\) = 0.0215/);
  assert.deepEqual(ones.toJSON().layers[0]!.weights, [1, 1, 1, 1], 'the trace leaves the network as it was');
  // The trace's gradients are the library's own backpropagation.
  const copy = ones.clone();
  copy.computeGradients(Matrix.row([-2, -1], 'float64'), Matrix.row([1], 'float64'), resolveLoss('mse'));
  assert.deepEqual(trace.layers[1]!.dWeights.flat(), [...(copy.layers[1] as Dense).weightGrad]);
});

test('regularization adds its gradient to weights only, before the optimizer step', () => {
  const params = [
    { name: 'w', kind: 'weight' as const, shape: [1, 2] as const, value: new Float64Array([2, -3]), grad: new Float64Array([0, 0]) },
    { name: 'b', kind: 'bias' as const, shape: [1, 1] as const, value: new Float64Array([5]), grad: new Float64Array([0]) },
  ];
  makeOptimizer('sgd', 0.5, 'l2', 0.1).step(params);
  assert.deepEqual([...params[0]!.value], [2 - 0.5 * 0.4, -3 + 0.5 * 0.6]);
  assert.deepEqual([...params[1]!.value], [5]);
  params[0]!.grad.fill(0);
  makeOptimizer('sgd', 1, 'l1', 0.25).step(params);
  assert.deepEqual([...params[0]!.value], [1.8 - 0.25, -2.7 + 0.25]);
  assert.throws(() => makeOptimizer('adamw', 1), /Unknown optimizer "adamw"; expected one of: sgd/);
  assert.equal(makeOptimizer('sgd', 1, 'l2', 0).name, 'sgd');
});
