// The search's time budget: checked, and its default from the table's size.
import { NeuriteError, describe } from '../errors.js';

/**
 * The largest budget accepted: a week, in seconds. More is a mistake (milliseconds given as seconds, say).
 *
 * @example
 * ```ts
 * import { MAX_BUDGET } from 'neurite';
 * console.log(MAX_BUDGET); // 604800
 * ```
 */
export const MAX_BUDGET = 7 * 24 * 3600;

/** Of the budget, the share the candidates may use; the rest is kept for the final fit on every training row. */
export const SEARCH_SHARE = 0.8;

/**
 * The budget when none is given, in seconds: 20 for tables up to about 100,000 values, growing with the
 * training rows × input features (about 1 s per 100,000 values), at most 10 minutes. A 1,000-row table with
 * a dozen columns gets 20 s; Fashion-MNIST (48,000 training rows × 784 pixels) about 6 minutes.
 *
 * @example
 * ```ts
 * import { defaultBudget } from 'neurite';
 * console.log(defaultBudget(800, 12), defaultBudget(48_000, 784)); // 20 376
 * ```
 */
export function defaultBudget(trainingRows: number, features: number): number {
  return Math.round(Math.min(600, Math.max(20, (trainingRows * features) / 100_000)));
}

/** The budget given, in seconds, or a clear error: a finite number above 0 and at most {@link MAX_BUDGET}. */
export function checkBudget(budget: unknown): number {
  if (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0 || budget > MAX_BUDGET) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `budget is the search's time limit in seconds: a number above 0 and at most ${MAX_BUDGET} (a week), got ${describe(budget)}`,
      {
        field: 'budget',
        actual: budget,
      },
    );
  }
  return budget;
}
