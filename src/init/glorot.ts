import type { FloatArray } from '../tensor/matrix.js';
import type { Initializer } from './initializer.js';
import type { Rng } from './rng.js';
import { fillSymmetricUniform } from './uniform.js';

/*
 * Glorot (Xavier) initialization (Glorot & Bengio, 2010): weights with variance 2 / (fanIn + fanOut), the
 * compromise that keeps the variance of the activations (forward) and of the gradients (backward) roughly
 * constant from layer to layer for activations that are symmetric with slope 1 at 0 (tanh, linear; by
 * convention sigmoid and softmax too). fanIn = inputs per neuron, fanOut = neurons in the layer.
 */

/**
 * U[−limit, limit) with limit = √(6 / (fanIn + fanOut)), so that limit² / 3 = 2 / (fanIn + fanOut).
 *
 * @example
 * ```ts
 * import { GlorotUniform, Rng } from 'neurite';
 * const weights = new Float64Array(6);
 * new GlorotUniform().fill(weights, 3, 2, new Rng(7));
 * console.log(weights.every((w) => Math.abs(w) <= Math.sqrt(6 / 5))); // true: U(−√(6/(fanIn+fanOut)), +…)
 * ```
 */
export class GlorotUniform implements Initializer {
  readonly name = 'glorot_uniform';
  fill(out: FloatArray, fanIn: number, fanOut: number, rng: Rng): void {
    fillSymmetricUniform(out, Math.sqrt(6 / (fanIn + fanOut)), rng);
  }
  toJSON() {
    return { name: this.name };
  }
}

/**
 * N(0, σ²) with σ = √(2 / (fanIn + fanOut)) (a plain normal, not truncated).
 *
 * @example
 * ```ts
 * import { GlorotNormal, Network, Rng } from 'neurite';
 * const weights = new Float64Array(6);
 * new GlorotNormal().fill(weights, 3, 2, new Rng(7)); // std = sqrt(2 / (fanIn + fanOut))
 * const network = Network.create({ inputs: 3, layers: [{ units: 2, activation: 'tanh' }], initializer: new GlorotNormal() });
 * ```
 */
export class GlorotNormal implements Initializer {
  readonly name = 'glorot_normal';
  fill(out: FloatArray, fanIn: number, fanOut: number, rng: Rng): void {
    const std = Math.sqrt(2 / (fanIn + fanOut));
    for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, std);
  }
  toJSON() {
    return { name: this.name };
  }
}
