import { allocateFor } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';

/**
 * What the last forward pass kept, for `explain` (each array a copy, float64). Sample n, step t, unit k:
 * `hidden[(n·T + t)·units + k]` is h_t; `gates[(n·T + t)·G·units + g·units + k]` is gate g's value (after its
 * σ or tanh; for simpleRnn the single "gate" is h_t itself); `cells` (LSTM) is c_t and `recurrentCandidate`
 * (GRU) is U_n h_{t−1} + b_hn, laid out as `hidden`. At a masked step (t ≥ lengths[n]) the state is the one
 * carried from the sample's last step and the gates are 0.
 */
export interface RecurrentRun {
  rows: number;
  timeSteps: number;
  units: number;
  /** G: 1 (simpleRnn), 4 (lstm: i, f, g, o), 3 (gru: r, z, n). */
  gates: number;
  /** Steps that count per sample (T without masking). */
  lengths: number[];
  input: Matrix;
  hidden: Float64Array;
  gateValues: Float64Array;
  cells?: Float64Array;
  recurrentCandidate?: Float64Array;
}

/** One batch size's buffers, made once and reused: the hot loop allocates nothing. */
export interface RecurrentBuffers {
  rows: number;
  lengths: Int32Array;
  /** The shortest of `lengths`: at steps before it every sample is inside its sequence (a fused kernel may run). */
  shortest: number;
  /** [rows·T × G·units] (sample, step) rows: W x_t + b, then, in place, the gates' values. This, hPrev and cells are made by `stepBuffers`. */
  zx: Matrix;
  /** [rows × G·units]: U h_{t−1} (+ b_hn) of the current step. */
  zh: Matrix;
  /** [rows × units]: the state h (the output when returning the last state). */
  h: Matrix;
  /** [rows × units]: LSTM's cell state c. */
  c: FloatArray;
  /** [rows·T × units]: h_{t−1} at every step (what U multiplied). */
  hPrev: Matrix;
  /** [rows·T × units]: LSTM c_t, GRU U_n h_{t−1} + b_hn at every step. */
  cells: FloatArray;
  out: Matrix;
  /** Backward: ∂L/∂Z of the input side [rows·T × G·units]; of the recurrent side (the same array but for GRU); one step's recurrent side [rows × G·units]. */
  dZ: Matrix | null;
  dZh: Matrix | null;
  dZStep: Matrix | null;
  /** ∂L/∂h_t and ∂L/∂c_t carried back in time; dHRec = ∂L/∂Z_step · U. [rows × units] each. */
  dH: FloatArray;
  dC: FloatArray;
  dHRec: Matrix | null;
  dX: Matrix | null;
  /** LSTM inference's own buffers (src/nn/lstm-inference.ts), made when first needed. */
  lean: LeanBuffers | null;
}

/**
 * LSTM inference's buffers: [h_{t−1} | x_t] per sample, two of them (a step reads one and writes the other)
 * [rows′ × (u + F)], c [rows′ × u] (rows′: rows rounded up to even), [U | W] and b by groups of four units, and
 * the batch's inputs.
 */
export interface LeanBuffers {
  hx: [Matrix, Matrix];
  c: FloatArray;
  weights: FloatArray;
  bias: FloatArray;
  x: FloatArray;
}

/** What a layer's buffers are made for: its sizes, and which per-step array its cell keeps besides the gates. */
export interface BufferPlan {
  dtype: DType;
  timeSteps: number;
  units: number;
  /** G·units: the width of the gates. */
  width: number;
  cellArrays: 'state' | 'candidate' | null;
  returnSequences: boolean;
}

/** The buffers of a batch of `rows` samples (the backward ones made when first needed). @internal */
export function recurrentBuffers(backend: Backend, rows: number, plan: BufferPlan): RecurrentBuffers {
  const { dtype, timeSteps: T, units, width: G } = plan;
  const array = (n: number) => allocateFor(backend, dtype, n);
  const h = new Matrix(rows, units, array(rows * units));
  const lstm = plan.cellArrays === 'state';
  return {
    rows,
    lengths: new Int32Array(rows),
    shortest: 0,
    zx: new Matrix(0, G, array(0)), // the per-step arrays: made by `stepBuffers` when a pass needs them
    zh: new Matrix(rows, G, array(rows * G)),
    h,
    c: array(lstm ? rows * units : 0),
    hPrev: new Matrix(0, units, array(0)),
    cells: array(0),
    out: plan.returnSequences ? new Matrix(rows, T * units, array(rows * T * units)) : h,
    dZ: null,
    dZh: null,
    dZStep: null,
    dH: array(rows * units),
    dC: array(lstm ? rows * units : 0),
    dHRec: null,
    dX: null,
    lean: null,
  };
}

/**
 * Makes the per-step arrays (zx, hPrev, cells: [rows·T × …] each, 12 MB for 256 sequences of 32 steps of 64 LSTM
 * units) the first time a pass of this batch size needs them: LSTM inference's fused path never does.
 * @internal
 */
export function stepBuffers(backend: Backend, b: RecurrentBuffers, plan: BufferPlan): void {
  const { dtype, timeSteps: T, units, width: G } = plan;
  if (b.zx.rows === b.rows * T) return;
  const array = (n: number) => allocateFor(backend, dtype, n);
  b.zx = new Matrix(b.rows * T, G, array(b.rows * T * G));
  b.hPrev = new Matrix(b.rows * T, units, array(b.rows * T * units));
  b.cells = array(plan.cellArrays !== null ? b.rows * T * units : 0);
}

/** What `lastRun()` returns from the buffers of the last forward pass (copies). @internal */
export function recurrentRun(
  b: RecurrentBuffers,
  input: Matrix,
  timeSteps: number,
  units: number,
  gates: number,
  cellArrays: BufferPlan['cellArrays'],
): RecurrentRun {
  const T = timeSteps;
  const rows = b.rows;
  const hidden = new Float64Array(rows * T * units);
  for (let n = 0; n < rows; n++) {
    const q = n * T * units;
    // h_t is the h_{t−1} that step t + 1 read; the last step's is the state left in h
    hidden.set(b.hPrev.data.subarray(q + units, q + T * units), q);
    hidden.set(b.h.data.subarray(n * units, (n + 1) * units), q + (T - 1) * units);
  }
  const run: RecurrentRun = { rows, timeSteps: T, units, gates, lengths: Array.from(b.lengths), input, hidden, gateValues: Float64Array.from(b.zx.data) };
  if (cellArrays === 'state') run.cells = Float64Array.from(b.cells);
  if (cellArrays === 'candidate') run.recurrentCandidate = Float64Array.from(b.cells);
  return run;
}

/**
 * Each sample's length: T, or with `mask` one past its last step whose features are not all zero (0 for a
 * sample of zeros). A batch is one matrix with no side channel, so the length comes from the values.
 * Returns the shortest.
 * @internal
 */
export function sequenceLengths(x: Matrix, T: number, F: number, mask: boolean, out: Int32Array): number {
  const d = x.data;
  let shortest = T;
  for (let n = 0; n < x.rows; n++) {
    let length = T;
    if (mask) {
      const row = n * T * F;
      let i = T * F - 1;
      while (i >= 0 && d[row + i] === 0) i--;
      length = Math.floor(i / F) + 1;
    }
    out[n] = length;
    if (length < shortest) shortest = length;
  }
  return shortest;
}
