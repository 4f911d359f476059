import type { Parameter } from '../nn/layer.js';
import type { FloatArray } from '../tensor/matrix.js';
import { BaseOptimizer, type SlotSpec } from './base.js';
import { requireNonNegative, requirePositive } from './validate.js';

/** Options of {@link AdaGrad}. */
export interface AdaGradOptions {
  /** η (default 0.01). */
  learningRate?: number;
  /** ε added to the root of the sum, for stability (default 1e-10, as PyTorch). */
  epsilon?: number;
  /** Where each element's sum of squared gradients starts (default 0, as PyTorch; Keras uses 0.1). */
  initialAccumulatorValue?: number;
}

/**
 * AdaGrad (Duchi, Hazan & Singer, 2011): each weight's step shrinks with the sum of its squared gradients,
 * so often-updated weights slow down and rare ones keep moving. Per element, with s starting at the
 * initial accumulator value:
 *
 *   s ← s + g²
 *   w ← w − η · g / (√s + ε)
 *
 * Shape: the accumulator s has the parameter's length and precision.
 *
 * @example
 * ```ts
 * import { AdaGrad, Network, fit } from 'neurite';
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1], [2]], [[1], [3], [5]], { epochs: 200, batchSize: 3, optimizer: new AdaGrad({ learningRate: 0.5 }) });
 * console.log(network.predict([3])); // ≈ [7]
 * ```
 */
export class AdaGrad extends BaseOptimizer {
  readonly name = 'adagrad';
  readonly epsilon: number;
  readonly initialAccumulatorValue: number;
  protected readonly slotSpecs: readonly SlotSpec[];

  constructor({ learningRate = 0.01, epsilon = 1e-10, initialAccumulatorValue = 0 }: AdaGradOptions = {}) {
    super(learningRate);
    this.epsilon = requirePositive('epsilon', epsilon);
    this.initialAccumulatorValue = requireNonNegative('initial accumulator value', initialAccumulatorValue);
    this.slotSpecs = [{ name: 'sum', initial: this.initialAccumulatorValue, nonNegative: true }];
  }

  protected update(param: Parameter, slots: readonly FloatArray[]): void {
    adagradUpdate(param.value, param.grad, slots[0]!, this.learningRate, this.epsilon);
  }

  toJSON(): { name: string; learningRate: number; epsilon: number; initialAccumulatorValue: number } {
    return { name: this.name, learningRate: this.learningRate, epsilon: this.epsilon, initialAccumulatorValue: this.initialAccumulatorValue };
  }
}

/**
 * s ← s + g²; w ← w − η · g / (√s + ε). In place.
 *
 * @example
 * ```ts
 * import { adagradUpdate } from 'neurite';
 * const w = new Float64Array([1]), g = new Float64Array([0.5]), s = new Float64Array(1);
 * adagradUpdate(w, g, s, 0.1, 1e-7); // s += g²; w −= lr·g / (√s + ε)
 * console.log(w[0], s[0]); // 0.9 0.25
 * ```
 */
export function adagradUpdate(w: FloatArray, g: FloatArray, s: FloatArray, lr: number, epsilon: number): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    s[i] = s[i]! + gi * gi;
    w[i] = w[i]! - (lr * gi) / (Math.sqrt(s[i]!) + epsilon);
  }
}
