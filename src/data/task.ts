import { NeuriteError, describe } from '../errors.js';
import type { Column } from './table.js';
import { numberText } from './values.js';

/** What a model predicts: a class (classification) or a number (regression). */
export type Task = 'classification' | 'regression';

/**
 * A numeric target with at most this many distinct values, all integers, is read as class labels.
 *
 * @example
 * ```ts
 * import { MAX_INTEGER_CLASSES, detectTask, parseTable } from 'neurite/data';
 * console.log(MAX_INTEGER_CLASSES); // 10: integer targets with at most this many values are classes
 * const table = parseTable('x,digit\n0.1,3\n0.4,7\n0.2,3\n0.9,1\n');
 * console.log(detectTask(table.column('digit'))); // 'classification'
 * ```
 */
export const MAX_INTEGER_CLASSES = 10;

/**
 * Classification or regression, from the target column:
 * - categorical (any text) → classification;
 * - numeric, every value an integer, and at most `MAX_INTEGER_CLASSES` (10) distinct values → classification
 *   (labels like 0/1 or 1..5);
 * - any other numeric column → regression.
 * Only the given rows count (default: all), and missing values are skipped. Pass `task` explicitly to decide
 * otherwise (e.g. a 1..5 rating as regression).
 *
 * @example
 * ```ts
 * import { detectTask, parseTable } from 'neurite/data';
 * const table = parseTable('area,price,type\n50,120.5,flat\n80,210.25,house\n65,150.75,flat\n');
 * console.log(detectTask(table.column('price')), detectTask(table.column('type'))); // regression classification
 * ```
 */
export function detectTask(column: Column, rows?: ArrayLike<number>): Task {
  if (column.kind === 'categorical') return 'classification';
  const values = column.values;
  const distinct = new Set<number>();
  const n = rows ? rows.length : values.length;
  for (let k = 0; k < n; k++) {
    const v = values[rows ? rows[k]! : k]!;
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) return 'regression';
    distinct.add(v);
    if (distinct.size > MAX_INTEGER_CLASSES) return 'regression';
  }
  return 'classification';
}

/**
 * The class labels of a target column over the given rows, as text, sorted: numerically for numeric labels,
 * by UTF-16 code units for text (the same in every environment, unlike `localeCompare`). `order`, when
 * given, fixes the order instead (every label present must be in it; labels absent from the data are kept).
 *
 * @example
 * ```ts
 * import { classLabels, parseTable } from 'neurite/data';
 * const table = parseTable('x,size\n1,small\n2,large\n3,medium\n4,small\n');
 * console.log(classLabels(table.column('size'), [0, 1, 2, 3])); // ['large', 'medium', 'small']: sorted
 * ```
 */
export function classLabels(column: Column, rows: ArrayLike<number>, order?: readonly string[]): string[] {
  let labels: string[];
  if (column.kind === 'numeric') {
    const distinct = new Set<number>();
    for (let k = 0; k < rows.length; k++) {
      const v = column.values[rows[k]!]!;
      if (!Number.isNaN(v)) distinct.add(v === 0 ? 0 : v);
    }
    labels = [...distinct].sort((a, b) => a - b).map(numberText);
  } else {
    const used = new Uint8Array(column.categories.length);
    for (let k = 0; k < rows.length; k++) {
      const code = column.codes[rows[k]!]!;
      if (code >= 0) used[code] = 1;
    }
    labels = column.categories.filter((_, code) => used[code] === 1).sort(compareText);
  }
  if (order !== undefined) {
    if (!Array.isArray(order) || !order.every((o) => typeof o === 'string') || new Set(order).size !== order.length) {
      throw new NeuriteError('INVALID_ARGUMENT', `classes must be an array of distinct strings, got ${describe(order)}`, { field: 'classes' });
    }
    const missing = labels.filter((label) => !order.includes(label));
    if (missing.length > 0) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `The target column ${describe(column.name)} has labels the given class order lacks: ${missing.map((m) => describe(m)).join(', ')}; ` +
          `list every label (${labels.map((m) => describe(m)).join(', ')})`,
        { field: 'classes', expected: labels, actual: order },
      );
    }
    labels = [...order];
  }
  if (labels.length < 2) {
    throw new NeuriteError(
      'CSV_SCHEMA',
      `The target column ${describe(column.name)} has ${labels.length === 0 ? 'no values' : `a single class (${describe(labels[0])})`}; ` +
        'classification needs at least two classes in the training data',
      { field: column.name, actual: labels },
    );
  }
  return labels;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
