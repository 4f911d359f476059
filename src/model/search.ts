// The search itself: every candidate trained on every fold with early stopping on the fold's scoring rows,
// within the time budget; then the choice and the epochs for the final fit.
import type { Preprocessor } from '../data/preprocessor.js';
import type { Table } from '../data/table.js';
import { NeuriteError, requireInteger } from '../errors.js';
import { Rng } from '../init/rng.js';
import type { Network } from '../nn/network.js';
import { createOptimizer } from '../optim/registry.js';
import { Matrix, type DType } from '../tensor/matrix.js';
import { evaluate } from '../train/evaluate.js';
import { fit } from '../train/fit.js';
import { lossFor, networkFor } from './build-network.js';
import { checkBudget, defaultBudget, SEARCH_SHARE } from './search-budget.js';
import { candidateName, checkCandidates, defaultCandidates, searchSchedule, simplestFirst, type SearchCandidate } from './search-candidates.js';
import { encodeFold, searchFolds, type EncodedFold } from './search-folds.js';
import { chooseCandidate, summarize, type CandidateResult } from './search-score.js';
import { ScoreStopping } from './search-stopping.js';

/** Options of the search (of `searchTraining` and `autoFit`). */
export interface SearchOptions {
  /** What to try (default: {@link defaultCandidates} for the table's size); tried simplest first. */
  candidates?: readonly SearchCandidate[];
  /** k of the k-fold cross-validation on tables under 10,000 training rows (default 5). */
  folds?: number;
  /** Seconds for the whole run, search and final fit (default: {@link defaultBudget}). */
  budget?: number;
  /** Most epochs a candidate trains on a fold (default: {@link searchSchedule}'s); early stopping usually ends it sooner. */
  maxEpochs?: number;
  /** Early stopping: epochs without a better loss on the fold's scoring rows (default: {@link searchSchedule}'s). */
  patience?: number;
  /** The clock, in milliseconds (default `Date.now`); tests pass a fake one. */
  now?: () => number;
  /** Called once the folds are made, before the first candidate trains. */
  onStart?: (info: { candidates: number; method: SearchReport['method']; folds: number; rows: number; budget: number }) => void;
  /** Called as each candidate is scored (or skipped), e.g. to print it. */
  onCandidate?: (result: CandidateResult, index: number, count: number) => void;
}

/** What the search did, for people and for the model file. */
export interface SearchReport {
  /** `cross-validation` (k folds) or `validation split` (one, on large tables). */
  method: 'cross-validation' | 'validation split';
  /** k, or 1 for a validation split. */
  folds: number;
  /** What the candidates are scored by (higher is better). */
  metric: 'accuracy' | 'r2';
  /** The training rows searched over (table row indices): the test rows are never among them. */
  rows: Int32Array;
  /** The time limit, in seconds, and the seconds the search took. */
  budget: number;
  seconds: number;
  /** Every candidate, simplest first. */
  candidates: CandidateResult[];
  chosen: {
    name: string;
    hidden: number[];
    l2: number;
    /**
     * Epochs of the final fit: the mean of the folds' best epochs E, and half as many again (E + ⌈E/2⌉) over
     * which the weights are averaged (fewer when the budget is short).
     */
    epochs: number;
    /** The final model's weights are the mean of the weights at the end of epochs `averageFrom` (E) to `epochs`. */
    averageFrom: number;
    /** The rate and batch size the candidates trained with, and the final fit trains with. */
    learningRate: number;
    batchSize: number;
    reason: string;
    /** Set when the budget shortened the final fit. */
    note?: string;
  };
}

