import type { FloatArray } from '../tensor/matrix.js';
import type { Loss } from './loss.js';

/**
 * Mean absolute error: L = (1/n) Σ |y_true − y_pred|, n = every prediction in the batch (rows × cols, as MSE).
 * Its derivative: ∂L/∂y_pred = sign(y_pred − y_true) / n; at y_pred = y_true we take 0 (a subgradient).
 * Less pulled by outliers than MSE: every error counts in proportion, not squared.
 *
 * @example
 * ```ts
 * import { MeanAbsoluteError } from 'neurite';
 * const loss = new MeanAbsoluteError();
 * console.log(loss.forward(new Float64Array([1, 5]), new Float64Array([2, 2]), 2, 1)); // 2 = (1 + 3) / 2
 * ```
 */
export class MeanAbsoluteError implements Loss {
  readonly name = 'mean_absolute_error';

  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number {
    const n = rows * cols;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(target[i]! - pred[i]!);
    return sum / n;
  }

  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = Math.sign(pred[i]! - target[i]!) / n;
  }

  toJSON() {
    return { name: this.name };
  }
}
