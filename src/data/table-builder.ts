import { NeuriteError, describe } from '../errors.js';
import { CsvParser, type CsvOptions, type CsvRecordInfo } from './csv.js';
import { ColumnBuilder } from './column-builder.js';
import { GrowableInt32 } from './growable.js';
import { Table, type Column, type Notice } from './table.js';
import { DEFAULT_MISSING_VALUES, trimCell } from './values.js';

/**
 * How to read one column: `auto` (the default) types it from its values — numeric when every non-missing
 * value is a plain decimal (see values.ts), else categorical; `numeric` makes any other value an error;
 * `categorical` keeps the text even when it looks like numbers (zip codes, ids); `ignore` skips it.
 */
export type ColumnOverride = 'auto' | 'numeric' | 'categorical' | 'ignore';

/** How to read a table: the CSV options, per-column overrides, missing-value markers, size hints. */
export interface TableOptions extends CsvOptions {
  /** Per-column overrides by header name. Naming a column the header lacks is an error, except `ignore`. */
  columns?: Record<string, ColumnOverride>;
  /** How to read the columns `columns` does not name (default `auto`). */
  otherColumns?: 'auto' | 'ignore';
  /** Cell texts that mean "missing", compared after trimming (default `DEFAULT_MISSING_VALUES`). */
  missingValues?: readonly string[];
  /**
   * The input's total size, if known (e.g. the file size in bytes). After the first rows the builder
   * estimates the row count from it and allocates each column once, close to its final size: the peak
   * memory is then about the table itself instead of about twice the table. Only a hint: any size works.
   */
  sizeHint?: number;
}

const OVERRIDES: readonly ColumnOverride[] = ['auto', 'numeric', 'categorical', 'ignore'];

/**
 * Builds a `Table` from text chunks as they arrive: the first record is the header, every later one a row.
 * Each cell is typed on arrival (numbers go straight into Float64 chunks, categories into Int32 codes), so
 * the text of a large file is never held.
 *
 *   const builder = new TableBuilder({ file: 'iris.csv' });
 *   for await (const chunk of stream) builder.push(chunk);
 *   const table = builder.end();
 *
 * @example
 * ```ts
 * import { TableBuilder } from 'neurite/data';
 * const builder = new TableBuilder({ file: 'people.csv' });
 * builder.push('name,weight,height\nAlice,133,65\n');
 * builder.push('Bob,160,72\n');
 * const table = builder.end();
 * console.log(table.rowCount, table.column('weight').kind); // 2 numeric
 * ```
 */
export class TableBuilder {
  private readonly parser: CsvParser;
  private readonly file: string | undefined;
  private readonly overrides: Map<string, ColumnOverride>;
  private readonly otherColumns: 'auto' | 'ignore';
  private readonly missing: Set<string>;
  private header: string[] | null = null;
  private builders: (ColumnBuilder | null)[] = [];
  private readonly lines = new GrowableInt32();
  private rows = 0;
  private unit: 'line' | 'row' = 'line';
  private readonly sizeHint: number;
  private charsSeen = 0;
  private reserved = false;

