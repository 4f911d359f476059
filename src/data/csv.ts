import { NeuriteError, describe, requireInteger } from '../errors.js';

/**
 * A streaming RFC 4180 CSV parser: text goes in as chunks of any size (`push`, then `end`), records come out
 * through a callback, so a file of hundreds of megabytes never has to be one string.
 *
 * The rules (RFC 4180, plus what real files need):
 * - Fields are separated by a delimiter (`,` by default); records end at CRLF, LF, or a lone CR.
 * - A field may be wrapped in double quotes; inside, `""` is one quote, and delimiters and line breaks are
 *   text. The closing quote must be followed by a delimiter, a line break or the end of the input.
 * - A quote inside an unquoted field is an error (the field must be quoted and the quote doubled).
 * - A UTF-8 byte order mark (U+FEFF) at the very start is skipped.
 * - Empty lines (no characters at all) are skipped; a line of only spaces is a record.
 * - Every record must have as many fields as the first one (the header), else CSV_SCHEMA.
 * - Lines and columns are 1-based; a column counts UTF-16 code units from the start of its line (the BOM
 *   does not count), which is the character count for everything outside rare astral symbols.
 *
 * After a record ends, `onRecord(fields, info)` is called; `info` answers where each field started, and is
 * only valid during the call. After an error the parser is spent: make a new one.
 */
export interface CsvOptions {
  /** A name for messages and error details (e.g. the file name). */
  file?: string;
  /** One character, not a quote or a line break (default `,`). */
  delimiter?: string;
  /** The longest field allowed, in characters (default 1,048,576): a guard against a quote never closed. */
  maxFieldLength?: number;
  /** The most fields a record may have (default 1,000,000). */
  maxFields?: number;
}

/** Where a record and its fields are; valid only while `onRecord` runs. */
export interface CsvRecordInfo {
  /** 1-based line on which the record starts. */
  readonly line: number;
  /** 1-based line on which field i starts. */
  fieldLine(i: number): number;
  /** 1-based column at which field i starts (its opening quote, for a quoted field). */
  fieldColumn(i: number): number;
}

/** Receives each record of a {@link CsvParser}: its fields, and where they are (valid only during the call). */
export type CsvRecordSink = (fields: string[], info: CsvRecordInfo) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const BOM = 0xfeff;

// Parser states.
const RECORD_START = 0; // nothing of the current record seen yet
const FIELD_START = 1; // right after a delimiter
const UNQUOTED = 2; // inside an unquoted field
const QUOTED = 3; // inside a quoted field
const QUOTE_IN_QUOTED = 4; // just after a quote inside a quoted field: an escaped quote or the closing one

/**
 * The streaming parser (the rules are above {@link CsvOptions}): `push` text in chunks, then `end`.
 *
 * @example
 * ```ts
 * import { CsvParser } from 'neurite/data';
 * const rows: string[][] = [];
 * const parser = new CsvParser((fields) => rows.push(fields));
 * parser.push('a,b\n1,');
 * parser.push('2\n');
 * parser.end();
 * console.log(rows); // [['a', 'b'], ['1', '2']]
 * ```
 */
export class CsvParser implements CsvRecordInfo {
  readonly file: string | undefined;
  private readonly delimiter: number;
  private readonly maxFieldLength: number;
  private readonly maxFields: number;
  private readonly sink: CsvRecordSink;

  private state = RECORD_START;
  /** Text of the current field carried over from earlier chunks (or quoted segments so far). */
  private partial = '';
  private fields: string[] = [];
  private starts = new Float64Array(64); // per field: line, column
  /** 1-based line at the scan position, and the absolute offset where that line starts. */
  private lineNo = 1;
  private lineStart = 0;
  /** Absolute offset of the current chunk's first character. */
  private offset = 0;
  private lastWasCR = false;
  private started = false;
  private ended = false;
  private expected = -1;
  private recordLine = 1;
  private quoteLine = 0;
  private quoteColumn = 0;
  private records = 0;

