import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { DATA } from './paths.js';

/**
 * Runs an ONNX model in ONNX Runtime (CPU) on rows of raw features; returns the output rows. `shape` is one
 * sample's shape when it is not a row (an image [h, w, c]: each row then holds its values in that order); an
 * output of any shape comes back one row per sample, in row-major order.
 */
export async function runOnnx(
  bytes: Uint8Array,
  rows: number[][],
  { dtype = 'float32', input = 'input', output = 'output', shape = undefined as readonly number[] | undefined } = {},
): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const dims = [rows.length, ...(shape ?? [rows[0]!.length])];
    const flat = rows.flat();
    const tensor = dtype === 'float64' ? new ort.Tensor('float64', Float64Array.from(flat), dims) : new ort.Tensor('float32', Float32Array.from(flat), dims);
    const result = (await session.run({ [input]: tensor }))[output]!;
    const n = result.dims[0]!;
    const data = result.data as Float32Array | Float64Array;
    const k = data.length / n;
    return Array.from({ length: n }, (_, r) => Array.from(data.subarray(r * k, (r + 1) * k)));
  } finally {
    await session.release();
  }
}

/**
 * The largest |a − b| / max(1, |b|) over two equally shaped row sets: the absolute difference for values up to
 * 1 in size (every probability), the relative one beyond, where float32 itself spaces values wider than 1e-5
 * (from 128 up).
 */
export function maxAbsDiff(a: number[][], b: number[][]): number {
  if (a.length !== b.length) throw new Error(`row counts differ: ${a.length} vs ${b.length}`);
  let max = 0;
  a.forEach((row, r) => {
    if (row.length !== b[r]!.length) throw new Error(`row ${r}: ${row.length} vs ${b[r]!.length} values`);
    row.forEach((v, c) => (max = Math.max(max, Math.abs(v - b[r]![c]!) / Math.max(1, Math.abs(b[r]![c]!)))));
  });
  return max;
}

/** data/iris.csv: four numeric features, the species as a label. */
export function readIris(): { x: number[][]; labels: string[]; y: number[] } {
  const lines = readFileSync(DATA + 'iris.csv', 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1);
  const names: string[] = [];
  const x: number[][] = [];
  const y: number[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    x.push(cells.slice(0, 4).map(Number));
    const species = cells[4]!;
    if (!names.includes(species)) names.push(species);
    y.push(names.indexOf(species));
  }
  return { x, labels: names, y };
}

/** Per-column mean and (population) standard deviation. */
export function columnStats(x: number[][]): { mean: number[]; std: number[]; min: number[]; max: number[] } {
  const cols = x[0]!.length;
  const mean = Array.from({ length: cols }, (_, c) => x.reduce((s, row) => s + row[c]!, 0) / x.length);
  const std = mean.map((m, c) => Math.sqrt(x.reduce((s, row) => s + (row[c]! - m) ** 2, 0) / x.length));
  const min = mean.map((_, c) => Math.min(...x.map((row) => row[c]!)));
  const max = mean.map((_, c) => Math.max(...x.map((row) => row[c]!)));
  return { mean, std, min, max };
}
