import { NeuriteError } from '../../../src/index.js';
import { parseTable, type Table } from '../../../src/data/index.js';

/**
 * CSV files picked or dropped on the page, read by the library's own parser and typed table (src/data): the
 * same rules, column types and error messages (with line and column) as `neurite` on the command line.
 */
export const MAX_CSV_CHARS = 5_000_000;

/** The table of a CSV file's text; `file` names it in messages ("line 7 of people.csv"). */
export function readCsv(text: string, file?: string): Table {
  if (text.length > MAX_CSV_CHARS) {
    throw new NeuriteError('CSV_PARSE', `${file ?? 'The CSV'} has ${text.length} characters; the playground reads at most ${MAX_CSV_CHARS}`, {
      file,
      actual: text.length,
      expected: MAX_CSV_CHARS,
    });
  }
  return parseTable(text, file === undefined ? {} : { file });
}

/** Columns the table typed as numbers (candidates for the two inputs). */
export function numericColumns(table: Table): string[] {
  return table.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
}

/** Picks sensible columns: the first two numeric ones as inputs, the last other column as the target. */
export function guessCsvColumns(table: Table): { x: string; y: string; target: string } | null {
  const numeric = numericColumns(table);
  if (numeric.length < 2) return null;
  const [x, y] = numeric as [string, string];
  const rest = table.columnNames.filter((c) => c !== x && c !== y);
  const target = rest[rest.length - 1];
  return target === undefined ? null : { x, y, target };
}
