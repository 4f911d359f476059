import { allocateFor } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { Matrix } from '../tensor/matrix.js';
import type { LSTM } from './lstm.js';
import type { LeanBuffers, RecurrentBuffers } from './recurrent-buffers.js';

/**
 * LSTM inference with nothing kept for backward, the input projection moved into each step and the cell into
 * the product: the backend's step kernel sums
 *
 *   z_t = [h_{t−1} | x_t] · [U | W]ᵀ + b  =  U h_{t−1} + W x_t + b
 *
 * for two samples and four units at a time in registers and computes c_t and h_t from them at once. So the
 * gates of every step ([rows·T × 4u], 8 MB for 256 sequences of 32 steps of 64 units) are never written out and
 * read back, nor is one step's z; [U | W] is arranged once per pass by groups of four units (the four gates of
 * each side by side). h_t goes straight into the next step's rows, followed by x_{t+1}. Chosen by
 * `lstmLeanPath` (src/nn/recurrent-ops.ts). False when the kernel cannot run; the caller then runs the whole
 * pass its usual way, which starts again from h_{−1} = c_{−1} = 0.
 */
export function lstmLeanForward(layer: LSTM, x: Matrix, b: RecurrentBuffers, backend: Backend): boolean {
  const { units: u, features: F, timeSteps: T, returnSequences } = layer;
  const rows = b.rows;
  const width = u + F;
  const lean = (b.lean ??= leanBuffers(backend, layer, rows));
  groupWeights(layer, lean);
  const xs = lean.x;
  xs.set(x.data.subarray(0, rows * T * F)); // in the backend's memory, where the kernel copies each x_t from
  let hxIn = lean.hx[0].data;
  let hxOut = lean.hx[1].data;
  for (let n = 0; n < rows; n++) {
    hxIn.fill(0, n * width, n * width + u); // h_{−1} = 0
    hxIn.set(xs.subarray(n * T * F, n * T * F + F), n * width + u); // x_0
  }
  lean.c.fill(0); // c_{−1} = 0
  for (let t = 0; t < T; t++) {
    const last = t === T - 1;
    // the output: every h_t into row n's step t, or the last one into h [rows × u]
    const out = returnSequences ? b.out.data : last ? b.h.data : null;
    const offset = returnSequences ? t * u : 0;
    const stride = returnSequences ? T * u : u;
    const next = last ? null : xs;
    if (!backend.lstmStepFused!(hxIn, hxOut, width, lean.weights, lean.bias, lean.c, next, (t + 1) * F, T * F, F, out, offset, stride, rows, u)) return false;
    const read = hxIn;
    hxIn = hxOut;
    hxOut = read;
  }
  return true;
}

function leanBuffers(backend: Backend, layer: LSTM, rows: number): LeanBuffers {
  const { units: u, features: F, timeSteps: T, dtype } = layer;
  const array = (n: number) => allocateFor(backend, dtype, n);
  const even = rows + (rows % 2); // the kernel takes two samples at a time: a spare row when rows is odd
  return {
    hx: [new Matrix(even, u + F, array(even * (u + F))), new Matrix(even, u + F, array(even * (u + F)))],
    c: array(even * u),
    weights: array(4 * u * (u + F)),
    bias: array(4 * u),
    x: array(rows * T * F),
  };
}

/**
 * [U | W] and b by groups of four units: for group q and every p of [h | x], the 16 values (gate i, f, g, o) ×
 * (units 4q … 4q + 3), so that the kernel reads one group's weights in order.
 */
function groupWeights(layer: LSTM, lean: LeanBuffers): void {
  const { units: u, features: F } = layer;
  const K = u + F;
  const U = layer.recurrentWeights,
    W = layer.inputWeights,
    b = layer.bias;
  const out = lean.weights;
  for (let q = 0; q < u / 4; q++) {
    for (let gate = 0; gate < 4; gate++) {
      for (let j = 0; j < 4; j++) {
        const row = gate * u + 4 * q + j; // gate-unit row of U, W and b
        const at = q * 16 * K + gate * 4 + j;
        for (let p = 0; p < u; p++) out[at + 16 * p] = U[row * u + p]!;
        for (let p = 0; p < F; p++) out[at + 16 * (u + p)] = W[row * F + p]!;
        lean.bias[q * 16 + gate * 4 + j] = b[row]!;
      }
    }
  }
}
