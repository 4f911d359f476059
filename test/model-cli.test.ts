import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Adam, Network, fit, parseModel, serializeModel, type Model } from '../src/index.js';
import { parseTable, predictTable, prepareDataset, type PrepareOptions, type RegressionTargetJSON } from '../src/data/index.js';
import type { ExplainTrace } from '../src/explain/index.js';
import { readTableFile } from '../src/node/read-table-file.js';
import { maxAbsDiff, runOnnx } from './helpers/onnx.js';
import { CLI, DATA } from './helpers/paths.js';

// explain, check and export on real model files, made here by the library (prepareDataset, fit,
// serializeModel) and used through the CLI as a user would: spawned, real files in a temporary folder.
const dir = mkdtempSync(join(tmpdir(), 'neurite-model-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const neurite = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });
const IRIS = DATA + 'iris.csv';
const HOUSES = DATA + 'houses-synthetic.csv';

/** Trains a small model on a CSV file and writes its model file; returns the model as read back. */
async function makeModel(
  name: string,
  csv: string,
  prepare: PrepareOptions,
  hidden: number,
  output: 'softmax' | 'sigmoid' | 'linear',
  training: Record<string, unknown>,
): Promise<Model> {
  const table = await readTableFile(csv);
  const data = prepareDataset(table, prepare);
  const network = Network.create({
    inputs: data.train.x.cols,
    layers: [
      { units: hidden, activation: 'tanh' },
      { units: data.train.y.cols, activation: output },
    ],
    seed: 3,
  });
  const loss = output === 'softmax' ? 'categorical_crossentropy' : output === 'sigmoid' ? 'binary_crossentropy' : 'mse';
  await fit(network, data.train.x, data.train.y, { epochs: 40, batchSize: 16, loss, optimizer: new Adam({ learningRate: 0.02 }), seed: 1 });
  const text = serializeModel({ network, preprocessing: data.preprocessor, training });
  writeFileSync(join(dir, name), text);
  return parseModel(text);
}

let iris: Model;
let houses: Model;
let mixed: Model;
before(async () => {
  iris = await makeModel('iris.json', IRIS, { target: 'species', validation: 0.2, seed: 1 }, 8, 'softmax', { seed: 1, loss: 'categorical_crossentropy' });
  // No loss stored: the commands derive mse from the regression task. The target is standardized (the default).
  houses = await makeModel('houses.json', HOUSES, { target: 'price_k', validation: 0.2, seed: 1 }, 8, 'linear', { seed: 1 });
  // Min-max scaling, a constant column (stored with scale 1), a one-hot column and a two-class target with one sigmoid output.
  const rows = ['x,constant,color,label'];
  for (let i = 0; i < 24; i++) rows.push(`${((i * 7) % 11) - 3.5},5,${['red', 'green', 'blue'][i % 3]},${(i * 7) % 11 > 5 !== (i % 3 === 0) ? 'yes' : 'no'}`);
  writeFileSync(join(dir, 'mixed.csv'), rows.join('\n') + '\n');
  mixed = await makeModel('mixed.json', join(dir, 'mixed.csv'), { target: 'label', validation: 0, scaling: 'minmax' }, 4, 'sigmoid', {});
});

test("explain --data --row: the row raw and encoded, the target from the row, the model's stored loss", () => {
  const run = neurite('explain', 'iris.json', '--data', IRIS, '--row', '51', '--top', '2');
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /^neurite explain: one sample through a 4-8-3 network \(float32\), loss categorical_cross_entropy \(stored in the model's training\)\n/,
  );
  assert.match(run.stdout, /^ {2}sample {3}row 51 of iris\.csv \(line 52\); target species = versicolor, from the row$/m);
  assert.match(run.stdout, /^ {2}raw {6}sepal_length=7, sepal_width=3\.2, petal_length=4\.7, petal_width=1\.4$/m);
  const standard = iris.preprocessing.inputs[0]!;
  assert.equal(standard.kind, 'numeric');
  const x1 = Math.fround((7 - (standard as { offset: number }).offset) / (standard as { scale: number }).scale);
  assert.ok(run.stdout.includes(`x1 = ${x1.toFixed(6)} (sepal_length)`), run.stdout.slice(0, 600));
  assert.match(run.stdout, /^ {2}y_true {3}0 \(setosa\) {3}1 \(versicolor\) {3}0 \(virginica\)$/m);

  const json = JSON.parse(neurite('explain', 'iris.json', '--data', IRIS, '--row', '51', '--format', 'json').stdout) as ExplainTrace & {
    source: Record<string, unknown>;
  };
  assert.deepEqual(json.source, {
    model: 'iris.json',
    data: IRIS,
    row: 51,
    line: 52,
    target: { column: 'species', value: 'versicolor', from: 'row' },
    loss: { name: 'categorical_cross_entropy', from: "stored in the model's training" },
  });
  assert.deepEqual(json.sample.raw, { sepal_length: 7, sepal_width: 3.2, petal_length: 4.7, petal_width: 1.4 });
  const table = parseTable('sepal_length,sepal_width,petal_length,petal_width\n7,3.2,4.7,1.4\n', iris.preprocessing.readOptions());
  const encoded = Array.from(iris.preprocessing.transform(table).data);
  assert.deepEqual(
    json.sample.inputs.map((x) => x.name),
    ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
  );
  assert.deepEqual(
    json.sample.inputs.map((x) => x.value),
    encoded,
  );
  assert.deepEqual(json.sample.target, [0, 1, 0]);
  assert.deepEqual(json.sample.outputNames, ['setosa', 'versicolor', 'virginica']);
  assert.equal(json.loss.fusedWith, 'softmax');
});

test('explain --input: raw values by name with a one-hot column, the target in its units, standardized for the network', () => {
  const target = houses.preprocessing.target as RegressionTargetJSON;
  const input = 'area_m2=120,rooms=4,age_years=30,district=east,distance_km=3';
  const run = neurite('explain', 'houses.json', '--input', input, '--target', '250');
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /loss mean_squared_error \(for regression\)\n {2}sample {3}--input; target price_k = 250, from --target; the network works in standardized units/,
  );
  assert.match(run.stdout, /^ {2}raw {6}area_m2=120, rooms=4, age_years=30, district=east, distance_km=3$/m);
  assert.match(run.stdout, /x4 = 0 \(district=centre\) {3}x5 = 1 \(district=east\) {3}x6 = 0 \(district=north\)/);
  const yTrue = Math.fround((250 - target.offset) / target.scale);
  assert.match(run.stdout, new RegExp(`^ {2}y_true {3}${yTrue.toFixed(6)} \\(price_k\\)$`, 'm'));

  // The same sample with the values in input order; JSON keeps every number.
  const json = JSON.parse(neurite('explain', 'houses.json', '--input', '120, 4, 30, east, 3', '--target', '250', '--format', 'json').stdout) as ExplainTrace;
  assert.deepEqual(json.sample.raw, { area_m2: 120, rooms: 4, age_years: 30, district: 'east', distance_km: 3 });
  assert.deepEqual(
    json.sample.inputs.map((x) => x.name),
    houses.preprocessing.featureNames,
  );
  const table = parseTable(`area_m2,rooms,age_years,district,distance_km\n120,4,30,east,3\n`, houses.preprocessing.readOptions());
  assert.deepEqual(
    json.sample.inputs.map((x) => x.value),
    Array.from(houses.preprocessing.transform(table).data),
  );
  assert.deepEqual(json.sample.target, [yTrue]);
});

test('explain --input without a target: a classifier explains its predicted class', () => {
  const row = 'sepal_length=6.3,sepal_width=2.8,petal_length=5.1,petal_width=1.5';
  const table = parseTable('sepal_length,sepal_width,petal_length,petal_width\n6.3,2.8,5.1,1.5\n', iris.preprocessing.readOptions());
  const predicted = predictTable(iris, table);
  assert.equal(predicted.task, 'classification');
  const label = predicted.labels[0]!;
  const json = JSON.parse(neurite('explain', 'iris.json', '--input', row, '--format', 'json').stdout) as ExplainTrace & { source: { target: unknown } };
  assert.deepEqual(json.source.target, { column: 'species', value: label, from: 'prediction' });
  assert.deepEqual(
    json.sample.target,
    ['setosa', 'versicolor', 'virginica'].map((c) => (c === label ? 1 : 0)),
  );
  const text = neurite('explain', 'iris.json', '--input', row, '--format', 'markdown');
  assert.equal(text.status, 0, text.stderr);
  assert.ok(text.stdout.includes(`target species = ${label}, the predicted class, as no target was given (--target to choose one)`));
});

test('explain says what is wrong with the sample: one line, exit 1 (2 for a usage error)', () => {
  const cases: [string[], RegExp][] = [
    [['iris.json'], /needs the sample: --data <file\.csv> --row <n>, or --input "sepal_length=\.\.\.,/],
    [['iris.json', '--data', IRIS, '--row', '151'], /--row 151 is outside iris\.csv, which has 150 data row\(s\): rows count from 1/],
    [['iris.json', '--data', IRIS, '--input', '1,2,3,4'], /either as --data with --row, or as --input, not both/],
    [
      ['iris.json', '--input', 'sepal_length=5,petal=1'],
      /--input names "petal", which is not an input of the model; its inputs are: sepal_length, sepal_width, petal_length, petal_width/,
    ],
    [['iris.json', '--input', 'sepal_length=5'], /--input lacks "sepal_width", "petal_length", "petal_width"/],
    [['iris.json', '--input', '5,3,1'], /--input has 3 value\(s\); the model takes 4 raw input\(s\), in this order: sepal_length/],
    [['iris.json', '--input', '5,3,1,x'], /--input.*column "petal_width" is read as numbers, but this value is "x"/],
    [
      ['iris.json', '--input', '5,3,1,0.2', '--target', 'rose'],
      /--target: "rose" is not a class of the model; the classes of "species" are: setosa, versicolor, virginica/,
    ],
    [['houses.json', '--input', '120,4,30,east,3'], /A regression model needs a target to explain: --target <price_k in its units>/],
    [['houses.json', '--input', '120,4,30,east,3', '--target', 'cheap'], /--target: "cheap" is not a number/],
    [['houses.json', '--input', '120,4,30,docklands,3', '--target', '1'], /docklands/],
  ];
  for (const [args, pattern] of cases) {
    const run = neurite('explain', ...args);
    assert.equal(run.status, 1, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /^neurite: [^\n]+\n$/, args.join(' '));
    assert.match(run.stderr, pattern, args.join(' '));
  }
  assert.equal(neurite('explain', 'iris.json', '--data', IRIS, '--row', '0').status, 2);
});

test("check --data: the gradients on the file's rows, through the preprocessing, with the model's loss", () => {
  const run = neurite('check', 'iris.json', '--data', IRIS);
  assert.equal(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /iris\.json · float64 \(converted from float32\) · loss categorical_cross_entropy \(stored in the model's training\) · 16 rows of iris\.csv/,
  );
  assert.match(run.stdout, /: PASS\n$/);
  const json = neurite('check', 'houses.json', '--data', HOUSES, '--rows', '5', '--format', 'json');
  assert.equal(json.status, 0, json.stderr);
  const result = JSON.parse(json.stdout) as { passed: boolean; samples: number; randomSamples: boolean; loss: string };
  assert.deepEqual([result.passed, result.samples, result.randomSamples, result.loss], [true, 5, false, 'mean_squared_error']);
  // Without --data: random samples, and the loss a sigmoid classifier's.
  const random = neurite('check', 'mixed.json');
  assert.equal(random.status, 0, random.stderr);
  assert.match(random.stdout, /loss binary_cross_entropy \(for a sigmoid classifier\) · 4 random samples/);

  writeFileSync(join(dir, 'no-target.csv'), 'sepal_length,sepal_width,petal_length,petal_width\n5,3,1,0.2\n');
  const noTarget = neurite('check', 'iris.json', '--data', 'no-target.csv');
  assert.equal(noTarget.status, 1);
  assert.match(noTarget.stderr, /^neurite: no-target\.csv has no column "species"/);
  assert.equal(neurite('check', 'iris.json', '--data', IRIS, '--samples', '3').status, 1);
});

test("export: an iris classifier in ONNX Runtime gives predictTable's probabilities from raw rows", async () => {
  const run = neurite('export', 'iris.json', '--out', 'iris.onnx');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^wrote iris\.onnx: ONNX opset 13, \d+ bytes; input "input" \[batch, 4\] → output "output" \[batch, 3\]\n/);
  assert.match(run.stdout, /input columns, in order: sepal_length, sepal_width, petal_length, petal_width/);
  assert.match(run.stdout, /output: one column per class, in order: setosa, versicolor, virginica\n$/);
  const text = readFileSync(IRIS, 'utf8');
  const table = parseTable(text, iris.preprocessing.readOptions());
  const predicted = predictTable(iris, table);
  assert.equal(predicted.task, 'classification');
  const raw = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(0, 4).map(Number));
  const got = await runOnnx(readFileSync(join(dir, 'iris.onnx')), raw);
  const diff = maxAbsDiff(got, predicted.probabilities);
  assert.ok(diff <= 1e-5, `max |onnx − predictTable| = ${diff}`);
  assert.deepEqual(
    got.map((row) => iris.preprocessing.classes[row.indexOf(Math.max(...row))]),
    predicted.labels,
  );
});

test('export: a regression model with a standardized target gives values in raw units, one-hot columns given by the caller', async () => {
  const run = neurite('export', 'houses.json');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^wrote houses\.onnx: /);
  assert.match(run.stdout, /district one-hot: 1 in the row's category column/);
  assert.match(run.stdout, /output: price_k, in its own units \(the target standardization is undone inside the graph\)/);
  const table = await readTableFile(HOUSES, houses.preprocessing.readOptions());
  const predicted = predictTable(houses, table);
  assert.equal(predicted.task, 'regression');
  const features = houses.preprocessing.featureNames;
  const rows = Array.from({ length: table.rowCount }, (_, r) =>
    features.map((name) => {
      const [column, category] = name.split('=');
      const cell = table.text(table.column(column!), r);
      return category === undefined ? Number(cell) : cell === category ? 1 : 0;
    }),
  );
  const got = await runOnnx(readFileSync(join(dir, 'houses.onnx')), rows);
  const expected = Array.from(predicted.values, (v) => [v]);
  assert.ok(Math.max(...expected.map(([v]) => Math.abs(v!))) > 100, 'prices are in k€, far from standardized units');
  const diff = maxAbsDiff(got, expected);
  assert.ok(diff <= 1e-5, `max relative |onnx − predictTable| = ${diff}`);
});

test('export: min-max scaling with a constant column and a single sigmoid output match predictTable', async () => {
  assert.equal(neurite('export', 'mixed.json', '--float64').status, 0);
  const text = readFileSync(join(dir, 'mixed.csv'), 'utf8');
  const predicted = predictTable(mixed, parseTable(text, mixed.preprocessing.readOptions()));
  assert.equal(predicted.task, 'classification');
  assert.deepEqual(mixed.preprocessing.featureNames, ['x', 'constant', 'color=blue', 'color=green', 'color=red']);
  const rows = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [x, constant, color] = line.split(',');
      return [Number(x), Number(constant), color === 'blue' ? 1 : 0, color === 'green' ? 1 : 0, color === 'red' ? 1 : 0];
    });
  const got = await runOnnx(readFileSync(join(dir, 'mixed.onnx')), rows, { dtype: 'float64' });
  const diff = maxAbsDiff(
    got,
    predicted.probabilities.map((p) => [p[1]!]),
  );
  assert.ok(diff <= 1e-6, `max |onnx − predictTable| = ${diff}`);
});

