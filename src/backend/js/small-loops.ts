import type { FloatArray } from '../../tensor/matrix.js';

/**
 * The reference backend's products written out as plain loops, for work so small (the seed's 2-2-1 network,
 * one sample at a time) that calling a backend costs more than the arithmetic: a few multiply-adds each.
 * The operations of src/nn/ops.ts run them for work up to `Backend.smallProducts`. Every sum is the reference
 * backend's (./js-backend.ts): started at 0, accumulated in JavaScript numbers in the same index order,
 * rounded once when stored, so the results are bit for bit the reference's, in float32 and in float64. The
 * functions are short so that the JIT inlines them.
 *
 * Shapes as in Dense: X[rows × inputs], W[units × inputs], b[units], Z and ∂L/∂Z [rows × units].
 */

/** Z = X · Wᵀ + b (the bias added after the dot product, as the reference does). */
export function smallAffine(x: FloatArray, w: FloatArray, b: FloatArray, z: FloatArray, rows: number, inputs: number, units: number): void {
  for (let r = 0; r < rows; r++) {
    const xr = r * inputs;
    const zr = r * units;
    for (let j = 0; j < units; j++) {
      const wj = j * inputs;
      let sum = 0;
      for (let p = 0; p < inputs; p++) sum += x[xr + p]! * w[wj + p]!;
      z[zr + j] = sum + b[j]!;
    }
  }
}

/** ∂L/∂W = ∂L/∂Zᵀ · X and ∂L/∂b = Σ_rows ∂L/∂Z, each sum over the rows in order. */
export function smallParameterGradients(dZ: FloatArray, x: FloatArray, gW: FloatArray, gb: FloatArray, rows: number, inputs: number, units: number): void {
  for (let j = 0; j < units; j++) {
    const gj = j * inputs;
    for (let p = 0; p < inputs; p++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += dZ[r * units + j]! * x[r * inputs + p]!;
      gW[gj + p] = sum;
    }
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += dZ[r * units + j]!;
    gb[j] = sum;
  }
}

/** ∂L/∂X = ∂L/∂Z · W. */
export function smallInputGradient(dZ: FloatArray, w: FloatArray, dX: FloatArray, rows: number, inputs: number, units: number): void {
  for (let r = 0; r < rows; r++) {
    const dr = r * units;
    const xr = r * inputs;
    for (let p = 0; p < inputs; p++) {
      let sum = 0;
      for (let j = 0; j < units; j++) sum += dZ[dr + j]! * w[j * inputs + p]!;
      dX[xr + p] = sum;
    }
  }
}