  constructor(options: TableOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Table options must be an object, got ${describe(options)}`);
    }
    this.parser = new CsvParser((fields, info) => this.addRecord(fields, info), options);
    this.file = options.file;
    this.overrides = readOverrides(options.columns);
    const other = options.otherColumns ?? 'auto';
    if (other !== 'auto' && other !== 'ignore') {
      throw new NeuriteError('INVALID_ARGUMENT', `otherColumns must be "auto" or "ignore", got ${describe(other)}`, { field: 'otherColumns' });
    }
    this.otherColumns = other;
    const missing = options.missingValues ?? DEFAULT_MISSING_VALUES;
    if (!Array.isArray(missing) || !missing.every((m) => typeof m === 'string')) {
      throw new NeuriteError('INVALID_ARGUMENT', `missingValues must be an array of strings, got ${describe(missing)}`, { field: 'missingValues' });
    }
    this.missing = new Set(missing.map(trimCell));
    const hint = options.sizeHint ?? 0;
    if (typeof hint !== 'number' || !Number.isFinite(hint) || hint < 0) {
      throw new NeuriteError('INVALID_ARGUMENT', `sizeHint must be a size ≥ 0, got ${describe(hint)}`, { field: 'sizeHint' });
    }
    this.sizeHint = hint;
  }

  push(chunk: string): void {
    this.parser.push(chunk);
    if (!this.reserved && this.sizeHint > 0 && typeof chunk === 'string') {
      this.charsSeen += chunk.length;
      if (this.rows >= 256) this.reserve();
    }
  }

  /** Estimates the row count from the size hint and the rows so far, and reserves that much per column. */
  private reserve(): void {
    this.reserved = true;
    const perRow = this.charsSeen / this.rows;
    const estimate = Math.ceil((this.sizeHint / perRow) * 1.02) + 64;
    if (!Number.isFinite(estimate) || estimate > 2 ** 28) return;
    this.lines.reserve(estimate);
    for (const builder of this.builders) builder?.reserve(estimate);
  }

  /** Ends the input and returns the table. */
  end(): Table {
    this.parser.end();
    return this.finish(this.parser.currentLine);
  }

  /** @internal Used by `tableFromRecords`: rows that did not come from text. */
  addRow(fields: string[], info: CsvRecordInfo): void {
    this.unit = 'row';
    this.addRecord(fields, info);
  }

  /** @internal */
  finish(lastLine: number): Table {
    const where = this.file ?? 'The CSV input';
    if (this.header === null) {
      throw new NeuriteError(
        'CSV_SCHEMA',
        `${where} is empty: expected a header row naming the columns (e.g. "weight,height,label"), then one row per sample`,
        { file: this.file, line: 1, column: 1 },
      );
    }
    if (this.rows === 0) {
      throw new NeuriteError('CSV_SCHEMA', `${where} has a header but no data rows: add at least one row under it`, {
        file: this.file,
        line: lastLine,
        column: 1,
      });
    }
    const columns: Column[] = [];
    const notices: Notice[] = [];
    this.builders.forEach((builder) => {
      if (!builder) return;
      columns.push(builder.finish());
      const notice = builder.notice(this.file);
      if (notice) notices.push(notice);
    });
    this.builders = [];
    return new Table({ file: this.file, header: this.header, columns, rowCount: this.rows, lines: this.lines.toArray(), notices, unit: this.unit });
  }

  private addRecord(fields: string[], info: CsvRecordInfo): void {
    if (this.header === null) {
      this.setHeader(fields, info);
      return;
    }
    const builders = this.builders;
    for (let i = 0; i < builders.length; i++) {
      const builder = builders[i];
      if (builder) builder.add(fields[i]!, info, i);
    }
    this.lines.push(info.line);
    this.rows++;
  }

  private setHeader(fields: string[], info: CsvRecordInfo): void {
    const names = fields.map(trimCell);
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const at = { file: this.file, line: info.fieldLine(i), column: info.fieldColumn(i) };
      const where = `${this.file ?? 'CSV'}:${at.line}:${at.column}`;
      if (name === '') {
        throw new NeuriteError(
          'CSV_SCHEMA',
          `${where}: column ${i + 1} of the header has no name. Give every column a name` +
            (i === 0 ? ' (a nameless first column is often a row index written by a spreadsheet or pandas: name it or remove it)' : ''),
          { ...at, field: `column ${i + 1}` },
        );
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw new NeuriteError(
          'CSV_SCHEMA',
          `${where}: the column name ${describe(name)} appears twice in the header (columns ${first + 1} and ${i + 1}); rename one`,
          { ...at, field: name },
        );
      }
      seen.set(name, i);
    });
    for (const [name, override] of this.overrides) {
      if (!seen.has(name) && override !== 'ignore') {
        throw new NeuriteError(
          'CSV_SCHEMA',
          `${this.file ?? 'The CSV input'} has no column ${describe(name)}, which is needed here (as ${override}); its columns are: ${names.join(', ')}`,
          { file: this.file, line: info.line, field: name, expected: name, actual: names },
        );
      }
    }
    this.header = names;
    this.builders = names.map((name, i) => {
      const override = this.overrides.get(name) ?? this.otherColumns;
      return override === 'ignore' ? null : new ColumnBuilder(name, i, override, this.missing, this.file);
    });
  }
}

function readOverrides(columns: unknown): Map<string, ColumnOverride> {
  const map = new Map<string, ColumnOverride>();
  if (columns === undefined) return map;
  if (columns === null || typeof columns !== 'object' || Array.isArray(columns)) {
    throw new NeuriteError('INVALID_ARGUMENT', `columns must be an object of column name → ${OVERRIDES.join('|')}, got ${describe(columns)}`, {
      field: 'columns',
    });
  }
  for (const name of Object.keys(columns)) {
    const value = (columns as Record<string, unknown>)[name];
    if (!OVERRIDES.includes(value as ColumnOverride)) {
      throw new NeuriteError('INVALID_ARGUMENT', `columns[${describe(name)}] must be one of ${OVERRIDES.join(', ')}, got ${describe(value)}`, {
        field: `columns.${name}`,
        expected: OVERRIDES,
        actual: value,
      });
    }
    map.set(trimCell(name), value as ColumnOverride);
  }
  return map;
}
