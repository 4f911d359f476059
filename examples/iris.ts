// Iris: three species from four measurements. A table from CSV, a stratified split, standardized inputs,
// a softmax output with cross-entropy, Adam, early stopping on the validation loss, and a test report.
// Run: npm run build && node dist/examples/iris.js
import { readFileSync } from 'node:fs';
import { Adam, Network, classificationReport, fit, predictClasses, toClassIndices } from 'neurite';
import { parseTable, prepareDataset } from 'neurite/data';

// The package ships its small data sets in data/ (beside its package.json).
const csv = readFileSync(new URL('data/iris.csv', import.meta.resolve('neurite/package.json')), 'utf8');
const table = parseTable(csv, { file: 'iris.csv' });

// 60% train, 20% validation, 20% test; each split keeps the classes' shares. The preprocessor learns
// its means and standard deviations from the training rows only.
const data = prepareDataset(table, { target: 'species', validation: 0.2, test: 0.2, seed: 42 });
const classes = data.preprocessor.classes;
console.log(`${table.rowCount} rows; classes ${classes.join(', ')}; inputs ${data.preprocessor.featureNames.join(', ')}`);

const network = Network.create({
  inputs: data.train.x.cols,
  layers: [
    { units: 16, activation: 'relu' },
    { units: classes.length, activation: 'softmax' },
  ],
  seed: 42,
});

const result = await fit(network, data.train.x, data.train.y, {
  epochs: 300,
  batchSize: 16,
  loss: 'categorical_cross_entropy',
  optimizer: new Adam({ learningRate: 0.01 }),
  metrics: ['accuracy'],
  validationData: [data.validation!.x, data.validation!.y],
  earlyStopping: { patience: 30 },
});
console.log(`stopped: ${result.stopReason} after ${result.history.length} epochs (best epoch ${result.bestEpoch})`);

const test = data.test!;
const report = classificationReport(toClassIndices(test.y), predictClasses(network, test.x), classes.length);
console.log(`test accuracy ${report.accuracy.toFixed(3)} on ${test.x.rows} flowers`);
report.classes.forEach((c, i) =>
  console.log(`  ${classes[i]!.padEnd(12)} precision ${c.precision.toFixed(2)}  recall ${c.recall.toFixed(2)}  f1 ${c.f1.toFixed(2)}`),
);
