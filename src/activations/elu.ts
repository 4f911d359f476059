import { requireNumber } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/** Options of {@link ELU}. */
export interface ELUOptions {
  /** The value f approaches as z → −∞ is −alpha (default 1). */
  alpha?: number;
}

/**
 * The exponential linear unit (Clevert et al., 2015): f(z) = z for z > 0, alpha · (e^z − 1) otherwise.
 * Its derivative: f'(z) = 1 for z > 0, alpha · e^z = f(z) + alpha otherwise.
 * e^z is only evaluated for z ≤ 0, where it cannot overflow; `expm1` keeps e^z − 1 exact near 0.
 * With alpha = 1 the derivative is continuous at 0 (both sides give 1).
 *
 * @example
 * ```ts
 * import { ELU, Network } from 'neurite';
 * const elu = new ELU({ alpha: 0.5 });
 * console.log(elu.f(2), elu.f(-1)); // 2 -0.316…: α(e^z − 1) below zero
 * const network = Network.create({ inputs: 2, layers: [{ units: 8, activation: elu }, { units: 1, activation: 'sigmoid' }] });
 * ```
 */
export class ELU implements Activation {
  readonly name = 'elu';
  readonly elementwise = true;
  readonly alpha: number;

  constructor({ alpha = 1 }: ELUOptions = {}) {
    this.alpha = requireNumber('elu alpha', alpha, { min: 0, exclusiveMin: true });
  }

  f(z: number): number {
    return z > 0 ? z : this.alpha * Math.expm1(z);
  }

  df(z: number, a: number): number {
    return z > 0 ? 1 : a + this.alpha;
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    const alpha = this.alpha;
    for (let i = 0; i < n; i++) {
      const v = z[i]!;
      a[i] = v > 0 ? v : alpha * Math.expm1(v);
    }
  }

  backward(z: FloatArray, _a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    const alpha = this.alpha;
    for (let i = 0; i < n; i++) {
      const v = z[i]!;
      // alpha · e^z from z itself (not from the stored a, which float32 may have rounded).
      dZ[i] = v > 0 ? dA[i]! : dA[i]! * alpha * Math.exp(v);
    }
  }

  toJSON() {
    return { name: this.name, alpha: this.alpha };
  }
}
