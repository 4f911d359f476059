import type { Parameter } from '../nn/layer.js';
import type { FloatArray } from '../tensor/matrix.js';
import { BaseOptimizer, type SlotSpec } from './base.js';
import { requireFraction, requirePositive } from './validate.js';

/** Options of {@link RMSProp}. */
export interface RMSPropOptions {
  /** η (default 0.001). */
  learningRate?: number;
  /** ρ in [0, 1), how slowly the mean square forgets (default 0.9, Hinton's; PyTorch's alpha defaults to 0.99). */
  rho?: number;
  /** ε added to the root mean square, for stability (default 1e-8). */
  epsilon?: number;
  /** μ in [0, 1) for a velocity over the scaled steps (default 0: none). */
  momentum?: number;
}

const MEAN_SQUARE: SlotSpec = { name: 'meanSquare', nonNegative: true };

/**
 * RMSProp (Hinton, 2012): AdaGrad with a moving average instead of a sum, so steps do not shrink forever.
 * Per element, with v (and b) starting at 0:
 *
 *   v ← ρ · v + (1 − ρ) · g²
 *   w ← w − η · g / (√v + ε)                      (momentum 0)
 *
 *   b ← μ · b + g / (√v + ε);   w ← w − η · b      (momentum μ > 0, as PyTorch)
 *
 * Shape: v (and b) have the parameter's length and precision.
 *
 * @example
 * ```ts
 * import { Network, RMSProp, fit } from 'neurite';
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1], [2]], [[1], [3], [5]], { epochs: 300, batchSize: 3, optimizer: new RMSProp({ learningRate: 0.05 }) });
 * console.log(network.predict([3])); // ≈ [7]
 * ```
 */
export class RMSProp extends BaseOptimizer {
  readonly name = 'rmsprop';
  readonly rho: number;
  readonly epsilon: number;
  readonly momentum: number;
  protected readonly slotSpecs: readonly SlotSpec[];

  constructor({ learningRate = 0.001, rho = 0.9, epsilon = 1e-8, momentum = 0 }: RMSPropOptions = {}) {
    super(learningRate);
    this.rho = requireFraction('rho', rho);
    this.epsilon = requirePositive('epsilon', epsilon);
    this.momentum = requireFraction('momentum', momentum);
    this.slotSpecs = this.momentum > 0 ? [MEAN_SQUARE, { name: 'velocity' }] : [MEAN_SQUARE];
  }

  protected update(param: Parameter, slots: readonly FloatArray[]): void {
    rmspropUpdate(param.value, param.grad, slots[0]!, slots[1] ?? null, this.learningRate, this.rho, this.epsilon, this.momentum);
  }

  toJSON(): { name: string; learningRate: number; rho: number; epsilon: number; momentum: number } {
    return { name: this.name, learningRate: this.learningRate, rho: this.rho, epsilon: this.epsilon, momentum: this.momentum };
  }
}

/**
 * v ← ρ · v + (1 − ρ) · g²; then w ← w − η · g / (√v + ε), or with a velocity b (momentum μ > 0):
 * b ← μ · b + g / (√v + ε), w ← w − η · b. In place.
 *
 * @example
 * ```ts
 * import { rmspropUpdate } from 'neurite';
 * const w = new Float64Array([1]), g = new Float64Array([0.5]), v = new Float64Array(1);
 * rmspropUpdate(w, g, v, null, 0.01, 0.9, 1e-7, 0); // v = ρv + (1 − ρ)g²; w −= lr·g / (√v + ε)
 * console.log(w[0], v[0]); // 0.968… 0.025
 * ```
 */
export function rmspropUpdate(
  w: FloatArray,
  g: FloatArray,
  v: FloatArray,
  b: FloatArray | null,
  lr: number,
  rho: number,
  epsilon: number,
  momentum: number,
): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    v[i] = rho * v[i]! + (1 - rho) * gi * gi;
    const scaled = gi / (Math.sqrt(v[i]!) + epsilon);
    if (b === null) {
      w[i] = w[i]! - lr * scaled;
    } else {
      b[i] = momentum * b[i]! + scaled;
      w[i] = w[i]! - lr * b[i]!;
    }
  }
}
