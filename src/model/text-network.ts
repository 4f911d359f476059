import { PADDING_ID } from '../data/text-tokens.js';
import type { TextInputJSON } from '../data/text-input.js';
import type { LayerSpec } from '../nn/network-spec.js';

/** The default text network's sizes: each word a vector of `dimensions`, read in order by a GRU of `units`. */
export const TEXT_NETWORK = { dimensions: 16, units: 32 } as const;

/**
 * The layers that read a text input (its ids, padded at the end with 0) before the hidden layers: an embedding
 * (one vector per word of the vocabulary, plus padding and unknown, the padding row zero) and a GRU that reads
 * the words in order and gives its last state, skipping the padding (`maskTrailingZeros`), so a phrase's
 * meaning can depend on word order ("not good" against "good"), which a bag of one-hot words cannot see.
 *
 * @example
 * ```ts
 * import { textLayers } from 'neurite';
 * console.log(textLayers({ name: 'phrase', kind: 'text', tokenizer: 'lowercase-words', vocabulary: ['good', 'bad'], length: 6 }));
 * // [{ type: 'embedding', vocabularySize: 4, dimensions: 16, paddingId: 0 }, { type: 'gru', units: 32, maskTrailingZeros: true }]
 * ```
 */
export function textLayers(text: TextInputJSON): LayerSpec[] {
  return [
    { type: 'embedding', vocabularySize: text.vocabulary.length + 2, dimensions: TEXT_NETWORK.dimensions, paddingId: PADDING_ID },
    { type: 'gru', units: TEXT_NETWORK.units, maskTrailingZeros: true },
  ];
}
