import type { Parameter } from '../nn/layer.js';
import type { FloatArray } from '../tensor/matrix.js';
import { BaseOptimizer, type SlotSpec } from './base.js';
import { requireFraction, requirePositive } from './validate.js';

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** η (default 0.001). */
  learningRate?: number;
  /** β1 in [0, 1), decay of the gradient's moving average (default 0.9). */
  beta1?: number;
  /** β2 in [0, 1), decay of the squared gradient's moving average (default 0.999). */
  beta2?: number;
  /** ε added to √v̂, for stability (default 1e-8). */
  epsilon?: number;
}

const MOMENTS: readonly SlotSpec[] = [{ name: 'm' }, { name: 'v', nonNegative: true }];

/**
 * Adam (Kingma & Ba, 2015): momentum on the gradient (m) and RMSProp's scaling (v), both moving averages
 * started at 0 and corrected for that start. Per element, at this parameter's update t = 1, 2, ...:
 *
 *   m ← β1 · m + (1 − β1) · g
 *   v ← β2 · v + (1 − β2) · g²
 *   m̂ = m / (1 − β1ᵗ),   v̂ = v / (1 − β2ᵗ)          (bias correction)
 *   w ← w − η · m̂ / (√v̂ + ε)
 *
 * Shape: m and v have the parameter's length and precision.
 *
 * @example
 * ```ts
 * import { Adam, Network, fit } from 'neurite';
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1], [2]], [[1], [3], [5]], { epochs: 300, batchSize: 3, optimizer: new Adam({ learningRate: 0.1 }) });
 * console.log(network.predict([3])); // ≈ [7]
 * ```
 */
export class Adam extends BaseOptimizer {
  readonly name: string = 'adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  protected readonly slotSpecs = MOMENTS;

  constructor({ learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 }: AdamOptions = {}) {
    super(learningRate);
    this.beta1 = requireFraction('beta1', beta1);
    this.beta2 = requireFraction('beta2', beta2);
    this.epsilon = requirePositive('epsilon', epsilon);
  }

  protected update(param: Parameter, slots: readonly FloatArray[], t: number): void {
    adamUpdate(param.value, param.grad, slots[0]!, slots[1]!, t, this.learningRate, this.beta1, this.beta2, this.epsilon);
  }

  toJSON(): { name: string; learningRate: number; beta1: number; beta2: number; epsilon: number } {
    return { name: this.name, learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/**
 * One Adam step at update t (1-based), in place:
 * m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; w ← w − η · (m / (1−β1ᵗ)) / (√(v / (1−β2ᵗ)) + ε).
 *
 * @example
 * ```ts
 * import { adamUpdate } from 'neurite';
 * const w = new Float64Array([1]), g = new Float64Array([0.5]), m = new Float64Array(1), v = new Float64Array(1);
 * adamUpdate(w, g, m, v, 1, 0.01, 0.9, 0.999, 1e-8); // step t = 1: bias-corrected m̂ = g, v̂ = g²
 * console.log(w[0]); // ≈ 0.99: Adam's first step moves each weight by about lr
 * ```
 */
export function adamUpdate(
  w: FloatArray,
  g: FloatArray,
  m: FloatArray,
  v: FloatArray,
  t: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  const correction1 = 1 - beta1 ** t;
  const correction2 = 1 - beta2 ** t;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    m[i] = beta1 * m[i]! + (1 - beta1) * gi;
    v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
    const mHat = m[i]! / correction1;
    const vHat = v[i]! / correction2;
    w[i] = w[i]! - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
  }
}
