import type { FloatArray } from '../../tensor/matrix.js';
import type { Backend } from '../backend.js';

/**
 * The reference backend: plain loops, written to be read. Each sum is accumulated in float64 (JavaScript
 * numbers) in index order and rounded once when stored, so float64 results match numpy's dot products.
 */
export const jsBackend: Backend = {
  name: 'js',

  matmul(a, b, c, m, k, n) {
    for (let i = 0; i < m; i++) {
      const aRow = i * k;
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[p * n + j]!;
        c[i * n + j] = sum;
      }
    }
  },

  matmulTransA(a, b, c, m, k, n) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[p * m + i]! * b[p * n + j]!;
        c[i * n + j] = sum;
      }
    }
  },

  matmulTransB(a, b, c, m, k, n, bias) {
    for (let i = 0; i < m; i++) {
      const aRow = i * k;
      for (let j = 0; j < n; j++) {
        const bRow = j * k;
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[bRow + p]!;
        c[i * n + j] = bias ? sum + bias[j]! : sum;
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
