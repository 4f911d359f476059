// Generates data/trend-season.csv: a daily series with a trend, a weekly season and noise, seeded, so the
// same command always writes the same file. Its last fifth rises above every value of its first four
// fifths: a forecaster that only predicts levels seen in training loses there to the naive last value.
//   npm run build && node scripts/make-series-csv.mjs
// sales = 100 + 0.5·t + 8·sin(2πt/7) + N(0, 1), t = 0 … 359 (days from 2021-01-01).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/src/index.js';

const rng = new Rng(2021);
const lines = ['date,sales'];
for (let t = 0; t < 360; t++) {
  const date = new Date(Date.UTC(2021, 0, 1 + t)).toISOString().slice(0, 10);
  const sales = 100 + 0.5 * t + 8 * Math.sin((2 * Math.PI * t) / 7) + rng.normal(0, 1);
  lines.push(`${date},${Math.round(sales * 100) / 100}`);
}
const out = fileURLToPath(new URL('../data/trend-season.csv', import.meta.url));
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length - 1} rows to ${out}`);
