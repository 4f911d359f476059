import type { FloatArray } from '../tensor/matrix.js';
import type { Loss } from './loss.js';

/**
 * The seed's loss, mean squared error: L = (1/n) Σ (y_true − y_pred)², n = every prediction in the batch.
 * Its derivative: ∂L/∂y_pred = −2 (y_true − y_pred) / n.
 *
 * @example
 * ```ts
 * import { Matrix, MeanSquaredError, Network } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 1 }], dtype: 'float64' });
 * const x = Matrix.from([[1, 2]], 'float64');
 * const y = Matrix.from([[1]], 'float64');
 * console.log(network.loss(x, y, new MeanSquaredError()));
 * ```
 */
export class MeanSquaredError implements Loss {
  readonly name = 'mean_squared_error';

  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number {
    const n = rows * cols;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = target[i]! - pred[i]!;
      sum += d * d;
    }
    return sum / n;
  }

  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = (-2 * (target[i]! - pred[i]!)) / n;
  }

  toJSON() {
    return { name: this.name };
  }
}

/**
 * MSE of two plain arrays, as the seed's `mse_loss(y_true, y_pred)`.
 *
 * @example
 * ```ts
 * import { mseLoss } from 'neurite';
 * console.log(mseLoss([1, 0, 0, 1], [0, 0, 0, 0])); // 0.5
 * ```
 */
export function mseLoss(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const t = Float64Array.from(yTrue);
  const p = Float64Array.from(yPred);
  return new MeanSquaredError().forward(p, t, 1, t.length);
}
