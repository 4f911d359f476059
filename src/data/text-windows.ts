import { NeuriteError, requireInteger, requireNumber } from '../errors.js';
import { allocate, Matrix, type DType } from '../tensor/matrix.js';

/** Where {@link splitText} cuts: training ids `[0, at)`, validation ids `[at, length)`. */
export interface TextSplit {
  train: Int32Array;
  validation: Int32Array;
  /** The first validation character's position. */
  at: number;
}

/**
 * Splits a text's ids by position, never shuffling across: the first `1 − validation` for training and the
 * rest for validation, cut at ⌊n · (1 − validation)⌋. Windows are then made inside each part, so no
 * validation character is ever a training input or target.
 *
 * @example
 * ```ts
 * import { splitText } from 'neurite/data';
 * const { train, validation, at } = splitText(Int32Array.from({ length: 100 }, (_, i) => i % 7), 0.1);
 * console.log(train.length, validation.length, at); // 90 10 90
 * ```
 */
export function splitText(ids: Int32Array, validation = 0.1): TextSplit {
  requireNumber('validation', validation, { min: 0, max: 1 });
  if (validation >= 1)
    throw new NeuriteError('INVALID_ARGUMENT', `validation must be below 1 (a fraction of the text), got ${validation}`, { field: 'validation' });
  const at = Math.floor(ids.length * (1 - validation));
  return { train: ids.subarray(0, at), validation: ids.subarray(at), at };
}

/**
 * How many windows of `window` characters, each followed by its target, a part of `length` characters holds
 * (starts `step` apart): ⌊(length − window − 1) / step⌋ + 1, or 0 when it is not longer than a window.
 *
 * @example
 * ```ts
 * import { textWindowCount } from 'neurite/data';
 * console.log(textWindowCount(100, 32), textWindowCount(100, 32, 2), textWindowCount(32, 32)); // 68 34 0
 * ```
 */
export function textWindowCount(length: number, window: number, step = 1): number {
  return length > window ? Math.floor((length - window - 1) / step) + 1 : 0;
}

/** Options of {@link textWindows}. */
export interface TextWindowOptions {
  /** Characters per input window. */
  window: number;
  /** The distance between two windows' starts (default 1: every position). */
  step?: number;
  dtype?: DType;
}

/**
 * The training pairs of a run of character ids: window k is the ids at `k·step … k·step + window − 1` (the
 * network's input, ids stored as numbers, [count × window]) and its target is the next id, one-hot
 * [count × vocabularySize]. An id outside `[0, vocabularySize)` is an INVALID_ARGUMENT error.
 *
 * @example
 * ```ts
 * import { textWindows } from 'neurite/data';
 * const { x, y } = textWindows(Int32Array.from([1, 2, 3, 1, 2]), 4, { window: 3 });
 * console.log(x.toArray(), y.toArray()); // [[1, 2, 3], [2, 3, 1]] and [[0, 1, 0, 0], [0, 0, 1, 0]]
 * ```
 */
export function textWindows(ids: Int32Array, vocabularySize: number, options: TextWindowOptions): { x: Matrix; y: Matrix } {
  const window = requireInteger('window', options.window, 1);
  const step = requireInteger('step', options.step ?? 1, 1);
  requireInteger('vocabularySize', vocabularySize, 1);
  const dtype = options.dtype ?? 'float32';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id < 0 || id >= vocabularySize) {
      throw new NeuriteError('INVALID_ARGUMENT', `Character id ${id} at position ${i} is outside the vocabulary [0, ${vocabularySize})`, {
        index: i,
        actual: id,
      });
    }
  }
  const count = textWindowCount(ids.length, window, step);
  const x = allocate(dtype, count * window);
  const y = allocate(dtype, count * vocabularySize);
  for (let k = 0; k < count; k++) {
    const start = k * step;
    for (let t = 0; t < window; t++) x[k * window + t] = ids[start + t]!;
    y[k * vocabularySize + ids[start + window]!] = 1;
  }
  return { x: new Matrix(count, window, x), y: new Matrix(count, vocabularySize, y) };
}
