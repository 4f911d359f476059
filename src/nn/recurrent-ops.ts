import type { Backend } from '../backend/backend.js';
import type { DType } from '../tensor/matrix.js';
import type { RecurrentBuffers } from './recurrent-buffers.js';

/**
 * Where the LSTM's fused step picks how it runs, as src/nn/ops.ts does for the products: the backend's kernel
 * (the WebAssembly backend's, on float32 buffers in its memory) when it has one, the step's work is not
 * small, and every sample is still inside its sequence at step t (a masked step is the layer's); otherwise
 * the layer's own loop, the readable reference. `lean` (inference): the kernel keeps only the state. False: the loop runs.
 */
export function lstmStepKernel(backend: Backend, b: RecurrentBuffers, units: number, timeSteps: number, t: number, out: boolean, lean: boolean): boolean {
  if (t >= b.shortest || b.rows * units <= (backend.smallElementwise ?? -1) || backend.lstmStepForward === undefined) return false;
  const hPrev = lean ? null : b.hPrev.data; // lean (inference): nothing kept for backward
  return backend.lstmStepForward(b.zx.data, b.zh.data, b.c, b.h.data, hPrev, lean ? null : b.cells, out ? b.out.data : null, b.rows, units, timeSteps, t);
}

/** Backward through step t by the backend's kernel, chosen as `lstmStepKernel` chooses; false: the loop runs. */
export function lstmStepBackwardKernel(backend: Backend, b: RecurrentBuffers, units: number, timeSteps: number, t: number): boolean {
  if (t >= b.shortest || b.rows * units <= (backend.smallElementwise ?? -1) || backend.lstmStepBackward === undefined) return false;
  return backend.lstmStepBackward(b.zx.data, b.cells, b.dH, b.dC, b.dZ!.data, b.dZStep!.data, b.rows, units, timeSteps, t);
}

/** Batches from this many rows run LSTM inference by `lstmLeanForward`: below it, arranging [U | W] by groups of four units per pass costs more than it saves. */
const LEAN_MIN_ROWS = 8;

/**
 * Where LSTM inference (nothing kept for backward) picks its path: src/nn/lstm-inference.ts, the input
 * projection moved into each step's product and the backend's lean step kernel, when the backend has that
 * kernel, the layer is float32, no sample ends early (masking) and the batch is not tiny; otherwise the
 * training pass's path, whose step kernel keeps only the state too.
 */
export function lstmLeanPath(backend: Backend, b: RecurrentBuffers, timeSteps: number, dtype: DType): boolean {
  return backend.lstmStepFused !== undefined && dtype === 'float32' && b.shortest >= timeSteps && b.rows >= LEAN_MIN_ROWS;
}
