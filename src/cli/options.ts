import { InvalidArgumentError } from 'commander';

// Option parsers shared by the commands. A bad value is a usage error: commander prints
// `error: option '--epochs <n>' argument '0' is invalid. <the message here>` and the CLI exits with code 2.

export function parseInteger(value: string): number {
  return integerAtLeast(value, -Infinity, 'an integer');
}

/** A whole number ≥ 1: a count of epochs, rows, samples. */
export function parsePositiveInteger(value: string): number {
  return integerAtLeast(value, 1, 'a whole number ≥ 1');
}

/** A whole number ≥ 0, where 0 turns something off (patience, checkpoint interval). */
export function parseNonNegativeInteger(value: string): number {
  return integerAtLeast(value, 0, 'a whole number ≥ 0');
}

function integerAtLeast(value: string, min: number, expected: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected ${expected}, got "${value}"`);
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

/** A file path: anything but an empty string (which would otherwise be ignored, or fail only after the work). */
export function parsePath(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a file path, got an empty string');
  return value;
}
