import type { Parameter } from '../nn/layer.js';
import type { FloatArray } from '../tensor/matrix.js';
import { Adam, adamUpdate, type AdamOptions } from './adam.js';
import { requireNonNegative } from './validate.js';

/** Options of {@link AdamW}. */
export interface AdamWOptions extends AdamOptions {
  /** λ ≥ 0, the decoupled weight decay (default 0.01, as PyTorch). Applied to weights only, never biases. */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter, 2019): Adam plus weight decay that is decoupled from the gradient. The decay
 * shrinks the weight directly instead of being added to g, so Adam's per-element scaling does not weaken it:
 *
 *   w ← w − η · λ · w                                (weights only: Parameter.kind === 'weight')
 *   then Adam's step:  w ← w − η · m̂ / (√v̂ + ε)
 *
 * As in PyTorch and Keras the decay is multiplied by η, so it follows a learning-rate schedule.
 * Biases do not decay: shrinking an offset towards 0 does not limit a model's capacity, and the Parameter
 * contract (src/nn/layer.ts) says biases take no part in weight decay. (PyTorch decays every parameter it is
 * given; Keras lets you exclude variables. Here the rule is fixed by `kind`.)
 *
 * Shape: m and v have the parameter's length and precision.
 *
 * @example
 * ```ts
 * import { AdamW, Network, fit } from 'neurite';
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * const optimizer = new AdamW({ learningRate: 0.1, weightDecay: 0.01 }); // decay applied to the weights, not the gradient
 * await fit(network, [[0], [1], [2]], [[1], [3], [5]], { epochs: 300, batchSize: 3, optimizer });
 * console.log(network.predict([3])); // ≈ [7]
 * ```
 */
export class AdamW extends Adam {
  override readonly name: string = 'adamw';
  readonly weightDecay: number;

  constructor(options: AdamWOptions = {}) {
    super(options);
    this.weightDecay = requireNonNegative('weight decay', options.weightDecay ?? 0.01);
  }

  protected override update(param: Parameter, slots: readonly FloatArray[], t: number): void {
    const decay = param.kind === 'weight' ? this.weightDecay : 0;
    adamwUpdate(param.value, param.grad, slots[0]!, slots[1]!, t, this.learningRate, this.beta1, this.beta2, this.epsilon, decay);
  }

  override toJSON(): { name: string; learningRate: number; beta1: number; beta2: number; epsilon: number; weightDecay: number } {
    return { ...super.toJSON(), weightDecay: this.weightDecay };
  }
}

/**
 * w ← w − η · λ · w (skipped when λ = 0), then Adam's step at update t. In place.
 *
 * @example
 * ```ts
 * import { adamwUpdate } from 'neurite';
 * const w = new Float64Array([1]), g = new Float64Array([0]), m = new Float64Array(1), v = new Float64Array(1);
 * adamwUpdate(w, g, m, v, 1, 0.1, 0.9, 0.999, 1e-8, 0.01); // no gradient: only the decoupled decay w −= lr·λ·w
 * console.log(w[0]); // 0.999
 * ```
 */
export function adamwUpdate(
  w: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  t: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  weightDecay: number,
): void {
  if (weightDecay !== 0) {
    const shrink = lr * weightDecay;
    for (let i = 0; i < w.length; i++) w[i] = w[i]! - shrink * w[i]!;
  }
  adamUpdate(w, g, m, v, t, lr, beta1, beta2, epsilon);
}
