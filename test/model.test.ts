// The Model object: raw records in, labels with probabilities (or values in the target's units) out; trained
// by trainModel as the command line trains; saved and loaded through the model file bit for bit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  Model,
  NeuriteError,
  Network,
  parseModel,
  serializeModel,
  trainModel,
  type ClassPrediction,
  type ModelRecord,
  type ValuePrediction,
} from '../src/index.js';
import { parseTable, predictTable } from '../src/data/index.js';
import { CLI, DATA } from './helpers/paths.js';

const IRIS = readFileSync(DATA + 'iris.csv', 'utf8');
const HOUSES = readFileSync(DATA + 'houses-synthetic.csv', 'utf8');
const SETOSA = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const dir = mkdtempSync(join(tmpdir(), 'neurite-model-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const iris = trainModel(IRIS, { target: 'species' });
const houses = trainModel(HOUSES, { target: 'price_k', epochs: 60 });

/** Every row of a CSV text as a record of raw values (numbers where the text is one). */
function recordsOf(csv: string, drop: string): Record<string, string | number>[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const names = header!.split(',');
  return lines.map((line) =>
    Object.fromEntries(
      line
        .split(',')
        .map((text, i) => [names[i]!, Number.isNaN(Number(text)) ? text : Number(text)] as const)
        .filter(([name]) => name !== drop),
    ),
  );
}

function expectError(run: () => unknown, code: string, details: Record<string, unknown>, words: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, String(error));
    assert.equal(error.code, code, error.message);
    for (const [key, value] of Object.entries(details)) assert.deepEqual(error.details[key], value, `${key} in ${error.message}`);
    assert.match(error.message, words);
    return true;
  });
}

test("the issue's setosa flower, in raw centimetres, is a setosa", async () => {
  const model = await iris;
  assert.ok(model instanceof Model);
  assert.deepEqual(model.inputNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  assert.deepEqual(model.classes, ['setosa', 'versicolor', 'virginica']);
  const byName = model.predict(SETOSA) as ClassPrediction;
  const byPosition = model.predict([5.1, 3.5, 1.4, 0.2]) as ClassPrediction;
  assert.equal(byName.label, 'setosa');
  assert.deepEqual(byPosition, byName);
  assert.deepEqual(Object.keys(byName.probabilities), ['setosa', 'versicolor', 'virginica']);
  const total = Object.values(byName.probabilities).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-5, `probabilities sum to ${total}`);
  assert.ok(byName.probabilities['setosa']! > 0.9, JSON.stringify(byName));
  // The network alone expects standardized inputs: the trap the Model closes.
  const raw = model.network.predict([5.1, 3.5, 1.4, 0.2]);
  assert.notDeepEqual(raw, Object.values(byName.probabilities));
});

test('a batch of records gives one prediction each, in order, as predictTable does on the same rows', async () => {
  const model = await iris;
  const records = recordsOf(IRIS, 'species');
  const predictions = model.predict(records) as ClassPrediction[];
  assert.equal(predictions.length, 150);
  const fromTable = predictTable(model, parseTable(IRIS, model.preprocessing.readOptions()));
  assert.ok(fromTable.task === 'classification');
  assert.deepEqual(
    predictions.map((p) => p.label),
    fromTable.labels,
  );
  assert.deepEqual(
    predictions.map((p) => Object.values(p.probabilities)),
    fromTable.probabilities,
  );
  const truth = recordsOf(IRIS, '').map((r) => r['species']);
  const correct = predictions.filter((p, i) => p.label === truth[i]).length;
  assert.ok(correct >= 140, `${correct} of 150 right`);
  assert.deepEqual(model.predict([]), []);
});

test('regression predictions are in the target’s units (k€), not standardized', async () => {
  const model = await houses;
  assert.equal(model.task, 'regression');
  const records = recordsOf(HOUSES, 'price_k');
  const prices = recordsOf(HOUSES, '').map((r) => r['price_k'] as number);
  const values = (model.predict(records) as ValuePrediction[]).map((p) => p.value);
  const target = model.preprocessing.target;
  assert.ok(target.task === 'regression' && target.standardized);
  // value = output · scale + offset, the network's output mapped back exactly.
  const x = model.preprocessing.transform(parseTable(HOUSES, model.preprocessing.readOptions()));
  const output = model.network.forward(x).data;
  values.forEach((value, i) => assert.equal(value, output[i]! * target.scale + target.offset));
  const mae = values.reduce((sum, v, i) => sum + Math.abs(v - prices[i]!), 0) / values.length;
  const mean = prices.reduce((a, b) => a + b, 0) / prices.length;
  const spread = prices.reduce((sum, p) => sum + Math.abs(p - mean), 0) / prices.length;
  assert.ok(mae < 0.3 * spread, `mean error ${mae.toFixed(1)} k€ against a spread of ${spread.toFixed(1)} k€`);
  const metrics = model.training.metrics as { test: { mae: number; r2: number } };
  assert.ok(metrics.test.mae > 0 && metrics.test.r2 > 0.8, JSON.stringify(metrics));
});

