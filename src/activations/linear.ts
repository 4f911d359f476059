import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/**
 * The identity: f(z) = z, f'(z) = 1. For regression outputs and for logits.
 *
 * @example
 * ```ts
 * import { Linear, Network } from 'neurite';
 * console.log(new Linear().f(-2.5)); // -2.5: the identity, for regression outputs
 * const network = Network.create({ inputs: 3, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: new Linear() }] });
 * ```
 */
export class Linear implements Activation {
  readonly name = 'linear';
  readonly elementwise = true;

  f(z: number): number {
    return z;
  }

  df(): number {
    return 1;
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    if (a !== z) a.set(z.subarray(0, rows * cols));
  }

  backward(_z: FloatArray, _a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    if (dZ !== dA) dZ.set(dA.subarray(0, rows * cols));
  }

  toJSON() {
    return { name: this.name };
  }
}
