import { NeuriteError } from '../errors.js';
import { CsvParser } from './csv.js';
import { addStep, describeStep, detectStep, formatSeriesDate, parseSeriesDate, type DateStep } from './series-dates.js';

/** How {@link parseSeries} reads a CSV file as a time series. */
export interface SeriesReadOptions {
  /** The column to forecast. */
  target: string;
  /** The date column (default: the one column whose every value is a date, if there is one; else none). */
  date?: string;
  /** Extra numeric columns read beside the target, as more inputs at every step (default none). */
  features?: readonly string[];
  /** Sort the rows by date instead of refusing a file out of order (default false). */
  sortDates?: boolean;
  /** A name for messages, e.g. the file name. */
  file?: string;
}

/**
 * A time series as read from a CSV file: the target's values and the extra columns' in row order (oldest
 * first), with the dates and the step between them when the file has a date column.
 */
export interface SeriesData {
  /** The target's name, then the extra columns' names. */
  columns: string[];
  /** One array per entry of `columns`, each `length` long: `values[0]` is the target. */
  values: Float64Array[];
  /** The rows' times (milliseconds since 1970, UTC), or null without a date column. */
  dates: Float64Array | null;
  dateColumn: string | null;
  /** The step between rows (null without dates). */
  step: DateStep | null;
  /** The 1-based line of the file each row came from (for messages). */
  lines: Int32Array;
  length: number;
  file: string;
}

interface Row {
  fields: string[];
  line: number;
  columns: number[];
}

/**
 * Reads CSV text as a time series: the target column (and `features`), in date order. The date column is
 * found by itself when exactly one column holds only dates. Dates must be evenly spaced and in order:
 * rows out of order (unless `sortDates`), a date twice, or a gap is a DATA_FORMAT error naming the file,
 * the line and the column; so is a value that is not a number, an empty value, or an empty file.
 *
 * @example
 * ```ts
 * import { parseSeries } from 'neurite/data';
 * const series = parseSeries('date,sales\n2024-01-01,5\n2024-01-02,7\n2024-01-03,6\n', { target: 'sales' });
 * console.log(series.dateColumn, Array.from(series.values[0]!)); // date [5, 7, 6]
 * ```
 */
export function parseSeries(text: string, options: SeriesReadOptions): SeriesData {
  const file = options.file ?? 'CSV';
  const rows: Row[] = [];
  const parser = new CsvParser((fields, info) => rows.push({ fields, line: info.line, columns: fields.map((_, i) => info.fieldColumn(i)) }), { file });
  parser.push(text);
  parser.end();
  const header = rows.shift();
  if (!header || rows.length === 0) {
    throw new NeuriteError(
      'DATA_FORMAT',
      `${file}: ${header ? 'no rows after the header' : 'the file is empty'}: a series needs a header and one row per time step`,
      { file },
    );
  }
  const names = header.fields.map((name) => name.trim());
  const index = (name: string, role: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new NeuriteError('CSV_SCHEMA', `${file}: no column "${name}" (${role}); the columns are: ${names.join(', ')}`, { file, field: name });
    return i;
  };
  const columns = [options.target, ...(options.features ?? []).filter((name) => name !== options.target)];
  const positions = columns.map((name, i) => index(name, i === 0 ? 'the target' : 'a feature'));
  const dateAt = options.date !== undefined ? index(options.date, 'the date') : findDateColumn(rows, names, new Set(positions));
  if (positions.includes(dateAt))
    throw new NeuriteError('INVALID_ARGUMENT', `${file}: column "${names[dateAt]}" cannot be both the date and a value`, { file, field: names[dateAt] });

  let dates: number[] | null = null;
  if (dateAt >= 0) {
    dates = rows.map((row) => {
      const time = parseSeriesDate(row.fields[dateAt]!);
      if (time === null)
        throw cellError(file, row, dateAt, names[dateAt]!, `"${row.fields[dateAt]}" is not a date (write it like 2024-01-31 or 2024-01-31T13:00)`);
      return time;
    });
    if (options.sortDates) {
      const order = rows.map((_, i) => i).sort((a, b) => dates![a]! - dates![b]!);
      const sortedRows = order.map((i) => rows[i]!);
      dates = order.map((i) => dates![i]!);
      rows.splice(0, rows.length, ...sortedRows);
    }
    checkOrder(file, rows, dates, dateAt, names[dateAt]!);
  }
  const step = dates ? detectStep(dates) : null;
  if (dates && step) checkGaps(file, rows, dates, step, dateAt, names[dateAt]!);

  const values = positions.map((at, c) => {
    const out = new Float64Array(rows.length);
    rows.forEach((row, r) => {
      const cell = row.fields[at]!.trim();
      const value = Number(cell);
      if (cell === '') throw cellError(file, row, at, columns[c]!, 'empty value: a series needs a value at every step (fill it in, or leave the column out)');
      if (!Number.isFinite(value)) throw cellError(file, row, at, columns[c]!, `"${cell}" is not a number`);
      out[r] = value;
    });
    return out;
  });
  return {
    columns,
    values,
    dates: dates ? Float64Array.from(dates) : null,
    dateColumn: dateAt >= 0 ? names[dateAt]! : null,
    step,
    lines: Int32Array.from(rows, (row) => row.line),
    length: rows.length,
    file,
  };
}

