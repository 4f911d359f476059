import { CharVocabulary } from '../data/char-vocabulary.js';
import { splitText, textWindowCount, textWindows } from '../data/text-windows.js';
import { NeuriteError, describe, requireInteger, requireNumber } from '../errors.js';
import { Network } from '../nn/network.js';
import { createOptimizer } from '../optim/registry.js';
import type { DType } from '../tensor/matrix.js';
import { evaluate } from '../train/evaluate.js';
import { fit, type FitCallbacks } from '../train/fit.js';
import { Model } from './model.js';
import { textPreprocessing, type TextModelInfo } from './text-model.js';

/** Options of {@link trainTextModel}; the command line's names (`--window`, `--units`, `--lr` is `learningRate`). */
export interface TrainTextModelOptions {
  /** Characters per input window (default 32). */
  window?: number;
  /** Dimensions of each character's embedding vector (default 16). */
  embedding?: number;
  /** The LSTM's units (default 64). */
  units?: number;
  epochs?: number;
  batchSize?: number;
  /** An optimizer name (default `adam`). */
  optimizer?: string;
  learningRate?: number;
  /** Rescale the gradients when their global L2 norm is above this (default 5; 0: off). */
  clipNorm?: number;
  /** The fraction of the text, at its end, held out for validation (default 0.1). */
  validation?: number;
  /** Windows start this many characters apart (default: 1, or more so that training makes at most 250,000 windows). */
  step?: number;
  /** The vocabulary rule (`CharVocabulary.fit`): at least this many sightings (default 3) … */
  minCount?: number;
  /** … and at most this many characters (default 256). */
  maxVocabulary?: number;
  /** Seeds the initial weights and the shuffling: same seed, same model. */
  seed?: number;
  dtype?: DType;
  signal?: AbortSignal;
  callbacks?: FitCallbacks | FitCallbacks[];
}

/**
 * The defaults of {@link trainTextModel} and `neurite train book.txt`: windows of 32 characters, a 16-dimension
 * embedding, one LSTM of 64 units, Adam at 0.002 with the gradient norm clipped at 5, batches of 64, 5 epochs:
 * a small model that trains on a 200 KB text in minutes on one core (docs/text-generation.md).
 *
 * @example
 * ```ts
 * import { TEXT_TRAIN_DEFAULTS } from 'neurite';
 * console.log(TEXT_TRAIN_DEFAULTS.window, TEXT_TRAIN_DEFAULTS.units, TEXT_TRAIN_DEFAULTS.epochs); // 32 64 5
 * ```
 */
export const TEXT_TRAIN_DEFAULTS = {
  window: 32,
  embedding: 16,
  units: 64,
  epochs: 5,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 0.002,
  clipNorm: 5,
  validation: 0.1,
  minCount: 3,
  maxVocabulary: 256,
  seed: 42,
  dtype: 'float32' as DType,
} as const;

/** Past this many training windows the default step grows, so memory stays about window + vocabulary floats per window × this. */
const MAX_AUTO_WINDOWS = 250_000;

/**
 * Trains a character-level model on a text: the vocabulary is fitted on the first 90% of the characters
 * (`CharVocabulary.fit`'s rule), that part makes the training windows and the last 10% the validation
 * windows (by position, never shuffled across); each window of `window` character ids predicts the next
 * character through embedding → LSTM (the last state) → dense softmax over the vocabulary, trained on
 * cross-entropy. The model's `training.metrics.validation.loss` is the validation loss in nats per character;
 * generate with `generateText`.
 *
 * @example
 * ```ts
 * import { generateText, trainTextModel } from 'neurite';
 * const model = await trainTextModel('to be or not to be, that is the question. '.repeat(30), { window: 12, units: 16, embedding: 8, epochs: 2 });
 * console.log(model.training.metrics); // { train: { loss }, validation: { loss } }: nats per character
 * console.log(generateText(model, { prompt: 'to be', length: 20, temperature: 0.5, seed: 1 }).text);
 * ```
 */
