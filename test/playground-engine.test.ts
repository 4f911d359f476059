import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOptimizer, evaluate, fit, lossNames, type Matrix, Network, optimizerNames, Rng } from '../src/index.js';
import { parseTable, predictTable, Preprocessor, spirals, tableFromRecords } from '../src/data/index.js';
import { guessCsvColumns, numericColumns, readCsv } from '../playground/src/engine/csv.js';
import { prepareData, splitIndices } from '../playground/src/engine/datasets.js';
import { explainPoint } from '../playground/src/engine/explain-point.js';
import { predictionsCsv, playgroundReport } from '../playground/src/engine/exports.js';
import { modelFileText, readModelFile } from '../playground/src/engine/model-file.js';
import { defaultSettings, parseLayers, settingsFromQuery, settingsToQuery, type Settings } from '../playground/src/engine/settings.js';
import { choices, lossFor, networkSpec, regularizationFor, trainerConfig } from '../playground/src/engine/setup.js';
import { Trainer, type TrainerProgress, type TrainerStatus } from '../playground/src/engine/trainer.js';
import { gridPoints, networkInputs, viewFor } from '../playground/src/engine/view.js';

const CHOICES = choices();

test('settings survive the round trip through the URL, and bad values are reported, not used', () => {
  const s: Settings = {
    ...defaultSettings(),
    data: 'spirals',
    hidden: [12, 3],
    learningRate: 0.25,
    noise: 0.1,
    seed: -7,
    epochs: 30,
    loss: 'mean_squared_error',
    regularization: 'l1',
  };
  const query = settingsToQuery(s);
  assert.match(query, /data=spirals/);
  assert.match(query, /layers=12%2C3/);
  assert.deepEqual(settingsFromQuery(query, CHOICES), { settings: s, problems: [] });
  assert.match(settingsToQuery(defaultSettings()), /act=tanh&loss=auto&opt=adam&lr=0.03&/);

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

test('the lists come from the library registries, and the defaults are the cross-entropy that fits the output', () => {
  assert.ok(CHOICES.activations.includes('tanh') && !CHOICES.activations.includes('softmax'));
  assert.deepEqual(CHOICES.losses, ['auto', ...lossNames()]);
  assert.deepEqual(CHOICES.optimizers, optimizerNames());
  assert.ok(CHOICES.optimizers.includes('adam'));

  const two = prepareData({ ...defaultSettings(), data: 'moons' });
  assert.equal(lossFor(defaultSettings(), two), 'binary_cross_entropy');
  assert.deepEqual(networkSpec(defaultSettings(), two).layers.at(-1), { units: 1, activation: 'sigmoid' });
  const three = prepareData({ ...defaultSettings(), data: 'blobs', classes: 3 });
  assert.equal(lossFor(defaultSettings(), three), 'categorical_cross_entropy');
  assert.deepEqual(networkSpec(defaultSettings(), three).layers.at(-1), { units: 3, activation: 'softmax' });
  // Categorical cross-entropy on two classes: two softmax outputs, one-hot targets.
  const cce = { ...defaultSettings(), data: 'moons' as const, loss: 'categorical_cross_entropy' };
  const twoHot = prepareData(cce);
  assert.deepEqual(networkSpec(cce, twoHot).layers.at(-1), { units: 2, activation: 'softmax' });
  assert.deepEqual(
    twoHot.y[0]!.reduce((a, b) => a + b),
    1,
  );

  assert.deepEqual(regularizationFor(defaultSettings()), { l2: 0.001 });
  assert.equal(regularizationFor({ ...defaultSettings(), regularization: 'none' }), null);
  assert.deepEqual(regularizationFor({ ...defaultSettings(), regularization: 'l2', regularizationRate: 0.01 }), { l2: 0.01 });
  assert.deepEqual(regularizationFor({ ...defaultSettings(), regularization: 'l1', regularizationRate: 0.5 }), { l1: 0.5 });
  assert.equal(regularizationFor({ ...defaultSettings(), regularization: 'l1', regularizationRate: 0 }), null);
});

test("CSV files are read by the library's parser and table; errors name the line", () => {
  const t = readCsv('name,"a, b",c\r\n"x ""y""",1,2\nz,3.5,-4\n', 'f.csv');
  assert.deepEqual(t.columnNames, ['name', 'a, b', 'c']);
  assert.equal(t.rowCount, 2);
  assert.deepEqual(numericColumns(t), ['a, b', 'c']);
  assert.deepEqual(guessCsvColumns(t), { x: 'a, b', y: 'c', target: 'name' });
  assert.equal(guessCsvColumns(readCsv('a,b\nx,1\n')), null);
  assert.throws(() => readCsv('a,b\n1,2\n3\n', 'f.csv'), { code: 'CSV_SCHEMA', message: /f\.csv.*3/ });
  assert.throws(() => readCsv('a,b\n"1,2\n', 'f.csv'), { code: 'CSV_PARSE', message: /quote/ });
  assert.throws(() => readCsv('a,b\n', 'f.csv'), { code: 'CSV_SCHEMA', message: /no data rows/ });
  assert.throws(() => readCsv('x'.repeat(5_000_001)), { code: 'CSV_PARSE', message: /at most 5000000/ });
});

test('data: a fitted Preprocessor makes the network inputs; a CSV is standardized on its training rows', () => {
  const g = prepareData({ ...defaultSettings(), data: 'gender' });
  assert.deepEqual(g.labels, ['M', 'F'], 'the seed: Male = 0, Female = 1');
  assert.deepEqual(g.y, [[1], [0], [0], [1]]);
  assert.deepEqual(g.isValidation, [false, false, false, false], 'four rows are too few to hold one out');
  assert.deepEqual(g.scaling.offset, [141.25, 66.75]);
  assert.deepEqual(g.x[0], [(133 - 141.25) / g.scaling.scale[0], (65 - 66.75) / g.scaling.scale[1]]);
  assert.deepEqual(g.preprocessor.featureNames, ['weight_lb', 'height_in']);

  const csv = readCsv('w,h,kind\n1,10,b\n3,10,a\n5,20,b\n7,20,c\n');
  const s = { ...defaultSettings(), data: 'csv' as const, csvX: 'w', csvY: 'h', csvTarget: 'kind', validation: 0 };
  const d = prepareData(s, csv);
  assert.deepEqual(d.labels, ['a', 'b', 'c']);
  assert.deepEqual(d.classes, [1, 0, 1, 2]);
  assert.deepEqual(d.y[3], [0, 0, 1], 'three classes: one-hot');
  assert.deepEqual(d.scaling, { offset: [4, 15], scale: [Math.sqrt(5), 5] });
  assert.deepEqual(prepareData({ ...s, standardize: false }, csv).x[1], [3, 10]);
  assert.throws(() => prepareData({ ...s, csvTarget: 'nope' }, csv), /"nope" is not in the CSV/);
  assert.throws(() => prepareData(s, null), /No CSV file is loaded/);
  assert.throws(() => prepareData({ ...s, csvX: 'kind', csvTarget: 'w' }, csv), { code: 'CSV_SCHEMA', message: /line 2: column "kind" must hold numbers/ });
  assert.throws(() => prepareData(s, readCsv('w,h,kind\n1,10,b\n,10,a\n')), { code: 'MISSING_VALUE', message: /line 3: the value of column "w"/ });
  const many = readCsv('w,h,k\n' + Array.from({ length: 11 }, (_, i) => `${i},${i % 3},c${i}`).join('\n'));
  assert.throws(() => prepareData({ ...s, csvTarget: 'k' }, many), /11 distinct values; the playground classifies into 2 to 10 classes/);
  assert.equal((networkSpec(s, d).layers.at(-1) as { units: number }).units, 3);
});

test('the validation split is a seeded shuffle', () => {
  const flags = splitIndices(10, 0.3, 5);
  assert.equal(flags.filter(Boolean).length, 3);
  assert.deepEqual(flags, splitIndices(10, 0.3, 5));
  const order = new Rng(5).shuffle(Array.from({ length: 10 }, (_, i) => i));
  assert.deepEqual(
    order.slice(7).sort(),
    flags.flatMap((f, i) => (f ? [i] : [])),
  );
  assert.deepEqual(splitIndices(2, 0.5, 1), [false, false], 'one training row is too few');
});

test("the map's grid goes through the same preprocessing as the data", () => {
  const data = prepareData({ ...defaultSettings(), data: 'moons' });
  assert.deepEqual(networkInputs(data, data.raw), data.x);
  const points = gridPoints(viewFor(data), 4);
  assert.equal(points.length, 16);
  const [x0, x1, , y1] = viewFor(data).bounds;
  assert.deepEqual(points[0], [x0 + (0.5 / 4) * (x1 - x0), points[0]![1]]);
  assert.ok(points[0]![1] < y1 && points[0]![1] > points[15]![1], 'rows run from the top down');
});

const spiralSettings: Settings = {
  ...defaultSettings(),
  data: 'spirals',
  size: 60,
  noise: 0.05,
  hidden: [5],
  batchSize: 8,
  seed: 9,
  dataSeed: 4,
  validation: 0.25,
  epochs: 6,
  regularization: 'l2',
  regularizationRate: 0.01,
};

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

/** The playground's spirals run, written with the library alone: its data, preprocessing, optimizer and regularization. */
function libraryRun(epochs: number) {
  const d = spirals({ size: 60, noise: 0.05, seed: 4 });
  const val = splitIndices(60, 0.25, 4);
  const table = tableFromRecords(d.x.map((p, i) => ({ x1: p[0]!, x2: p[1]!, label: d.labels[i]! })));
  const rows = (v: boolean) => val.flatMap((f, i) => (f === v ? [i] : []));
  const pre = Preprocessor.fit(table, { target: 'label', inputs: ['x1', 'x2'], rows: rows(false) });
  const part = (v: boolean): [Matrix, Matrix] => [pre.transform(table, rows(v)), pre.transformTarget(table, rows(v))];
  const network = Network.create({
    inputs: 2,
    layers: [
      { units: 5, activation: 'tanh' },
      { units: 1, activation: 'sigmoid' },
    ],
    seed: 9,
    dtype: 'float32',
  });
  const run = fit(network, ...part(false), {
    epochs,
    batchSize: 8,
    optimizer: createOptimizer('adam', { learningRate: 0.03 }),
    loss: 'binary_crossentropy',
    regularization: { l2: 0.01 },
    metrics: ['accuracy'],
    seed: 9,
    validationData: part(true),
  });
  return { network, run, part };
}

test('Trainer: the weights after its epochs are bit for bit those of a plain fit, however it was paused and stepped', async () => {
  const data = prepareData(spiralSettings);
  const config = trainerConfig(spiralSettings, data);
  assert.deepEqual(config.regularization, { l2: 0.01 });
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

  const six = libraryRun(6);
  const result = await six.run;
  assert.deepEqual(trainer.network.toJSON(), six.network.toJSON());
  assert.deepEqual(
    trainer.history.map((h) => [h.epoch, h.learningRate]),
    result.history.map((h) => [h.epoch, h.learningRate]),
  );

  // The measurement the page shows: the library's evaluate and forward pass on the same weights.
  const m = c.progress.at(-1)!.measurement;
  const [x, y] = six.part(false);
  const scores = evaluate(six.network, x, y, { loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const valScores = evaluate(six.network, ...six.part(true), { loss: 'binary_crossentropy', metrics: ['accuracy'] });
  assert.deepEqual(m.train, { loss: scores.loss, accuracy: scores.metrics.accuracy });
  assert.deepEqual(m.validation, { loss: valScores.loss, accuracy: valScores.metrics.accuracy });
  // One number, measured one way: the last epoch's log is that measurement too (the curves end where the
  // status bar is), not fit's average over the epoch's batches, which the weights changed under.
  const last = trainer.history.at(-1)!;
  assert.deepEqual(
    [last.loss, last.metrics.accuracy, last.valLoss, last.valMetrics!.accuracy],
    [m.train.loss, m.train.accuracy, m.validation!.loss, m.validation!.accuracy],
  );
  assert.notEqual(result.history.at(-1)!.loss, last.loss, "fit's running average (with the L2 penalty) differs from the measurement");
  assert.deepEqual(Array.from(m.outputs), six.network.predict(data.x).flat());
  assert.equal(m.grid.length, 0, 'no grid was configured');

  // Train again: six more epochs, continuing the shuffling and the optimizer's state, equal to one run of twelve.
  await c.after(() => trainer.train(), 'done');
  const twelve = libraryRun(12);
  await twelve.run;
  assert.deepEqual(trainer.network.toJSON(), twelve.network.toJSON());

  // Reset: fresh weights from the seed, no history.
  await trainer.reset();
  assert.equal(trainer.epochsDone, 0);
  assert.deepEqual(trainer.network.toJSON(), Network.create(config.spec).toJSON());
  assert.equal(c.statuses.at(-1)![0], 'idle');
});

test("Trainer: a diverging run ends in an error status with the library's message", async () => {
  const s = { ...spiralSettings, activation: 'linear', hidden: [8, 8, 8], optimizer: 'sgd', learningRate: 1e300, regularization: 'none' as const };
  const c = collector();
  const trainer = new Trainer(trainerConfig(s, prepareData(s)), c.events);
  await c.after(() => trainer.train(), 'error');
  assert.match(c.statuses.at(-1)![1]!, /Training diverged at epoch \d+, batch \d+/);
  assert.ok(
    trainer.network.parameters().every((p) => p.value.every(Number.isFinite)),
    'the last finite weights are kept',
  );
});

test('Trainer: stop during a pause ends the run without further reports', async () => {
  const c = collector();
  const data = prepareData(spiralSettings);
  const grid = networkInputs(data, gridPoints(viewFor(data), 3));
  const trainer = new Trainer({ ...trainerConfig(spiralSettings, data, grid), epochs: 0 }, c.events);
  await c.after(() => trainer.step(), 'paused');
  assert.deepEqual(Array.from(c.progress.at(-1)!.measurement.grid), trainer.network.predict(grid).flat());
  const before = c.statuses.length;
  await trainer.stop();
  assert.equal(c.statuses.length, before);
});

test("the exported model file is the library's: the CLI's reading of the predictions CSV gives the page's probabilities", async () => {
  const data = prepareData(spiralSettings);
  const c = collector();
  const trainer = new Trainer(trainerConfig(spiralSettings, data), c.events);
  await c.after(() => trainer.train(), 'done');
  const text = modelFileText(trainer.network, data, spiralSettings, { ...trainer.position(), history: trainer.history, measurement: trainer.measure() });
  const { model, query } = readModelFile(text, 'model.json');
  assert.deepEqual(settingsFromQuery(query!, CHOICES).settings, spiralSettings, "the page's setup rides along");
  assert.deepEqual(model.network.toJSON(), trainer.network.toJSON());
  assert.deepEqual(model.preprocessing.toJSON(), data.preprocessor.toJSON());
  const json = JSON.parse(text);
  assert.equal(json.format, 'neurite-model');
  assert.deepEqual(
    json.preprocessing.inputs.map((i: { name: string; scaling: string }) => [i.name, i.scaling]),
    [
      ['x1', 'standard'],
      ['x2', 'standard'],
    ],
  );
  assert.deepEqual(json.training.optimizer, { name: 'adam', learningRate: 0.03, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  assert.deepEqual(json.training.regularization, { l2: 0.01 });
  assert.equal(json.training.loss, 'binary_cross_entropy');
  assert.equal(json.training.epochs, 6);
  assert.equal(json.training.batches, undefined, 'at an epoch end, only whole epochs');
  assert.equal(json.training.metrics.validation.accuracy, trainer.history[5]!.valMetrics!.accuracy);
  assert.equal(json.training.metrics.train.accuracy, trainer.measure().train.accuracy);

  // What `neurite predict model.json predictions.csv` does: read the CSV with the model's columns, predict.
  const csv = predictionsCsv(data, trainer.measure().outputs);
  const table = parseTable(csv, model.preprocessing.readOptions());
  const predicted = predictTable(model, table);
  assert.equal(predicted.task, 'classification');
  const lines = csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  assert.deepEqual(lines[0], ['x1', 'x2', 'label', 'split', 'predicted_label', 'p_0', 'p_1']);
  if (predicted.task === 'classification') {
    assert.deepEqual(
      predicted.probabilities.map((p) => p.map(String)),
      lines.slice(1).map((l) => l.slice(5)),
    );
    assert.deepEqual(
      predicted.labels,
      lines.slice(1).map((l) => l[4]),
    );
  }

  assert.throws(() => readModelFile('{'), { code: 'MODEL_FORMAT' });
  const broken = JSON.parse(text);
  broken.preprocessing.inputs[0].scale = 0;
  assert.throws(() => readModelFile(JSON.stringify(broken)), { code: 'MODEL_FORMAT', message: /preprocessing\.inputs\[0\]\.scale/ });
  const noUrl = JSON.parse(text);
  delete noUrl.training.playground;
  assert.equal(readModelFile(JSON.stringify(noUrl)).query, null);
});

test("predictions CSV and the playground report come from the worker's outputs", () => {
  const data = prepareData(spiralSettings);
  const network = Network.create(networkSpec(spiralSettings, data));
  const outputs = Float32Array.from(network.predict(data.x).flat());
  const csv = predictionsCsv(data, outputs).trim().split('\n');
  assert.equal(csv[0], 'x1,x2,label,split,predicted_label,p_0,p_1');
  assert.equal(csv.length, 61);
  assert.equal(Number(csv[1]!.split(',')[6]), outputs[0]);
  assert.equal(csv.filter((l) => l.includes(',validation,')).length, 15);
  const untrained = {
    epochs: 0,
    batch: 0,
    batchesPerEpoch: 6,
    history: [],
    measurement: { train: { loss: 1, accuracy: 0.5 }, validation: null, outputs, grid: new Float32Array(0) },
  };
  const report = playgroundReport(network, data, spiralSettings, untrained);
  assert.deepEqual(Object.keys(report.summary!), ['epochs', 'validation macro F1'], 'no scores before any training');
  assert.equal(report.confusion!.split, 'validation');
  assert.equal(
    report.confusion!.matrix.flat().reduce((a, b) => a + b, 0),
    15,
  );
  assert.deepEqual(
    report.architecture.layers.map((l) => l.units),
    [5, 1],
  );
  assert.equal(report.settings.loss, 'binary_cross_entropy');

  // A CSV whose own columns are called split or predicted_<target> keeps them; the added columns step aside.
  const own = prepareData(
    { ...defaultSettings(), data: 'csv', csvX: 'predicted_label', csvY: 'split', csvTarget: 'label', validation: 0 },
    readCsv('predicted_label,split,label\n1,2,x\n3,4,y\n'),
  );
  const ownOut = Float32Array.from([0.25, 0.75]);
  assert.equal(predictionsCsv(own, ownOut).split('\n')[0], 'predicted_label,split,label,split_2,predicted_label_2,p_x,p_y');
});

test("Explain: the library's trace of a data point, with the seed's worked example (∂L/∂w1 = 0.02146953526581111)", () => {
  // The seed's four people already shifted (weight − 135, height − 66) and used as they are.
  const people = readCsv('w,h,female\n-2,-1,1\n25,6,0\n17,4,0\n-15,-6,1\n');
  const data = prepareData({ ...defaultSettings(), data: 'csv', csvX: 'w', csvY: 'h', csvTarget: 'female', standardize: false }, people);
  const ones = Network.fromJSON({
    dtype: 'float64',
    layers: [
      { type: 'dense', inputs: 2, units: 2, activation: { name: 'sigmoid' }, weights: [1, 1, 1, 1], bias: [0, 0] },
      { type: 'dense', inputs: 2, units: 1, activation: { name: 'sigmoid' }, weights: [1, 1], bias: [0] },
    ],
  });
  const { trace, text } = explainPoint(ones, data, 0, 'mse');
  const w1 = trace.layers[0]!.neurons[0]!.weights[0]!;
  assert.ok(Math.abs(w1.gradient - 0.02146953526581111) <= 1e-12);
  assert.equal(trace.output[0]!.toFixed(6), '0.523695');
  assert.deepEqual(trace.sample.raw, { w: -2, h: -1, female: '1' });
  assert.deepEqual(trace.sample.outputNames, ['P(female = 1)']);
  assert.match(text, /^Point 1 of 4 \(training\): w = -2, h = -1, class 1\n/);
  assert.match(text, /input {4}x1 = -2 \(w\) {3}x2 = -1 \(h\)/);
  assert.match(text, /w1 {2}\(x1 → h1/);
  assert.match(text, /= 0\.021470/);
  assert.deepEqual(ones.toJSON().layers[0]!.weights, [1, 1, 1, 1], 'explain leaves the weights as they were');

  // Standardized inputs: the title says how the columns became x1 and x2; the softmax output is traced too.
  const blobs = { ...defaultSettings(), data: 'blobs' as const, classes: 3, size: 30 };
  const b = prepareData(blobs);
  const net = Network.create(networkSpec(blobs, b));
  const explained = explainPoint(net, b, 2, lossFor(blobs, b));
  assert.match(explained.text, /\nNetwork inputs, from the raw columns: x1 = \(x1 − -?\d/);
  assert.equal(explained.trace.loss.fusedWith, 'softmax');
  assert.deepEqual(explained.trace.sample.outputNames, ['0', '1', '2']);
});

test('a shared link with an older loss name opens with the canonical one', () => {
  const { settings, problems } = settingsFromQuery('loss=categorical_crossentropy', CHOICES);
  assert.deepEqual(problems, []);
  assert.equal(settings.loss, 'categorical_cross_entropy');
});
