import { requireNumber } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Initializer } from './initializer.js';
import type { Rng } from './rng.js';

/**
 * Every value 0 (the usual start for biases).
 *
 * @example
 * ```ts
 * import { Network, Zeros } from 'neurite';
 * const bias = new Float32Array(3);
 * new Zeros().fill(bias);
 * const network = Network.create({ inputs: 2, layers: [{ units: 3 }], biasInitializer: new Zeros() });
 * console.log(Array.from(bias)); // [0, 0, 0]: the usual start for biases
 * ```
 */
export class Zeros implements Initializer {
  readonly name = 'zeros';
  fill(out: FloatArray): void {
    out.fill(0);
  }
  toJSON() {
    return { name: this.name };
  }
}

/**
 * N(mean, std²); with the defaults, the seed's standard normal `np.random.normal()`.
 *
 * @example
 * ```ts
 * import { Network, Normal, Rng } from 'neurite';
 * const weights = new Float64Array(4);
 * new Normal({ mean: 0, std: 0.1 }).fill(weights, 2, 2, new Rng(1));
 * console.log(Array.from(weights)); // four draws from N(0, 0.1²)
 * const network = Network.create({ inputs: 2, layers: [{ units: 2, activation: 'sigmoid' }, { units: 1 }], initializer: 'normal' });
 * ```
 */
export class Normal implements Initializer {
  readonly name = 'normal';
  readonly mean: number;
  readonly std: number;
  constructor({ mean = 0, std = 1 }: { mean?: number; std?: number } = {}) {
    this.mean = requireNumber('normal initializer mean', mean);
    this.std = requireNumber('normal initializer std', std, { min: 0 });
  }
  fill(out: FloatArray, _fanIn: number, _fanOut: number, rng: Rng): void {
    for (let i = 0; i < out.length; i++) out[i] = rng.normal(this.mean, this.std);
  }
  toJSON() {
    return { name: this.name, mean: this.mean, std: this.std };
  }
}
