import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/**
 * A smooth ReLU: f(z) = log(1 + e^z).
 * Its derivative is the seed's sigmoid: f'(z) = 1 / (1 + e^(−z)).
 * Written as f(z) = max(z, 0) + log1p(e^(−|z|)): e^(−|z|) ≤ 1 never overflows (the naive form gives
 * Infinity for z > 709), and log1p keeps the tail exact where e^(−|z|) is tiny.
 *
 * @example
 * ```ts
 * import { Network, Softplus } from 'neurite';
 * console.log(new Softplus().f(0)); // 0.693… = ln 2: a smooth ReLU
 * const network = Network.create({ inputs: 1, layers: [{ units: 8, activation: new Softplus() }, { units: 1 }] });
 * ```
 */
export class Softplus implements Activation {
  readonly name = 'softplus';
  readonly elementwise = true;

  f(z: number): number {
    return softplus(z);
  }

  df(z: number): number {
    return stableSigmoid(z);
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = softplus(z[i]!);
  }

  backward(z: FloatArray, _a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dZ[i] = dA[i]! * stableSigmoid(z[i]!);
  }

  toJSON() {
    return { name: this.name };
  }
}

/**
 * log(1 + e^z) without overflow: max(z, 0) + log1p(e^(−|z|)).
 *
 * @example
 * ```ts
 * import { softplus } from 'neurite';
 * console.log(softplus(0), softplus(50), softplus(-50)); // 0.693… 50 1.9e-22: stable at both ends
 * ```
 */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/**
 * σ(z) = 1 / (1 + e^(−z)), evaluated through e^(−|z|) ≤ 1 so that neither side loses precision.
 *
 * @example
 * ```ts
 * import { stableSigmoid } from 'neurite';
 * console.log(stableSigmoid(0), stableSigmoid(-800), stableSigmoid(800)); // 0.5 0 1
 * ```
 */
export function stableSigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