  constructor(sink: CsvRecordSink, options: CsvOptions = {}) {
    if (typeof sink !== 'function') throw new NeuriteError('INVALID_ARGUMENT', `CsvParser needs a record callback, got ${describe(sink)}`);
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `CsvParser options must be an object, got ${describe(options)}`);
    }
    const delimiter = options.delimiter ?? ',';
    if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new NeuriteError('INVALID_ARGUMENT', `The CSV delimiter must be one character other than a quote or a line break, got ${describe(delimiter)}`, {
        field: 'delimiter',
        actual: delimiter,
      });
    }
    if (options.file !== undefined && typeof options.file !== 'string') {
      throw new NeuriteError('INVALID_ARGUMENT', `The CSV file name must be a string, got ${describe(options.file)}`, { field: 'file' });
    }
    this.file = options.file;
    this.delimiter = delimiter.charCodeAt(0);
    this.maxFieldLength = requireInteger('maxFieldLength', options.maxFieldLength ?? 1_048_576);
    this.maxFields = requireInteger('maxFields', options.maxFields ?? 1_000_000);
    this.sink = sink;
  }

  /** Records emitted so far (the header included). */
  get recordCount(): number {
    return this.records;
  }

  /** The current 1-based line (after `end`, the last line). */
  get currentLine(): number {
    return this.lineNo;
  }

  get line(): number {
    return this.recordLine;
  }

  fieldLine(i: number): number {
    return this.starts[2 * i]!;
  }

  fieldColumn(i: number): number {
    return this.starts[2 * i + 1]!;
  }

  /** Feeds the next piece of text; records completed inside it are emitted before this returns. */
  push(chunk: string): void {
    if (typeof chunk !== 'string') {
      throw new NeuriteError('INVALID_ARGUMENT', `CSV input must be text chunks (strings), got ${describe(chunk)}; decode bytes as UTF-8 first`, {
        file: this.file,
      });
    }
    if (this.ended) throw new NeuriteError('INVALID_ARGUMENT', 'This CSV parser has ended; make a new one for more input', { file: this.file });
    const n = chunk.length;
    if (n === 0) return;
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === BOM) {
        i = 1;
        this.lineStart = this.offset + 1;
      }
    }
    const delim = this.delimiter;
    while (i < n) {
      const state = this.state;
      if (state === QUOTED) {
        // Copy up to the next quote, counting the line breaks on the way.
        const q = chunk.indexOf('"', i);
        const end = q === -1 ? n : q;
        for (let k = i; k < end; k++) {
          const c = chunk.charCodeAt(k);
          if (c === LF) {
            if (k > 0 ? chunk.charCodeAt(k - 1) !== CR : !this.lastWasCR) this.lineNo++;
            this.lineStart = this.offset + k + 1;
          } else if (c === CR) {
            this.lineNo++;
            this.lineStart = this.offset + k + 1;
          }
        }
        this.partial += chunk.slice(i, end);
        if (this.partial.length > this.maxFieldLength) this.fieldTooLong();
        if (q === -1) {
          i = n;
        } else {
          this.state = QUOTE_IN_QUOTED;
          i = q + 1;
        }
        continue;
      }
      if (state === QUOTE_IN_QUOTED) {
        const c = chunk.charCodeAt(i);
        if (c === QUOTE) {
          this.partial += '"'; // "" is one quote
          this.state = QUOTED;
          i++;
          continue;
        }
        if (c === delim) {
          this.pushField(this.partial, i);
          this.partial = '';
          this.state = FIELD_START;
          i++;
          continue;
        }
        if (c === LF || c === CR) {
          this.fields.push(this.partial);
          this.partial = '';
          this.endRecord(i);
          i = this.newline(chunk, i);
          continue;
        }
        this.fail(
          'CSV_PARSE',
          `text after a closing quote: ${describe(chunk[i])} follows the quoted field that opened at line ${this.quoteLine}, column ${this.quoteColumn}. ` +
            'A quoted field must end right after its closing quote; to put a quote inside a quoted field, double it ("")',
          i,
        );
      }
      if (state === RECORD_START || state === FIELD_START) {
        const c = chunk.charCodeAt(i);
        if (state === RECORD_START) {
          if (c === LF) {
            // A blank line, or the LF of a CRLF that ended the last record.
            if (i > 0 ? chunk.charCodeAt(i - 1) !== CR : !this.lastWasCR) this.lineNo++;
            this.lineStart = this.offset + i + 1;
            i++;
            continue;
          }
          if (c === CR) {
            this.lineNo++;
            this.lineStart = this.offset + i + 1;
            i++;
            continue;
          }
          this.recordLine = this.lineNo;
        }
        this.markStart(i);
        if (c === QUOTE) {
          this.quoteLine = this.lineNo;
          this.quoteColumn = this.offset + i - this.lineStart + 1;
          this.state = QUOTED;
          i++;
          continue;
        }
        this.state = UNQUOTED;
        // fall through to scan the unquoted field from i
      }
      // UNQUOTED: scan to the next delimiter, line break or (illegal) quote.
      const start = i;
      let c = 0;
      while (i < n) {
        c = chunk.charCodeAt(i);
        if (c === delim || c === LF || c === CR || c === QUOTE) break;
        i++;
      }
      if (i === n) {
        this.partial += chunk.slice(start, n);
        if (this.partial.length > this.maxFieldLength) this.fieldTooLong();
        break;
      }
      if (c === QUOTE) {
        this.fail(
          'CSV_PARSE',
          'a quote in the middle of an unquoted field. A field that contains quotes must be wrapped in quotes, ' +
            `with each quote inside doubled: write "a""b" for a"b`,
          i,
        );
      }
      const value = this.partial === '' ? chunk.slice(start, i) : this.partial + chunk.slice(start, i);
      this.partial = '';
      if (value.length > this.maxFieldLength) this.fail('CSV_PARSE', `a field longer than ${this.maxFieldLength} characters`, i);
      if (c === delim) {
        this.pushField(value, i);
        this.state = FIELD_START;
        i++;
      } else {
        this.fields.push(value);
        this.endRecord(i);
        i = this.newline(chunk, i);
      }
    }
    this.lastWasCR = chunk.charCodeAt(n - 1) === CR;
    this.offset += n;
  }

  /** Ends the input: the last record (with or without a final line break) is emitted; an open quote is an error. */
  end(): void {
    if (this.ended) return;
    const state = this.state;
    if (state === QUOTED) {
      this.ended = true;
      const column = this.quoteColumn;
      const line = this.quoteLine;
      throw this.error(
        'CSV_PARSE',
        `a quoted field opened at line ${line}, column ${column} is never closed (the input ends inside it). ` +
          'Add the closing quote, or double any quote meant as text ("")',
        line,
        column,
      );
    }
    const at = this.offset;
    if (state === QUOTE_IN_QUOTED || state === UNQUOTED || state === FIELD_START) {
      if (state === FIELD_START) this.markStart(0, at);
      this.fields.push(this.partial);
      this.partial = '';
      this.endRecord(0, at);
    }
    this.ended = true;
    this.state = RECORD_START;
  }

  /** Records the start (line, column) of field number `fields.length`, at chunk index i (or absolute offset). */
  private markStart(i: number, absolute = this.offset + i): void {
    const k = this.fields.length;
    if (2 * k + 1 >= this.starts.length) {
      const grown = new Float64Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[2 * k] = this.lineNo;
    this.starts[2 * k + 1] = absolute - this.lineStart + 1;
  }

  private pushField(value: string, i: number): void {
    const fields = this.fields;
    fields.push(value);
    if (fields.length >= this.maxFields) {
      this.fail('CSV_PARSE', `a record with more than ${this.maxFields} fields (raise maxFields if this is intended)`, i);
    }
  }

  /** Ends the current record at chunk index i (where its line break is). */
  private endRecord(i: number, absolute = this.offset + i): void {
    const fields = this.fields;
    const count = fields.length;
    if (this.expected === -1) {
      this.expected = count;
    } else if (count > this.expected) {
      // Point at the first field the header has no column for.
      const line = this.fieldLine(this.expected);
      const column = this.fieldColumn(this.expected);
      throw this.error(
        'CSV_SCHEMA',
        `expected ${this.expected} fields like the header, got ${count}: field ${this.expected + 1} starts here. ` +
          'Quote fields that contain the delimiter, or add the missing column names to the header',
        line,
        column,
        { expected: this.expected, actual: count },
      );
    } else if (count < this.expected) {
      const column = absolute - this.lineStart + 1;
      throw this.error(
        'CSV_SCHEMA',
        `expected ${this.expected} fields like the header, got ${count}: the record starting at line ${this.recordLine} ends here. ` +
          'Every row needs a value (empty is allowed) for every column',
        this.lineNo,
        column,
        { expected: this.expected, actual: count },
      );
    }
    this.fields = [];
    this.state = RECORD_START;
    this.records++;
    try {
      this.sink(fields, this);
    } catch (error) {
      this.ended = true; // the consumer refused this record: the parser is spent, like after its own errors
      throw error;
    }
  }

  /** Steps over the line break at chunk index i (LF, CR, or the CR of a CRLF) and returns the next index. */
  private newline(chunk: string, i: number): number {
    this.lineNo++;
    const c = chunk.charCodeAt(i);
    if (c === CR && i + 1 < chunk.length && chunk.charCodeAt(i + 1) === LF) {
      this.lineStart = this.offset + i + 2;
      return i + 2;
    }
    // A CR at the very end of a chunk: an LF starting the next chunk is skipped in RECORD_START.
    this.lineStart = this.offset + i + 1;
    return i + 1;
  }

  private fieldTooLong(): never {
    const where =
      this.state === QUOTED ? `; the quoted field opened at line ${this.quoteLine}, column ${this.quoteColumn} — is its closing quote missing?` : '';
    const line = this.state === QUOTED ? this.quoteLine : this.lineNo;
    const column = this.state === QUOTED ? this.quoteColumn : this.offset - this.lineStart + 1;
    throw this.error('CSV_PARSE', `a field longer than ${this.maxFieldLength} characters${where}`, line, column);
  }

  private fail(code: 'CSV_PARSE' | 'CSV_SCHEMA', what: string, i: number): never {
    throw this.error(code, what, this.lineNo, this.offset + i - this.lineStart + 1);
  }

  private error(code: 'CSV_PARSE' | 'CSV_SCHEMA', what: string, line: number, column: number, extra: Record<string, unknown> = {}): NeuriteError {
    this.ended = true;
    const where = `${this.file ?? 'CSV'}:${line}:${column}`;
    return new NeuriteError(code, `${where}: ${what}`, { file: this.file, line, column, ...extra });
  }
}

