// Memory while reading a large CSV through the streaming TableBuilder. Not part of `npm test`.
// Run: npm run build && node --expose-gc bench/table-memory.mjs [MB]   (writes a temporary file, then removes it)
// Prints the peak resident memory while reading, and the size of the table's typed arrays.
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../dist/src/index.js';
import { readTableFile } from '../dist/src/node/read-table-file.js';

const megabytes = Number(process.argv[2] ?? 200);
const path = join(tmpdir(), `neurite-bench-${process.pid}.csv`);
const COLS = 10;

async function write() {
  const out = createWriteStream(path);
  const rng = new Rng(2);
  out.write(Array.from({ length: COLS }, (_, i) => `x${i}`).join(',') + ',label\n');
  let size = 0;
  while (size < megabytes * 1e6) {
    let block = '';
    for (let r = 0; r < 2000; r++) {
      const fields = [];
      for (let c = 0; c < COLS; c++) fields.push(rng.normal(0, 100).toFixed(4));
      fields.push(['cat', 'dog', 'bird'][rng.int(3)]);
      block += fields.join(',') + '\n';
    }
    size += block.length;
    if (!out.write(block)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}

await write();
globalThis.gc?.();
const base = process.memoryUsage().rss;
let peak = base;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const table = await readTableFile(path);
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss);
const fileMB = statSync(path).size / 1e6;
rmSync(path, { force: true });
globalThis.gc?.();
const dataMB = table.columns.reduce((n, c) => n + (c.kind === 'numeric' ? c.values.byteLength : c.codes.byteLength), table.lines.byteLength) / 1e6;
const mem = process.memoryUsage();
console.log(`file ${fileMB.toFixed(0)} MB, ${table.rowCount} rows, read in ${seconds.toFixed(1)} s (${(fileMB / seconds).toFixed(0)} MB/s from disk)`);
console.log(`table typed arrays ${dataMB.toFixed(0)} MB (numbers ${COLS}×8 B, category codes 4 B, line numbers 4 B per row)`);
console.log(
  `resident memory: ${(base / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB while reading (+${((peak - base) / 1e6).toFixed(0)} MB); after: heap ${(mem.heapUsed / 1e6).toFixed(0)} MB, array buffers ${(mem.arrayBuffers / 1e6).toFixed(0)} MB`,
);
