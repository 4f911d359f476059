import { NeuriteError, requireNumber } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Initializer } from './initializer.js';
import type { Rng } from './rng.js';

/** Options of {@link Uniform}. */
export interface UniformOptions {
  /** Default −0.05. */
  low?: number;
  /** Default 0.05. */
  high?: number;
}

/**
 * U[low, high): mean (low + high) / 2, variance (high − low)² / 12.
 *
 * @example
 * ```ts
 * import { Rng, Uniform } from 'neurite';
 * const weights = new Float64Array(5);
 * new Uniform({ low: -0.5, high: 0.5 }).fill(weights, 5, 1, new Rng(9));
 * console.log(weights.every((w) => w >= -0.5 && w < 0.5)); // true
 * ```
 */
export class Uniform implements Initializer {
  readonly name = 'uniform';
  readonly low: number;
  readonly high: number;
  constructor({ low = -0.05, high = 0.05 }: UniformOptions = {}) {
    this.low = requireNumber('uniform initializer low', low);
    this.high = requireNumber('uniform initializer high', high);
    if (!(this.low < this.high)) {
      throw new NeuriteError('INVALID_ARGUMENT', `The uniform initializer needs low < high, got low = ${low}, high = ${high}`, {
        field: 'high',
        expected: `a number > ${low}`,
        actual: high,
      });
    }
  }
  fill(out: FloatArray, _fanIn: number, _fanOut: number, rng: Rng): void {
    for (let i = 0; i < out.length; i++) out[i] = rng.range(this.low, this.high);
  }
  toJSON() {
    return { name: this.name, low: this.low, high: this.high };
  }
}

/** Fills `out` from U[−limit, limit), variance limit² / 3 (shared by the Glorot and He uniform variants). */
export function fillSymmetricUniform(out: FloatArray, limit: number, rng: Rng): void {
  for (let i = 0; i < out.length; i++) out[i] = rng.range(-limit, limit);
}
