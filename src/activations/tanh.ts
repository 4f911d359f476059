import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/**
 * The hyperbolic tangent: f(z) = (e^z − e^(−z)) / (e^z + e^(−z)), squeezing (−∞, ∞) into (−1, 1), zero-centred.
 * Its derivative: f'(z) = 1 − f(z)².
 * `Math.tanh` saturates to exactly ±1 for large |z| (no overflow), so f'(±1e4) is exactly 0, never NaN.
 *
 * @example
 * ```ts
 * import { Network, Tanh } from 'neurite';
 * const tanh = new Tanh();
 * console.log(tanh.f(0.5), tanh.df(0.5, tanh.f(0.5))); // 0.462… 0.786…: f'(z) = 1 − f(z)²
 * const network = Network.create({ inputs: 2, layers: [{ units: 4, activation: tanh }, { units: 1, activation: 'sigmoid' }] });
 * ```
 */
export class Tanh implements Activation {
  readonly name = 'tanh';
  readonly elementwise = true;

  f(z: number): number {
    return Math.tanh(z);
  }

  df(_z: number, a: number): number {
    return 1 - a * a;
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]!);
  }

  backward(_z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const y = a[i]!;
      dZ[i] = dA[i]! * (1 - y * y);
    }
  }

  toJSON() {
    return { name: this.name };
  }
}
