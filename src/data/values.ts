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
 *
 * @example
 * ```ts
 * import { DEFAULT_MISSING_VALUES, parseTable } from 'neurite/data';
 * console.log(DEFAULT_MISSING_VALUES); // the cells read as missing unless TableOptions.missingValues says otherwise
 * const table = parseTable('x,y\n1,NA\n2,3\n');
 * console.log(table.column('y').missing); // 1
 * ```
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

/** Exact powers of ten as doubles: 10^0 … 10^22 are all representable exactly. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * The number a cell holds, or NaN when its text is not a plain decimal (see above). A decimal that overflows
 * returns ±Infinity, which callers report as an error.
 *
 * Fast path (Clinger, 1990): when the digits form an integer m < 2^53 and there are at most 22 digits after
 * the point and no exponent, m and 10^k are exact doubles, so the single division m / 10^k is correctly
 * rounded: exactly the double `Number(text)` gives. Anything else goes to `Number`.
 *
 * @example
 * ```ts
 * import { parseDecimal } from 'neurite/data';
 * console.log(parseDecimal('3.25'), parseDecimal('-1e3'), parseDecimal('12 kg')); // 3.25 -1000 NaN
 * ```
 */
export function parseDecimal(text: string): number {
  const n = text.length;
  let i = 0;
  let end = n;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  if (i === end) return NaN;
  let c = text.charCodeAt(i);
  let negative = false;
  if (c === PLUS || c === MINUS) {
    negative = c === MINUS;
    i++;
    if (i === end) return NaN;
    c = text.charCodeAt(i);
  }
  let digits = 0;
  let mantissa = 0;
  let fraction = 0;
  while (i < end && isDigit((c = text.charCodeAt(i)))) {
    mantissa = mantissa * 10 + (c - ZERO);
    i++;
    digits++;
  }
  if (i < end && c === DOT) {
    i++;
    while (i < end && isDigit((c = text.charCodeAt(i)))) {
      mantissa = mantissa * 10 + (c - ZERO);
      i++;
      digits++;
      fraction++;
    }
  }
  if (digits === 0) return NaN;
  if (i === end && mantissa <= 9007199254740991 && fraction <= 22) {
    const value = fraction === 0 ? mantissa : mantissa / POW10[fraction]!;
    return negative ? -value : value;
  }
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
  // A decimal Number() reads exactly as written (it ignores the surrounding spaces).
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
