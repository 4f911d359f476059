import { allocateFor } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { Matrix } from '../tensor/matrix.js';
import type { LSTM } from './lstm.js';
import { affine } from './ops.js';
import type { LeanBuffers, RecurrentBuffers } from './recurrent-buffers.js';

/**
 * LSTM inference with nothing kept for backward, the input projection moved into each step: one product
 *
 *   z_t = [h_{t−1} | x_t] · [U | W]ᵀ + b  =  U h_{t−1} + W x_t + b
 *
 * gives step t's four gate pre-activations, the sum the training pass makes from two products (W x_t + b for
 * every step at once, U h_{t−1} per step). So the gates of every step ([rows·T × 4u], 8 MB for 256 sequences of
 * 32 steps of 64 units) are never written out and read back, and the depth-F product joins the depth-u one.
 * The backend's step kernel writes h_t straight into the next product's rows, followed by x_{t+1}.
 * Chosen by `lstmLeanPath` (src/nn/recurrent-ops.ts). False when the kernel cannot run; the caller then runs
 * the whole pass its usual way, which starts again from h_{−1} = c_{−1} = 0.
 */
export function lstmLeanForward(layer: LSTM, x: Matrix, b: RecurrentBuffers, backend: Backend): boolean {
  const { units: u, features: F, timeSteps: T, returnSequences } = layer;
  const rows = b.rows;
  const width = u + F;
  const lean = (b.lean ??= leanBuffers(backend, layer, rows));
  joinWeights(layer, lean.weights);
  const xs = lean.x;
  xs.set(x.data.subarray(0, rows * T * F)); // in the backend's memory, where the kernel copies each x_t from
  const hx = lean.hx.data;
  for (let n = 0; n < rows; n++) {
    hx.fill(0, n * width, n * width + u); // h_{−1} = 0
    hx.set(xs.subarray(n * T * F, n * T * F + F), n * width + u); // x_0
  }
  b.c.fill(0); // c_{−1} = 0
  for (let t = 0; t < T; t++) {
    affine(backend, lean.hx, lean.weights, layer.bias, lean.z);
    const last = t === T - 1;
    // the output: every h_t into row n's step t, or the last one into h [rows × u]
    const out = returnSequences ? b.out.data : last ? b.h.data : null;
    const [offset, stride] = returnSequences ? [t * u, T * u] : [0, u];
    if (!backend.lstmStepLean!(lean.z.data, b.c, hx, width, last ? null : xs, (t + 1) * F, T * F, F, out, offset, stride, rows, u)) return false;
  }
  return true;
}

function leanBuffers(backend: Backend, layer: LSTM, rows: number): LeanBuffers {
  const { units: u, features: F, timeSteps: T, dtype } = layer;
  const array = (n: number) => allocateFor(backend, dtype, n);
  return {
    hx: new Matrix(rows, u + F, array(rows * (u + F))),
    z: new Matrix(rows, 4 * u, array(rows * 4 * u)),
    weights: array(4 * u * (u + F)),
    x: array(rows * T * F),
  };
}

/** [U | W]: row k of U [4u × u] followed by row k of W [4u × F], for every gate-unit k. */
function joinWeights(layer: LSTM, out: LeanBuffers['weights']): void {
  const { units: u, features: F } = layer;
  const U = layer.recurrentWeights,
    W = layer.inputWeights;
  for (let k = 0; k < 4 * u; k++) {
    out.set(U.subarray(k * u, (k + 1) * u), k * (u + F));
    out.set(W.subarray(k * F, (k + 1) * F), k * (u + F) + u);
  }
}
