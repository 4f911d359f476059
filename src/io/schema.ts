import { NeuriteError, describe } from '../errors.js';
import { childPath } from './json-safety.js';

/** Small checks over parsed JSON that say where (`network.layers[1].weights`) and what was expected. */

export function fail(path: string, message: string, extra: Record<string, unknown> = {}): never {
  throw new NeuriteError('MODEL_FORMAT', `${path || 'The model file'}: ${message}`, { path, ...extra });
}

export type JsonObject = Record<string, unknown>;

export function expectObject(value: unknown, path: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(path, `expected an object, got ${describe(value)}`, { actual: describe(value) });
  return value as JsonObject;
}

/** Every required key present; no key outside required ∪ optional. */
export function expectKeys(object: JsonObject, path: string, required: readonly string[], optional: readonly string[] = []): void {
  for (const key of required) {
    if (!Object.hasOwn(object, key)) fail(childPath(path, key), `is missing (expected the keys ${required.join(', ')})`);
  }
  for (const key of Object.keys(object)) {
    if (!required.includes(key) && !optional.includes(key)) {
      fail(childPath(path, key), `unknown key; expected only ${[...required, ...optional].join(', ')}`);
    }
  }
}

export function expectString(value: unknown, path: string, { nonEmpty = false }: { nonEmpty?: boolean } = {}): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
  if (nonEmpty && value === '') fail(path, 'expected a non-empty string');
  return value;
}

export function expectChoice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    fail(path, `expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')}, got ${describe(value)}`, { expected: choices });
  }
  return value as T;
}

export function expectBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, `expected true or false, got ${describe(value)}`);
  return value;
}

export function expectNumber(value: unknown, path: string, { positive = false }: { positive?: boolean } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `expected a finite number, got ${describe(value)}`);
  if (positive && !(value > 0)) fail(path, `expected a number > 0, got ${value}`);
  return value;
}

export function expectInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, `expected an integer, got ${describe(value)}`);
  if (value < min) fail(path, `expected an integer ≥ ${min}, got ${value}`);
  if (value > max) fail(path, `${value} is larger than the limit ${max}`, { expected: `≤ ${max}`, actual: value });
  return value;
}

export function expectArray(value: unknown, path: string, { min = 0, max = Infinity }: { min?: number; max?: number } = {}): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected an array, got ${describe(value)}`);
  if (value.length < min) fail(path, `expected at least ${min} item(s), got ${value.length}`);
  if (value.length > max) fail(path, `has ${value.length} items; the limit is ${max}`);
  return value;
}

/** An array of exactly `length` finite numbers. */
export function expectNumbers(value: unknown, path: string, length: number, what: string): number[] {
  if (!Array.isArray(value)) fail(path, `expected an array of ${length} numbers (${what}), got ${describe(value)}`);
  if (value.length !== length) fail(path, `expected ${length} numbers (${what}), got ${value.length}`, { expected: length, actual: value.length });
  for (let i = 0; i < length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(childPath(path, i), `expected a finite number, got ${describe(v)}`);
  }
  return value as number[];
}

/** An array of distinct strings. */
export function expectDistinctStrings(value: unknown, path: string, { min = 0, max = Infinity }: { min?: number; max?: number } = {}): string[] {
  const items = expectArray(value, path, { min, max });
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const text = expectString(item, childPath(path, i));
    if (seen.has(text)) fail(childPath(path, i), `${describe(text)} appears twice`);
    seen.add(text);
  });
  return items as string[];
}
