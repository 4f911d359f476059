import { NeuriteError, describe } from '../errors.js';
import type { Column, Notice, Table } from './table.js';
import { numberText, parseDecimal } from './values.js';

/**
 * Reading a column's cells as the model needs them, whatever kind the table gave the column: a numeric
 * reader over a categorical column parses its texts (and names the first row that is not a number); a text
 * reader over a numeric column writes its numbers as `String(value)`.
 */

/** row → number, NaN when missing. */
export function numericReader(table: Table, column: Column, why = 'the model reads it as numbers'): (row: number) => number {
  if (column.kind === 'numeric') {
    const values = column.values;
    return (row) => values[row]!;
  }
  const codes = column.codes;
  const parsed = column.categories.map(parseDecimal);
  return (row) => {
    const code = codes[row]!;
    if (code < 0) return NaN;
    const value = parsed[code]!;
    if (Number.isNaN(value) || !Number.isFinite(value)) {
      throw new NeuriteError(
        'CSV_SCHEMA',
        `${table.where(row)}: column ${describe(column.name)} must hold numbers (${why}), but this row has ${describe(column.categories[code])}. ` +
          'Fix the value, or leave the cell empty if it is missing',
        { file: table.file, line: table.lines[row], field: column.name, actual: column.categories[code] },
      );
    }
    return value;
  };
}

/** row → text, null when missing. */
export function textReader(column: Column): (row: number) => string | null {
  if (column.kind === 'categorical') {
    const { codes, categories } = column;
    return (row) => {
      const code = codes[row]!;
      return code < 0 ? null : categories[code]!;
    };
  }
  const values = column.values;
  return (row) => {
    const v = values[row]!;
    return Number.isNaN(v) ? null : numberText(v);
  };
}

/**
 * row → index of the row's value in `categories`, −1 when missing, −2 when the value is not among them.
 * For a categorical column the lookup is done once per category, not per row.
 */
export function categoryIndexer(column: Column, categories: readonly string[]): (row: number) => number {
  const index = new Map<string, number>();
  categories.forEach((c, i) => index.set(c, i));
  if (column.kind === 'categorical') {
    const codes = column.codes;
    const map = Int32Array.from(column.categories, (c) => index.get(c) ?? -2);
    return (row) => {
      const code = codes[row]!;
      return code < 0 ? -1 : map[code]!;
    };
  }
  const values = column.values;
  return (row) => {
    const v = values[row]!;
    return Number.isNaN(v) ? -1 : (index.get(numberText(v)) ?? -2);
  };
}

/**
 * A categorical column with a different value on every row (a name, an id) tells nothing about other rows.
 *
 * @example
 * ```ts
 * import { isIdentifierLike, parseTable } from 'neurite/data';
 * const table = parseTable('name,age,team\nAda,36,red\nAlan,41,blue\nGrace,85,red\n');
 * console.log(['name', 'age', 'team'].map((c) => isIdentifierLike(table.column(c)))); // [true, false, false]: a different text on every row
 * ```
 */
export function isIdentifierLike(column: Column): boolean {
  if (column.kind !== 'categorical') return false;
  const present = column.codes.length - column.missing;
  return present >= 3 && column.categories.length === present;
}

/**
 * The input columns: `inputs` when given (each must exist and differ from the target), else every column but
 * the target, leaving out identifier-like ones (text that differs on every row) with a notice.
 *
 * @example
 * ```ts
 * import { parseTable, selectInputs } from 'neurite/data';
 * const table = parseTable('name,age,income,bought\nAda,30,40,no\nAlan,41,52,yes\nGrace,25,31,no\nLinus,38,60,yes\n');
 * const { inputs, notices } = selectInputs(table, 'bought');
 * console.log(inputs, notices.map((n) => n.message)); // ['age', 'income'], and why 'name' was left out
 * ```
 */
export function selectInputs(table: Table, target: string, inputs?: readonly string[]): { inputs: string[]; notices: Notice[] } {
  table.column(target);
  const notices: Notice[] = [];
  if (inputs !== undefined) {
    if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((name) => typeof name === 'string')) {
      throw new NeuriteError('INVALID_ARGUMENT', `inputs must be a non-empty array of column names, got ${describe(inputs)}`, { field: 'inputs' });
    }
    const seen = new Set<string>();
    for (const name of inputs) {
      table.column(name);
      if (name === target) throw new NeuriteError('INVALID_ARGUMENT', `The target column ${describe(target)} cannot also be an input`, { field: 'inputs' });
      if (seen.has(name)) throw new NeuriteError('INVALID_ARGUMENT', `The input column ${describe(name)} is listed twice`, { field: 'inputs' });
      seen.add(name);
    }
    return { inputs: [...inputs], notices };
  }
  const chosen: string[] = [];
  for (const column of table.columns) {
    if (column.name === target) continue;
    if (isIdentifierLike(column)) {
      notices.push({
        code: 'IDENTIFIER_COLUMN',
        column: column.name,
        message:
          `column ${describe(column.name)} is left out: its text is different on every row (like a name or an id), ` +
          'so it cannot teach anything about new rows. Name it as an input to use it anyway',
      });
      continue;
    }
    chosen.push(column.name);
  }
  if (chosen.length === 0) {
    throw new NeuriteError(
      'CSV_SCHEMA',
      `${table.file ?? 'The table'} has no input columns besides the target ${describe(target)}` +
        (notices.length > 0 ? ` (left out as identifiers: ${notices.map((n) => n.column).join(', ')})` : ''),
      { file: table.file, field: target },
    );
  }
  return { inputs: chosen, notices };
}
