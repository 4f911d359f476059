import { NeuriteError, describe } from '../errors.js';

/** The precision of a matrix or network: float32 (the default) or float64 (the seed's fixed points). */
export type DType = 'float32' | 'float64';
/** The typed array behind a matrix of either precision. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A zeroed typed array of the given precision and length.
 *
 * @example
 * ```ts
 * import { Matrix, allocate } from 'neurite';
 * const data = allocate('float64', 6); // a zeroed Float64Array ('float32' gives a Float32Array)
 * const m = new Matrix(2, 3, data);
 * console.log(data.constructor.name, m.dtype); // Float64Array float64
 * ```
 */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

export function dtypeOf(data: FloatArray): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

/**
 * A dense 2-D matrix: a typed array plus a shape, row-major and batch-major: a batch of samples is
 * `[rows = samples, cols = features]`, so row r starts at `data[r * cols]`.
 *
 * @example
 * ```ts
 * import { Matrix } from 'neurite';
 * const x = Matrix.from([[-2, -1], [25, 6]], 'float64'); // 2 samples × 2 features
 * console.log(x.rows, x.cols, x.get(1, 0), x.toArray()); // 2 2 25 [[-2, -1], [25, 6]]
 * ```
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: FloatArray;

  constructor(rows: number, cols: number, data: FloatArray) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new NeuriteError('INVALID_ARGUMENT', `A matrix shape must be two non-negative integers, got [${rows}, ${cols}]`);
    }
    if (data.length !== rows * cols) {
      throw new NeuriteError('SHAPE_MISMATCH', `Matrix data has ${data.length} values but the shape [${rows}, ${cols}] needs ${rows * cols}`, {
        expected: rows * cols,
        actual: data.length,
      });
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  static zeros(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
    return new Matrix(rows, cols, allocate(dtype, rows * cols));
  }

  /** Builds a matrix from nested arrays, checking that every row has the same length and every value is finite. */
  static from(rows: ArrayLike<ArrayLike<number>>, dtype: DType = 'float32', what = 'input'): Matrix {
    const n = rows.length;
    const cols = n === 0 ? 0 : rows[0]!.length;
    const data = allocate(dtype, n * cols);
    for (let r = 0; r < n; r++) {
      const row = rows[r]!;
      if (row == null || typeof row.length !== 'number') {
        throw new NeuriteError('INVALID_ARGUMENT', `${what} row ${r} must be an array of numbers, got ${describe(row)}`);
      }
      if (row.length !== cols) {
        throw new NeuriteError('SHAPE_MISMATCH', `${what} row ${r} has ${row.length} values; expected ${cols} like row 0`, {
          expected: cols,
          actual: row.length,
          row: r,
        });
      }
      for (let c = 0; c < cols; c++) {
        const v = row[c];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new NeuriteError('NON_FINITE', `${what} row ${r}, column ${c} is ${describe(v)}; expected a finite number`, {
            row: r,
            column: c,
            actual: v,
          });
        }
        data[r * cols + c] = v;
      }
    }
    return new Matrix(n, cols, data);
  }

  /** A one-row matrix from a vector. */
  static row(values: ArrayLike<number>, dtype: DType = 'float32', what = 'input'): Matrix {
    return Matrix.from([values], dtype, what);
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }

  get(r: number, c: number): number {
    return this.data[r * this.cols + c]!;
  }

  set(r: number, c: number, value: number): void {
    this.data[r * this.cols + c] = value;
  }

  /** Row r as a view (no copy). */
  rowView(r: number): FloatArray {
    return this.data.subarray(r * this.cols, (r + 1) * this.cols);
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.rows; r++) out.push(Array.from(this.rowView(r)));
    return out;
  }
}
