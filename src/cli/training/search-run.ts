import type { PreparedDataset } from '../../data/prepare.js';
import type { Table } from '../../data/table.js';
import { defaultCandidates } from '../../model/search-candidates.js';
import type { CandidateResult } from '../../model/search-score.js';
import { runSearch, type SearchReport } from '../../model/search.js';
import type { TrainingReporter } from '../reporter.js';
import type { TrainSettings } from './settings.js';

/**
 * The flags that give the architecture, the regularization or the schedule: any of them on the command line
 * turns the search off (and so do `--no-search` and `--resume`). docs/cli.md lists them too.
 */
export const SEARCH_OFF_FLAGS = ['hidden', 'l1', 'l2', 'dropout', 'epochs', 'lr', 'schedule', 'patience', 'validation'] as const;

/** `--budget` and, for tests, a fake clock. */
export interface SearchRequest {
  budget?: number;
  /** `--batch-size`, when given (else the search's schedule decides it). */
  batchSize?: number;
  now?: () => number;
}

/** The largest layer a default candidate has, in multiply-adds per row: what decides whether threads pay. */
export function largestCandidateLayer(data: PreparedDataset): number {
  let largest = 0;
  for (const { hidden } of defaultCandidates(data.train.rows.length)) {
    const widths = [data.preprocessor.inputWidth, ...hidden, data.preprocessor.outputWidth];
    for (let i = 1; i < widths.length; i++) largest = Math.max(largest, widths[i - 1]! * widths[i]!);
  }
  return largest;
}

/**
 * Runs the search on the training rows of `data` (the test rows were split off already and stay unseen),
 * telling the reporter about each candidate and the choice. Returns the report; an interrupted search throws
 * ABORTED (nothing to resume: no model was trained yet).
 */
export async function searchBeforeTraining(
  table: Table,
  data: PreparedDataset,
  settings: TrainSettings,
  request: SearchRequest,
  reporter: TrainingReporter,
  signal: AbortSignal,
): Promise<SearchReport> {
  const pre = data.preprocessor;
  // The rate is the search's (--lr turns it off); the batch size is --batch-size's when given.
  const { learningRate: _rate, batchSize: _batch, ...shared } = settings;
  const asked = { ...shared, ...(request.batchSize !== undefined ? { batchSize: request.batchSize } : {}), signal };
  const report = await runSearch(table, data.train.rows, pre, asked, {
    ...(request.budget !== undefined ? { budget: request.budget } : {}),
    ...(request.now ? { now: request.now } : {}),
    onStart: ({ candidates, method, folds, budget }) => {
      const how = method === 'cross-validation' ? `${folds}-fold cross-validation` : 'one validation split';
      const held = data.test ? `${data.test.rows.length} test rows held out` : 'no test rows: the table is too small';
      reporter.event(
        'search-start',
        `searching ${candidates} candidates by ${how} of the ${data.train.rows.length} training rows (${held}), budget ${budget} s`,
        { candidates, method, folds, rows: data.train.rows.length, testRows: data.test?.rows.length ?? 0, budget },
      );
    },
    onCandidate: (result, index, count) => {
      reporter.event('search', candidateLine(result, index, count, pre.task === 'classification' ? 'accuracy' : 'r2'), candidateFields(result, index));
    },
  });
  const { chosen } = report;
  reporter.event(
    'search-summary',
    `chose ${chosen.name}: ${chosen.reason}; ${report.seconds.toFixed(1)} s of the ${report.budget} s budget. ` +
      `Training it on all ${data.train.rows.length} training rows for ${chosen.epochs} epochs, ${averaging(chosen)}${chosen.note ? ` (${chosen.note})` : ''}`,
    { ...chosen, method: report.method, folds: report.folds, metric: report.metric, seconds: report.seconds, budget: report.budget },
  );
  return report;
}

/** How the final fit's weights are made, in words. */
export function averaging(chosen: { epochs: number; averageFrom: number }): string {
  return chosen.averageFrom < chosen.epochs
    ? `its weights the mean of those at the end of epochs ${chosen.averageFrom} to ${chosen.epochs}`
    : 'its weights those of the last epoch';
}

function candidateLine(r: CandidateResult, index: number, count: number, metric: string): string {
  const head = `  [${index + 1}/${count}] ${r.name.padEnd(18)}`;
  if (r.status === 'skipped') return `${head} skipped: no time left in the budget`;
  const epochs = r.bestEpochs.length > 0 ? `best epochs ${r.bestEpochs.join(',')}` : '';
  const cut = r.status === 'cut' ? '  (cut short by the budget)' : '';
  return `${head} ${metric} ${r.mean.toFixed(4)} ± ${r.spread.toFixed(4)}  ${epochs}  ${r.seconds.toFixed(1)} s${cut}`;
}

function candidateFields(r: CandidateResult, index: number): Record<string, unknown> {
  const { candidate, ...rest } = r;
  return { index, hidden: candidate.hidden, l2: candidate.l2, ...rest, ...(r.scores.length === 0 ? { mean: null } : {}) };
}