/** One record with the line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Parses a whole string into records (the header is record 0).
 *
 * @example
 * ```ts
 * import { parseCsv } from 'neurite/data';
 * const records = parseCsv('name,quote\nAda,"Hello, world"\nAlan,"He said ""hi"""\n');
 * console.log(records.map((r) => r.fields)); // [['name', 'quote'], ['Ada', 'Hello, world'], ['Alan', 'He said "hi"']]
 * ```
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser((fields, info) => records.push({ fields, line: info.line }), options);
  parser.push(text);
  parser.end();
  return records;
}

/**
 * Records from a stream of text chunks (e.g. `fs.createReadStream(path, { encoding: 'utf8' })`, or a
 * `ReadableStream` piped through `TextDecoderStream` in a browser), yielded as they complete.
 *
 * @example
 * ```ts
 * import { csvRecords } from 'neurite/data';
 * // Any iterable of text chunks (a file stream, a fetch body): records may span chunk boundaries.
 * for await (const record of csvRecords(['x,y\n1,', '2\n3,4\n'])) {
 *   console.log(record.line, record.fields); // 1 ['x', 'y'], then 2 ['1', '2'], then 3 ['3', '4']
 * }
 * ```
 */
export async function* csvRecords(source: AsyncIterable<string> | Iterable<string>, options: CsvOptions = {}): AsyncGenerator<CsvRecord> {
  let batch: CsvRecord[] = [];
  const parser = new CsvParser((fields, info) => batch.push({ fields, line: info.line }), options);
  for await (const chunk of source) {
    parser.push(chunk);
    if (batch.length > 0) {
      const ready = batch;
      batch = [];
      yield* ready;
    }
  }
  parser.end();
  yield* batch;
}