/** The training settings every candidate shares (the command line's and trainModel's names). */
export interface SearchSettings {
  activation: string;
  optimizer: string;
  /** Default: {@link searchSchedule}'s for the number of training rows (as is the batch size). */
  learningRate?: number | undefined;
  batchSize?: number | undefined;
  seed: number;
  dtype: DType;
  scaling: 'standard' | 'minmax' | 'none';
  loss?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * Scores the candidates on folds of the training rows `rows` (preprocessing fitted per fold) and picks one.
 * `base` is the preprocessing fitted on all of `rows`: it fixes the inputs, the task and the classes.
 */
export async function runSearch(table: Table, rows: Int32Array, base: Preprocessor, asked: SearchSettings, options: SearchOptions): Promise<SearchReport> {
  const schedule = searchSchedule(rows.length);
  const settings = { ...asked, learningRate: asked.learningRate ?? schedule.learningRate, batchSize: asked.batchSize ?? schedule.batchSize };
  const now = options.now ?? Date.now;
  const start = now();
  const budget = options.budget === undefined ? defaultBudget(rows.length, base.inputWidth) : checkBudget(options.budget);
  const k = requireInteger('folds', options.folds ?? 5, 2);
  const maxEpochs = requireInteger('maxEpochs', options.maxEpochs ?? schedule.maxEpochs, 1);
  const patience = requireInteger('patience', options.patience ?? schedule.patience, 0);
  const candidates = simplestFirst(checkCandidates(options.candidates ?? defaultCandidates(rows.length)), base.inputWidth, base.outputWidth);
  const target = table.column(base.target.name);
  const stratify = base.task === 'classification' ? (target.kind === 'categorical' ? target.codes : target.values) : undefined;
  const folds = searchFolds(rows, { folds: k, seed: settings.seed, stratify }).map((fold) => encodeFold(table, fold, base, settings));
  const metric = base.task === 'classification' ? 'accuracy' : 'r2';
  const method = folds.length === 1 ? 'validation split' : 'cross-validation';
  options.onStart?.({ candidates: candidates.length, method, folds: folds.length, rows: rows.length, budget });
  const searchEnd = start + budget * 1000 * SEARCH_SHARE;
  const results: CandidateResult[] = [];
  for (const [i, candidate] of candidates.entries()) {
    if (settings.signal?.aborted) throw new NeuriteError('ABORTED', 'The search was aborted', { reason: settings.signal.reason });
    const outOfTime = results.some((r) => r.status === 'cut') || now() >= searchEnd;
    const result = outOfTime ? skipped(candidate) : await scoreCandidate(candidate, folds, { settings, metric, maxEpochs, patience, now, searchEnd });
    results.push(result);
    options.onCandidate?.(result, i, candidates.length);
  }
  const choice = chooseCandidate(results, metric);
  const chosen = results[choice.index]!;
  const foldEpochs = chosen.bestEpochs.length > 0 ? Math.max(1, Math.round(chosen.bestEpochs.reduce((a, b) => a + b, 0) / chosen.bestEpochs.length)) : 1;
  const final = finalEpochs(chosen, foldEpochs, { rows: rows.length, foldRows: folds[0]!.train.x.rows, left: start + budget * 1000 - now() });
  return {
    method,
    folds: folds.length,
    metric,
    rows,
    budget,
    seconds: (now() - start) / 1000,
    candidates: results,
    chosen: {
      name: chosen.name,
      hidden: [...chosen.candidate.hidden],
      l2: chosen.candidate.l2,
      epochs: final.epochs,
      averageFrom: final.averageFrom,
      learningRate: settings.learningRate,
      batchSize: settings.batchSize,
      reason: choice.reason,
      ...final.note,
    },
  };
}

interface FitPlan {
  settings: SearchSettings & { learningRate: number; batchSize: number };
  metric: 'accuracy' | 'r2';
  maxEpochs: number;
  patience: number;
  now: () => number;
  searchEnd: number;
}

/** One candidate on every fold; stops (status `cut`) when the search's share of the budget runs out. */
async function scoreCandidate(candidate: SearchCandidate, folds: EncodedFold[], plan: FitPlan): Promise<CandidateResult> {
  const began = plan.now();
  const scores: number[] = [];
  const bestEpochs: number[] = [];
  let epochsRun = 0;
  let cut = false;
  for (const [f, fold] of folds.entries()) {
    // The first epoch shows what the candidate costs: if even the shortest run on every fold (patience + 1
    // epochs each) cannot end within the budget, it is given up at once.
    const probe = f === 0 ? folds.length * Math.min(plan.maxEpochs, plan.patience + 1) : 0;
    const run = await fitFold(candidate, fold, plan, probe);
    if (run.tooSlow) return { ...skipped(candidate), epochsRun: 1, seconds: (plan.now() - began) / 1000 };
    epochsRun += run.epochsRun;
    bestEpochs.push(run.bestEpoch);
    // One validation split: its scoring rows in 5 parts give the spread.
    scores.push(...(folds.length === 1 ? partScores(run.network, fold, plan) : [run.score]));
    if (run.cut || (plan.now() >= plan.searchEnd && fold !== folds.at(-1))) {
      cut = true;
      break;
    }
  }
  const status = cut ? 'cut' : 'done';
  return { candidate, name: candidateName(candidate), status, scores, ...summarize(scores), bestEpochs, epochsRun, seconds: (plan.now() - began) / 1000 };
}

/** One fit with early stopping; `probe` > 0: after the first epoch, give up if that many epochs cannot end in time. */
async function fitFold(candidate: SearchCandidate, fold: EncodedFold, plan: FitPlan, probe: number) {
  const { settings, metric } = plan;
  const network = networkFor({ hidden: candidate.hidden, activation: settings.activation, dropout: 0, seed: settings.seed, dtype: settings.dtype }, fold.pre);
  const began = plan.now();
  let cut = false;
  let tooSlow = false;
  const stopper = new ScoreStopping(plan.patience);
  const result = await fit(network, fold.train.x, fold.train.y, {
    epochs: plan.maxEpochs,
    batchSize: settings.batchSize,
    loss: lossFor(settings.loss, fold.pre),
    optimizer: createOptimizer(settings.optimizer, { learningRate: settings.learningRate }),
    rng: new Rng(settings.seed),
    metrics: [metric],
    regularization: { l2: candidate.l2 },
    validationData: [fold.validation.x, fold.validation.y],
    callbacks: {
      onEpochEnd: (log) => {
        if (stopper.update(log.epoch, log.valMetrics![metric]!, log.valLoss!, network)) return false;
        const at = plan.now();
        if (log.epoch === 0 && probe > 0 && began + (at - began) * probe > plan.searchEnd) tooSlow = true;
        else if (at < plan.searchEnd) return;
        else cut = true;
        return false;
      },
    },
    ...(settings.signal ? { signal: settings.signal } : {}),
  });
  stopper.restore(network);
  const best = stopper.bestEpoch >= 0 ? stopper.bestEpoch : result.history.length - 1;
  return { network, score: result.history[best]!.valMetrics![metric]!, bestEpoch: best + 1, epochsRun: result.history.length, cut, tooSlow };
}

/** The score on each of 5 consecutive parts of the scoring rows (already shuffled), for the spread of one split. */
function partScores(network: Network, fold: EncodedFold, plan: FitPlan): number[] {
  const { x, y } = fold.validation;
  const parts = Math.min(5, x.rows);
  return Array.from({ length: parts }, (_, p) => {
    const from = Math.floor((p * x.rows) / parts);
    const to = Math.floor(((p + 1) * x.rows) / parts);
    const slice = (m: Matrix) => new Matrix(to - from, m.cols, m.data.subarray(from * m.cols, to * m.cols));
    return evaluate(network, slice(x), slice(y), { loss: lossFor(plan.settings.loss, fold.pre), metrics: [plan.metric] }).metrics[plan.metric]!;
  });
}

function skipped(candidate: SearchCandidate): CandidateResult {
  return { candidate, name: candidateName(candidate), status: 'skipped', scores: [], ...summarize([]), bestEpochs: [], epochsRun: 0, seconds: 0 };
}

/**
 * The final fit's epochs: the folds' best epoch E, then ⌈E/2⌉ more over which the weights are averaged
 * (weight-average.ts), as many of them as the rest of the budget allows (measured on the chosen candidate's folds).
 */
function finalEpochs(
  chosen: CandidateResult,
  best: number,
  at: { rows: number; foldRows: number; left: number },
): { epochs: number; averageFrom: number; note?: { note: string } } {
  const epochs = best + Math.ceil(best / 2);
  if (chosen.epochsRun === 0) return { epochs, averageFrom: best };
  const msPerEpoch = ((chosen.seconds * 1000) / chosen.epochsRun) * (at.rows / at.foldRows);
  const fits = Math.floor(Math.max(0, at.left) / msPerEpoch);
  if (fits >= epochs) return { epochs, averageFrom: best };
  const shortened = Math.max(1, fits);
  return {
    epochs: shortened,
    averageFrom: Math.min(best, shortened),
    note: { note: `the budget left time for ${shortened} of the ${epochs} epochs planned (${best} the folds chose, ${epochs - best} more to average over)` },
  };
}
