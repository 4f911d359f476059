import { blobs, circles, moons, NeuriteError, Rng, spirals, xor, type Dataset2D } from '../../../src/index.js';
import { isNumber, type CsvTable } from './csv.js';
import type { Settings } from './settings.js';

/** How raw inputs become network inputs: x' = (x − mean) / std, per column. */
export interface Normalization {
  mean: [number, number];
  std: [number, number];
}

/** The data a run trains on, ready for the network and for drawing. */
export interface PreparedData {
  /** Names of the two input columns (the axes of the 2-D view). */
  inputNames: [string, string];
  targetName: string;
  /** Class names, in class-index order. */
  labels: string[];
  /** Raw inputs, as the user sees them. */
  raw: Array<[number, number]>;
  /** Class index of each row. */
  classes: number[];
  /** Network inputs (normalized) and targets (a 0/1 column for two classes, one-hot rows for more). */
  x: number[][];
  y: number[][];
  isValidation: boolean[];
  normalization: Normalization;
}

/** The seed's four people (data/gender.csv): inputs shifted by 135 lb and 66 in, as the seed does. */
export const GENDER_PEOPLE: ReadonlyArray<{ name: string; weight: number; height: number; gender: 'F' | 'M' }> = [
  { name: 'Alice', weight: 133, height: 65, gender: 'F' },
  { name: 'Bob', weight: 160, height: 72, gender: 'M' },
  { name: 'Charlie', weight: 152, height: 70, gender: 'M' },
  { name: 'Diana', weight: 120, height: 60, gender: 'F' },
];

export const MAX_CLASSES = 10;

/**
 * Which rows are held out for validation: the last ⌊n · fraction⌋ of a shuffle of 0..n−1 by `Rng(seed)`,
 * none when that would leave fewer than two training rows.
 */
export function splitIndices(n: number, fraction: number, seed: number): boolean[] {
  const flags = new Array<boolean>(n).fill(false);
  const count = Math.floor(n * fraction);
  if (count < 1 || n - count < 2) return flags;
  const order = new Rng(seed).shuffle(Array.from({ length: n }, (_, i) => i));
  for (let i = n - count; i < n; i++) flags[order[i]!] = true;
  return flags;
}

export function prepareData(settings: Settings, csv?: CsvTable | null): PreparedData {
  const base = settings.data === 'csv' ? fromCsv(settings, csv) : settings.data === 'gender' ? gender() : synthetic(settings);
  const isValidation = splitIndices(base.raw.length, settings.validation, settings.dataSeed);
  const normalization = base.normalization ?? standardization(base.raw, isValidation, settings.standardize);
  const k = base.labels.length;
  const x = base.raw.map(([a, b]) => [(a - normalization.mean[0]) / normalization.std[0], (b - normalization.mean[1]) / normalization.std[1]]);
  const y = base.classes.map((c) => (k <= 2 ? [c] : Array.from({ length: k }, (_, j) => (j === c ? 1 : 0))));
  return { ...base, x, y, isValidation, normalization };
}

interface BaseData {
  inputNames: [string, string];
  targetName: string;
  labels: string[];
  raw: Array<[number, number]>;
  classes: number[];
  normalization?: Normalization;
}

const IDENTITY: Normalization = { mean: [0, 0], std: [1, 1] };

function synthetic(s: Settings): BaseData {
  const options = { size: s.size, noise: s.noise, seed: s.dataSeed };
  const make: Record<string, () => Dataset2D> = {
    xor: () => xor(options),
    circles: () => circles(options),
    moons: () => moons(options),
    spirals: () => spirals(options),
    blobs: () => blobs({ ...options, centers: s.classes }),
  };
  const d = make[s.data]!();
  return {
    inputNames: ['x1', 'x2'],
    targetName: 'label',
    labels: Array.from({ length: d.classes }, (_, i) => String(i)),
    raw: d.x.map((p) => [p[0]!, p[1]!]),
    classes: d.labels,
    normalization: IDENTITY,
  };
}

