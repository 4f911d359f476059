import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/**
 * The rectified linear unit: f(z) = max(0, z).
 * Its derivative: f'(z) = 1 for z > 0, 0 for z < 0; at the kink z = 0 we take 0 (a subgradient).
 *
 * @example
 * ```ts
 * import { Network, ReLU } from 'neurite';
 * const relu = new ReLU();
 * console.log(relu.f(-2), relu.f(3), relu.df(3)); // 0 3 1
 * const network = Network.create({ inputs: 4, layers: [{ units: 16, activation: relu }, { units: 3, activation: 'softmax' }] });
 * ```
 */
export class ReLU implements Activation {
  readonly name = 'relu';
  readonly elementwise = true;

  f(z: number): number {
    return z > 0 ? z : 0;
  }

  df(z: number): number {
    return z > 0 ? 1 : 0;
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const v = z[i]!;
      a[i] = v > 0 ? v : 0;
    }
  }

  backward(z: FloatArray, _a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dZ[i] = z[i]! > 0 ? dA[i]! : 0;
  }

  toJSON() {
    return { name: this.name };
  }
}
