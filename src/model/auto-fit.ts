import { NeuriteError, describe } from '../errors.js';
import { Model } from './model.js';
import { runSearch, type SearchOptions, type SearchReport } from './search.js';
import { searchSummary } from './search-summary.js';
import { refuseMostlyNumeric, toTable, trainTableModel, type TrainingData } from './train-model.js';
import { trainSettings, type TrainModelOptions, type TrainModelSettings } from './train-options.js';
import { prepareTrainingData } from './training-steps.js';
import { WeightAverage } from './weight-average.js';

/**
 * Options of {@link autoFit} and {@link searchTraining}: the search's ({@link SearchOptions}), and the
 * training options every candidate shares (`trainModel`'s, with the same defaults). The architecture, the
 * L2 penalty and the epochs are what the search chooses, so they are not options here.
 */
export interface AutoFitOptions
  extends SearchOptions,
    Pick<
      TrainModelOptions,
      | 'target'
      | 'inputs'
      | 'text'
      | 'task'
      | 'loss'
      | 'activation'
      | 'optimizer'
      | 'batchSize'
      | 'test'
      | 'scaling'
      | 'missing'
      | 'seed'
      | 'dtype'
      | 'signal'
      | 'callbacks'
    > {
  /** The optimizer's rate (default: `searchSchedule`'s, as is the batch size's); the learning-rate finder is not run within a search. */
  learningRate?: number;
}

const SEARCH_KEYS = ['candidates', 'folds', 'budget', 'maxEpochs', 'patience', 'now', 'onStart', 'onCandidate'] as const;
const TRAIN_KEYS = [
  'target',
  'inputs',
  'text',
  'task',
  'loss',
  'activation',
  'optimizer',
  'learningRate',
  'batchSize',
  'test',
  'scaling',
  'missing',
  'seed',
  'dtype',
  'signal',
  'callbacks',
];

/** What {@link searchTraining} returns: the search's report, and the test rows it never saw. */
export interface SearchTrainingResult extends SearchReport {
  /** The table rows held out for the final test before the search began (empty for a table under 20 rows). */
  heldOut: Int32Array;
}

/**
 * The search alone: holds the test rows out (seeded, as `trainModel` does), then scores every candidate by
 * k-fold cross-validation on the training rows (or one validation split on large tables), with
 * preprocessing fitted on each fold's training part and early stopping on its scoring part, and picks the
 * simplest candidate within half a standard error of the best. No final model is trained; see {@link autoFit}.
 *
 * @example
 * ```ts
 * import { searchTraining } from 'neurite';
 * const rows = Array.from({ length: 60 }, (_, i) => ({ x: i / 10, y: i % 3 === 0 ? 'a' : 'b' }));
 * const report = await searchTraining(rows, { target: 'y', candidates: [{ hidden: [], l2: 0.01 }, { hidden: [8], l2: 0.001 }], maxEpochs: 5 });
 * console.log(report.method, report.candidates.map((c) => c.name), report.chosen.reason); // 'cross-validation' ['none l2=0.01', '8 l2=0.001'] '...'
 * ```
 */
export async function searchTraining(data: TrainingData, options: AutoFitOptions): Promise<SearchTrainingResult> {
  const { search, settings } = splitOptions(options);
  const table = toTable(data);
  refuseMostlyNumeric(table);
  const prepared = prepareTrainingData(table, { ...settings, validation: 0 });
  if (options.learningRate !== undefined && typeof options.learningRate !== 'number') {
    throw new NeuriteError('INVALID_ARGUMENT', `learningRate must be a number within a search, got ${describe(options.learningRate)}`, {
      field: 'learningRate',
    });
  }
  const { learningRate, batchSize } = options;
  const report = await runSearch(table, prepared.train.rows, prepared.preprocessor, { ...settings, learningRate, batchSize }, search);
  return { ...report, heldOut: prepared.test?.rows ?? new Int32Array(0) };
}

/**
 * `neurite train`'s default, as a library call: {@link searchTraining} chooses the hidden layers, the L2
 * penalty and the epochs, then `trainModel` trains that choice on every training row and measures it once on
 * the test rows held out before the search. The returned model's `training.search` records the candidates,
 * their scores (mean ± spread over the folds), the time taken and the choice with its reason. Same data,
 * options and seed: the same choice and the same model, bit for bit (unless the budget cut something short,
 * which the record says).
 *
 * @example
 * ```ts
 * import { autoFit } from 'neurite';
 * const rows = Array.from({ length: 60 }, (_, i) => ({ x: i / 10, z: (i * 7) % 5, y: i % 3 === 0 ? 'a' : 'b' }));
 * const model = await autoFit(rows, { target: 'y', budget: 10, maxEpochs: 20, seed: 1 });
 * console.log(model.training.search?.chosen, model.training.metrics); // { name: '…', hidden: […], l2: …, epochs: …, reason: '…', … } { test: { loss: …, accuracy: …, f1: … } }
 * ```
 */
export async function autoFit(data: TrainingData, options: AutoFitOptions): Promise<Model> {
  const table = toTable(data);
  const report = await searchTraining(table, options);
  const { search: _search, settings: _settings, train } = splitOptions(options);
  const { hidden, l2, epochs, averageFrom, learningRate, batchSize } = report.chosen;
  const model = await trainTableModel(table, { ...train, hidden, l2, epochs, learningRate, batchSize, validation: 0 }, new WeightAverage(averageFrom));
  return new Model({ network: model.network, preprocessing: model.preprocessing, training: { ...model.training, l2, search: searchSummary(report) } });
}

/** The search's options and the training options apart; a key neither knows (a typo) is an error that lists them. */
function splitOptions(options: AutoFitOptions): { search: SearchOptions; train: TrainModelOptions; settings: TrainModelSettings & TrainModelOptions } {
  if (options === null || typeof options !== 'object') return { search: {}, train: options, settings: trainSettings(options) };
  const known: readonly string[] = [...TRAIN_KEYS, ...SEARCH_KEYS];
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new NeuriteError('INVALID_ARGUMENT', `autoFit has no option ${describe(unknown)}; its options are ${known.join(', ')}`, {
      field: unknown,
      expected: known,
    });
  }
  const search = Object.fromEntries(Object.entries(options).filter(([key]) => (SEARCH_KEYS as readonly string[]).includes(key))) as SearchOptions;
  const train = Object.fromEntries(Object.entries(options).filter(([key]) => TRAIN_KEYS.includes(key))) as unknown as TrainModelOptions;
  return { search, train, settings: trainSettings(train) };
}
