// The search's folds: which training rows each candidate learns from and is scored on, and their encoding
// with preprocessing fitted on the fold's own training part (no statistic of a scoring row leaks in).
import type { PreparedSplit } from '../data/prepare.js';
import { Preprocessor, type Scaling } from '../data/preprocessor.js';
import { splitRows } from '../data/split.js';
import type { Table } from '../data/table.js';
import { NeuriteError } from '../errors.js';
import { Rng } from '../init/rng.js';
import type { DType } from '../tensor/matrix.js';
import { CROSS_VALIDATION_ROWS } from './search-candidates.js';

/** One fold: the rows a candidate trains on and the rows it is scored on (table row indices, disjoint). */
export interface SearchFold {
  train: Int32Array;
  validation: Int32Array;
}

/** Fraction of the training rows held out to score candidates on a large table. */
export const SEARCH_VALIDATION = 0.2;

/**
 * k folds of the rows (fewer rows than {@link CROSS_VALIDATION_ROWS}), else one split holding out
 * {@link SEARCH_VALIDATION} of them. Shuffled from the seed; with `stratify` (a class key per table row) each
 * class is dealt round the folds in turn, so every fold keeps the classes' shares.
 */
export function searchFolds(rows: Int32Array, options: { folds: number; seed: number; stratify?: ArrayLike<number> | undefined }): SearchFold[] {
  if (rows.length < 2) throw new NeuriteError('INVALID_ARGUMENT', `The search needs at least 2 training rows to score candidates on, got ${rows.length}`);
  const { seed, stratify } = options;
  if (rows.length >= CROSS_VALIDATION_ROWS) {
    const split = splitRows(rows, { validation: SEARCH_VALIDATION, test: 0, seed, ...(stratify ? { stratify } : {}) });
    return [{ train: split.train, validation: split.validation }];
  }
  const k = Math.min(options.folds, rows.length);
  const rng = new Rng(seed);
  const groups = new Map<number, number[]>();
  for (const row of rows) {
    const key = stratify ? stratify[row]! : 0;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  const foldOf = new Map<number, number>();
  let next = 0;
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    for (const row of rng.shuffle(groups.get(key)!)) foldOf.set(row, next++ % k);
  }
  return Array.from({ length: k }, (_, f) => ({
    train: rows.filter((row) => foldOf.get(row) !== f),
    validation: rows.filter((row) => foldOf.get(row) === f),
  }));
}

/** A fold encoded: its own fitted preprocessing, and its two parts as matrices. */
export interface EncodedFold {
  pre: Preprocessor;
  train: PreparedSplit;
  validation: PreparedSplit;
}

/** A fold's rows as matrices: preprocessing fitted on the fold's training rows, then both parts encoded with it. */
export function encodeFold(table: Table, fold: SearchFold, base: Preprocessor, settings: { scaling: Scaling; dtype: DType }): EncodedFold {
  const pre = Preprocessor.fit(table, {
    target: base.target.name,
    inputs: base.inputs.map((input) => input.name),
    text: base.text ? [base.text.name] : [],
    task: base.task,
    scaling: settings.scaling,
    missing: base.missing,
    ...(base.task === 'classification' ? { classes: base.classes } : {}),
    rows: fold.train,
  });
  const encode = (rows: Int32Array): PreparedSplit => ({
    // A category only the scoring rows have is encoded as zeros, as prepareDataset does for held-out rows.
    x: pre.transform(table, rows, { dtype: settings.dtype, onUnseenCategory: () => {} }),
    y: pre.transformTarget(table, rows, settings.dtype),
    rows,
  });
  return { pre, train: encode(fold.train), validation: encode(fold.validation) };
}
