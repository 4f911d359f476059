import { NeuriteError } from '../../errors.js';

/**
 * Everything that decides a training run. The defaults were chosen on small tabular data (iris, the
 * synthetic houses set, the seed's four people) and are meant to work without tuning; see docs/cli.md.
 */
export interface TrainSettings {
  data: string;
  target: string;
  task: 'auto' | 'classification' | 'regression';
  hidden: number[];
  activation: string;
  /** Empty: chosen from the task (cross-entropy for classes, mse for values). */
  loss: string;
  optimizer: string;
  /** A number, or 'auto' for the learning-rate finder. */
  learningRate: number | 'auto';
  epochs: number;
  batchSize: number;
  /** Fractions of the rows held out: validation (for early stopping and curves) and test (final metrics). */
  validation: number;
  test: number;
  /** Early-stopping patience in epochs; 0 turns early stopping off. Needs a validation split. */
  patience: number;
  l1: number;
  l2: number;
  dropout: number;
  scaling: 'standard' | 'minmax' | 'none';
  missing: 'error' | 'drop' | 'mean';
  seed: number;
  dtype: 'float32' | 'float64';
}

export const DEFAULTS: Omit<TrainSettings, 'data' | 'target'> = {
  task: 'auto',
  hidden: [32, 16],
  activation: 'relu',
  loss: '',
  optimizer: 'adam',
  learningRate: 0.01,
  epochs: 200,
  batchSize: 32,
  validation: 0,
  test: 0.2,
  patience: 20,
  l1: 0,
  l2: 0.01,
  dropout: 0,
  scaling: 'standard',
  missing: 'error',
  seed: 42,
  dtype: 'float32',
};

/** Data sets smaller than this train on every row: holding rows out would leave too few to learn from. */
export const MIN_ROWS_TO_HOLD_OUT = 20;

export function parseHidden(text: string): number[] {
  if (text.trim() === '' || text.trim() === 'none') return [];
  const sizes = text.split(',').map((part) => Number(part.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 65536)) {
    throw new NeuriteError('INVALID_ARGUMENT', `--hidden takes layer sizes like "32,16" (integers 1 to 65536), got "${text}"`);
  }
  return sizes;
}
