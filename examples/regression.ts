// Regression: house prices (k€) from area, rooms, age, district and distance to the centre, a synthetic
// but plausible data set. Numeric inputs are standardized, the district one-hot encoded, the target
// standardized for training and turned back into k€ for the report. Then the whole pipeline is saved as a
// model file, loaded again, and asked about a new house given as raw values.
// Run: npm run build && node dist/examples/regression.js
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, Network, fit, meanAbsoluteError, parseModel, r2Score, rootMeanSquaredError, serializeModel } from 'neurite';
import { parseTable, prepareDataset } from 'neurite/data';

const csv = readFileSync(new URL('data/houses-synthetic.csv', import.meta.resolve('neurite/package.json')), 'utf8');
const table = parseTable(csv, { file: 'houses-synthetic.csv' });
const data = prepareDataset(table, { target: 'price_k', validation: 0.2, seed: 1 });
console.log(`task: ${data.task}; ${data.train.x.rows} training rows, ${data.validation!.x.rows} validation rows`);
console.log(`features: ${data.preprocessor.featureNames.join(', ')}`);

const network = Network.create({
  inputs: data.train.x.cols,
  layers: [
    { units: 32, activation: 'relu' },
    { units: 1, activation: 'linear' },
  ],
  seed: 3,
});
await fit(network, data.train.x, data.train.y, { epochs: 300, batchSize: 32, loss: 'mse', optimizer: new Adam({ learningRate: 0.005 }) });

// Errors in k€: the preprocessor turns the network's standardized outputs back into prices.
const validation = data.validation!;
const truth = data.preprocessor.targetValues(table, validation.rows);
const predicted = data.preprocessor.inverseTarget(network.forward(validation.x));
console.log(
  `validation: RMSE ${rootMeanSquaredError(truth, predicted).toFixed(1)} k€, MAE ${meanAbsoluteError(truth, predicted).toFixed(1)} k€, R² ${r2Score(truth, predicted).toFixed(3)}`,
);

// A model file holds the network, the preprocessing and how it was trained; parseModel validates it all.
const dir = mkdtempSync(join(tmpdir(), 'neurite-example-'));
try {
  const path = join(dir, 'houses.model.json');
  writeFileSync(path, serializeModel({ network, preprocessing: data.preprocessor, training: { seed: 3, epochs: 300 } }));
  const model = parseModel(readFileSync(path, 'utf8'), { file: path }); // a Model: raw values in, k€ out
  const prediction = model.predict({ area_m2: 95, rooms: 4, age_years: 12, district: 'north', distance_km: 6.5 });
  if ('value' in prediction) console.log(`a 95 m², 4-room, 12-year-old house in the north, 6.5 km out: ${prediction.value.toFixed(0)} k€`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