test('bad model files: one line on stderr naming the file, exit 1, no stack trace, for explain, check and export', () => {
  const good = JSON.parse(readFileSync(join(dir, 'iris.json'), 'utf8')) as Record<string, any>;
  const write = (name: string, value: unknown) => writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  write('truncated.json', JSON.stringify(good).slice(0, 200));
  write('other.json', { format: 'something-else', version: 1 });
  write('narrow.json', { ...good, preprocessing: { ...good['preprocessing'], inputs: good['preprocessing'].inputs.slice(1) } });
  write('newer.json', { ...good, version: 99 });
  write('bad-loss.json', { ...good, training: { loss: 'hinge' } });
  const files: [string, RegExp][] = [
    ['missing.json', /^neurite: Cannot read missing\.json: no such file\n$/],
    ['truncated.json', /^neurite: truncated\.json is not valid JSON at line 1, column \d+: .*truncated/],
    ['other.json', /^neurite: other\.json is not a neurite model: expected "format": "neurite-model"/],
    ['narrow.json', /^neurite: narrow\.json: network\.layers\[0\]\.inputs: the network takes 4 inputs but the preprocessing makes 3 features/],
    ['newer.json', /^neurite: newer\.json: version: this model file has format version 99, made by a newer neurite/],
  ];
  const commands = [['explain', '--input', '5,3,1,0.2'], ['check'], ['export']];
  for (const [name, pattern] of files) {
    // Every file through export (the loader is shared); the commonest failures through all three commands.
    for (const [command, ...args] of ['missing.json', 'truncated.json', 'narrow.json'].includes(name) ? commands : commands.slice(2)) {
      const run = neurite(command!, name, ...args);
      assert.equal(run.status, 1, `${command} ${name}: ${run.stderr}`);
      assert.match(run.stderr, /^neurite: [^\n]+\n$/, `${command} ${name}: ${run.stderr}`);
      assert.match(run.stderr, pattern, `${command} ${name}`);
      assert.equal(run.stdout, '');
    }
  }
  // A stored loss this neurite does not know: explain and check need it (export does not).
  for (const [command, ...args] of commands.slice(0, 2)) {
    const run = neurite(command!, 'bad-loss.json', ...args);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^neurite: bad-loss\.json: training\.loss: Unknown loss "hinge"; expected one of: mean_squared_error, [^\n]+\n$/);
  }
});
