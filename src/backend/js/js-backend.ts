import type { FloatArray } from '../../tensor/matrix.js';
import type { Backend } from '../backend.js';

/**
 * The reference backend: plain loops, written to be read. Each sum is accumulated in float64 (JavaScript
 * numbers) in index order and rounded once when stored, so float64 results match numpy's dot products.
 *
 * The products compute four outputs at a time, their running sums held in local variables (a "register
 * tile"): each value of A is read once for four dot products. That is about 4× faster than one output at a
 * time, and it changes nothing in the arithmetic: every output is still the same sum in the same order.
 *
 * @example
 * ```ts
 * import { jsBackend } from 'neurite';
 * const c = new Float64Array(1);
 * jsBackend.matmul(Float64Array.of(1, 2), Float64Array.of(3, 4), c, 1, 2, 1); // [1, 2] · [3, 4]ᵀ
 * console.log(c[0]); // 11
 * ```
 */
export const jsBackend: Backend = {
  name: 'js',
  // Up to 256 multiply-adds, the call and the register tiles' setup cost more than the arithmetic: the
  // operations (src/nn/ops.ts) run the same sums in ./small-loops.ts. No elementwise kernels: nothing to declare.
  smallProducts: 256,

  matmul(a, b, c, m, k, n) {
    productAB(a, k, 1, b, c, m, k, n);
  },

  matmulTransA(a, b, c, m, k, n) {
    productAB(a, 1, m, b, c, m, k, n);
  },

  matmulTransB(a, b, c, m, k, n, bias) {
    for (let i = 0; i < m; i++) {
      const aRow = i * k;
      const cRow = i * n;
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const b0 = j * k;
        const b1 = b0 + k;
        const b2 = b1 + k;
        const b3 = b2 + k;
        let s0 = 0,
          s1 = 0,
          s2 = 0,
          s3 = 0;
        for (let p = 0; p < k; p++) {
          const x = a[aRow + p]!;
          s0 += x * b[b0 + p]!;
          s1 += x * b[b1 + p]!;
          s2 += x * b[b2 + p]!;
          s3 += x * b[b3 + p]!;
        }
        if (bias) {
          s0 += bias[j]!;
          s1 += bias[j + 1]!;
          s2 += bias[j + 2]!;
          s3 += bias[j + 3]!;
        }
        c[cRow + j] = s0;
        c[cRow + j + 1] = s1;
        c[cRow + j + 2] = s2;
        c[cRow + j + 3] = s3;
      }
      for (; j < n; j++) {
        const bRow = j * k;
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[bRow + p]!;
        c[cRow + j] = bias ? sum + bias[j]! : sum;
      }
    }
  },

  sumRows(a: FloatArray, out: FloatArray, m: number, n: number) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let i = 0; i < m; i++) sum += a[i * n + j]!;
      out[j] = sum;
    }
  },
};

/**
 * C[m×n] = op(A) · B for B[k×n], where op(A)'s element (i, p) is a[i·ai + p·ap]: A itself (ai = k, ap = 1) or
 * Aᵀ of A[k×m] (ai = 1, ap = m). Four outputs at a time, each sum in index order.
 */
function productAB(a: FloatArray, ai: number, ap: number, b: FloatArray, c: FloatArray, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * ai;
    const cRow = i * n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[aRow + p * ap]!;
        const q = p * n + j;
        s0 += x * b[q]!;
        s1 += x * b[q + 1]!;
        s2 += x * b[q + 2]!;
        s3 += x * b[q + 3]!;
      }
      c[cRow + j] = s0;
      c[cRow + j + 1] = s1;
      c[cRow + j + 2] = s2;
      c[cRow + j + 3] = s3;
    }
    for (; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p * ap]! * b[p * n + j]!;
      c[cRow + j] = sum;
    }
  }
}
