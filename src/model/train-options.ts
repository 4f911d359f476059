import type { MissingPolicy, Scaling } from '../data/preprocessor.js';
import type { Task } from '../data/task.js';
import { NeuriteError, describe } from '../errors.js';
import type { DType } from '../tensor/matrix.js';
import type { FitCallbacks } from '../train/fit.js';

/**
 * Options of {@link trainModel}. The names are the command line's (`--hidden`, `--epochs`, `--lr` is
 * `learningRate`, ...) and so are the defaults ({@link TRAIN_MODEL_DEFAULTS}), so a model trained in code
 * with the same settings and seed is the model `neurite train` makes.
 */
export interface TrainModelOptions {
  /** The column to predict. */
  target: string;
  /** Input columns (default: every other column, identifier-like text columns left out). */
  inputs?: readonly string[];
  /**
   * The column read as text, a sequence of word ids for an embedding and a recurrent layer: `'auto'` (default)
   * detects free text (`isFreeText`), `[name]` names it, `[]` reads every column as numbers or categories.
   */
  text?: 'auto' | readonly string[];
  /** `auto` detects it from the target column (numbers with many values: regression). */
  task?: Task | 'auto';
  /** Hidden layer sizes, e.g. `[32, 16]`; `[]` for none. */
  hidden?: readonly number[];
  /** The hidden layers' activation (the output's follows from the task: softmax, sigmoid or linear). */
  activation?: string;
  /** A loss name; by default the task's (cross-entropy for classes, mse for values). */
  loss?: string;
  /** An optimizer name (`adam`, `sgd`, `adamw`, `rmsprop`, `adagrad`). */
  optimizer?: string;
  /** A rate, or `auto` to run the learning-rate finder first. */
  learningRate?: number | 'auto';
  /**
   * `constant` (default): the rate stays; `cosine`: it falls from the rate to 0 along a half cosine over the
   * run's steps (epochs × batches per epoch), η_t = η/2 · (1 + cos(π t / T)), the default for images.
   */
  schedule?: 'constant' | 'cosine';
  epochs?: number;
  batchSize?: number;
  /** Fraction of the rows held out for validation (early stopping, `valLoss` in the logs). */
  validation?: number;
  /** Fraction of the rows held out for the final metrics (`model.training.metrics`). */
  test?: number;
  /** Early stopping after this many epochs without a better validation loss; 0 turns it off. Needs `validation`. */
  patience?: number;
  l1?: number;
  l2?: number;
  /** Dropout rate after each hidden layer (0: none). */
  dropout?: number;
  /** How numeric inputs are scaled. */
  scaling?: Scaling;
  /** What a missing value does: `error`, `drop` the row, or fill with the training `mean` (most frequent category). */
  missing?: MissingPolicy;
  /** Seeds the split, the initial weights, the shuffling and dropout: same seed, same model. */
  seed?: number;
  dtype?: DType;
  /** Stops training within one batch; `trainModel` then rejects with an ABORTED error. */
  signal?: AbortSignal;
  /** `fit`'s callbacks: progress per batch and epoch; `onEpochEnd` may return `false` to stop. */
  callbacks?: FitCallbacks | FitCallbacks[];
}

/** The settings {@link trainModel} fills in: every option but the target, the inputs, the loss and the hooks. */
export type TrainModelSettings = Required<Omit<TrainModelOptions, 'target' | 'inputs' | 'text' | 'loss' | 'signal' | 'callbacks'>>;

/**
 * The defaults of {@link trainModel}, the same as `neurite train`'s (chosen on small tabular data to work
 * without tuning). A table of fewer than 20 rows is trained on whole, nothing held out, as on the command line.
 *
 * @example
 * ```ts
 * import { TRAIN_MODEL_DEFAULTS } from 'neurite';
 * console.log(TRAIN_MODEL_DEFAULTS.hidden, TRAIN_MODEL_DEFAULTS.epochs, TRAIN_MODEL_DEFAULTS.test); // [32, 16] 200 0.2
 * ```
 */
export const TRAIN_MODEL_DEFAULTS: Readonly<TrainModelSettings> = {
  task: 'auto',
  hidden: [32, 16],
  activation: 'relu',
  optimizer: 'adam',
  learningRate: 0.01,
  schedule: 'constant',
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

/** Tables with fewer rows than this train on every row: holding some out would leave too few to learn from. */
export const MIN_ROWS_TO_HOLD_OUT = 20;

/** The options with every default filled in; an unknown option (a typo) is an error that lists the known ones. */
export function trainSettings(options: TrainModelOptions): TrainModelSettings & TrainModelOptions {
  if (options === null || typeof options !== 'object' || typeof options.target !== 'string') {
    throw new NeuriteError('INVALID_ARGUMENT', `trainModel needs options with target: the column to predict, got ${describe(options)}`, { field: 'target' });
  }
  const names = ['target', 'inputs', 'text', 'loss', 'signal', 'callbacks', ...Object.keys(TRAIN_MODEL_DEFAULTS)];
  const unknown = Object.keys(options).find((key) => !names.includes(key));
  if (unknown !== undefined) {
    throw new NeuriteError('INVALID_ARGUMENT', `trainModel has no option ${describe(unknown)}; its options are ${names.join(', ')}`, {
      field: unknown,
      expected: names,
    });
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const settings = { ...TRAIN_MODEL_DEFAULTS, ...defined } as TrainModelSettings & TrainModelOptions;
  if (!Array.isArray(settings.hidden) || !settings.hidden.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new NeuriteError('INVALID_ARGUMENT', `hidden must be an array of layer sizes (integers ≥ 1) like [32, 16], got ${describe(settings.hidden)}`, {
      field: 'hidden',
    });
  }
  if (settings.schedule !== 'constant' && settings.schedule !== 'cosine') {
    throw new NeuriteError('INVALID_ARGUMENT', `schedule must be "constant" or "cosine", got ${describe(settings.schedule)}`, { field: 'schedule' });
  }
  return settings;
}
