// How the search scores a candidate and picks one: the mean over folds, its spread, and a standard-error
// rule (the simplest candidate whose mean is within half a standard error of the best's).
import type { SearchCandidate } from './search-candidates.js';

/** What the search found for one candidate. */
export interface CandidateResult {
  candidate: SearchCandidate;
  /** e.g. `64,32 l2=0.001`. */
  name: string;
  /**
   * `done`: scored on every fold; `cut`: the budget ran out while it trained (its scores are from the folds
   * and epochs it finished, and it is chosen only if nothing finished); `skipped`: the budget had no room for it (not
   * started, or given up after one epoch showed that even its shortest run would not end in time).
   */
  status: 'done' | 'cut' | 'skipped';
  /** The score (accuracy, or R²) on each fold's scoring rows; with one validation split, on 5 parts of it. */
  scores: number[];
  /** The mean of `scores` (NaN when skipped). */
  mean: number;
  /** The standard deviation of `scores` (0 with fewer than two). */
  spread: number;
  /** spread / √(number of scores): the noise of the mean, used by the standard-error rule. */
  standardError: number;
  /** Each fold's best epoch, counted from 1 (the weights early stopping kept). */
  bestEpochs: number[];
  /** Epochs trained over all folds, early stopping's patience included. */
  epochsRun: number;
  /** Wall time spent on it. */
  seconds: number;
}

/** Mean, standard deviation (n − 1) and standard error of the scores. */
export function summarize(scores: readonly number[]): Pick<CandidateResult, 'mean' | 'spread' | 'standardError'> {
  const n = scores.length;
  if (n === 0) return { mean: NaN, spread: 0, standardError: 0 };
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const spread = n < 2 ? 0 : Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / (n - 1));
  return { mean, spread, standardError: spread / Math.sqrt(n) };
}

/** The choice and, in words, why. */
export interface SearchChoice {
  index: number;
  reason: string;
}

/**
 * How many of the best candidate's standard errors a simpler candidate may fall short of it and still be
 * chosen. The classic rule takes one (Breiman et al. 1984); on the panel of public tables (docs/panel.md)
 * it kept choosing networks of 16 units where the best mean's 64 or 128 did better on the test rows (the
 * folds' spread holds how hard each fold is, which all candidates share, so one standard error is a wide
 * bar), and half of one kept the simpler model where it mattered (ridge-like linear models on small noisy
 * regressions).
 */
export const STANDARD_ERRORS = 0.5;

/**
 * The standard-error rule over results given simplest first: the best mean, then the first (simplest)
 * candidate whose mean is at least the best's minus {@link STANDARD_ERRORS} of its standard errors. Only
 * finished candidates compete, unless none finished (then the ones the budget cut short do).
 */
export function chooseCandidate(results: readonly CandidateResult[], metric: string): SearchChoice {
  const finished = results.filter((r) => r.status === 'done');
  const pool = finished.length > 0 ? finished : results.filter((r) => r.status === 'cut' && r.scores.length > 0);
  if (pool.length === 0) return { index: 0, reason: 'the budget left no time to score any candidate: the simplest was taken' };
  const best = pool.reduce((a, b) => (b.mean > a.mean ? b : a));
  const threshold = best.mean - STANDARD_ERRORS * best.standardError;
  const chosen = pool.find((r) => r.mean >= threshold)!;
  const f = (x: number) => x.toFixed(4);
  const why =
    chosen === best
      ? `the best mean ${metric} (${f(best.mean)})`
      : `the simplest within half a standard error of the best (${best.name}: ${f(best.mean)}, standard error ${f(best.standardError)}; ${chosen.name}: ${f(chosen.mean)})`;
  const note = finished.length === 0 ? '; no candidate finished within the budget' : '';
  return { index: results.indexOf(chosen), reason: why + note };
}
