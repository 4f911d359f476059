import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_MODEL_LIMITS, MeanSquaredError, Network, NeuriteError, parseModel, serializeModel, SGD, type Matrix } from '../src/index.js';
import { predictTable, prepareDataset } from '../src/data/index.js';
import { writeFileAtomic } from '../src/node/atomic-write.js';
import { readModelText, readTableFile } from '../src/node/read-table-file.js';
import { DATA } from './helpers/paths.js';

function train(network: Network, x: Matrix, y: Matrix, epochs: number, learningRate: number): void {
  const loss = new MeanSquaredError();
  const sgd = new SGD({ learningRate });
  for (let epoch = 0; epoch < epochs; epoch++) network.trainStep(x, y, loss, sgd);
}

test('CSV file → table → matrices → trained network → model file → predictions (regression)', async () => {
  const table = await readTableFile(DATA + 'houses-synthetic.csv');
  assert.equal(table.file, 'houses-synthetic.csv');
  assert.equal(table.rowCount, 300);
  const data = prepareDataset(table, { target: 'price_k', validation: 0.2, seed: 1, dtype: 'float64' });
  assert.equal(data.task, 'regression');
  assert.deepEqual(data.preprocessor.featureNames.slice(0, 3), ['area_m2', 'rooms', 'age_years']);
  assert.equal(data.preprocessor.inputWidth, 9, '4 numeric + 5 districts');
  const network = Network.create({
    inputs: data.preprocessor.inputWidth,
    layers: [{ units: 8 }, { units: 1, activation: 'linear' }],
    dtype: 'float64',
    seed: 3,
  });
  train(network, data.train.x, data.train.y, 400, 0.1);

  // validation error in k€, against the spread of prices
  const truth = data.preprocessor.targetValues(table, data.validation!.rows);
  const predicted = data.preprocessor.inverseTarget(network.forward(data.validation!.x));
  const rmse = Math.sqrt(truth.reduce((s, t, i) => s + (t - predicted[i]!) ** 2, 0) / truth.length);
  const mean = truth.reduce((s, t) => s + t, 0) / truth.length;
  const std = Math.sqrt(truth.reduce((s, t) => s + (t - mean) ** 2, 0) / truth.length);
  assert.ok(rmse < 0.5 * std, `validation RMSE ${rmse.toFixed(1)} should be well under the spread ${std.toFixed(1)}`);

  const dir = mkdtempSync(join(tmpdir(), 'neurite-pipeline-'));
  try {
    const path = join(dir, 'houses.model.json');
    const model = { network, preprocessing: data.preprocessor, training: { seed: 3, epochs: 400, metrics: { validation: { rmse } } } };
    await writeFileAtomic(path, serializeModel(model));
    const loaded = parseModel(await readModelText(path, DEFAULT_MODEL_LIMITS.maxTextLength), { file: 'houses.model.json' });
    const fresh = await readTableFile(DATA + 'houses-synthetic.csv', loaded.preprocessing.readOptions());
    assert.deepEqual(fresh.columnNames, ['area_m2', 'rooms', 'age_years', 'district', 'distance_km']);
    const before = predictTable(model, fresh);
    const after = predictTable(loaded, fresh);
    assert.deepEqual(after, before);
    assert.ok(after.task === 'regression' && after.values.length === 300);
    await assert.rejects(readModelText(path, 10), (e: unknown) => e instanceof NeuriteError && e.code === 'MODEL_FORMAT');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('gender.csv → model → gender-new.csv: Emily female, Frank male', async () => {
  const table = await readTableFile(DATA + 'gender.csv');
  const data = prepareDataset(table, { target: 'gender', validation: 0, classes: ['M', 'F'], dtype: 'float64' });
  assert.deepEqual(
    data.notices.map((n) => n.code),
    ['IDENTIFIER_COLUMN'],
  );
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], dtype: 'float64', seed: 42, biasInitializer: 'normal' });
  train(network, data.train.x, data.train.y, 2000, 0.5);
  const model = parseModel(serializeModel({ network, preprocessing: data.preprocessor, training: {} }));
  const people = await readTableFile(DATA + 'gender-new.csv', model.preprocessing.readOptions());
  const result = predictTable(model, people);
  assert.ok(result.task === 'classification');
  assert.deepEqual(result.labels, ['F', 'M']);
  assert.ok(result.probabilities[0]![1]! > 0.9, `Emily: P(F) = ${result.probabilities[0]![1]}`);
  assert.ok(result.probabilities[1]![1]! < 0.1, `Frank: P(F) = ${result.probabilities[1]![1]}`);
});

test('reading a missing file is an IO error naming it', async () => {
  await assert.rejects(
    readTableFile(DATA + 'nope.csv'),
    (e: unknown) => e instanceof NeuriteError && e.code === 'IO' && /nope\.csv: no such file/.test(e.message),
  );
});
