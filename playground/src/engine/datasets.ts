import { NeuriteError, Rng } from '../../../src/index.js';
import {
  blobs,
  circles,
  moons,
  Preprocessor,
  spirals,
  tableFromRecords,
  xor,
  type BinaryEncoding,
  type Dataset2D,
  type NumericInputJSON,
  type Table,
} from '../../../src/data/index.js';
import { numericReader } from '../../../src/data/columns.js';
import type { Settings } from './settings.js';

/** The data a run trains on, ready for the network and for drawing. */
export interface PreparedData {
  /** Names of the two input columns (the axes of the 2-D view). */
  inputNames: [string, string];
  targetName: string;
  /** Class names, in class-index order. */
  labels: string[];
  /** The rows as a table: the CSV file, or the generated points as columns x1, x2, label. */
  table: Table;
  /**
   * The library's preprocessing, fitted on the training rows: raw rows → network inputs, network outputs →
   * classes. The model file holds it, so `neurite predict` reads a CSV with these columns the same way.
   */
  preprocessor: Preprocessor;
  /** Raw inputs, as the user sees them. */
  raw: Array<[number, number]>;
  /** Class index of each row. */
  classes: number[];
  /** Network inputs (preprocessed) and targets (a 0/1 column for one sigmoid output, one-hot rows otherwise). */
  x: number[][];
  y: number[][];
  isValidation: boolean[];
  /** Per input, from the preprocessor: network input = (raw − offset) / scale. */
  scaling: { offset: [number, number]; scale: [number, number] };
}

/** The seed's four people (data/gender.csv). */
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

/**
 * Two classes: one sigmoid output (`single`), unless the loss is categorical cross-entropy, which needs a
 * softmax over one output per class (`one-hot`). More classes are always one-hot.
 */
export function binaryEncoding(settings: Settings): BinaryEncoding {
  return settings.loss === 'categorical_cross_entropy' ? 'one-hot' : 'single';
}

interface Source {
  table: Table;
  inputNames: [string, string];
  targetName: string;
  /** The class order, when the data fixes it (else sorted, as `Preprocessor.fit` does). */
  classes?: string[];
  standardize: boolean;
}

export function prepareData(settings: Settings, csv?: Table | null): PreparedData {
  const source = settings.data === 'csv' ? fromCsv(settings, csv) : settings.data === 'gender' ? gender() : synthetic(settings);
  const { table, inputNames, targetName } = source;
  const n = table.rowCount;
  const isValidation = splitIndices(n, settings.validation, settings.dataSeed);
  const trainRows = isValidation.flatMap((v, i) => (v ? [] : [i]));
  const preprocessor = Preprocessor.fit(table, {
    target: targetName,
    inputs: inputNames,
    task: 'classification',
    scaling: source.standardize ? 'standard' : 'none',
    rows: trainRows,
    // Every row's label makes the class list, so a class seen only in validation still gets its output.
    classRows: Array.from({ length: n }, (_, i) => i),
    ...(source.classes ? { classes: source.classes } : {}),
    binaryEncoding: binaryEncoding(settings),
  });
  const labels = [...preprocessor.classes];
  if (labels.length > MAX_CLASSES) {
    throw new NeuriteError(
      'CSV_SCHEMA',
      `The target column ${JSON.stringify(targetName)} has ${labels.length} distinct values; the playground classifies into 2 to ${MAX_CLASSES} classes`,
      { field: targetName, actual: labels.length, expected: MAX_CLASSES },
    );
  }
  const readA = numericReader(table, table.column(inputNames[0]));
  const readB = numericReader(table, table.column(inputNames[1]));
  const [first, second] = preprocessor.inputs.map((input) => {
    if (input.kind !== 'numeric')
      throw new NeuriteError('CSV_SCHEMA', `The input column ${JSON.stringify(input.name)} does not hold numbers`, { field: input.name });
    return input;
  }) as [NumericInputJSON, NumericInputJSON];
  return {
    inputNames,
    targetName,
    labels,
    table,
    preprocessor,
    raw: Array.from({ length: n }, (_, r) => [readA(r), readB(r)]),
    classes: Array.from(preprocessor.targetIndices(table)),
    x: preprocessor.transform(table, undefined, { dtype: 'float64' }).toArray(),
    y: preprocessor.transformTarget(table, undefined, 'float64').toArray(),
    isValidation,
    scaling: { offset: [first.offset, second.offset], scale: [first.scale, second.scale] },
  };
}

function synthetic(s: Settings): Source {
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
    table: tableFromRecords(d.x.map((p, i) => ({ x1: p[0]!, x2: p[1]!, label: d.labels[i]! }))),
    inputNames: ['x1', 'x2'],
    targetName: 'label',
    classes: Array.from({ length: d.classes }, (_, i) => String(i)),
    standardize: true,
  };
}

function gender(): Source {
  return {
    table: tableFromRecords(GENDER_PEOPLE.map((p) => ({ weight_lb: p.weight, height_in: p.height, gender: p.gender }))),
    inputNames: ['weight_lb', 'height_in'],
    targetName: 'gender',
    classes: ['M', 'F'], // the seed: Male = 0, Female = 1
    standardize: true,
  };
}

function fromCsv(s: Settings, table: Table | null | undefined): Source {
  if (!table) throw new NeuriteError('INVALID_ARGUMENT', 'No CSV file is loaded: pick or drop one first');
  const roles = [
    [s.csvX, 'first input'],
    [s.csvY, 'second input'],
    [s.csvTarget, 'target'],
  ] as const;
  for (const [name, role] of roles) {
    if (!table.has(name)) {
      throw new NeuriteError('CSV_SCHEMA', `The ${role} column ${JSON.stringify(name)} is not in the CSV; it has ${table.columnNames.join(', ')}`, {
        field: name,
        expected: table.columnNames,
      });
    }
  }
  if (s.csvTarget === s.csvX || s.csvTarget === s.csvY) throw new NeuriteError('CSV_SCHEMA', 'The target column must differ from the two input columns');
  if (s.csvX === s.csvY) throw new NeuriteError('CSV_SCHEMA', 'The two input columns must differ');
  for (const name of [s.csvX, s.csvY]) {
    const column = table.column(name);
    if (column.kind === 'numeric') continue;
    // The library's reader names the first row that is not a number.
    const read = numericReader(table, column, 'it is an input on the map');
    for (let r = 0; r < table.rowCount; r++) read(r);
    throw new NeuriteError('CSV_SCHEMA', `The input column ${JSON.stringify(name)} does not hold numbers`, { field: name });
  }
  return { table, inputNames: [s.csvX, s.csvY], targetName: s.csvTarget, standardize: s.standardize };
}
