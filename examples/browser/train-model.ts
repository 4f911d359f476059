// Trains the model the browser page loads: gender (F/M) from weight (lb) and height (in), the seed's four
// people, as a complete model file (network + preprocessing), written to the path given.
// Run: npm run build && node dist/examples/browser/train-model.js examples/browser/gender.model.json
import { readFileSync, writeFileSync } from 'node:fs';
import { Adam, Network, fit, serializeModel } from 'neurite';
import { parseTable, prepareDataset } from 'neurite/data';

const out = process.argv[2];
if (!out) {
  console.error('usage: node dist/examples/browser/train-model.js <model.json>');
  process.exit(2);
}
const csv = readFileSync(new URL('data/gender.csv', import.meta.resolve('neurite/package.json')), 'utf8');
// The name column identifies people; it is left out of the inputs (with a notice). M = 0, F = 1 as in the seed.
const data = prepareDataset(parseTable(csv, { file: 'gender.csv' }), { target: 'gender', validation: 0, classes: ['M', 'F'], dtype: 'float64' });
const network = Network.create({
  inputs: 2,
  layers: [
    { units: 2, activation: 'sigmoid' },
    { units: 1, activation: 'sigmoid' },
  ],
  dtype: 'float64',
  seed: 42,
});
const { history } = await fit(network, data.train.x, data.train.y, {
  epochs: 500,
  batchSize: 4,
  loss: 'binary_cross_entropy',
  optimizer: new Adam({ learningRate: 0.05 }),
});
writeFileSync(
  out,
  serializeModel({ network, preprocessing: data.preprocessor, training: { seed: 42, epochs: 500, metrics: { train: { loss: history.at(-1)!.loss } } } }),
);
console.log(`wrote ${out} (final loss ${history.at(-1)!.loss.toExponential(2)})`);
