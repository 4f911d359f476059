import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Adam, Network, evaluate, findLearningRate, fit } from '../src/index.js';
import { parseTable, prepareDataset, type PreparedDataset } from '../src/data/index.js';
import { DATA } from './helpers/paths.js';

// Iris: a stratified 80/20 split with a fixed seed, inputs standardized on the training rows.
function irisSplit(): PreparedDataset {
  return prepareDataset(parseTable(readFileSync(DATA + 'iris.csv', 'utf8'), { file: 'iris.csv' }), { target: 'species', validation: 0, test: 0.2, seed: 42 });
}

function irisNetwork(): Network {
  return Network.create({
    inputs: 4,
    layers: [
      { units: 16, activation: 'relu' },
      { units: 3, activation: 'softmax' },
    ],
    seed: 42,
  });
}

test('iris: ≥ 95% test accuracy with softmax, cross-entropy and Adam', async () => {
  const data = irisSplit();
  assert.equal(data.test!.x.rows, 30);
  const counts = [0, 0, 0];
  for (const i of data.preprocessor.targetIndices(parseTable(readFileSync(DATA + 'iris.csv', 'utf8')), data.test!.rows)) counts[i]!++;
  assert.deepEqual(counts, [10, 10, 10], 'the split is stratified');
  const network = irisNetwork();
  await fit(network, data.train.x, data.train.y, {
    epochs: 150,
    batchSize: 16,
    loss: 'categorical_crossentropy',
    optimizer: new Adam({ learningRate: 0.01 }),
    regularization: { l2: 0.01 },
  });
  const { metrics } = evaluate(network, data.test!.x, data.test!.y, { loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  assert.ok(metrics['accuracy']! >= 0.95, `test accuracy ${metrics['accuracy']}`);
});

test("the learning-rate finder's suggestion trains iris to ≥ 95% and leaves the network it was given untouched", async () => {
  const data = irisSplit();
  const network = irisNetwork();
  const before = JSON.stringify(network.toJSON());
  const { suggestion, curve } = await findLearningRate(network, data.train.x, data.train.y, { loss: 'categorical_crossentropy', batchSize: 16, seed: 1 });
  assert.equal(JSON.stringify(network.toJSON()), before);
  assert.ok(curve.length > 20 && suggestion > 1e-5 && suggestion < 1, `suggestion ${suggestion}`);
  await fit(network, data.train.x, data.train.y, {
    epochs: 150,
    batchSize: 16,
    loss: 'categorical_crossentropy',
    optimizer: new Adam({ learningRate: suggestion }),
    regularization: { l2: 0.01 },
  });
  const { metrics } = evaluate(network, data.test!.x, data.test!.y, { loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  assert.ok(metrics['accuracy']! >= 0.95, `test accuracy ${metrics['accuracy']} with η = ${suggestion}`);
});
