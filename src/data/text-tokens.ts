/**
 * Text into tokens, the one way every text column is read (training, validation, prediction): lower-cased,
 * then split into words (runs of letters and digits, with an apostrophe inside a word kept: "don't" is one
 * token, so a negation survives). Punctuation and spaces separate tokens and are dropped.
 *
 * @example
 * ```ts
 * import { tokenize } from 'neurite/data';
 * console.log(tokenize("Not GOOD, don't buy it!")); // ['not', 'good', "don't", 'buy', 'it']
 * ```
 */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The name of {@link tokenize}'s rule, recorded in the model file so a later rule cannot be mistaken for it. */
export const TOKENIZER = 'lowercase-words';

// Letters and digits of any script; an apostrophe (straight or curly) between two of them stays inside the word.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/** The id of padding: a sequence shorter than the model's length ends in it (an embedding's `paddingId`). */
export const PADDING_ID = 0;
/** The id of a word the vocabulary lacks (one training never saw, or one past the vocabulary's cap). */
export const UNKNOWN_ID = 1;
