import { NeuriteError, describe, requireInteger, requireNumber } from '../errors.js';
import { Rng } from '../init/rng.js';
import type { Model } from './parts.js';
import { textModelParts } from './text-model.js';

/** Options of {@link generateText}. */
export interface GenerateTextOptions {
  /** The text to continue (default ''). Characters outside the vocabulary read as the unknown id. */
  prompt?: string;
  /** Characters to generate (default 200). */
  length?: number;
  /** Softmax temperature T ≥ 0 (default 1): below 1 sharper, above 1 flatter, 0 the most probable character every time. */
  temperature?: number;
  /** Seeds the sampling: the same model, prompt, length, temperature and seed give the same text, bit for bit (default 42). */
  seed?: number;
}

/** What {@link generateText} returns. */
export interface GeneratedText {
  /** The generated characters (the continuation, without the prompt). */
  text: string;
  /** The prompt's characters outside the vocabulary, each once: the model read them as `<unk>`. */
  unknown: string[];
}

/**
 * The most characters one call of {@link generateText} generates (a longer `length` is an INVALID_ARGUMENT error).
 *
 * @example
 * ```ts
 * import { MAX_GENERATED_CHARACTERS } from 'neurite';
 * console.log(MAX_GENERATED_CHARACTERS); // 1000000
 * ```
 */
export const MAX_GENERATED_CHARACTERS = 1_000_000;

/**
 * Continues a prompt with a character-level model (`trainTextModel`, `neurite train book.txt`), one character
 * at a time: the last `window` characters so far (a shorter prompt padded on the left with spaces, or the
 * unknown id when the vocabulary has no space) go through the network, the next character is drawn from its
 * softmax at the given temperature ({@link sampleCharacter}) with the seeded generator, and appended. A
 * character outside the vocabulary in the prompt reads as `<unk>` (listed in `unknown`); `<unk>` itself is
 * never generated.
 *
 * @example
 * ```ts
 * import { generateText, trainTextModel } from 'neurite';
 * const model = await trainTextModel('abcabcabc'.repeat(40), { window: 6, units: 8, embedding: 4, epochs: 3 });
 * const a = generateText(model, { prompt: 'abc', length: 12, temperature: 0.8, seed: 1 });
 * const b = generateText(model, { prompt: 'abc', length: 12, temperature: 0.8, seed: 1 });
 * console.log(a.text === b.text, generateText(model, { prompt: 'ab', length: 6, temperature: 0 }).text); // true, then the greedy continuation
 * ```
 */
export function generateText(model: Model, options: GenerateTextOptions = {}): GeneratedText {
  const { vocabulary, window } = textModelParts(model);
  const prompt = options.prompt ?? '';
  if (typeof prompt !== 'string') throw new NeuriteError('INVALID_ARGUMENT', `prompt must be a string, got ${describe(prompt)}`, { field: 'prompt' });
  const length = requireInteger('length', options.length ?? 200, 0);
  if (length > MAX_GENERATED_CHARACTERS) {
    throw new NeuriteError('INVALID_ARGUMENT', `length ${length} is more than the ${MAX_GENERATED_CHARACTERS} characters one call generates`, {
      field: 'length',
    });
  }
  const temperature = requireNumber('temperature', options.temperature ?? 1, { min: 0 });
  const rng = new Rng(options.seed ?? 42);

  const pad = vocabulary.idOf(' ');
  const promptIds = vocabulary.encode(prompt);
  const context = new Int32Array(window + length).fill(pad);
  const kept = promptIds.subarray(Math.max(0, promptIds.length - window));
  context.set(kept, window - kept.length);
  const probabilities = new Float64Array(vocabulary.size);
  let out = '';
  for (let k = 0; k < length; k++) {
    model.network.predictInto(context.subarray(k, k + window), probabilities);
    const id = sampleCharacter(probabilities, temperature, rng);
    context[window + k] = id;
    out += vocabulary.characters[id];
  }
  return { text: out, unknown: vocabulary.unknownIn(prompt) };
}

/**
 * One draw from a softmax's probabilities p at temperature T, skipping id 0 (the unknown character):
 * P(i) ∝ exp(ln pᵢ / T) = pᵢ^(1/T), so T = 1 samples p itself, T < 1 sharpens it, T > 1 flattens it, and T = 0
 * is the argmax (the lowest id on a tie). The draw is one `rng.uniform()` against the cumulative weights.
 *
 * @example
 * ```ts
 * import { Rng, sampleCharacter } from 'neurite';
 * const p = [0.1, 0.6, 0.3]; // id 0 (unknown) is never drawn
 * console.log(sampleCharacter(p, 0, new Rng(1))); // 1: the argmax
 * const rng = new Rng(7);
 * const draws = Array.from({ length: 1000 }, () => sampleCharacter(p, 1, rng));
 * console.log(draws.filter((id) => id === 1).length / 1000); // ≈ 0.67: 0.6 / (0.6 + 0.3)
 * ```
 */
export function sampleCharacter(probabilities: ArrayLike<number>, temperature: number, rng: Rng): number {
  const n = probabilities.length;
  if (!(n >= 2)) throw new NeuriteError('INVALID_ARGUMENT', `sampleCharacter needs the probabilities of the unknown id and at least one character, got ${n}`);
  let best = 1;
  for (let i = 2; i < n; i++) if (probabilities[i]! > probabilities[best]!) best = i;
  if (temperature === 0 || n === 2) return best;
  // Weights relative to the largest, exp((ln pᵢ − ln p_best) / T), so a small T cannot overflow.
  const top = Math.log(probabilities[best]!);
  let total = 0;
  for (let i = 1; i < n; i++) total += Math.exp((Math.log(probabilities[i]!) - top) / temperature);
  if (!(total > 0) || !Number.isFinite(total)) return best;
  let u = rng.uniform() * total;
  for (let i = 1; i < n; i++) {
    u -= Math.exp((Math.log(probabilities[i]!) - top) / temperature);
    if (u < 0) return i;
  }
  return best; // rounding left u ≥ 0 after the last weight
}