export async function trainTextModel(text: string, options: TrainTextModelOptions = {}): Promise<Model> {
  if (typeof text !== 'string') throw new NeuriteError('INVALID_ARGUMENT', `trainTextModel needs the text as a string, got ${describe(text)}`);
  const o = { ...TEXT_TRAIN_DEFAULTS, ...definedOnly(options ?? {}) };
  const window = requireInteger('window', o.window, 1);
  const validation = requireNumber('validation', o.validation, { min: 0, max: 0.5 });
  const chars = Array.from(text);
  const at = Math.floor(chars.length * (1 - validation));
  checkLength(chars.length, at, window, validation);
  const vocabulary = CharVocabulary.fit(chars.slice(0, at).join(''), { minCount: o.minCount, maxSize: o.maxVocabulary });
  if (vocabulary.size < 2) {
    throw new NeuriteError(
      'DATA_FORMAT',
      `No character of the text's training part appears ${o.minCount} times or more: the vocabulary would be empty; give a longer text or a lower minCount`,
      { reason: 'vocabulary' },
    );
  }
  const split = splitText(
    Int32Array.from(chars, (ch) => vocabulary.idOf(ch)),
    validation,
  );
  const step = requireInteger('step', o.step ?? Math.max(1, Math.ceil(textWindowCount(split.train.length, window) / MAX_AUTO_WINDOWS)), 1);
  const train = textWindows(split.train, vocabulary.size, { window, step, dtype: o.dtype });
  const held = validation > 0 ? textWindows(split.validation, vocabulary.size, { window, step, dtype: o.dtype }) : null;

  const network = Network.create({
    inputShape: [window],
    layers: [
      { type: 'embedding', vocabularySize: vocabulary.size, dimensions: requireInteger('embedding', o.embedding, 1) },
      { type: 'lstm', units: requireInteger('units', o.units, 1) },
      { units: vocabulary.size, activation: 'softmax' },
    ],
    seed: o.seed,
    dtype: o.dtype,
  });
  const loss = 'categorical_crossentropy';
  const optimizer = createOptimizer(o.optimizer, { learningRate: o.learningRate });
  const result = await fit(network, train.x, train.y, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    loss,
    optimizer,
    seed: o.seed,
    ...(o.clipNorm > 0 ? { clipNorm: o.clipNorm } : {}),
    ...(held ? { validationData: [held.x, held.y] as [typeof held.x, typeof held.y] } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.callbacks ? { callbacks: o.callbacks } : {}),
  });
  const last = result.history.at(-1);
  const info: TextModelInfo = {
    unit: 'character',
    window,
    minCount: o.minCount,
    maxVocabulary: o.maxVocabulary,
    step,
    validation,
    characters: chars.length,
    trainCharacters: at,
  };
  return new Model({
    network,
    preprocessing: textPreprocessing(vocabulary, window),
    training: {
      seed: o.seed,
      loss,
      optimizer: optimizer.toJSON(),
      batchSize: o.batchSize,
      epochs: result.history.length,
      learningRate: o.learningRate,
      clipNorm: o.clipNorm,
      text: info,
      metrics: {
        ...(last ? { train: { loss: last.loss } } : {}),
        ...(held ? { validation: { loss: evaluate(network, held.x, held.y, { loss }).loss } } : {}),
      },
    },
  });
}

/**
 * Refuses a text too short for one window and its next character in the training part, and (when there is
 * validation) in the validation part, saying how long the text must be.
 */
function checkLength(length: number, at: number, window: number, validation: number): void {
  const fits = (n: number) => {
    const cut = Math.floor(n * (1 - validation));
    return cut > window && (validation === 0 || n - cut > window);
  };
  if (fits(length)) return;
  let needed = window + 1;
  while (!fits(needed)) needed++;
  const percent = (fraction: number) => Math.round(fraction * 1000) / 10;
  const parts =
    validation > 0
      ? `its training part (the first ${percent(1 - validation)}%) has ${at} and its validation part (the last ${percent(validation)}%) ${length - at}`
      : `it has ${at}`;
  throw new NeuriteError(
    'DATA_FORMAT',
    `The text is too short: ${length} characters. A window of ${window} characters and the one after it need ${window + 1} characters in each part; ` +
      `${parts}. Give a text of at least ${needed} characters, or a smaller window`,
    { actual: length, expected: needed, reason: 'too-short' },
  );
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
