import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Adam, Network, evaluate, fit, predictClasses } from '../src/index.js';
import { encodeLabels, spirals } from '../src/data/index.js';

const xorX = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const xorY = [[0], [1], [1], [0]];

for (let seed = 1; seed <= 10; seed++) {
  test(`XOR is learned by a 2-4-1 tanh network, seed ${seed}`, async () => {
    const network = Network.create({
      inputs: 2,
      layers: [
        { units: 4, activation: 'tanh' },
        { units: 1, activation: 'sigmoid' },
      ],
      seed,
    });
    await fit(network, xorX, xorY, { epochs: 500, batchSize: 4, seed, loss: 'binary_crossentropy', optimizer: new Adam({ learningRate: 0.05 }) });
    assert.deepEqual(predictClasses(network, xorX), [0, 1, 1, 0]);
  });
}

test('two interleaved spirals: ≥ 95% training accuracy with 2-16-16-1', async () => {
  const data = spirals({ size: 300, seed: 7 });
  const y = encodeLabels(data.labels, 2);
  const network = Network.create({
    inputs: 2,
    layers: [
      { units: 16, activation: 'relu' },
      { units: 16, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    seed: 7,
  });
  await fit(network, data.x, y, { epochs: 500, batchSize: 16, loss: 'binary_crossentropy', optimizer: new Adam({ learningRate: 0.01 }) });
  const { metrics } = evaluate(network, data.x, y, { loss: 'binary_crossentropy', metrics: ['accuracy'] });
  assert.ok(metrics['accuracy']! >= 0.95, `accuracy ${metrics['accuracy']}`);
});
