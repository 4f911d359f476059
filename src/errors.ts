/**
 * Every error neurite throws is a `NeuriteError` with a `code` from this union, so callers can branch on
 * the code and tools can print one clear line. Structured fields say where and what.
 */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_INPUT'
  | 'SHAPE_MISMATCH'
  | 'NON_FINITE'
  | 'DIVERGED'
  | 'ABORTED'
  | 'CSV_PARSE'
  | 'CSV_SCHEMA'
  | 'MISSING_VALUE'
  | 'MODEL_FORMAT'
  | 'DATA_FORMAT'
  | 'UNSUPPORTED'
  | 'IO'
  | 'THREADS';

/** Structured fields of a {@link NeuriteError}: what was expected, what came, and where. */
export interface ErrorDetails {
  /** What was expected, in words or numbers (e.g. a shape). */
  expected?: unknown;
  /** What was actually received. */
  actual?: unknown;
  /** Where: a file, a 1-based line and column, a field or JSON path. */
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  path?: string;
  /** Anything else that helps, e.g. the epoch and batch of a divergence. */
  [key: string]: unknown;
}

/**
 * The one error class neurite throws: a `code` from {@link ErrorCode}, a message that says what was expected,
 * what came and where, and the same facts as structured `details`.
 *
 * @example
 * ```ts
 * import { Matrix, NeuriteError } from 'neurite';
 * try {
 *   Matrix.from([[1, 2], [3]]);
 * } catch (error) {
 *   if (error instanceof NeuriteError) console.log(error.code, error.details); // SHAPE_MISMATCH { expected: 2, actual: 1, row: 1 }
 * }
 * ```
 */
export class NeuriteError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NeuriteError';
    this.code = code;
    this.details = details;
  }
}

/**
 * True when `value` is a {@link NeuriteError} (a type guard).
 *
 * @example
 * ```ts
 * import { Matrix, isNeuriteError } from 'neurite';
 * try {
 *   Matrix.from([[1, 2], [3]]);
 * } catch (error) {
 *   if (isNeuriteError(error)) console.log(error.code, error.message); // the code and what was expected
 * }
 * ```
 */
export function isNeuriteError(value: unknown): value is NeuriteError {
  return value instanceof NeuriteError;
}

/** Throws INVALID_ARGUMENT unless `value` is an integer ≥ `min`. */
export function requireInteger(name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be an integer ≥ ${min}, got ${describe(value)}`, {
      field: name,
      expected: `integer ≥ ${min}`,
      actual: value,
    });
  }
  return value;
}

/** Throws INVALID_ARGUMENT unless `value` is a finite number (optionally within bounds). */
export function requireNumber(
  name: string,
  value: unknown,
  { min = -Infinity, max = Infinity, exclusiveMin = false }: { min?: number; max?: number; exclusiveMin?: boolean } = {},
): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (exclusiveMin ? value > min : value >= min) && value <= max;
  if (!ok) {
    const range =
      min === -Infinity && max === Infinity
        ? 'a finite number'
        : `a finite number ${exclusiveMin ? '>' : '≥'} ${min}${max === Infinity ? '' : ` and ≤ ${max}`}`;
    throw new NeuriteError('INVALID_ARGUMENT', `Invalid ${name}: ${describe(value)} (expected ${range})`, {
      field: name,
      expected: range,
      actual: value,
    });
  }
  return value;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Float64Array).length}`;
  return `a ${typeof value}`;
}
