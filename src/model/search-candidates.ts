import { NeuriteError, describe } from '../errors.js';

/** One configuration the search tries: the hidden layers (capacity) and the L2 penalty (regularization). */
export interface SearchCandidate {
  /** Hidden layer sizes; `[]` is a model with no hidden layer (linear or logistic regression). */
  hidden: readonly number[];
  /** λ₂ of the L2 penalty on the weights (see `penalty`). */
  l2: number;
}

/**
 * Tables whose training rows are fewer than this are searched with k-fold cross-validation; larger ones with one validation split.
 *
 * @example
 * ```ts
 * import { CROSS_VALIDATION_ROWS } from 'neurite';
 * console.log(CROSS_VALIDATION_ROWS); // 10000
 * ```
 */
export const CROSS_VALIDATION_ROWS = 10_000;

/**
 * The candidates tried when none are given, simplest first. Small tables (cross-validated): no hidden layer
 * (linear or logistic regression) with a strong or a moderate L2 penalty (1e-1, 1e-2: ridge regression picks
 * a strong one on small noisy tables), 16 and 64 units with 1e-2 or 1e-3, one wider layer of 128 with a weak
 * penalty (1e-3, 1e-4; scikit-learn's default network is one layer of 100 with 1e-4) and two layers 64,32
 * with 1e-3: nine in all. Large tables (one validation split): no hidden layer, or one wide layer of 256
 * with a weak penalty or none (many rows regularize more than a penalty does); three only, since each may
 * take minutes.
 *
 * @example
 * ```ts
 * import { defaultCandidates } from 'neurite';
 * console.log(defaultCandidates(800).length, defaultCandidates(800)[0]); // 9 { hidden: [], l2: 0.1 }
 * console.log(defaultCandidates(48_000).map((c) => c.hidden.join(',') || 'none')); // ['none', '256', '256']
 * ```
 */
export function defaultCandidates(trainingRows: number): SearchCandidate[] {
  if (trainingRows >= CROSS_VALIDATION_ROWS) {
    return [
      { hidden: [], l2: 1e-4 },
      { hidden: [256], l2: 1e-4 },
      { hidden: [256], l2: 0 },
    ];
  }
  return [
    { hidden: [], l2: 1e-1 },
    { hidden: [], l2: 1e-2 },
    { hidden: [16], l2: 1e-2 },
    { hidden: [16], l2: 1e-3 },
    { hidden: [64], l2: 1e-2 },
    { hidden: [64], l2: 1e-3 },
    { hidden: [128], l2: 1e-3 },
    { hidden: [128], l2: 1e-4 },
    { hidden: [64, 32], l2: 1e-3 },
  ];
}

/** How the search trains its candidates (and the final fit) unless told otherwise. */
export interface SearchSchedule {
  learningRate: number;
  batchSize: number;
  /** Most epochs of one fit. */
  maxEpochs: number;
  /** Early stopping's patience on the scoring rows. */
  patience: number;
}

/**
 * The schedule for a number of training rows: on small tables `trainModel`'s rate and batch size (0.01, 32),
 * up to 200 epochs with a patience of 10; on large ones a smaller rate with larger batches (0.001, 128),
 * steadier and faster per row, up to 50 epochs with a patience of 5 (an epoch is many steps there).
 *
 * @example
 * ```ts
 * import { searchSchedule } from 'neurite';
 * console.log(searchSchedule(800)); // { learningRate: 0.01, batchSize: 32, maxEpochs: 200, patience: 10 }
 * console.log(searchSchedule(48_000)); // { learningRate: 0.001, batchSize: 128, maxEpochs: 50, patience: 5 }
 * ```
 */
export function searchSchedule(trainingRows: number): SearchSchedule {
  return trainingRows >= CROSS_VALIDATION_ROWS
    ? { learningRate: 0.001, batchSize: 128, maxEpochs: 50, patience: 5 }
    : { learningRate: 0.01, batchSize: 32, maxEpochs: 200, patience: 10 };
}

/** A candidate as people read it: `64,32 l2=0.001`, `none l2=0.01`. */
export function candidateName(candidate: SearchCandidate): string {
  return `${candidate.hidden.join(',') || 'none'} l2=${candidate.l2}`;
}

/** Multiply-adds of one row through the network: the work a candidate costs per row and epoch, and how simple it is. */
export function candidateSize(candidate: SearchCandidate, inputs: number, outputs: number): number {
  let size = 0;
  let width = inputs;
  for (const units of [...candidate.hidden, outputs]) {
    size += width * units;
    width = units;
  }
  return size;
}

/**
 * Simplest first: fewer weights, then the stronger penalty. The standard-error rule picks the first of
 * this order whose score is within noise of the best.
 */
export function simplestFirst(candidates: readonly SearchCandidate[], inputs: number, outputs: number): SearchCandidate[] {
  return [...candidates].sort((a, b) => candidateSize(a, inputs, outputs) - candidateSize(b, inputs, outputs) || b.l2 - a.l2);
}

/** The candidates, checked: a non-empty array of `{ hidden, l2 }` with layer sizes ≥ 1 and a penalty ≥ 0. */
export function checkCandidates(candidates: unknown): SearchCandidate[] {
  const fail = (why: string): never => {
    throw new NeuriteError('INVALID_ARGUMENT', `candidates must be a non-empty array of { hidden: [64, 32], l2: 0.001 }; ${why}`, { field: 'candidates' });
  };
  if (!Array.isArray(candidates) || candidates.length === 0) return fail(`got ${describe(candidates)}`);
  return candidates.map((c: unknown, i) => {
    const { hidden, l2 } = (c ?? {}) as Partial<SearchCandidate>;
    if (!Array.isArray(hidden) || !hidden.every((n) => Number.isInteger(n) && n >= 1)) return fail(`candidate ${i} has hidden ${describe(hidden)}`);
    if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) return fail(`candidate ${i} has l2 ${describe(l2)}`);
    return { hidden: [...hidden], l2 };
  });
}
