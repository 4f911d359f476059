import { NeuriteError, describe, requireInteger, requireNumber } from '../errors.js';
import { Rng } from '../init/rng.js';

/** Options of {@link splitRows}. */
export interface SplitOptions {
  /** Fraction of rows for validation, in [0, 1) (default 0.2). */
  validation?: number;
  /** Fraction of rows for the test set, in [0, 1) (default 0). */
  test?: number;
  /** Seed of the xoshiro128** generator that shuffles (default 42). */
  seed?: number;
  /**
   * One group key per table row (e.g. the class of each row): each group is split in the same proportions,
   * so every class keeps its share in train, validation and test.
   */
  stratify?: ArrayLike<number>;
}

/** Row indices of each part of a split; `train` is never empty. */
export interface Split {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

/**
 * A shuffled train/validation/test split of row indices (`rows`: the indices, or a count n for 0..n−1).
 * Counts are `round(n × fraction)` for test and validation (per group when stratified: a group of one row
 * stays in train), and train keeps the rest; train must not end up empty. Same seed, same split.
 * Every part is in shuffled order.
 *
 * @example
 * ```ts
 * import { splitRows } from 'neurite/data';
 * const { train, validation, test } = splitRows(10, { validation: 0.2, test: 0.2, seed: 1 });
 * console.log(train.length, validation.length, test.length); // 6 2 2
 * ```
 */
export function splitRows(rows: ArrayLike<number> | number, options: SplitOptions = {}): Split {
  if (options === null || typeof options !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `Split options must be an object, got ${describe(options)}`);
  }
  const validation = requireNumber('validation', options.validation ?? 0.2, { min: 0, max: 1 });
  const test = requireNumber('test', options.test ?? 0, { min: 0, max: 1 });
  if (validation + test >= 1) {
    throw new NeuriteError('INVALID_ARGUMENT', `validation + test must leave rows for training (sum < 1), got ${validation} + ${test}`, {
      field: 'validation',
    });
  }
  const all = typeof rows === 'number' ? range(requireInteger('rows', rows, 0)) : Int32Array.from(rows);
  const rng = new Rng(options.seed ?? 42);
  const groups = new Map<number, number[]>();
  if (options.stratify !== undefined) {
    const keys = options.stratify;
    for (let k = 0; k < all.length; k++) {
      const row = all[k]!;
      if (row < 0 || row >= keys.length) {
        throw new NeuriteError('INVALID_ARGUMENT', `Row ${row} has no stratify key (${keys.length} keys)`, { row });
      }
      const key = keys[row]!;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(row);
    }
  } else {
    groups.set(0, Array.from(all));
  }
  const train: number[] = [];
  const valid: number[] = [];
  const testRows: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const group = rng.shuffle(groups.get(key)!);
    const n = group.length;
    let nTest = Math.round(n * test);
    let nValid = Math.round(n * validation);
    if (nTest + nValid >= n) {
      // Keep at least one row of every group for training.
      const over = nTest + nValid - (n - 1);
      const fromValid = Math.min(nValid, over);
      nValid -= fromValid;
      nTest -= over - fromValid;
    }
    for (let i = 0; i < n; i++) (i < nTest ? testRows : i < nTest + nValid ? valid : train).push(group[i]!);
  }
  if (train.length === 0) throw new NeuriteError('INVALID_ARGUMENT', 'The split leaves no rows for training; there are no rows');
  return {
    train: rng.shuffle(Int32Array.from(train)),
    validation: rng.shuffle(Int32Array.from(valid)),
    test: rng.shuffle(Int32Array.from(testRows)),
  };
}

function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
