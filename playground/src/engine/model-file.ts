import { createOptimizer, parseModel, serializeModel, type EpochLog, type Model, type Network, type TrainingInfo } from '../../../src/index.js';
import type { PreparedData } from './datasets.js';
import { settingsToQuery, type Settings } from './settings.js';
import { lossFor, regularizationFor } from './setup.js';

/**
 * The model file the playground exports and imports is the library's (src/io/model-file.ts,
 * docs/model-format.md): the network, the data's fitted `Preprocessor` and how it was trained, so the CLI
 * reads it as it is (`neurite predict model.json data.csv`). The page's own settings ride along in
 * `training.playground.url`, so importing the file restores the setup.
 */
export interface PlaygroundRun {
  /** Completed epochs. */
  epochs: number;
  history: readonly EpochLog[];
}

/** How the run was made, in the file's free-form `training` section. */
export function trainingInfo(settings: Settings, data: PreparedData, run: PlaygroundRun): TrainingInfo {
  const regularization = regularizationFor(settings);
  const last = run.history[run.history.length - 1];
  const info: TrainingInfo = {
    seed: settings.seed,
    epochs: run.epochs,
    loss: lossFor(settings, data),
    optimizer: createOptimizer(settings.optimizer, { learningRate: settings.learningRate }).toJSON(),
    batchSize: settings.batchSize,
    ...(regularization ? { regularization } : {}),
  };
  if (last) {
    const train: Record<string, number> = { loss: last.loss, ...last.metrics };
    const validation: Record<string, number> | null = last.valLoss === undefined ? null : { loss: last.valLoss, ...(last.valMetrics ?? {}) };
    info.metrics = validation ? { train, validation } : { train };
  }
  info.date = new Date().toISOString();
  info.playground = { url: settingsToQuery(settings) };
  return info;
}

/** The model file's text for the network as it is now. */
export function modelFileText(network: Network, data: PreparedData, settings: Settings, run: PlaygroundRun): string {
  return serializeModel({ network, preprocessing: data.preprocessor, training: trainingInfo(settings, data, run) });
}

/** Reads and validates a model file (the library's `parseModel`); `query` is the playground setup it was made with, if any. */
export function readModelFile(text: string, file?: string): { model: Model; query: string | null } {
  const model = parseModel(text, file === undefined ? {} : { file });
  const playground = model.training['playground'];
  const url = playground !== null && typeof playground === 'object' ? (playground as Record<string, unknown>)['url'] : undefined;
  return { model, query: typeof url === 'string' ? url : null };
}
