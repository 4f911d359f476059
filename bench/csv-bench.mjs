// CSV parsing throughput: neurite's own parser against csv-parse and papaparse, on a generated numeric CSV.
// Not part of `npm test`. Run: (cd bench && npm ci) && npm run build && node bench/csv-bench.mjs [MB] [numeric|quoted]
// `quoted`: every row also has two quoted text fields with commas, doubled quotes and a line break.
// Every parser gets the same text; the streaming ones get it in 1 MiB chunks (what fs.createReadStream gives).
// Figures are MB/s of text (best of 3 runs after one warm-up), and rows parsed as a check.
import { parse as csvParseSync } from 'csv-parse/sync';
import { parse as csvParseStream } from 'csv-parse';
import Papa from 'papaparse';
import { CsvParser, TableBuilder, Rng } from '../dist/src/index.js';

const targetMB = Number(process.argv[2] ?? 50);
const quoted = process.argv[3] === 'quoted';
const COLS = 10;
const WORDS = ['alpha', 'beta, gamma', 'say ""hi""', 'multi\nline', 'plain'];

function generate(megabytes) {
  const rng = new Rng(1);
  const parts = [Array.from({ length: COLS }, (_, i) => `x${i}`).join(',') + ',label' + (quoted ? ',note,comment' : '') + '\n'];
  let size = parts[0].length;
  let rows = 0;
  while (size < megabytes * 1e6) {
    const fields = [];
    for (let c = 0; c < COLS; c++) fields.push(c % 3 === 0 ? String(rng.int(1000)) : rng.normal(0, 100).toFixed(4));
    fields.push(rng.int(3));
    if (quoted) fields.push(`"${WORDS[rng.int(5)]} ${WORDS[rng.int(5)]}"`, `"${WORDS[rng.int(5)]}"`);
    const line = fields.join(',') + '\n';
    parts.push(line);
    size += line.length;
    rows++;
  }
  return { text: parts.join(''), rows };
}

function chunks(text, size = 1 << 20) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const { text, rows } = generate(targetMB);
const pieces = chunks(text);
const mb = text.length / 1e6;
console.log(`${mb.toFixed(1)} MB ${quoted ? 'with quoted text' : 'numeric'}, ${rows} data rows × ${COLS + (quoted ? 3 : 1)} columns; Node ${process.version}`);

const contenders = {
  'neurite CsvParser (chunks → string[] records)': () => {
    let n = 0;
    const p = new CsvParser(() => n++);
    for (const c of pieces) p.push(c);
    p.end();
    return n - 1;
  },
  'neurite TableBuilder (chunks → Float64 columns)': () => {
    const b = new TableBuilder();
    for (const c of pieces) b.push(c);
    return b.end().rowCount;
  },
  'csv-parse/sync (string → string[] records)': () => csvParseSync(text).length - 1,
  'csv-parse/sync cast (string → numbers)': () => csvParseSync(text, { cast: true }).length - 1,
  'csv-parse stream (chunks → string[] records)': () =>
    new Promise((resolve, reject) => {
      let n = 0;
      const parser = csvParseStream();
      parser.on('readable', () => {
        while (parser.read() !== null) n++;
      });
      parser.on('end', () => resolve(n - 1));
      parser.on('error', reject);
      for (const c of pieces) parser.write(c);
      parser.end();
    }),
  'papaparse (string → string[] records)': () => Papa.parse(text, { skipEmptyLines: true }).data.length - 1,
  'papaparse dynamicTyping (string → numbers)': () => Papa.parse(text, { skipEmptyLines: true, dynamicTyping: true }).data.length - 1,
  'papaparse step (row callback, no array kept)': () => {
    let n = 0;
    Papa.parse(text, { skipEmptyLines: true, step: () => n++ });
    return n - 1;
  },
};

for (const [name, run] of Object.entries(contenders)) {
  let got = await run(); // warm-up
  if (got !== rows) throw new Error(`${name}: ${got} rows, expected ${rows}`);
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    got = await run();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${name.padEnd(50)} ${(mb / (best / 1000)).toFixed(1).padStart(7)} MB/s  (${(best / 1000).toFixed(2)} s)`);
}
