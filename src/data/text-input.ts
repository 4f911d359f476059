import { NeuriteError, describe } from '../errors.js';
import { selectInputs, textReader } from './columns.js';
import { noValues } from './data-errors.js';
import type { Column, Notice, Table } from './table.js';
import { TOKENIZER, tokenize } from './text-tokens.js';
import { buildVocabulary, encodeTokens, vocabularyIndex, type VocabularyOptions } from './vocabulary.js';

/**
 * A text input in a model file: the column's text as a sequence of `length` token ids (word k of `vocabulary`
 * is id k + 2; 0 pads the end, 1 is a word the vocabulary lacks), read by {@link tokenize} (`tokenizer`
 * names its rule). A model with a text input has no other input: the ids feed an embedding layer.
 */
export interface TextInputJSON {
  name: string;
  kind: 'text';
  tokenizer: typeof TOKENIZER;
  /** The training texts' words, most frequent first. */
  vocabulary: string[];
  /** Tokens per text: the longest training text's count, capped. */
  length: number;
}

/** Which columns are text: `'auto'` (default: detected, see {@link isFreeText}), or the names (at most one; `[]` for none). */
export type TextColumns = 'auto' | readonly string[];

/** A column is read as text only with at least this many values (fewer cannot teach a vocabulary). */
export const TEXT_MIN_VALUES = 20;
/** … and with at least this many words per value on average (a name or a code has one or two). */
export const TEXT_MIN_WORDS = 2.5;

/**
 * Free text, as opposed to categories: a column of text whose values are mostly different from each other
 * (more than half of them distinct: categories repeat), with at least {@link TEXT_MIN_VALUES} values, of
 * several words each ({@link TEXT_MIN_WORDS} on average: a name, a city or a code has one or two). One-hot
 * encoding such a column would give every phrase an input of its own that no other row shares, so nothing
 * would carry over to a new phrase; its words do carry over, as a token sequence.
 *
 * @example
 * ```ts
 * import { isFreeText, parseTable } from 'neurite/data';
 * const phrases = Array.from({ length: 24 }, (_, i) => `a phrase of words number ${i},${i % 2}`);
 * const table = parseTable(['text,label', ...phrases].join('\n'));
 * console.log(isFreeText(table.column('text')), isFreeText(table.column('label'))); // true false
 * ```
 */
export function isFreeText(column: Column): boolean {
  if (column.kind !== 'categorical') return false;
  const present = column.codes.length - column.missing;
  if (present < TEXT_MIN_VALUES || column.categories.length * 2 <= present) return false;
  const words = column.categories.map((text) => tokenize(text).length);
  let total = 0;
  for (const code of column.codes) if (code >= 0) total += words[code]!;
  return total >= TEXT_MIN_WORDS * present;
}

/**
 * The input columns and the text column among them, if any. Without one (none detected, or `text: []`) this is
 * `selectInputs`, unchanged. A model reads a text column alone (its ids are an embedding's input, a sequence
 * with no room for other columns beside it), so with one found among every column, the others are left out
 * with a notice; with inputs named, they must be that text column alone.
 */
export function chooseInputs(
  table: Table,
  target: string,
  inputs: readonly string[] | undefined,
  text: TextColumns = 'auto',
): { inputs: string[]; notices: Notice[]; text: string | null } {
  const named = text === 'auto' ? null : checkTextColumns(table, target, text);
  const pool = inputs ?? table.columns.map((c) => c.name).filter((name) => name !== target);
  const found = named ?? pool.filter((name) => name !== target && isFreeText(table.column(name)));
  if (found.length === 0) return { ...selectInputs(table, target, inputs), text: null };
  const chosen = found[0]!;
  if (inputs !== undefined) {
    selectInputs(table, target, inputs);
    if (inputs.length !== 1 || inputs[0] !== chosen) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `${describe(chosen)} is a text column, and a model that reads text reads it alone: give inputs [${describe(chosen)}]` +
          (text === 'auto' ? ', or text: [] to read every input as a category or a number' : ''),
        { field: 'inputs', expected: [chosen], actual: inputs },
      );
    }
  }
  const notices: Notice[] = pool
    .filter((name) => name !== chosen)
    .map((name) => ({
      code: 'TEXT_COLUMN',
      column: name,
      message: `column ${describe(name)} is left out: the model reads the text of ${describe(chosen)} as a sequence of words, and that text alone`,
    }));
  return { inputs: [chosen], notices, text: chosen };
}

function checkTextColumns(table: Table, target: string, names: readonly string[]): string[] {
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new NeuriteError('INVALID_ARGUMENT', `text must be "auto" or an array of column names, got ${describe(names)}`, { field: 'text' });
  }
  if (names.length > 1) {
    throw new NeuriteError('UNSUPPORTED', `A model reads one text column; ${names.map((n) => describe(n)).join(', ')} are ${names.length}`, { field: 'text' });
  }
  for (const name of names) {
    table.column(name);
    if (name === target) throw new NeuriteError('INVALID_ARGUMENT', `The target column ${describe(target)} cannot also be the text input`, { field: 'text' });
  }
  return [...names];
}

/** A text input fitted on the training rows: their vocabulary and longest length; a notice when some texts are cut. */
export function fitTextInput(table: Table, column: Column, rows: Int32Array, notices: Notice[], options: VocabularyOptions = {}): TextInputJSON {
  const read = textReader(column);
  const texts: string[][] = [];
  for (let k = 0; k < rows.length; k++) {
    const text = read(rows[k]!);
    if (text !== null) texts.push(tokenize(text));
  }
  const { words, length } = buildVocabulary(texts, options);
  if (words.length === 0) throw noValues(table, column);
  const cut = texts.filter((tokens) => tokens.length > length).length;
  if (cut > 0) {
    notices.push({
      code: 'TEXT_COLUMN',
      column: column.name,
      message: `${cut} training text(s) of ${describe(column.name)} have more than ${length} words; each is read as its first ${length}`,
    });
  }
  return { name: column.name, kind: 'text', tokenizer: TOKENIZER, vocabulary: words, length };
}

/**
 * Writes each row's token ids into `data` (rows of `width` values, from column `offset`); a missing text goes
 * to `missing(row)`, which throws or accepts it (then all padding).
 */
export function encodeTextInput(
  input: TextInputJSON,
  column: Column,
  rows: Int32Array,
  data: { [i: number]: number },
  width: number,
  offset: number,
  missing: (row: number) => void,
): void {
  const read = textReader(column);
  const index = vocabularyIndex(input.vocabulary);
  for (let k = 0; k < rows.length; k++) {
    const text = read(rows[k]!);
    if (text === null) missing(rows[k]!);
    encodeTokens(text === null ? [] : tokenize(text), index, input.length, data, k * width + offset);
  }
}