function gender(): BaseData {
  return {
    inputNames: ['weight_lb', 'height_in'],
    targetName: 'gender',
    labels: ['M', 'F'], // the seed: Male = 0, Female = 1
    raw: GENDER_PEOPLE.map((p) => [p.weight, p.height]),
    classes: GENDER_PEOPLE.map((p) => (p.gender === 'F' ? 1 : 0)),
    normalization: { mean: [135, 66], std: [1, 1] },
  };
}

function fromCsv(s: Settings, table: CsvTable | null | undefined): BaseData {
  if (!table) throw new NeuriteError('INVALID_ARGUMENT', 'No CSV file is loaded: pick or drop one first');
  const col = (name: string, what: string) => {
    const i = table.columns.indexOf(name);
    if (i < 0) throw new NeuriteError('CSV_SCHEMA', `The ${what} column ${JSON.stringify(name)} is not in the CSV; it has ${table.columns.join(', ')}`);
    return i;
  };
  const xi = col(s.csvX, 'first input');
  const yi = col(s.csvY, 'second input');
  const ti = col(s.csvTarget, 'target');
  if (ti === xi || ti === yi) throw new NeuriteError('CSV_SCHEMA', 'The target column must differ from the two input columns');
  const raw: Array<[number, number]> = [];
  const targets: string[] = [];
  table.rows.forEach((r, i) => {
    for (const [c, name] of [[xi, s.csvX], [yi, s.csvY]] as const) {
      if (!isNumber(r[c]!)) {
        throw new NeuriteError('CSV_SCHEMA', `CSV line ${i + 2}, column ${JSON.stringify(name)}: ${JSON.stringify(r[c])} is not a number`, { line: i + 2, column: c + 1 });
      }
    }
    const t = r[ti]!.trim();
    if (t === '') throw new NeuriteError('MISSING_VALUE', `CSV line ${i + 2} has no value in the target column ${JSON.stringify(s.csvTarget)}`, { line: i + 2 });
    raw.push([Number(r[xi]), Number(r[yi])]);
    targets.push(t);
  });
  const distinct = [...new Set(targets)];
  const numeric = distinct.every(isNumber);
  distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (distinct.length < 2 || distinct.length > MAX_CLASSES) {
    throw new NeuriteError(
      'CSV_SCHEMA',
      `The target column ${JSON.stringify(s.csvTarget)} has ${distinct.length} distinct values; the playground classifies into 2 to ${MAX_CLASSES} classes`,
    );
  }
  const index = new Map(distinct.map((v, i) => [v, i]));
  return { inputNames: [s.csvX, s.csvY], targetName: s.csvTarget, labels: distinct, raw, classes: targets.map((t) => index.get(t)!) };
}

/** Means and standard deviations of the training rows (or the identity when not standardizing). */
function standardization(raw: Array<[number, number]>, isValidation: boolean[], on: boolean): Normalization {
  if (!on) return IDENTITY;
  const rows = raw.filter((_, i) => !isValidation[i]);
  const mean = [0, 1].map((c) => rows.reduce((s, r) => s + r[c]!, 0) / rows.length) as [number, number];
  const std = [0, 1].map((c) => {
    const v = rows.reduce((s, r) => s + (r[c]! - mean[c]!) ** 2, 0) / rows.length;
    return v > 0 ? Math.sqrt(v) : 1;
  }) as [number, number];
  return { mean, std };
}

/** Picks sensible CSV columns: the first two numeric ones as inputs, the last other column as the target. */
export function guessCsvColumns(table: CsvTable, numeric: string[]): { x: string; y: string; target: string } | null {
  if (numeric.length < 2) return null;
  const [x, y] = numeric as [string, string];
  const rest = table.columns.filter((c) => c !== x && c !== y);
  const target = rest[rest.length - 1];
  return target === undefined ? null : { x, y, target };
}
