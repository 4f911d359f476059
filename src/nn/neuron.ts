import { resolveActivation, type ActivationLike } from '../activations/registry.js';
import type { Activation } from '../activations/activation.js';
import { NeuriteError, describe } from '../errors.js';

/**
 * The seed's unit, on its own: y = f(w · x + b). Plain numbers (float64), one sample at a time.
 * Networks use `Dense` layers, which are many of these computed together on a batch.
 *
 * @example
 * ```ts
 * import { Neuron } from 'neurite';
 * const neuron = new Neuron([0, 1], 4); // w = [0, 1], b = 4, sigmoid
 * console.log(neuron.feedforward([2, 3])); // f(7) = 0.9990889488055994
 * ```
 */
export class Neuron {
  readonly weights: readonly number[];
  readonly bias: number;
  readonly activation: Activation;

  constructor(weights: ArrayLike<number>, bias: number, activation: ActivationLike = 'sigmoid') {
    if (weights == null || typeof weights.length !== 'number' || weights.length === 0) {
      throw new NeuriteError('INVALID_ARGUMENT', `A neuron needs at least one weight, got ${describe(weights)}`);
    }
    this.weights = Array.from(weights, (w, i) => finite(w, `weights[${i}]`));
    this.bias = finite(bias, 'bias');
    this.activation = resolveActivation(activation);
    if (!this.activation.elementwise) {
      throw new NeuriteError('INVALID_ARGUMENT', `A single neuron needs an elementwise activation, not ${this.activation.name}`);
    }
  }

  /** The weighted sum w · x + b. */
  sum(inputs: ArrayLike<number>): number {
    if (inputs == null || inputs.length !== this.weights.length) {
      throw new NeuriteError('SHAPE_MISMATCH', `The neuron has ${this.weights.length} weights but got ${inputs?.length ?? describe(inputs)} inputs`, {
        expected: this.weights.length,
        actual: inputs?.length,
      });
    }
    let total = 0;
    for (let i = 0; i < this.weights.length; i++) total += this.weights[i]! * finite(inputs[i], `inputs[${i}]`);
    return total + this.bias;
  }

  /** y = f(w · x + b) */
  feedforward(inputs: ArrayLike<number>): number {
    return this.activation.f(this.sum(inputs));
  }
}

function finite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NeuriteError('NON_FINITE', `Neuron ${where} is ${describe(value)}; expected a finite number`, { field: where, actual: value });
  }
  return value;
}
