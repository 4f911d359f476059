import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/**
 * The seed's activation: f(z) = 1 / (1 + e^(−z)), squeezing (−∞, ∞) into (0, 1).
 * Its derivative: f'(z) = f(z) · (1 − f(z)).
 * In JavaScript e^(−z) overflows to Infinity for z < −709 and 1 / Infinity is 0, so this form never gives NaN;
 * it is also the form numpy evaluates, which keeps the seed's fixed points exact.
 *
 * @example
 * ```ts
 * import { Sigmoid } from 'neurite';
 * const sigmoid = new Sigmoid();
 * const a = sigmoid.f(0);
 * console.log(a, sigmoid.df(0, a)); // 0.5 0.25: f'(z) = f(z)(1 − f(z)) from the output a
 * ```
 */
export class Sigmoid implements Activation {
  readonly name = 'sigmoid';
  readonly elementwise = true;

  f(z: number): number {
    return 1 / (1 + Math.exp(-z));
  }

  df(_z: number, a: number): number {
    return a * (1 - a);
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
  }

  backward(_z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const y = a[i]!;
      dZ[i] = dA[i]! * y * (1 - y);
    }
  }

  toJSON() {
    return { name: this.name };
  }
}

/**
 * The seed's activation for one number: f(z) = 1 / (1 + e^(−z)).
 *
 * @example
 * ```ts
 * import { sigmoid } from 'neurite';
 * console.log(sigmoid(7)); // 0.9990889488055994
 * ```
 */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * f'(z) = f(z)(1 − f(z)).
 *
 * @example
 * ```ts
 * import { sigmoidDerivative } from 'neurite';
 * console.log(sigmoidDerivative(0), sigmoidDerivative(5)); // 0.25 0.0066…: the gradient fades as z grows
 * ```
 */
export function sigmoidDerivative(z: number): number {
  const fz = sigmoid(z);
  return fz * (1 - fz);
}
