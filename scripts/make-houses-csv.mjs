// Generates data/houses-synthetic.csv: a small, synthetic but plausible regression data set (house prices),
// seeded, so the same command always writes the same file.
//   npm run build && node scripts/make-houses-csv.mjs
// price_k = 1.9·area_m2 + 15·rooms − 0.6·age_years − 4·distance_km + district premium + N(0, 15²), in k€.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Rng } from '../dist/src/index.js';

const rng = new Rng(2024);
const districts = { centre: 120, north: 40, south: 10, east: 25, west: 30 };
const names = Object.keys(districts);
const lines = ['area_m2,rooms,age_years,district,distance_km,price_k'];
for (let i = 0; i < 300; i++) {
  const area = Math.round(rng.range(40, 220) * 10) / 10;
  const rooms = Math.min(8, Math.max(1, Math.round(area / 30 + rng.normal(0, 0.7))));
  const age = rng.int(81);
  const district = names[rng.int(names.length)];
  const distance = Math.round((district === 'centre' ? rng.range(0.5, 3) : rng.range(3, 15)) * 10) / 10;
  const price = 1.9 * area + 15 * rooms - 0.6 * age - 4 * distance + districts[district] + rng.normal(0, 15);
  lines.push([area, rooms, age, district, distance, Math.round(price * 10) / 10].join(','));
}
const out = fileURLToPath(new URL('../data/houses-synthetic.csv', import.meta.url));
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length - 1} rows to ${out}`);
