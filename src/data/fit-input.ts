import { NeuriteError, describe } from '../errors.js';
import { numericReader } from './columns.js';
import { noValues } from './data-errors.js';
import type { InputJSON, Scaling } from './preprocessor.js';
import type { Column, Notice, Table } from './table.js';
import { compareText } from './task.js';

/** Fitting one input column on the training rows: its scaling statistics, or its categories. */
export function fitInput(table: Table, column: Column, rows: Int32Array, scaling: Scaling, notices: Notice[]): InputJSON {
  if (column.kind === 'numeric') {
    const stats = statistics(rows, numericReader(table, column), column.name);
    if (stats.count === 0) throw noValues(table, column);
    if (stats.min === stats.max) notices.push(constantNotice(column.name, String(stats.min)));
    const [offset, scale] = scaling === 'standard' ? [stats.mean, stats.std || 1] : scaling === 'minmax' ? [stats.min, stats.max - stats.min || 1] : [0, 1];
    return { name: column.name, kind: 'numeric', scaling, offset, scale, fill: stats.mean };
  }
  const counts = new Float64Array(column.categories.length);
  for (let k = 0; k < rows.length; k++) {
    const code = column.codes[rows[k]!]!;
    if (code >= 0) counts[code]!++;
  }
  const categories = column.categories.filter((_, code) => counts[code]! > 0).sort(compareText);
  if (categories.length === 0) throw noValues(table, column);
  let fill = categories[0]!;
  let most = -1;
  const codeOf = new Map(column.categories.map((c, code) => [c, code]));
  for (const category of categories) {
    const count = counts[codeOf.get(category)!]!;
    if (count > most) {
      most = count;
      fill = category;
    }
  }
  if (categories.length === 1) notices.push(constantNotice(column.name, JSON.stringify(categories[0])));
  if (categories.length > 100) {
    notices.push({
      code: 'MANY_CATEGORIES',
      column: column.name,
      message: `column ${describe(column.name)} has ${categories.length} categories: one-hot encoding turns it into ${categories.length} inputs`,
    });
  }
  return { name: column.name, kind: 'categorical', categories, fill };
}

export interface Stats {
  count: number;
  mean: number;
  /** Population standard deviation (divides by n). */
  std: number;
  min: number;
  max: number;
}

/** Mean, standard deviation, minimum and maximum of the non-missing values (two passes, for accuracy). */
export function statistics(rows: Int32Array, read: (row: number) => number, name: string): Stats {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < rows.length; k++) {
    const v = read(rows[k]!);
    if (Number.isNaN(v)) continue;
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return { count, mean: NaN, std: NaN, min, max };
  const mean = sum / count;
  let squares = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = read(rows[k]!);
    if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
  }
  // Guard against overflow with huge values (e.g. 1e300): the statistics must stay finite for the model file.
  const std = Math.sqrt(squares / count);
  if (!Number.isFinite(mean) || !Number.isFinite(std)) {
    throw new NeuriteError(
      'NON_FINITE',
      `Column ${describe(name)} has values too large to scale (mean ${mean}, standard deviation ${std}); rescale the column`,
      {
        field: name,
      },
    );
  }
  return { count, mean, std, min, max };
}

function constantNotice(name: string, value: string): Notice {
  return {
    code: 'CONSTANT_COLUMN',
    column: name,
    message: `column ${describe(name)} has the same value (${value}) on every training row, so it cannot help predict anything`,
  };
}
