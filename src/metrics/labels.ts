import { NeuriteError, describe } from '../errors.js';
import { Matrix } from '../tensor/matrix.js';

/** Options of {@link toClassIndices}. */
export interface ClassIndexOptions {
  /** For one-column rows: the probability above which a row is class 1 (default 0.5). */
  threshold?: number;
}

/**
 * Turns rows of scores into class indices, one per row:
 * - several columns (softmax probabilities, one-hot targets): the column with the largest value (argmax);
 *   on a tie the first such column, as numpy's argmax;
 * - one column (a sigmoid's probability of class 1, or 0/1 targets): 1 when the value is > threshold
 *   (strictly, as Keras's binary accuracy), else 0.
 *
 * Accepts a Matrix or nested arrays ([samples][outputs]); every value must be finite.
 *
 * @example
 * ```ts
 * import { accuracy, toClassIndices } from 'neurite';
 * console.log(toClassIndices([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]])); // Int32Array [1, 0]: argmax per row
 * console.log(toClassIndices([[0.8], [0.3]], { threshold: 0.5 })); // Int32Array [1, 0]: one sigmoid output
 * console.log(accuracy([1, 1], toClassIndices([[0.8], [0.3]]))); // 0.5
 * ```
 */
export function toClassIndices(rows: Matrix | ArrayLike<ArrayLike<number>>, { threshold = 0.5 }: ClassIndexOptions = {}): Int32Array {
  const m = rows instanceof Matrix ? rows : Matrix.from(rows, 'float64', 'Scores');
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) {
    throw new NeuriteError('INVALID_ARGUMENT', `Invalid threshold: ${describe(threshold)} (expected a finite number)`, {
      field: 'threshold',
      actual: threshold,
    });
  }
  if (m.cols === 0) {
    throw new NeuriteError('SHAPE_MISMATCH', 'Scores need at least one column to turn into classes, got 0', { expected: '≥ 1 column', actual: 0 });
  }
  const out = new Int32Array(m.rows);
  const data = m.data;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const [r, c] = [Math.floor(i / m.cols), i % m.cols];
      throw new NeuriteError('NON_FINITE', `Scores row ${r}, column ${c} is ${describe(data[i])}; expected a finite number`, {
        row: r,
        column: c,
        actual: data[i],
      });
    }
  }
  for (let r = 0; r < m.rows; r++) out[r] = classOfRow(data, r * m.cols, m.cols, threshold);
  return out;
}

/**
 * Class of each row: argmax of a softmax row, or a single sigmoid output: 1 when it is above `threshold`
 * (0.5; strictly, as Keras's binary accuracy). The one rule every part of neurite uses to turn outputs into classes.
 *
 * @example
 * ```ts
 * import { classOfRow } from 'neurite';
 * const outputs = new Float32Array([0.1, 0.7, 0.2, 0.6, 0.3, 0.1]); // two rows of three class scores
 * console.log(classOfRow(outputs, 0, 3), classOfRow(outputs, 3, 3)); // 1 0
 * ```
 */
export function classOfRow(values: ArrayLike<number>, offset: number, cols: number, threshold = 0.5): number {
  if (cols === 1) return values[offset]! > threshold ? 1 : 0;
  let best = 0;
  for (let c = 1; c < cols; c++) if (values[offset + c]! > values[offset + best]!) best = c;
  return best;
}

/**
 * Checks class labels: integers ≥ 0 (and < numClasses when given). `what` names the array in messages.
 * Returns the largest label + 1.
 */
export function checkLabels(what: string, labels: ArrayLike<number>, numClasses?: number): number {
  if (labels == null || typeof labels.length !== 'number') {
    throw new NeuriteError('INVALID_ARGUMENT', `${what} must be an array of class indices, got ${describe(labels)}`, { field: what, actual: labels });
  }
  let count = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || (numClasses !== undefined && v >= numClasses)) {
      const range = numClasses === undefined ? 'an integer ≥ 0' : `an integer from 0 to ${numClasses - 1}`;
      throw new NeuriteError('INVALID_ARGUMENT', `${what}[${i}] is ${describe(v)}; expected a class index, ${range}`, {
        field: `${what}[${i}]`,
        expected: range,
        actual: v,
      });
    }
    if (v + 1 > count) count = v + 1;
  }
  return count;
}

/** Throws SHAPE_MISMATCH unless both arrays have the same, non-zero length. */
export function checkPair(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  for (const [what, a] of [
    ['yTrue', yTrue],
    ['yPred', yPred],
  ] as const) {
    if (a == null || typeof a.length !== 'number') {
      throw new NeuriteError('INVALID_ARGUMENT', `${metric}: ${what} must be an array of numbers, got ${describe(a)}`, { field: what, actual: a });
    }
  }
  if (yTrue.length !== yPred.length) {
    throw new NeuriteError('SHAPE_MISMATCH', `${metric}: yTrue has ${yTrue.length} values but yPred has ${yPred.length}; expected one prediction per target`, {
      expected: yTrue.length,
      actual: yPred.length,
    });
  }
  if (yTrue.length === 0) {
    throw new NeuriteError('INVALID_ARGUMENT', `${metric} needs at least one sample, got 0`, { expected: '≥ 1 sample', actual: 0 });
  }
}
