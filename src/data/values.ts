/**
 * How a CSV cell's text becomes a value. Decided strictly, so a column's type never depends on JavaScript's
 * loose `Number()` (which reads "" as 0, "0x10" as 16 and "Infinity" as a number):
 *
 * - Spaces and tabs around a value are ignored, for numbers and categories alike (`" red "` is `red`).
 * - A number is a plain decimal: optional sign, digits with an optional decimal point (`3`, `-0.5`, `.5`,
 *   `5.`), optional exponent (`1e5`, `2.5E-3`). Not numbers: `0x10`, `1_000`, `1,5`, `Infinity`, `inf`.
 * - A decimal too large for a float64 (`1e999`) is an error, not text: it is a number that cannot be held.
 * - Missing: an empty cell, or exactly one of `DEFAULT_MISSING_VALUES` (`NA`, `N/A`, `NaN`, `nan`, `null`,
 *   `NULL`, `?`), after trimming. Pass `missingValues` to choose others (`[""]` for empty cells only).
 */
export const DEFAULT_MISSING_VALUES: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', '?'];

const SPACE = 32;
const TAB = 9;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

/**
 * The number a cell holds, or NaN when its text is not a plain decimal (see above). A decimal that overflows
 * returns ±Infinity, which callers report as an error.
 */
export function parseDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  let end = n;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (i === end) return NaN;
  let c = text.charCodeAt(i);
  if (c === PLUS || c === MINUS) {
    i++;
    if (i === end) return NaN;
    c = text.charCodeAt(i);
  }
  let digits = 0;
  while (i < end && isDigit((c = text.charCodeAt(i)))) {
    i++;
    digits++;
  }
  if (i < end && c === DOT) {
    i++;
    while (i < end && isDigit((c = text.charCodeAt(i)))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return NaN;
  if (i < end && (c === LOWER_E || c === UPPER_E)) {
    i++;
    if (i < end) {
      c = text.charCodeAt(i);
      if (c === PLUS || c === MINUS) i++;
    }
    let expDigits = 0;
    while (i < end && isDigit(text.charCodeAt(i))) {
      i++;
      expDigits++;
    }
    if (expDigits === 0) return NaN;
  }
  if (i !== end) return NaN;
  // The text is now known to be a decimal that Number() reads exactly as written (it ignores the spaces).
  return Number(text);
}

/** Text without surrounding spaces and tabs. */
export function trimCell(text: string): string {
  const n = text.length;
  if (n === 0 || (!isSpace(text.charCodeAt(0)) && !isSpace(text.charCodeAt(n - 1)))) return text;
  let i = 0;
  let end = n;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(i, end);
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** The text a number is written as in messages, class names and categories (`String(1)` is "1"). */
export function numberText(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}
