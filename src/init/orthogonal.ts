import type { FloatArray } from '../tensor/matrix.js';
import type { Rng } from './rng.js';

/**
 * Fills `out` with `blocks` orthogonal n × n matrices one after another (row-major): each block's rows are
 * standard normal draws made orthonormal by Gram–Schmidt, which is the Q of a QR factorization of the draws
 * (Saxe et al., 2014; Keras's default for recurrent weights). An orthogonal U keeps |U h| = |h|, so a state
 * carried through many steps neither shrinks nor grows from the product alone, and neither does BPTT's
 * gradient, which is multiplied by Uᵀ at every step.
 * @internal
 */
export function fillOrthogonal(out: FloatArray, blocks: number, n: number, rng: Rng): void {
  const q = new Float64Array(n * n);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (;;) {
        for (let k = 0; k < n; k++) q[row + k] = rng.normal(0, 1);
        // Remove the components along the rows before (twice: the second pass mops up rounding).
        for (let pass = 0; pass < 2; pass++) {
          for (let j = 0; j < i; j++) {
            let dot = 0;
            for (let k = 0; k < n; k++) dot += q[row + k]! * q[j * n + k]!;
            for (let k = 0; k < n; k++) q[row + k] = q[row + k]! - dot * q[j * n + k]!;
          }
        }
        let norm = 0;
        for (let k = 0; k < n; k++) norm += q[row + k]! * q[row + k]!;
        norm = Math.sqrt(norm);
        if (norm > 1e-6) {
          for (let k = 0; k < n; k++) q[row + k] = q[row + k]! / norm;
          break;
        }
      }
    }
    out.set(q, b * n * n);
  }
}
