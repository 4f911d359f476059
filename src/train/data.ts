import { NeuriteError, describe } from '../errors.js';
import { splitRows } from '../data/split.js';
import type { Rng } from '../init/rng.js';
import { allocate, Matrix, type DType } from '../tensor/matrix.js';

/** Data accepted by training and evaluation: a {@link Matrix}, or rows of numbers (`number[][]`). */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>>;

/**
 * Turns user data into a matrix of the network's precision, checking every value once, up front, so the
 * training loop never meets a NaN it did not make itself.
 */
export function toMatrix(data: MatrixLike, dtype: DType, what: string): Matrix {
  if (data instanceof Matrix) {
    const m = data.dtype === dtype ? data : new Matrix(data.rows, data.cols, allocate(dtype, data.data.length));
    if (m !== data) m.data.set(data.data);
    for (let i = 0; i < m.data.length; i++) {
      if (!Number.isFinite(m.data[i])) {
        throw new NeuriteError('NON_FINITE', `${what} row ${Math.floor(i / m.cols)}, column ${i % m.cols} is ${m.data[i]}; expected a finite number`, {
          row: Math.floor(i / m.cols),
          column: i % m.cols,
        });
      }
    }
    return m;
  }
  if (data == null || typeof (data as ArrayLike<unknown>).length !== 'number') {
    throw new NeuriteError('INVALID_ARGUMENT', `${what} must be a Matrix or an array of rows, got ${describe(data)}`);
  }
  return Matrix.from(data, dtype, what);
}

/** Copies the rows `order[start .. start + batch.rows)` of `source` into `batch` (no allocation). */
export function gatherRows(source: Matrix, order: Uint32Array, start: number, batch: Matrix): void {
  const cols = source.cols;
  const src = source.data;
  const dst = batch.data;
  if (cols < 32) {
    // Narrow rows: a loop, where `set` would make a subarray object per row.
    for (let r = 0; r < batch.rows; r++) {
      const from = order[start + r]! * cols;
      const to = r * cols;
      for (let c = 0; c < cols; c++) dst[to + c] = src[from + c]!;
    }
    return;
  }
  for (let r = 0; r < batch.rows; r++) {
    const from = order[start + r]! * cols;
    dst.set(src.subarray(from, from + cols), r * cols);
  }
}

/**
 * Holds out a random `fraction` of the rows for validation with the library's one splitter (`splitRows` in
 * data/), seeded from the training generator so the split is part of the run's reproducible stream.
 */
export function holdOut(x: Matrix, y: Matrix, fraction: number, rng: Rng): { train: [Matrix, Matrix]; validation: [Matrix, Matrix] } {
  const split = splitRows(x.rows, { validation: fraction, seed: rng.nextUint32() });
  const valRows = split.validation.length;
  if (valRows < 1 || split.train.length < 1) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `validationSplit ${fraction} of ${x.rows} rows leaves ${valRows} for validation and ${x.rows - valRows} for training; both need at least one`,
      { field: 'validationSplit', actual: fraction },
    );
  }
  const take = (m: Matrix, rows: Int32Array): Matrix => {
    const out = Matrix.zeros(rows.length, m.cols, m.dtype);
    gatherRows(m, Uint32Array.from(rows), 0, out); // one index type keeps the training loop's call monomorphic
    return out;
  };
  return { train: [take(x, split.train), take(y, split.train)], validation: [take(x, split.validation), take(y, split.validation)] };
}