test('saved and loaded, a model predicts the same, bit for bit (float32 and float64)', async () => {
  for (const model of [await iris, await trainModel(HOUSES, { target: 'price_k', epochs: 5, dtype: 'float64', hidden: [8] })]) {
    const text = serializeModel(model);
    const loaded = parseModel(text);
    assert.ok(loaded instanceof Model);
    const drop = model.target;
    const records = recordsOf(model.task === 'regression' ? HOUSES : IRIS, drop);
    assert.deepEqual(loaded.predict(records), model.predict(records));
    assert.deepEqual(loaded.training, model.training);
    assert.equal(serializeModel(loaded), text, 'the text is stable');
  }
});

test('bad records are errors that name the record and the field', async () => {
  const model = await iris;
  const ok = SETOSA;
  expectError(
    () => model.predict([ok, ok, { ...ok, petal_width: undefined }]),
    'MISSING_VALUE',
    { record: 2, field: 'petal_width' },
    /^Record 2 .*"petal_width"/,
  );
  const { sepal_width: _, ...lacking } = ok;
  expectError(() => model.predict([ok, lacking]), 'MISSING_VALUE', { record: 1, field: 'sepal_width' }, /Record 1 has no value for "sepal_width"/);
  expectError(() => model.predict([ok, [5.1, 3.5, 1.4]]), 'SHAPE_MISMATCH', { record: 1, expected: 4, actual: 3 }, /3 values.*sepal_length, sepal_width/);
  expectError(
    () => model.predict({ ...ok, petal_length: Infinity }),
    'NON_FINITE',
    { record: 0, field: 'petal_length' },
    /^The record: "petal_length" is Infinity/,
  );
  expectError(() => model.predict({ ...ok, sepal_length: '5.1' }), 'INVALID_ARGUMENT', { record: 0, field: 'sepal_length' }, /must be a number/);
  expectError(() => model.predict([ok, { ...ok, sepal_lenght: 5 }]), 'INVALID_ARGUMENT', { record: 1, field: 'sepal_lenght' }, /does not know/);
  expectError(() => model.predict([ok, 7 as unknown as ModelRecord]), 'INVALID_ARGUMENT', { record: 1 }, /must be an object/);
  // The target and (on request) other extra fields may come along.
  assert.equal((model.predict({ ...ok, species: 'setosa' }) as ClassPrediction).label, 'setosa');
  assert.equal((model.predict({ ...ok, id: 7 }, { ignoreUnknownFields: true }) as ClassPrediction).label, 'setosa');

  const houseModel = await houses;
  const house = { area_m2: 95, rooms: 4, age_years: 12, district: 'north', distance_km: 6.5 };
  expectError(
    () => houseModel.predict([house, { ...house, district: 'harbour' }]),
    'INVALID_ARGUMENT',
    { record: 1, field: 'district', actual: 'harbour' },
    /"harbour", a category the model did not see in training; it knows "centre", "east"/,
  );
  expectError(
    () => houseModel.predict([house, [95, 4, 12, { north: true }, 6.5] as unknown as ModelRecord]),
    'INVALID_ARGUMENT',
    { record: 1, field: 'district' },
    /categories/,
  );
});

test('with missing: "mean" a missing input is filled in, as predictTable fills an empty cell', async () => {
  const csv = `${IRIS.trim()}\n`;
  const model = await trainModel(csv, { target: 'species', missing: 'mean', epochs: 5 });
  const fromRecord = model.predict({ ...SETOSA, sepal_width: null });
  const fromTable = predictTable(model, parseTable('sepal_length,sepal_width,petal_length,petal_width\n5.1,,1.4,0.2\n', model.preprocessing.readOptions()));
  assert.ok(fromTable.task === 'classification');
  assert.deepEqual(Object.values((fromRecord as ClassPrediction).probabilities), fromTable.probabilities[0]);
});

