import { NeuriteError, describe, requireInteger } from '../errors.js';

/**
 * The name of id 0 in a character vocabulary: every character outside the vocabulary reads as it.
 *
 * @example
 * ```ts
 * import { CharVocabulary, UNKNOWN_CHARACTER } from 'neurite/data';
 * console.log(UNKNOWN_CHARACTER, CharVocabulary.fit('aaa').characters[0] === UNKNOWN_CHARACTER); // <unk> true
 * ```
 */
export const UNKNOWN_CHARACTER = '<unk>';

/** Options of {@link CharVocabulary.fit}. */
export interface CharVocabularyOptions {
  /** A character seen fewer times than this in the training text reads as unknown (default 3). */
  minCount?: number;
  /** At most this many characters besides the unknown id: the most frequent (default 256). */
  maxSize?: number;
}

/**
 * A character-level vocabulary: id 0 is {@link UNKNOWN_CHARACTER}, ids 1… are single characters (Unicode code
 * points, so an emoji is one character) in code-point order. The rule, fitted on the training text only: a
 * character is in the vocabulary when it appears at least `minCount` times (default 3), keeping at most
 * `maxSize` (default 256) of the most frequent (ties: the lower code point); a rarer character, and any
 * character the training text does not have, reads as the unknown id 0. So a typo seen once or twice does
 * not get an output of its own that the network could never learn.
 *
 * @example
 * ```ts
 * import { CharVocabulary } from 'neurite/data';
 * const vocabulary = CharVocabulary.fit('abracadabra!', { minCount: 2 });
 * console.log(vocabulary.characters); // ['<unk>', 'a', 'b', 'r']: 'c', 'd' and '!' are seen once
 * console.log(Array.from(vocabulary.encode('cab'))); // [0, 1, 2]
 * console.log(vocabulary.decode([3, 1, 0])); // 'ra<unk>'
 * ```
 */
export class CharVocabulary {
  /** Id → character; `characters[0]` is `'<unk>'`. */
  readonly characters: readonly string[];
  private readonly ids: Map<string, number>;

  /** From the list a model file stores (`characters[0]` must be `'<unk>'`, the rest distinct single characters). */
  constructor(characters: readonly string[]) {
    if (!Array.isArray(characters) || characters[0] !== UNKNOWN_CHARACTER) {
      throw new NeuriteError('INVALID_ARGUMENT', `A character vocabulary starts with "${UNKNOWN_CHARACTER}" (id 0), got ${describe(characters?.[0])}`);
    }
    const ids = new Map<string, number>();
    characters.forEach((ch, id) => {
      if (id === 0) return;
      if (typeof ch !== 'string' || [...ch].length !== 1 || ids.has(ch)) {
        throw new NeuriteError('INVALID_ARGUMENT', `A character vocabulary holds distinct single characters; entry ${id} is ${describe(ch)}`, { index: id });
      }
      ids.set(ch, id);
    });
    this.characters = [...characters];
    this.ids = ids;
  }

  /** Fits the vocabulary on training text by the rule above. */
  static fit(text: string, options: CharVocabularyOptions = {}): CharVocabulary {
    if (typeof text !== 'string') throw new NeuriteError('INVALID_ARGUMENT', `CharVocabulary.fit needs a string, got ${describe(text)}`);
    const minCount = requireInteger('minCount', options.minCount ?? 3, 1);
    const maxSize = requireInteger('maxSize', options.maxSize ?? 256, 1);
    const counts = new Map<string, number>();
    for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const byCodePoint = (a: string, b: string) => a.codePointAt(0)! - b.codePointAt(0)!;
    const kept = [...counts.entries()]
      .filter(([, count]) => count >= minCount)
      .sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))
      .slice(0, maxSize)
      .map(([ch]) => ch)
      .sort(byCodePoint);
    return new CharVocabulary([UNKNOWN_CHARACTER, ...kept]);
  }

  /** Ids, the unknown one included: the network's output count. */
  get size(): number {
    return this.characters.length;
  }

  /** A character's id; 0 (unknown) when it is not in the vocabulary. */
  idOf(character: string): number {
    return this.ids.get(character) ?? 0;
  }

  /** One id per character (code point) of the text. */
  encode(text: string): Int32Array {
    const out: number[] = [];
    for (const ch of text) out.push(this.idOf(ch));
    return Int32Array.from(out);
  }

  /** The characters of a text that are outside the vocabulary, each once, in order of appearance. */
  unknownIn(text: string): string[] {
    return [...new Set([...text].filter((ch) => !this.ids.has(ch)))];
  }

  /** The text of ids (id 0 written `<unk>`). */
  decode(ids: ArrayLike<number>): string {
    let out = '';
    for (let k = 0; k < ids.length; k++) out += this.characters[ids[k]!] ?? UNKNOWN_CHARACTER;
    return out;
  }
}
