import type { FloatArray } from '../tensor/matrix.js';
import type { Initializer } from './initializer.js';
import type { Rng } from './rng.js';
import { fillSymmetricUniform } from './uniform.js';

/*
 * He (Kaiming) initialization (He et al., 2015): weights with variance 2 / fanIn. A ReLU zeroes half of its
 * inputs on average, halving the signal's second moment; the factor 2 restores it, so activations keep their
 * scale through deep ReLU stacks (Glorot's 1 / fanIn-ish variance lets them shrink by ½ per layer).
 */

/**
 * U[−limit, limit) with limit = √(6 / fanIn), so that limit² / 3 = 2 / fanIn.
 *
 * @example
 * ```ts
 * import { HeUniform, Rng } from 'neurite';
 * const weights = new Float64Array(8);
 * new HeUniform().fill(weights, 4, 2, new Rng(3));
 * console.log(weights.every((w) => Math.abs(w) <= Math.sqrt(6 / 4))); // true: U(−√(6/fanIn), +√(6/fanIn))
 * ```
 */
export class HeUniform implements Initializer {
  readonly name = 'he_uniform';
  fill(out: FloatArray, fanIn: number, _fanOut: number, rng: Rng): void {
    fillSymmetricUniform(out, Math.sqrt(6 / fanIn), rng);
  }
  toJSON() {
    return { name: this.name };
  }
}

/**
 * N(0, σ²) with σ = √(2 / fanIn) (a plain normal, not truncated).
 *
 * @example
 * ```ts
 * import { HeNormal, Network } from 'neurite';
 * const network = Network.create({ inputs: 10, layers: [{ units: 32, activation: 'relu' }, { units: 1 }], initializer: new HeNormal() });
 * console.log(new HeNormal().toJSON()); // { name: 'he_normal' }: std = sqrt(2 / fanIn), for ReLU layers
 * ```
 */
export class HeNormal implements Initializer {
  readonly name = 'he_normal';
  fill(out: FloatArray, fanIn: number, _fanOut: number, rng: Rng): void {
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, std);
  }
  toJSON() {
    return { name: this.name };
  }
}
