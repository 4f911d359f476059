import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseTable, prepareDataset, Preprocessor } from '../src/data/index.js';
import { chooseInputs, isFreeText } from '../src/data/text-input.js';
import { PADDING_ID, UNKNOWN_ID, tokenize } from '../src/data/text-tokens.js';
import { buildVocabulary, encodeTokens, vocabularyIndex } from '../src/data/vocabulary.js';
import { parseModel, serializeModel, Network } from '../src/index.js';
import { ROOT } from './helpers/paths.js';
import { throwsNeurite } from './helpers/numeric.js';

const PHRASES = readFileSync(ROOT + 'test/fixtures/phrases.csv', 'utf8');
const LINES = PHRASES.trim().split('\n');

/** The phrases with one more column: `header` after them, `value` on every row. */
function withColumn(header: string, value: string): string {
  return [`${LINES[0]},${header}`, ...LINES.slice(1).map((line) => `${line},${value}`)].join('\n');
}

test('tokenize: lower-cased words; punctuation and spaces split; an apostrophe inside a word stays', () => {
  assert.deepEqual(tokenize("  Not GOOD, don't  buy it!!  "), ['not', 'good', "don't", 'buy', 'it']);
  assert.deepEqual(tokenize('Très-bien… 10/10'), ['très', 'bien', '10', '10']);
  assert.deepEqual(tokenize("it’s 'quoted'"), ['it’s', 'quoted']);
  assert.deepEqual(tokenize(' ,.! '), []);
  assert.equal(PADDING_ID, 0);
  assert.equal(UNKNOWN_ID, 1);
});

test('vocabulary: most frequent first, ties in text order, capped; the length is the longest text, capped', () => {
  const texts = ['b a', 'c a b', 'a d', 'e'].map(tokenize);
  assert.deepEqual(buildVocabulary(texts), { words: ['a', 'b', 'c', 'd', 'e'], length: 3 });
  assert.deepEqual(buildVocabulary(texts, { maxWords: 2, maxLength: 2 }), { words: ['a', 'b'], length: 2 });
  const ids = [9, 9, 9, 9, 9, 9, 9];
  const cut = encodeTokens(['b', 'zzz', 'a'], vocabularyIndex(['a', 'b']), 5, ids, 1);
  assert.deepEqual(ids, [9, 3, 1, 2, 0, 0, 9], 'known words k + 2, unknown 1, padding 0 at the end, nothing outside its slots');
  assert.equal(cut, 0);
  assert.equal(encodeTokens(['a', 'a', 'a'], vocabularyIndex(['a']), 2, ids, 0), 1, 'a longer text keeps its first tokens');
  throwsNeurite(() => buildVocabulary(texts, { maxWords: 0 }), 'INVALID_ARGUMENT', /maxWords must be a whole number ≥ 1/);
});

test('free text is told from categories, names and codes', () => {
  const table = parseTable(PHRASES);
  assert.equal(isFreeText(table.column('phrase')), true);
  assert.equal(isFreeText(table.column('label')), false, 'two repeated values: categories');
  const names = Array.from({ length: 30 }, (_, i) => `Ada Lovelace${i},${i}`);
  assert.equal(isFreeText(parseTable(['name,y', ...names].join('\n')).column('name')), false, 'two words each: a name, not text');
  const few = Array.from({ length: 10 }, (_, i) => `a long phrase of many words ${i},${i}`);
  assert.equal(isFreeText(parseTable(['text,y', ...few].join('\n')).column('text')), false, 'too few values to learn words from');
  const repeated = Array.from({ length: 40 }, (_, i) => `one of three long answers ${i % 3},${i}`);
  assert.equal(isFreeText(parseTable(['text,y', ...repeated].join('\n')).column('text')), false, 'repeated values: categories');
});

test('without a text column the inputs and preprocessing are what they were (selectInputs), with text: [] too', () => {
  const csv = 'name,age,team,y\nAda,36,red,1\nAlan,41,blue,0\nGrace,85,red,1\nLinus,38,blue,0\n';
  const table = parseTable(csv);
  const auto = chooseInputs(table, 'y', undefined);
  assert.deepEqual([auto.inputs, auto.text, auto.notices.map((n) => n.code)], [['age', 'team'], null, ['IDENTIFIER_COLUMN']]);
  const a = Preprocessor.fit(table, { target: 'y' }).toJSON();
  const b = Preprocessor.fit(table, { target: 'y', text: [] }).toJSON();
  assert.deepEqual(a, b);
  assert.ok(a.inputs.every((input) => input.kind !== 'text'));
});