/** The one column (not a value column) whose every cell is a date; -1 for none; several: an error asking which. */
function findDateColumn(rows: readonly Row[], names: readonly string[], taken: ReadonlySet<number>): number {
  const found = names.map((_, i) => i).filter((i) => !taken.has(i) && rows.every((row) => parseSeriesDate(row.fields[i]!) !== null));
  if (found.length > 1) {
    throw new NeuriteError('INVALID_ARGUMENT', `several columns hold dates (${found.map((i) => names[i]).join(', ')}): say which orders the rows with --date`, {
      field: 'date',
    });
  }
  return found[0] ?? -1;
}

function cellError(file: string, row: Row, at: number, column: string, what: string): NeuriteError {
  const col = row.columns[at]!;
  return new NeuriteError('DATA_FORMAT', `${file}:${row.line}:${col}: column "${column}": ${what}`, { file, line: row.line, column: col, field: column });
}

function checkOrder(file: string, rows: readonly Row[], dates: readonly number[], at: number, column: string): void {
  for (let i = 1; i < dates.length; i++) {
    if (dates[i]! > dates[i - 1]!) continue;
    const [here, before] = [formatSeriesDate(dates[i]!), formatSeriesDate(dates[i - 1]!)];
    throw cellError(
      file,
      rows[i]!,
      at,
      column,
      dates[i] === dates[i - 1]
        ? `${here} appears twice (also on line ${rows[i - 1]!.line}): one row per date`
        : `${here} comes after ${before} (line ${rows[i - 1]!.line}): the dates are not in order; sort the file by date, or pass --sort-dates`,
    );
  }
}

function checkGaps(file: string, rows: readonly Row[], dates: readonly number[], step: DateStep, at: number, column: string): void {
  for (let i = 1; i < dates.length; i++) {
    const expected = addStep(dates[i - 1]!, step);
    if (dates[i] === expected) continue;
    let missing = 0;
    for (let t = expected; t < dates[i]!; t = addStep(t, step)) missing++;
    const what = `a gap: ${formatSeriesDate(dates[i]!)} follows ${formatSeriesDate(dates[i - 1]!)} (line ${rows[i - 1]!.line}) where the rows are ${describeStep(step)} apart`;
    throw cellError(
      file,
      rows[i]!,
      at,
      column,
      `${what} (${missing} step${missing === 1 ? '' : 's'} missing); windows need evenly spaced rows: add the missing rows`,
    );
  }
}
