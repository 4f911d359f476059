import { NeuriteError } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/**
 * Softmax, row by row: a_i = e^(z_i) / Σ_j e^(z_j), so each row of a is a probability distribution.
 * Not elementwise: every a_i depends on the whole row. Its Jacobian ∂a_i/∂z_k = a_i (δ_ik − a_k), so the
 * backward pass is the Jacobian-vector product
 *   ∂L/∂z_i = Σ_k ∂L/∂a_k · ∂a_k/∂z_i = a_i (∂L/∂a_i − Σ_j ∂L/∂a_j · a_j).
 * Stability: softmax(z) = softmax(z − max z), so every exponent is ≤ 0 and e^(·) never overflows; the largest
 * term is e^0 = 1, so the sum is ≥ 1 and never 0.
 *
 * @example
 * ```ts
 * import { Softmax } from 'neurite';
 * const z = new Float64Array([1, 2, 3, 0, 0, 0]); // two rows of three logits
 * const a = new Float64Array(6);
 * new Softmax().forward(z, a, 2, 3);
 * console.log(Array.from(a)); // [0.090…, 0.244…, 0.665…, 0.333…, 0.333…, 0.333…]
 * ```
 */
export class Softmax implements Activation {
  readonly name = 'softmax';
  readonly elementwise = false;

  f(): number {
    throw notElementwise('f');
  }

  df(): number {
    throw notElementwise('df');
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const start = r * cols;
      const end = start + cols;
      const max = rowMax(z, start, end);
      let sum = 0;
      for (let i = start; i < end; i++) {
        const e = Math.exp(z[i]! - max);
        a[i] = e;
        sum += e;
      }
      for (let i = start; i < end; i++) a[i] = a[i]! / sum;
    }
  }

  backward(_z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const start = r * cols;
      const end = start + cols;
      let dot = 0; // Σ_j ∂L/∂a_j · a_j
      for (let i = start; i < end; i++) dot += dA[i]! * a[i]!;
      for (let i = start; i < end; i++) dZ[i] = a[i]! * (dA[i]! - dot); // reads dA[i] before writing: dZ may alias dA
    }
  }

  toJSON() {
    return { name: this.name };
  }
}

/**
 * log softmax, row by row: log a_i = z_i − log Σ_j e^(z_j) = z_i − logSumExp(row), exact even where a_i
 * itself underflows to 0 (where log(softmax) would give −Infinity).
 *
 * @example
 * ```ts
 * import { logSoftmax } from 'neurite';
 * const out = new Float64Array(3);
 * logSoftmax(new Float64Array([1000, 1001, 1002]), out, 1, 3); // no overflow, unlike Math.log(softmax)
 * console.log(Array.from(out)); // [-2.407…, -1.407…, -0.407…]
 * ```
 */
export function logSoftmax(z: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const lse = logSumExp(z, start, start + cols);
    for (let i = start; i < start + cols; i++) out[i] = z[i]! - lse;
  }
}

/**
 * log Σ_{i ∈ [start, end)} e^(z_i) = max + log Σ e^(z_i − max), which cannot overflow.
 *
 * @example
 * ```ts
 * import { logSumExp } from 'neurite';
 * const z = new Float64Array([1000, 1000]);
 * console.log(logSumExp(z, 0, 2)); // 1000.693…: log(e^1000 + e^1000) without overflow
 * ```
 */
export function logSumExp(z: FloatArray, start: number, end: number): number {
  const max = rowMax(z, start, end);
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(z[i]! - max);
  return max + Math.log(sum);
}

function rowMax(z: FloatArray, start: number, end: number): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) if (z[i]! > max) max = z[i]!;
  return max;
}

function notElementwise(method: string): NeuriteError {
  return new NeuriteError('UNSUPPORTED', `softmax.${method}() is undefined: softmax acts on a whole row, not on one value; use forward/backward on a batch`, {
    field: `softmax.${method}`,
    expected: 'an elementwise activation',
    actual: 'softmax',
  });
}
