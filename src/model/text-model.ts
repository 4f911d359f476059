// What makes a model file a character-level text model, and how one is read back.
import { CharVocabulary, UNKNOWN_CHARACTER } from '../data/char-vocabulary.js';
import { Preprocessor } from '../data/preprocessor.js';
import { NeuriteError } from '../errors.js';
import type { Model } from './parts.js';

/** The `training.text` record of a character-level model file: how its windows and vocabulary were made. */
export interface TextModelInfo {
  unit: 'character';
  /** Characters per input window: the network's input shape is `[window]`. */
  window: number;
  /** The vocabulary rule's settings (`CharVocabulary.fit`). */
  minCount: number;
  maxVocabulary: number;
  /** Windows start this many characters apart in training. */
  step: number;
  /** The fraction of the text, at its end, held out for validation. */
  validation: number;
  /** Characters (code points) of the text trained on, and of its training part. */
  characters: number;
  trainCharacters: number;
}

/** The name of the network's output in a text model's preprocessing. */
export const NEXT_CHARACTER = 'next character';

/**
 * A text model's preprocessing, so that it travels in the ordinary model file: `window` inputs `char[0]` …
 * `char[window − 1]` that pass character ids through unscaled (numeric, offset 0, scale 1), and a
 * classification target whose classes are the vocabulary (class i = character id i, class 0 `<unk>`).
 */
export function textPreprocessing(vocabulary: CharVocabulary, window: number): Preprocessor {
  return Preprocessor.fromJSON({
    inputs: Array.from({ length: window }, (_, t) => ({
      name: `char[${t}]`,
      kind: 'numeric' as const,
      scaling: 'none' as const,
      offset: 0,
      scale: 1,
      fill: 0,
    })),
    target: { name: NEXT_CHARACTER, task: 'classification', kind: 'categorical', classes: [...vocabulary.characters], encoding: 'one-hot' },
    missing: 'error',
  });
}

/**
 * The vocabulary and window of a character-level text model (one `trainTextModel` or `neurite train
 * book.txt` made), or a MODEL_FORMAT error saying why a model is not one.
 *
 * @example
 * ```ts
 * import { textModelParts, trainTextModel } from 'neurite';
 * const model = await trainTextModel('the cat sat on the mat. '.repeat(40), { window: 8, epochs: 1, units: 8, embedding: 4 });
 * const { vocabulary, window } = textModelParts(model);
 * console.log(window, vocabulary.characters.slice(0, 4)); // 8 ['<unk>', ' ', '.', 'a']
 * ```
 */
export function textModelParts(model: Model): { vocabulary: CharVocabulary; window: number; info: TextModelInfo } {
  const info = model.training?.['text'] as TextModelInfo | undefined;
  const pre = model.preprocessing;
  const notText = (why: string) =>
    new NeuriteError('MODEL_FORMAT', `This model is not a character-level text model (${why}); train one on a text file: neurite train book.txt`, {
      path: 'training.text',
    });
  if (info === undefined || info === null || typeof info !== 'object' || info.unit !== 'character') throw notText('its training record has no "text"');
  const window = model.network.inputSize;
  if (info.window !== window || model.network.inputShape.length !== 1) throw notText(`its network does not take windows of ${info.window} characters`);
  if (pre.task !== 'classification' || pre.target.name !== NEXT_CHARACTER || pre.classes[0] !== UNKNOWN_CHARACTER) {
    throw notText('its output is not a vocabulary of characters');
  }
  if (pre.inputs.some((input) => input.kind !== 'numeric' || input.scaling !== 'none' || input.offset !== 0 || input.scale !== 1)) {
    throw notText('its inputs are not character ids');
  }
  let vocabulary: CharVocabulary;
  try {
    vocabulary = new CharVocabulary(pre.classes);
  } catch (error) {
    throw notText((error as Error).message);
  }
  return { vocabulary, window, info };
}
