import { NeuriteError, describe } from '../errors.js';
import { numberText } from './values.js';

/**
 * A table read from a CSV file (or built from records): typed columns stored as typed arrays, so its memory
 * is close to the size of the numbers it holds, not of the text they came from.
 *
 * - A numeric column is a Float64Array, NaN where a value is missing.
 * - A categorical column is an Int32Array of codes into `categories` (first-seen order), −1 where missing.
 * - `lines[r]` is the 1-based file line on which row r starts, for messages ("line 7 of iris.csv").
 */
export type ColumnKind = 'numeric' | 'categorical';

/** A column of numbers (float64; NaN where missing). */
export interface NumericColumn {
  readonly kind: 'numeric';
  readonly name: string;
  /** 0-based position in the header (among all columns, ignored ones included). */
  readonly index: number;
  readonly values: Float64Array;
  /** How many values are missing (NaN). */
  readonly missing: number;
}

/** A column of text categories, stored as integer codes. */
export interface CategoricalColumn {
  readonly kind: 'categorical';
  readonly name: string;
  readonly index: number;
  /** Codes into `categories`; −1 is missing. */
  readonly codes: Int32Array;
  /** Code → text, in the order first seen. */
  readonly categories: readonly string[];
  readonly missing: number;
}

/** A typed column of a {@link Table}. */
export type Column = NumericColumn | CategoricalColumn;

/** Something worth telling the user that is not an error: returned, never printed by the core. */
export interface Notice {
  code: 'IDENTIFIER_COLUMN' | 'MOSTLY_NUMERIC' | 'CONSTANT_COLUMN' | 'MANY_CATEGORIES' | 'DROPPED_ROWS' | 'UNSEEN_CATEGORY' | 'TEXT_COLUMN';
  column?: string;
  message: string;
}

/**
 * A table read from CSV text or records: typed columns (numeric or categorical) of equal length, with the
 * line each row came from (for messages) and notices about the data.
 *
 * @example
 * ```ts
 * import { parseTable } from 'neurite/data';
 * const table = parseTable('name,weight_lb,gender\nAlice,133,F\nBob,160,M\n');
 * console.log(table.rowCount, table.columnNames, table.column('gender').kind); // 2 [...] 'categorical'
 * ```
 */
export class Table {
  /** The name given when reading (e.g. the file name), for messages. */
  readonly file: string | undefined;
  /** Every header name, in file order (ignored columns included). */
  readonly header: readonly string[];
  readonly columns: readonly Column[];
  readonly rowCount: number;
  /** Row r → the 1-based line it starts on (for records, r + 1). */
  readonly lines: Int32Array;
  readonly notices: readonly Notice[];
  /** "line" for tables read from text; "row" for tables built from records (then lines[r] = r + 1). */
  readonly unit: 'line' | 'row';
  private readonly byName = new Map<string, Column>();

  constructor(init: {
    file?: string | undefined;
    header: readonly string[];
    columns: readonly Column[];
    rowCount: number;
    lines: Int32Array;
    notices?: readonly Notice[];
    unit?: 'line' | 'row';
  }) {
    this.file = init.file;
    this.header = init.header;
    this.columns = init.columns;
    this.rowCount = init.rowCount;
    this.lines = init.lines;
    this.notices = init.notices ?? [];
    this.unit = init.unit ?? 'line';
    if (this.lines.length !== this.rowCount) {
      throw new NeuriteError('SHAPE_MISMATCH', `A table of ${this.rowCount} rows needs ${this.rowCount} line numbers, got ${this.lines.length}`);
    }
    for (const column of this.columns) {
      const length = column.kind === 'numeric' ? column.values.length : column.codes.length;
      if (length !== this.rowCount) {
        throw new NeuriteError('SHAPE_MISMATCH', `Column "${column.name}" has ${length} values but the table has ${this.rowCount} rows`);
      }
      this.byName.set(column.name, column);
    }
  }

  /** Names of the columns kept (ignored ones are not stored). */
  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The column called `name`; CSV_SCHEMA naming the columns there are when it does not exist. */
  column(name: string): Column {
    const column = this.byName.get(name);
    if (!column) {
      const ignored = this.header.includes(name) ? ' (it is in the header but was ignored)' : '';
      throw new NeuriteError(
        'CSV_SCHEMA',
        `${this.file ?? 'The table'} has no column ${describe(name)}${ignored}; its columns are: ${this.columnNames.join(', ')}`,
        { file: this.file, field: name, expected: this.columnNames },
      );
    }
    return column;
  }

  /** "line 7 of iris.csv" (or "row 3" for a table built from records), for messages. */
  where(row: number): string {
    const where = `${this.unit} ${this.lines[row]!}`;
    return this.file === undefined ? where : `${where} of ${this.file}`;
  }

  /** The text of a cell as the table holds it ("" when missing). */
  text(column: Column, row: number): string {
    if (column.kind === 'numeric') {
      const v = column.values[row]!;
      return Number.isNaN(v) ? '' : numberText(v);
    }
    const code = column.codes[row]!;
    return code < 0 ? '' : column.categories[code]!;
  }

  /** Is the value in this column and row missing? */
  isMissing(column: Column, row: number): boolean {
    return column.kind === 'numeric' ? Number.isNaN(column.values[row]!) : column.codes[row]! < 0;
  }
}
