import { requireNumber } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/** Options of {@link LeakyReLU}. */
export interface LeakyReLUOptions {
  /** The slope for z < 0 (default 0.01). */
  slope?: number;
}

/**
 * A ReLU that lets a little through below zero, so a unit never dies completely:
 * f(z) = z for z > 0, slope · z otherwise.
 * Its derivative: f'(z) = 1 for z > 0, slope otherwise (at the kink z = 0 we take slope).
 *
 * @example
 * ```ts
 * import { LeakyReLU, Network } from 'neurite';
 * const activation = new LeakyReLU({ slope: 0.1 });
 * console.log(activation.f(3), activation.f(-3)); // 3 -0.3
 * const network = Network.create({ inputs: 2, layers: [{ units: 8, activation }, { units: 1, activation: 'sigmoid' }] });
 * ```
 */
export class LeakyReLU implements Activation {
  readonly name = 'leaky_relu';
  readonly elementwise = true;
  readonly slope: number;

  constructor({ slope = 0.01 }: LeakyReLUOptions = {}) {
    this.slope = requireNumber('leaky_relu slope', slope, { min: 0 });
  }

  f(z: number): number {
    return z > 0 ? z : this.slope * z;
  }

  df(z: number): number {
    return z > 0 ? 1 : this.slope;
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    const slope = this.slope;
    for (let i = 0; i < n; i++) {
      const v = z[i]!;
      a[i] = v > 0 ? v : slope * v;
    }
  }

  backward(z: FloatArray, _a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    const slope = this.slope;
    for (let i = 0; i < n; i++) dZ[i] = z[i]! > 0 ? dA[i]! : slope * dA[i]!;
  }

  toJSON() {
    return { name: this.name, slope: this.slope };
  }
}