test('a text column: the vocabulary comes from the training rows only; the ids padded at the end; the other columns left out', () => {
  const table = parseTable(withColumn('extra', '1'));
  const data = prepareDataset(table, { target: 'label', validation: 0.25, seed: 3 });
  const text = data.preprocessor.text!;
  assert.equal(text.kind, 'text');
  assert.equal(text.name, 'phrase');
  assert.deepEqual(data.preprocessor.inputs.length, 1);
  assert.ok(
    data.notices.some((n) => n.code === 'TEXT_COLUMN' && n.column === 'extra'),
    'the other column is left out with a notice',
  );
  const phraseTokens = (row: number) => tokenize(table.text(table.column('phrase'), row));
  const words = (rows: Int32Array) => new Set([...rows].flatMap(phraseTokens));
  const training = words(data.train.rows);
  assert.deepEqual(new Set(text.vocabulary), training, 'every training word and no other');
  const onlyValidation = [...words(data.validation!.rows)].filter((w) => !training.has(w));
  assert.ok(onlyValidation.length > 0, 'some validation words are unknown to the vocabulary (so the test can fail)');
  const longest = Math.max(...[...data.train.rows].map((row) => phraseTokens(row).length));
  assert.equal(text.length, longest);
  assert.equal(data.train.x.cols, longest);
  const x = data.validation!.x;
  let unknown = 0;
  for (let r = 0; r < x.rows; r++) {
    const ids = Array.from(x.data.subarray(r * x.cols, (r + 1) * x.cols));
    const tokens = phraseTokens(data.validation!.rows[r]!);
    const expected = tokens.map((t) => (text.vocabulary.includes(t) ? text.vocabulary.indexOf(t) + 2 : 1));
    assert.deepEqual(ids, [...expected, ...Array(x.cols - expected.length).fill(0)]);
    unknown += expected.filter((id) => id === 1).length;
  }
  assert.ok(unknown > 0);
});

test('a text input goes through the model file, and a bad one is refused at its path', () => {
  const preprocessing = Preprocessor.fit(parseTable(PHRASES), { target: 'label' });
  const network = Network.create({
    inputShape: [preprocessing.inputWidth],
    layers: [{ type: 'embedding', vocabularySize: preprocessing.text!.vocabulary.length + 2, dimensions: 2, paddingId: 0 }, { type: 'flatten' }, { units: 1 }],
  });
  const text = serializeModel({ network, preprocessing, training: {} });
  const loaded = parseModel(text);
  assert.deepEqual(loaded.preprocessing.toJSON(), preprocessing.toJSON());
  const edit = (change: (input: Record<string, unknown>) => void) => {
    const json = JSON.parse(text);
    change(json.preprocessing.inputs[0]);
    return JSON.stringify(json);
  };
  throwsNeurite(() => parseModel(edit((i) => (i['tokenizer'] = 'characters'))), 'MODEL_FORMAT', /preprocessing\.inputs\[0\]\.tokenizer/);
  throwsNeurite(() => parseModel(edit((i) => (i['vocabulary'] = ['a', 'a']))), 'MODEL_FORMAT', /preprocessing\.inputs\[0\]\.vocabulary/);
  throwsNeurite(() => parseModel(edit((i) => (i['length'] = 0))), 'MODEL_FORMAT', /preprocessing\.inputs\[0\]\.length/);
});

test('named text columns: one at most, not the target, and a model that reads text reads it alone', () => {
  const table = parseTable(PHRASES);
  throwsNeurite(() => chooseInputs(table, 'label', undefined, ['phrase', 'label']), 'UNSUPPORTED', /reads one text column/);
  throwsNeurite(() => chooseInputs(table, 'label', undefined, ['label']), 'INVALID_ARGUMENT', /cannot also be the text input/);
  throwsNeurite(() => chooseInputs(table, 'label', undefined, ['nope']), 'CSV_SCHEMA', /nope/);
  const mixed = parseTable(withColumn('n', '7'));
  throwsNeurite(
    () => chooseInputs(mixed, 'label', ['n', 'phrase']),
    'INVALID_ARGUMENT',
    /"phrase" is a text column, and a model that reads text reads it alone/,
  );
  assert.deepEqual(chooseInputs(mixed, 'label', ['n', 'phrase'], []).text, null);
});
