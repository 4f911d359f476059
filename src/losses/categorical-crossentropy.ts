import { logSumExp } from '../activations/softmax.js';
import { requireNumber } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { CrossEntropyOptions } from './binary-crossentropy.js';
import type { Loss } from './loss.js';

/**
 * Categorical cross-entropy, for one distribution over `cols` classes per row (one-hot or soft targets y):
 *   L = −(1/rows) Σ_rows Σ_classes y_c log p_c     (mean over rows, sum over classes)
 *
 * Fused with softmax (the network's path when the last activation is softmax), from the logits z:
 *   log p_c = z_c − logSumExp(z)                     (log-softmax, max subtracted: never log(0), never overflow)
 *   ∂L/∂z_c = (s · p_c − y_c) / rows,  s = Σ_c y_c  (= (softmax − y) / rows for targets that sum to 1;
 *                                                    the s keeps it exact for any targets)
 *
 * Plain, on probabilities p (when the last activation is not softmax), with p clamped to [ε, 1]:
 *   ∂L/∂p_c = −y_c / (p_c · rows), evaluated at the clamped p.
 *
 * @example
 * ```ts
 * import { CategoricalCrossEntropy } from 'neurite';
 * const loss = new CategoricalCrossEntropy();
 * const pred = new Float64Array([0.7, 0.2, 0.1]); // one row of softmax outputs
 * console.log(loss.forward(pred, new Float64Array([1, 0, 0]), 1, 3)); // 0.356… = −ln 0.7
 * ```
 */
export class CategoricalCrossEntropy implements Loss {
  readonly name = 'categorical_cross_entropy';
  readonly fusedActivation = 'softmax';
  readonly epsilon: number;

  constructor({ epsilon = 1e-7 }: CrossEntropyOptions = {}) {
    this.epsilon = requireNumber('categorical_cross_entropy epsilon', epsilon, { min: 0, max: 0.5, exclusiveMin: true });
  }

  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number {
    const n = rows * cols;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const y = target[i]!;
      if (y !== 0) sum -= y * Math.log(Math.max(pred[i]!, this.epsilon));
    }
    return sum / rows;
  }

  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = -target[i]! / (Math.max(pred[i]!, this.epsilon) * rows);
  }

  forwardFromLogits(logits: FloatArray, target: FloatArray, rows: number, cols: number): number {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const start = r * cols;
      const lse = logSumExp(logits, start, start + cols);
      for (let i = start; i < start + cols; i++) {
        const y = target[i]!;
        if (y !== 0) sum += y * (lse - logits[i]!); // −y · log p
      }
    }
    return sum / rows;
  }

  backwardFromLogits(_logits: FloatArray, probs: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const start = r * cols;
      let s = 0;
      for (let i = start; i < start + cols; i++) s += target[i]!;
      for (let i = start; i < start + cols; i++) grad[i] = (s * probs[i]! - target[i]!) / rows;
    }
  }

  toJSON() {
    return { name: this.name, epsilon: this.epsilon };
  }
}
