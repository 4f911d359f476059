import type { SearchReport } from './search.js';

/** What the model file records of a search (`model.training.search`): JSON, finite numbers only. */
export interface SearchSummary {
  method: SearchReport['method'];
  folds: number;
  metric: SearchReport['metric'];
  /** How many training rows the search scored candidates on (the test rows were held out before it). */
  rows: number;
  budget: number;
  seconds: number;
  /** Simplest first; `mean` and `spread` are absent for a skipped candidate. */
  candidates: Array<{
    name: string;
    hidden: number[];
    l2: number;
    status: 'done' | 'cut' | 'skipped';
    mean?: number;
    spread?: number;
    standardError?: number;
    scores: number[];
    bestEpochs: number[];
    seconds: number;
  }>;
  chosen: SearchReport['chosen'];
}

/** The report as the model file keeps it: no row indices, and nothing that is not a finite number. */
export function searchSummary(report: SearchReport): SearchSummary {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    method: report.method,
    folds: report.folds,
    metric: report.metric,
    rows: report.rows.length,
    budget: report.budget,
    seconds: round(report.seconds),
    candidates: report.candidates.map((c) => ({
      name: c.name,
      hidden: [...c.candidate.hidden],
      l2: c.candidate.l2,
      status: c.status,
      ...(c.scores.length > 0 ? { mean: c.mean, spread: c.spread, standardError: c.standardError } : {}),
      scores: c.scores,
      bestEpochs: c.bestEpochs,
      seconds: round(c.seconds),
    })),
    chosen: { ...report.chosen, hidden: [...report.chosen.hidden] },
  };
}
