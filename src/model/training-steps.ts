// The steps trainModel and `neurite train` share, so a model trained in code is the command line's, bit for bit.
import { prepareDataset, type PreparedDataset } from '../data/prepare.js';
import type { Notice, Table } from '../data/table.js';
import type { Rng } from '../init/rng.js';
import type { Network } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { createOptimizer } from '../optim/registry.js';
import { CosineAnnealing } from '../optim/schedules.js';
import { EarlyStopping } from '../train/early-stopping.js';
import type { FitOptions } from '../train/fit.js';
import { findLearningRate, type LearningRateFinderResult } from '../train/lr-finder.js';
import { MIN_ROWS_TO_HOLD_OUT, type TrainModelSettings } from './train-options.js';

/** Whether the table is too small to hold rows out: it then trains, and is measured, on every row. */
export function tooFewToHoldOut(table: Table): boolean {
  return table.rowCount < MIN_ROWS_TO_HOLD_OUT;
}

/**
 * The first column of numbers with a stray text: almost always a typo, which both refuse. (A column whose kind
 * was given when the table was read carries no such notice.)
 */
export function mostlyNumericTypo(table: Table): (Notice & { column: string }) | undefined {
  return table.notices.find((n): n is Notice & { column: string } => n.code === 'MOSTLY_NUMERIC' && n.column !== undefined);
}

/** Splits the table (seeded, stratified for classes) and encodes every split with preprocessing fitted on the training rows. */
export function prepareTrainingData(
  table: Table,
  settings: TrainModelSettings & { target: string; inputs?: readonly string[] | undefined; text?: 'auto' | readonly string[] | undefined },
): PreparedDataset {
  const { target, inputs, text, task, seed, missing, scaling, dtype } = settings;
  const small = tooFewToHoldOut(table);
  const split = { validation: small ? 0 : settings.validation, test: small ? 0 : settings.test };
  return prepareDataset(table, { target, ...(inputs ? { inputs } : {}), ...(text ? { text } : {}), task, ...split, seed, missing, scaling, dtype });
}

/** The learning rate asked for, or with `'auto'` the finder's suggestion (its run returned too, to report). */
export async function chooseLearningRate(
  network: Network,
  data: PreparedDataset,
  settings: TrainModelSettings,
  loss: string,
): Promise<{ learningRate: number; finder: LearningRateFinderResult | null }> {
  if (settings.learningRate !== 'auto') return { learningRate: settings.learningRate, finder: null };
  const { batchSize, seed } = settings;
  const optimizer = (lr: number) => createOptimizer(settings.optimizer, { learningRate: lr });
  const finder = await findLearningRate(network, data.train.x, data.train.y, { loss, batchSize, seed, optimizer });
  return { learningRate: finder.suggestion, finder };
}

/** Early stopping on the validation loss: only with a validation split and a patience above 0. */
export function earlyStoppingFor(settings: TrainModelSettings, data: PreparedDataset): EarlyStopping | null {
  return data.validation && settings.patience > 0 ? new EarlyStopping({ patience: settings.patience }) : null;
}

/** `fit`'s options for a run; the caller adds its own signal, callbacks and starting epoch. */
export function fitOptionsFor(
  settings: TrainModelSettings,
  data: PreparedDataset,
  run: { loss: string; optimizer: Optimizer; rng: Rng; stopper: EarlyStopping | null },
): FitOptions {
  const { epochs, batchSize, l1, l2 } = settings;
  const { loss, optimizer, rng, stopper } = run;
  const steps = epochs * Math.ceil(data.train.x.rows / batchSize);
  const schedule =
    settings.schedule === 'cosine' ? { schedule: new CosineAnnealing({ initialRate: optimizer.learningRate, totalSteps: Math.max(1, steps) }) } : {};
  const metrics = data.preprocessor.task === 'classification' ? ['accuracy'] : ['r2'];
  const validation: Pick<FitOptions, 'validationData'> = data.validation ? { validationData: [data.validation.x, data.validation.y] } : {};
  return {
    epochs,
    batchSize,
    loss,
    optimizer,
    rng,
    metrics,
    regularization: { l1, l2 },
    ...schedule,
    ...validation,
    ...(stopper ? { earlyStopping: stopper } : {}),
  };
}
