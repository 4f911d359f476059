import { requireNumber } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Loss } from './loss.js';

/** Options of {@link Huber}. */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/**
 * The Huber loss: quadratic for small errors (like MSE), linear for large ones (like MAE). With d = y_pred − y_true:
 *   ℓ(d) = ½ d²              for |d| ≤ δ
 *   ℓ(d) = δ (|d| − ½ δ)     otherwise
 *   L = (1/n) Σ ℓ(d), n = every prediction in the batch (rows × cols, as MSE).
 * Its derivative: ∂L/∂y_pred = d / n for |d| ≤ δ, δ · sign(d) / n otherwise (continuous at |d| = δ).
 * Note the ½: for |d| ≤ δ this is half the squared error (Keras's and PyTorch's convention).
 *
 * @example
 * ```ts
 * import { Huber, Network, fit } from 'neurite';
 * const loss = new Huber({ delta: 1 });
 * console.log(loss.forward(new Float64Array([0.5, 4]), new Float64Array([0, 0]), 2, 1)); // (0.125 + 3.5) / 2 = 1.8125
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1], [2]], [[1], [3], [50]], { epochs: 5, loss }); // the outlier pulls less than with MSE
 * ```
 */
export class Huber implements Loss {
  readonly name = 'huber';
  readonly delta: number;

  constructor({ delta = 1 }: HuberOptions = {}) {
    this.delta = requireNumber('huber delta', delta, { min: 0, exclusiveMin: true });
  }

  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number {
    const n = rows * cols;
    const delta = this.delta;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const abs = Math.abs(pred[i]! - target[i]!);
      sum += abs <= delta ? 0.5 * abs * abs : delta * (abs - 0.5 * delta);
    }
    return sum / n;
  }

  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    const delta = this.delta;
    for (let i = 0; i < n; i++) {
      const d = pred[i]! - target[i]!;
      grad[i] = (Math.abs(d) <= delta ? d : delta * Math.sign(d)) / n;
    }
  }

  toJSON() {
    return { name: this.name, delta: this.delta };
  }
}