test('trainModel is reproducible from its seed, and the seed matters', async () => {
  const options = { target: 'species', hidden: [8], epochs: 20, validation: 0.2, seed: 3 };
  const [a, b, c] = await Promise.all([trainModel(IRIS, options), trainModel(IRIS, options), trainModel(IRIS, { ...options, seed: 4 })]);
  assert.equal(serializeModel(a), serializeModel(b));
  assert.notDeepEqual(c.network.toJSON(), a.network.toJSON());
});

test('trainModel makes the model `neurite train` makes with the same settings, bit for bit', async () => {
  const cases = [
    { file: 'iris.csv', flags: ['--target', 'species', '--epochs', '30', '--validation', '0.2'], options: { target: 'species', epochs: 30, validation: 0.2 } },
    // A regression, with the learning-rate finder and dropout.
    {
      file: 'houses-synthetic.csv',
      flags: ['--target', 'price_k', '--epochs', '5', '--hidden', '8', '--lr', 'auto', '--dropout', '0.1'],
      options: { target: 'price_k', epochs: 5, hidden: [8], learningRate: 'auto' as const, dropout: 0.1 },
    },
  ];
  for (const { file, flags, options } of cases) {
    const out = join(dir, `${file}.model.json`);
    const run = spawnSync(process.execPath, [CLI, 'train', DATA + file, ...flags, '-o', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const cli = parseModel(readFileSync(out, 'utf8'));
    const library = await trainModel(readFileSync(DATA + file, 'utf8'), options);
    assert.deepEqual(library.network.toJSON(), cli.network.toJSON(), file);
    assert.deepEqual(library.preprocessing.toJSON(), cli.preprocessing.toJSON(), file);
    // Everything the library records, the command line records the same (it adds the file, the version and the date).
    const { data, library: _version, date: _date, ...training } = cli.training;
    assert.deepEqual(library.training, training, file);
    assert.equal(data, file);
  }
});

test('trainModel stops on an AbortSignal with ABORTED, and reports progress through callbacks', async () => {
  const controller = new AbortController();
  const epochs: number[] = [];
  await assert.rejects(
    trainModel(IRIS, {
      target: 'species',
      signal: controller.signal,
      callbacks: {
        onEpochEnd: (log) => {
          epochs.push(log.epoch);
          if (log.epoch === 2) controller.abort();
        },
      },
    }),
    (error: unknown) => error instanceof NeuriteError && error.code === 'ABORTED' && error.details['epoch'] === 3,
  );
  assert.deepEqual(epochs, [0, 1, 2]);
  await assert.rejects(trainModel(IRIS, { target: 'species', signal: AbortSignal.abort() }), /aborted at epoch 0, batch 0/);
});

test('trainModel takes records and tables, and refuses what it cannot train on', async () => {
  const records = recordsOf(IRIS, '');
  const fromRecords = await trainModel(records, { target: 'species', epochs: 3 });
  const fromText = await trainModel(IRIS, { target: 'species', epochs: 3 });
  assert.deepEqual(fromRecords.network.toJSON(), fromText.network.toJSON());
  await assert.rejects(trainModel(IRIS, { target: 'species', epoch: 3 } as never), /no option "epoch"/);
  await assert.rejects(trainModel(IRIS, { target: 'species', hidden: 8 as never }), /hidden must be an array/);
  await assert.rejects(trainModel(42 as never, { target: 'species' }), /a Table, CSV text or an array of records/);
  const typo = `x,y\n${Array.from({ length: 30 }, (_, i) => `${i === 4 ? '4..5' : i % 10},${i % 2}`).join('\n')}\n`;
  await assert.rejects(
    trainModel(typo, { target: 'y' }),
    (error: unknown) => error instanceof NeuriteError && error.code === 'CSV_SCHEMA' && /categorical/.test(error.message),
  );
  const table = parseTable(typo, { columns: { x: 'categorical' } });
  assert.equal((await trainModel(table, { target: 'y', epochs: 1 })).task, 'classification');
});

test('a Model is put together only from parts that fit', async () => {
  const { preprocessing } = await iris;
  const network = Network.create({ inputs: 3, layers: [{ units: 3, activation: 'softmax' }] });
  assert.throws(() => new Model({ network, preprocessing }), /makes 4 features.*takes 3 inputs/);
  assert.throws(() => new Model({ network: {} as Network, preprocessing }), /needs a Network/);
});
