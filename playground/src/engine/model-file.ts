import { createOptimizer, parseModel, serializeModel, type EpochLog, type Model, type Network, type TrainingInfo } from '../../../src/index.js';
import type { Measurement } from './measure.js';
import { settingsToQuery, type Settings } from './settings.js';
import { lossFor, regularizationFor, type Encoded } from './setup.js';

/**
 * The model file the playground exports and imports is the library's (src/io/model-file.ts,
 * docs/model-format.md): the network, the data's fitted `Preprocessor` and how it was trained, so the CLI
 * reads it as it is (`neurite predict model.json data.csv`). The page's own settings ride along in
 * `training.playground.url`, so importing the file restores the setup.
 */
export interface PlaygroundRun {
  /** Completed epochs. */
  epochs: number;
  /** Batches done of the next epoch, when paused within one (0 at an epoch's end), of `batchesPerEpoch`. */
  batch: number;
  batchesPerEpoch: number;
  /** One log per completed epoch, measured as `measurement` is (see `Measurer.scores`). */
  history: readonly EpochLog[];
  /** The scores of the weights as they are now: the numbers on the page's status bar. */
  measurement: Pick<Measurement, 'train' | 'validation'>;
}

/**
 * How the run was made, in the file's free-form `training` section. `epochs` counts completed epochs; a run
 * paused within an epoch adds `batches` (done of the next epoch) and `batchesPerEpoch`, so the file says
 * exactly how far its weights were trained. `metrics` are the scores of the weights in the file.
 */
export function trainingInfo(settings: Settings, data: Encoded, run: PlaygroundRun): TrainingInfo {
  const regularization = regularizationFor(settings);
  const info: TrainingInfo = {
    seed: settings.seed,
    epochs: run.epochs,
    ...(run.batch > 0 ? { batches: run.batch, batchesPerEpoch: run.batchesPerEpoch } : {}),
    loss: lossFor(settings, data),
    optimizer: createOptimizer(settings.optimizer, { learningRate: settings.learningRate }).toJSON(),
    batchSize: settings.batchSize,
    ...(regularization ? { regularization } : {}),
  };
  if (run.epochs > 0 || run.batch > 0) {
    const { train, validation } = run.measurement;
    info.metrics = validation ? { train: { ...train }, validation: { ...validation } } : { train: { ...train } };
  }
  info.date = new Date().toISOString();
  info.playground = { url: settingsToQuery(settings) };
  return info;
}

/** "25 epochs", or "1326 epochs and 3 of 16 batches" for a run paused within an epoch. */
export function trainedFor(run: { epochs: number; batch?: number; batchesPerEpoch?: number }): string {
  const epochs = `${run.epochs} epoch${run.epochs === 1 ? '' : 's'}`;
  return run.batch ? `${epochs} and ${run.batch} of ${run.batchesPerEpoch} batches` : epochs;
}

/** The model file's text for the network as it is now. */
export function modelFileText(network: Network, data: Encoded, settings: Settings, run: PlaygroundRun): string {
  return serializeModel({ network, preprocessing: data.preprocessor, training: trainingInfo(settings, data, run) });
}

/** Reads and validates a model file (the library's `parseModel`); `query` is the playground setup it was made with, if any. */
export function readModelFile(text: string, file?: string): { model: Model; query: string | null } {
  const model = parseModel(text, file === undefined ? {} : { file });
  const playground = model.training['playground'];
  const url = playground !== null && typeof playground === 'object' ? (playground as Record<string, unknown>)['url'] : undefined;
  return { model, query: typeof url === 'string' ? url : null };
}
