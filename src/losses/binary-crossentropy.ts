import { requireNumber } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Loss } from './loss.js';

/** Options of {@link BinaryCrossEntropy} and {@link CategoricalCrossEntropy}. */
export interface CrossEntropyOptions {
  /** Probabilities are clamped to [ε, 1 − ε] before the log on the plain (non-fused) path (default 1e-7). */
  epsilon?: number;
}

/**
 * Binary cross-entropy, for outputs that are independent probabilities p = σ(z) (one or more yes/no labels):
 *   L = −(1/n) Σ [ y log p + (1 − y) log(1 − p) ],  n = every output in the batch (rows × cols: mean over
 *   all elements, like MSE).
 *
 * Fused with the sigmoid (the network's path when the last activation is sigmoid), from the logits z:
 *   ℓ(z) = max(z, 0) − z · y + log1p(e^(−|z|))      (the same value, never log(0), never overflowing)
 *   ∂L/∂z = (σ(z) − y) / n                           (∂L/∂p · ∂p/∂z, with ∂p/∂z = p(1 − p) cancelling)
 *
 * Plain, on probabilities p (when the last activation is not a sigmoid), with p clamped to [ε, 1 − ε]:
 *   ∂L/∂p = (p − y) / (p (1 − p)) / n, evaluated at the clamped p, so a saturated output still gets a finite,
 *   non-zero push back (not the zero gradient of a hard clip).
 *
 * @example
 * ```ts
 * import { BinaryCrossEntropy } from 'neurite';
 * const loss = new BinaryCrossEntropy();
 * const pred = new Float64Array([0.9, 0.2]);
 * const target = new Float64Array([1, 0]);
 * console.log(loss.forward(pred, target, 2, 1)); // 0.164…: −mean(y·ln p + (1 − y)·ln(1 − p))
 * ```
 */
export class BinaryCrossEntropy implements Loss {
  readonly name = 'binary_cross_entropy';
  readonly fusedActivation = 'sigmoid';
  readonly epsilon: number;

  constructor({ epsilon = 1e-7 }: CrossEntropyOptions = {}) {
    this.epsilon = requireNumber('binary_cross_entropy epsilon', epsilon, { min: 0, max: 0.5, exclusiveMin: true });
  }

  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number {
    const n = rows * cols;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const p = this.clamp(pred[i]!);
      const y = target[i]!;
      sum -= y * Math.log(p) + (1 - y) * Math.log1p(-p);
    }
    return sum / n;
  }

  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const p = this.clamp(pred[i]!);
      grad[i] = (p - target[i]!) / (p * (1 - p)) / n;
    }
  }

  forwardFromLogits(logits: FloatArray, target: FloatArray, rows: number, cols: number): number {
    const n = rows * cols;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = logits[i]!;
      sum += Math.max(z, 0) - z * target[i]! + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return sum / n;
  }

  backwardFromLogits(_logits: FloatArray, probs: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = (probs[i]! - target[i]!) / n;
  }

  toJSON() {
    return { name: this.name, epsilon: this.epsilon };
  }

  private clamp(p: number): number {
    const eps = this.epsilon;
    return p < eps ? eps : p > 1 - eps ? 1 - eps : p;
  }
}
