import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Network, SGD, findLearningRate, fit } from '../src/index.js';

const seedX = [
  [-2, -1],
  [25, 6],
  [17, 4],
  [-15, -6],
];
const seedY = [[1], [0], [0], [1]];

test('the learning-rate finder sweeps exponentially, leaves the network untouched and suggests a rate that trains', async () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 1, dtype: 'float64', initializer: 'normal' });
  const before = network.parameters().map((p) => Array.from(p.value));
  const result = await findLearningRate(network, seedX, seedY, {
    batchSize: 1,
    steps: 300,
    minLearningRate: 1e-5,
    maxLearningRate: 100,
    optimizer: (lr) => new SGD({ learningRate: lr }),
  });
  assert.deepEqual(
    network.parameters().map((p) => Array.from(p.value)),
    before,
  );
  assert.ok(result.curve.length >= 50);
  const ratios = result.curve.slice(1).map((p, i) => p.learningRate / result.curve[i]!.learningRate);
  for (const r of ratios) assert.ok(Math.abs(r - ratios[0]!) < 1e-9);
  assert.ok(result.suggestion > 1e-5 && result.suggestion < 100);
  const { history } = await fit(network, seedX, seedY, { epochs: 300, batchSize: 1, optimizer: new SGD({ learningRate: result.suggestion }) });
  assert.ok(history[history.length - 1]!.loss < 0.02, `loss ${history[history.length - 1]!.loss} with η = ${result.suggestion}`);
});
