import assert from 'node:assert/strict';
import { Matrix, NeuriteError, type Loss, type Rng } from '../../src/index.js';

/** A float64 matrix of N(0, scale²) draws. */
export function randomMatrix(rng: Rng, rows: number, cols: number, scale = 1): Matrix {
  const m = Matrix.zeros(rows, cols, 'float64');
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal(0, scale);
  return m;
}

/** The fourth-order central difference of f at x with step h. */
export function centralDifference(f: (x: number) => number, x: number, h = 1e-4): number {
  // Differences first: a constant f gives exactly 0.
  return (8 * (f(x + h) - f(x - h)) - (f(x + 2 * h) - f(x - 2 * h))) / (12 * h);
}

/** |a − b| / max(|a|, |b|, floor). */
export function relativeError(a: number, b: number, floor = 1e-8): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), floor);
}

export function assertClose(actual: number, expected: number, tolerance: number, what = 'value'): void {
  assert.ok(relativeError(actual, expected, 1e-300) <= tolerance, `${what}: ${actual} vs expected ${expected}`);
}

export function throwsNeurite(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

/** The same loss without its fused activation: the network then goes through the plain probability path. */
export function unfused(loss: Loss): Loss {
  return {
    name: `${loss.name} (unfused)`,
    forward: loss.forward.bind(loss),
    backward: loss.backward.bind(loss),
    toJSON: loss.toJSON.bind(loss),
  };
}
