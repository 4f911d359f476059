import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/** √(2/π) */
const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

/**
 * The Gaussian error linear unit (Hendrycks & Gimpel, 2016), in its tanh approximation (as BERT and GPT-2 use):
 *   f(z) = ½ z (1 + tanh(u)),   u = √(2/π) (z + 0.044715 z³).
 * Its exact derivative (of this approximation, not of the erf form):
 *   f'(z) = ½ (1 + tanh(u)) + ½ z · sech²(u) · √(2/π) (1 + 3 · 0.044715 z²).
 * Stability: tanh saturates to ±1 (f(−1e4) = −0, f(1e4) = 1e4); sech²(u) = 1 / cosh²(u) underflows to 0 for
 * large |u| and then the second term is skipped, so an infinite z² can never make 0 · ∞ = NaN.
 *
 * @example
 * ```ts
 * import { GELU, Network } from 'neurite';
 * const activation = new GELU();
 * console.log(activation.f(1), activation.f(-1)); // 0.841… -0.158…
 * const network = Network.create({ inputs: 4, layers: [{ units: 16, activation }, { units: 1, activation: 'linear' }] });
 * ```
 */
export class GELU implements Activation {
  readonly name = 'gelu';
  readonly elementwise = true;

  f(z: number): number {
    return gelu(z);
  }

  df(z: number): number {
    return geluDerivative(z);
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) a[i] = gelu(z[i]!);
  }

  backward(z: FloatArray, _a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dZ[i] = dA[i]! * geluDerivative(z[i]!);
  }

  toJSON() {
    return { name: this.name };
  }
}

/**
 * GELU's tanh approximation for one number: 0.5 · z · (1 + tanh(√(2/π) · (z + 0.044715 z³))).
 *
 * @example
 * ```ts
 * import { gelu } from 'neurite';
 * console.log(gelu(0), gelu(2), gelu(-3)); // 0 1.954… -0.003…
 * ```
 */
export function gelu(z: number): number {
  return 0.5 * z * (1 + Math.tanh(K * (z + C * z * z * z)));
}

/**
 * The derivative of {@link gelu} at z, exact for the tanh approximation.
 *
 * @example
 * ```ts
 * import { gelu, geluDerivative } from 'neurite';
 * const h = 1e-5;
 * console.log(geluDerivative(0.5), (gelu(0.5 + h) - gelu(0.5 - h)) / (2 * h)); // both 0.867…
 * ```
 */
export function geluDerivative(z: number): number {
  const u = K * (z + C * z * z * z);
  const t = Math.tanh(u);
  const cosh = Math.cosh(u);
  const sech2 = 1 / (cosh * cosh);
  if (sech2 === 0) return 0.5 * (1 + t);
  return 0.5 * (1 + t) + 0.5 * z * sech2 * K * (1 + 3 * C * z * z);
}
