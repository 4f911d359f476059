import { NeuriteError } from '../../../src/index.js';

/**
 * A small CSV reader for files picked or dropped on the page: a header row, commas, double-quoted fields
 * with "" escapes, CRLF or LF. It stands in for the library's CSV parser (src/data) until that is merged.
 */
export interface CsvTable {
  columns: string[];
  rows: string[][];
}

export const MAX_CSV_BYTES = 5_000_000;

export function parseCsv(text: string): CsvTable {
  if (text.length > MAX_CSV_BYTES) {
    throw new NeuriteError('CSV_PARSE', `The CSV has ${text.length} characters; the playground reads at most ${MAX_CSV_BYTES}`);
  }
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      field = '';
      line++;
    } else {
      field += c;
    }
  }
  if (quoted) throw new NeuriteError('CSV_PARSE', `The CSV ends inside a quoted field (opened before line ${line})`, { line });
  record.push(field);
  if (record.length > 1 || record[0] !== '') records.push(record);
  if (records.length < 2) throw new NeuriteError('CSV_PARSE', 'The CSV needs a header row and at least one data row');
  const columns = records[0]!.map((c) => c.trim());
  const rows = records.slice(1);
  rows.forEach((r, i) => {
    if (r.length !== columns.length) {
      throw new NeuriteError('CSV_SCHEMA', `CSV line ${i + 2} has ${r.length} fields; the header has ${columns.length}`, {
        line: i + 2,
        expected: columns.length,
        actual: r.length,
      });
    }
  });
  return { columns, rows };
}

/** Columns whose every value is a finite number (candidates for the two inputs). */
export function numericColumns(table: CsvTable): string[] {
  return table.columns.filter((_, c) => table.rows.every((r) => isNumber(r[c]!)));
}

export function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}
