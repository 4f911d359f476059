// The steps trainModel and `neurite train` share, so a model trained in code is the command line's, bit for bit.
import { prepareDataset, type PreparedDataset } from '../data/prepare.js';
import type { Table } from '../data/table.js';
import type { Network } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { createOptimizer } from '../optim/registry.js';
import type { Rng } from '../init/rng.js';
import { EarlyStopping } from '../train/early-stopping.js';
import type { FitOptions } from '../train/fit.js';
import { findLearningRate, type LearningRateFinderResult } from '../train/lr-finder.js';
import { MIN_ROWS_TO_HOLD_OUT, type TrainModelSettings } from './train-options.js';

/** The settings that say how the rows are split and encoded. */
type DataSettings = Pick<TrainModelSettings, 'task' | 'validation' | 'test' | 'seed' | 'missing' | 'scaling' | 'dtype'> & {
  target: string;
  inputs?: readonly string[] | undefined;
};

/** Whether the table is too small to hold rows out: it then trains, and is measured, on every row. */
export function tooFewToHoldOut(table: Table): boolean {
  return table.rowCount < MIN_ROWS_TO_HOLD_OUT;
}

/** Splits the table (seeded, stratified for classes) and encodes every split with preprocessing fitted on the training rows. */
export function prepareTrainingData(table: Table, settings: DataSettings): PreparedDataset {
  const small = tooFewToHoldOut(table);
  return prepareDataset(table, {
    target: settings.target,
    ...(settings.inputs ? { inputs: settings.inputs } : {}),
    task: settings.task,
    validation: small ? 0 : settings.validation,
    test: small ? 0 : settings.test,
    seed: settings.seed,
    missing: settings.missing,
    scaling: settings.scaling,
    dtype: settings.dtype,
  });
}

/** The learning rate asked for, or with `'auto'` the finder's suggestion (its run returned too, to report). */
export async function chooseLearningRate(
  network: Network,
  data: PreparedDataset,
  settings: Pick<TrainModelSettings, 'learningRate' | 'batchSize' | 'seed' | 'optimizer'>,
  loss: string,
): Promise<{ learningRate: number; finder: LearningRateFinderResult | null }> {
  if (settings.learningRate !== 'auto') return { learningRate: settings.learningRate, finder: null };
  const finder = await findLearningRate(network, data.train.x, data.train.y, {
    loss,
    batchSize: settings.batchSize,
    seed: settings.seed,
    optimizer: (lr) => createOptimizer(settings.optimizer, { learningRate: lr }),
  });
  return { learningRate: finder.suggestion, finder };
}

/** Early stopping on the validation loss: only with a validation split and a patience above 0. */
export function earlyStoppingFor(settings: Pick<TrainModelSettings, 'patience'>, data: PreparedDataset): EarlyStopping | null {
  return data.validation && settings.patience > 0 ? new EarlyStopping({ patience: settings.patience }) : null;
}

/** `fit`'s options for a run; the caller adds its own signal, callbacks and starting epoch. */
export function fitOptionsFor(
  settings: Pick<TrainModelSettings, 'epochs' | 'batchSize' | 'l1' | 'l2'>,
  data: PreparedDataset,
  run: { loss: string; optimizer: Optimizer; rng: Rng; stopper: EarlyStopping | null },
): FitOptions {
  const { validation } = data;
  return {
    epochs: settings.epochs,
    batchSize: settings.batchSize,
    loss: run.loss,
    optimizer: run.optimizer,
    rng: run.rng,
    metrics: data.preprocessor.task === 'classification' ? ['accuracy'] : ['r2'],
    regularization: { l1: settings.l1, l2: settings.l2 },
    ...(validation ? { validationData: [validation.x, validation.y] } : {}),
    ...(run.stopper ? { earlyStopping: run.stopper } : {}),
  };
}
