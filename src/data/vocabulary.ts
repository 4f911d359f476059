import { NeuriteError } from '../errors.js';
import { compareText } from './task.js';
import { PADDING_ID, UNKNOWN_ID } from './text-tokens.js';

/** What {@link buildVocabulary} learns from tokenized training texts: the words kept, and the sequence length. */
export interface Vocabulary {
  /** Words, most frequent first; word k has id k + 2 (0 is padding, 1 unknown). */
  words: string[];
  /** Tokens per sequence: the longest training text, capped. */
  length: number;
}

/** Options of {@link buildVocabulary}. */
export interface VocabularyOptions {
  /** Most words kept (default 10,000): the rest read as unknown. */
  maxWords?: number;
  /** Longest sequence (default 100 tokens): a longer text keeps its first tokens. */
  maxLength?: number;
}

/**
 * The vocabulary of the training texts only (validation and test texts must not shape it, as they must not
 * shape a column's mean): every word counted, most frequent first (ties in UTF-16 order, so the same texts
 * give the same ids everywhere), capped at `maxWords`; the sequence length is the longest text's token count,
 * capped at `maxLength`.
 *
 * @example
 * ```ts
 * import { buildVocabulary, tokenize } from 'neurite/data';
 * const vocabulary = buildVocabulary(['good film', 'not good', 'bad'].map(tokenize));
 * console.log(vocabulary); // { words: ['good', 'bad', 'film', 'not'], length: 2 }
 * ```
 */
export function buildVocabulary(texts: Iterable<readonly string[]>, options: VocabularyOptions = {}): Vocabulary {
  const maxWords = positive('maxWords', options.maxWords ?? 10_000);
  const maxLength = positive('maxLength', options.maxLength ?? 100);
  const counts = new Map<string, number>();
  let longest = 0;
  for (const tokens of texts) {
    longest = Math.max(longest, tokens.length);
    for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const words = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || compareText(a, b)).slice(0, maxWords);
  return { words, length: Math.max(1, Math.min(longest, maxLength)) };
}

/**
 * Tokens → ids into `out` from `offset`: word k of `index` is k + 2, a word it lacks 1 (unknown); the first
 * `length` tokens only, the rest of the `length` slots 0 (padding at the end, which a recurrent layer's
 * `maskTrailingZeros` skips). Returns how many tokens were cut off.
 *
 * @example
 * ```ts
 * import { encodeTokens } from 'neurite/data';
 * const ids = new Float64Array(4);
 * const cut = encodeTokens(['not', 'good', 'here'], new Map([['good', 2], ['not', 3]]), 4, ids, 0);
 * console.log(Array.from(ids), cut); // [3, 2, 1, 0] 0: 'not', 'good', unknown 'here', padding; nothing cut
 * ```
 */
export function encodeTokens(
  tokens: readonly string[],
  index: ReadonlyMap<string, number>,
  length: number,
  out: { [i: number]: number },
  offset: number,
): number {
  const n = Math.min(tokens.length, length);
  for (let t = 0; t < n; t++) out[offset + t] = index.get(tokens[t]!) ?? UNKNOWN_ID;
  for (let t = n; t < length; t++) out[offset + t] = PADDING_ID;
  return tokens.length - n;
}

/**
 * A vocabulary's word → id map (word k → k + 2), for {@link encodeTokens}.
 *
 * @example
 * ```ts
 * import { vocabularyIndex } from 'neurite/data';
 * console.log(vocabularyIndex(['good', 'bad']).get('bad')); // 3
 * ```
 */
export function vocabularyIndex(words: readonly string[]): Map<string, number> {
  return new Map(words.map((word, k) => [word, k + 2]));
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new NeuriteError('INVALID_ARGUMENT', `${name} must be a whole number ≥ 1, got ${value}`, { field: name });
  return value;
}
