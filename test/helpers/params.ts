import assert from 'node:assert/strict';
import type { Parameter } from '../../src/index.js';

/** A float64 Parameter built by hand: `{name, kind, shape, value, grad}`. */
export function param(name: string, value: number[], grad: number[] = value.map(() => 0), kind: 'weight' | 'bias' = 'weight'): Parameter {
  return { name, kind, shape: [1, value.length], value: Float64Array.from(value), grad: Float64Array.from(grad) };
}

export function setGrad(p: Parameter, grad: number[]): void {
  p.grad.set(grad);
}

/** |actual − expected| ≤ tolerance · max(1, |expected|), element by element. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-14, what = 'value'): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `${what}[${i}]: expected ${e}, got ${a}`);
  }
}

// One assertion for NeuriteErrors, shared with the other helpers.
export { throwsNeurite } from './numeric.js';
