import { NeuriteError, describe } from '../errors.js';
import type { CsvRecordInfo } from './csv.js';
import type { Table } from './table.js';
import { TableBuilder, type TableOptions } from './table-builder.js';
import { numberText } from './values.js';

/**
 * Reads a table from a stream of text chunks: in Node `fs.createReadStream(path, { encoding: 'utf8' })`, in a
 * browser `file.stream().pipeThrough(new TextDecoderStream())`. Memory stays close to the table's typed
 * arrays; the text is parsed as it arrives.
 *
 * @example
 * ```ts
 * import { readTable } from 'neurite/data';
 * // In Node: readTable(createReadStream('data.csv', 'utf8'), { file: 'data.csv' })
 * const table = await readTable(['height,weight\n65,', '133\n72,160\n']);
 * console.log(table.rowCount, table.columnNames); // 2 ['height', 'weight']
 * ```
 */
export async function readTable(source: AsyncIterable<string> | Iterable<string>, options: TableOptions = {}): Promise<Table> {
  if (
    source == null ||
    (typeof (source as AsyncIterable<string>)[Symbol.asyncIterator] !== 'function' && typeof (source as Iterable<string>)[Symbol.iterator] !== 'function')
  ) {
    throw new NeuriteError('INVALID_ARGUMENT', `readTable needs an iterable of text chunks, got ${describe(source)}`);
  }
  if (typeof source === 'string') return parseTable(source, options);
  const builder = new TableBuilder(options);
  for await (const chunk of source) builder.push(chunk);
  return builder.end();
}

/**
 * Reads a table from one string.
 *
 * @example
 * ```ts
 * import { parseTable } from 'neurite/data';
 * const table = parseTable('area,district,price\n95,north,246\n120,centre,410\n', { file: 'houses.csv' });
 * console.log(table.columnNames, table.column('district').kind); // ['area', 'district', 'price'] 'categorical'
 * ```
 */
export function parseTable(text: string, options: TableOptions = {}): Table {
  const builder = new TableBuilder(options);
  builder.push(text);
  return builder.end();
}

/** A cell value given in code: a number, a string, or missing (null, undefined, NaN). */
export type CellValue = number | string | boolean | null | undefined;

/**
 * A table from objects (raw rows in, as the playground and library users have them), typed by the same
 * rules as a CSV file. The header is every key, in first-seen order; a key a row lacks is a missing value.
 *
 * @example
 * ```ts
 * import { tableFromRecords } from 'neurite/data';
 * const table = tableFromRecords([{ size: 1.5, color: 'red' }, { size: 2.25, color: 'blue' }, { size: null, color: 'red' }]);
 * console.log(table.column('size').kind, table.column('color').kind, table.column('size').missing); // numeric categorical 1
 * ```
 */
export function tableFromRecords(records: readonly Record<string, CellValue>[], options: Omit<TableOptions, 'delimiter'> = {}): Table {
  if (!Array.isArray(records)) {
    throw new NeuriteError('INVALID_ARGUMENT', `tableFromRecords needs an array of objects, got ${describe(records)}`);
  }
  const header: string[] = [];
  const seen = new Set<string>();
  records.forEach((record, r) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      throw new NeuriteError('INVALID_ARGUMENT', `Record ${r} must be an object of column → value, got ${describe(record)}`, { row: r });
    }
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        header.push(key);
      }
    }
  });
  const builder = new TableBuilder(options);
  const info = new RecordInfo();
  builder.addRow(header, info);
  records.forEach((record, r) => {
    info.row = r + 1;
    const fields = header.map((key) => cellText(Object.hasOwn(record, key) ? record[key] : undefined, r, key));
    builder.addRow(fields, info);
  });
  return builder.finish(records.length + 1);
}

function cellText(value: unknown, r: number, key: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    if (!Number.isFinite(value)) {
      throw new NeuriteError('NON_FINITE', `Record ${r}, ${describe(key)} is ${value}; expected a finite number, a string, or null for missing`, {
        row: r,
        field: key,
      });
    }
    return numberText(value);
  }
  throw new NeuriteError('INVALID_ARGUMENT', `Record ${r}, ${describe(key)} is ${describe(value)}; expected a number, a string, a boolean or null`, {
    row: r,
    field: key,
  });
}

/** Positions for records: row r is "row r" and field i is "column i". */
class RecordInfo implements CsvRecordInfo {
  row = 0;
  get line(): number {
    return this.row;
  }
  fieldLine(): number {
    return this.row;
  }
  fieldColumn(i: number): number {
    return i + 1;
  }
}
