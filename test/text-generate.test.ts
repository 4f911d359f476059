import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CharVocabulary, UNKNOWN_CHARACTER } from '../src/data/char-vocabulary.js';
import { Model, NeuriteError, Network, Rng, parseModel, serializeModel } from '../src/index.js';
import { generateText, sampleCharacter } from '../src/model/generate-text.js';
import { textModelParts, textPreprocessing } from '../src/model/text-model.js';

// Generation does not depend on what the network is inside, only on its window and vocabulary: these tests use
// a one-layer softmax over the raw ids, so they run without training.
const WINDOW = 5;
const vocabulary = CharVocabulary.fit('abc de.fgh '.repeat(3));

function textModel(seed = 3): Model {
  const network = Network.create({ inputs: WINDOW, layers: [{ units: vocabulary.size, activation: 'softmax' }], seed });
  const info = { unit: 'character', window: WINDOW, minCount: 3, maxVocabulary: 256, step: 1, validation: 0.1, characters: 33, trainCharacters: 29 };
  return new Model({ network, preprocessing: textPreprocessing(vocabulary, WINDOW), training: { text: info } });
}

const frequencies = (p: number[], temperature: number, draws: number, seed: number) => {
  const rng = new Rng(seed);
  const counts = new Array<number>(p.length).fill(0);
  for (let k = 0; k < draws; k++) counts[sampleCharacter(p, temperature, rng)]!++;
  return counts.map((c) => c / draws);
};

test('sampleCharacter at temperature 0 is the argmax (the lower id on a tie) and never the unknown id 0', () => {
  assert.equal(sampleCharacter([0.1, 0.2, 0.7], 0, new Rng(1)), 2);
  assert.equal(sampleCharacter([0.2, 0.4, 0.4], 0, new Rng(1)), 1);
  assert.equal(sampleCharacter([0.9, 0.04, 0.06], 0, new Rng(1)), 2);
  const f = frequencies([0.9, 0.04, 0.06], 1, 2000, 5);
  assert.equal(f[0], 0);
  assert.throws(() => sampleCharacter([1], 1, new Rng(1)), NeuriteError);
});

test('sampleCharacter at temperature 1 draws from p (renormalized without id 0); lower T sharpens, higher T flattens', () => {
  const p = [0.05, 0.5, 0.3, 0.15];
  const draws = 20000;
  const f1 = frequencies(p, 1, draws, 11);
  const rest = 1 - p[0]!;
  for (let i = 1; i < p.length; i++) {
    const expected = p[i]! / rest;
    const sd = Math.sqrt((expected * (1 - expected)) / draws);
    assert.ok(Math.abs(f1[i]! - expected) < 5 * sd, `id ${i}: ${f1[i]} against ${expected}`);
  }
  // P(i) ∝ p_i^(1/T): at T = 0.5 the weights are the squares.
  const f05 = frequencies(p, 0.5, draws, 12);
  const squares = p.slice(1).map((x) => x * x);
  const sum = squares.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(f05[1]! - squares[0]! / sum) < 0.02, `${f05[1]} against ${squares[0]! / sum}`);
  const top = [0.1, 0.5, 1, 2, 10].map((t) => frequencies(p, t, draws, 13)[1]!);
  for (let k = 1; k < top.length; k++) assert.ok(top[k]! < top[k - 1]!, `the top id's share falls as T rises: ${top.join(', ')}`);
  assert.ok(top[0]! > 0.98 && top.at(-1)! < 0.4, top.join(', '));
});

test('generateText: the same seed gives the same text bit for bit; other seeds give other texts', () => {
  const model = textModel();
  const a = generateText(model, { prompt: 'abc d', length: 300, temperature: 1, seed: 1 });
  const b = generateText(textModel(), { prompt: 'abc d', length: 300, temperature: 1, seed: 1 });
  assert.equal(a.text, b.text);
  assert.equal([...a.text].length, 300);
  assert.ok(!a.text.includes(UNKNOWN_CHARACTER));
  const others = [2, 3, 4].map((seed) => generateText(model, { prompt: 'abc d', length: 300, temperature: 1, seed }).text);
  for (const other of others) assert.notEqual(other, a.text);
  assert.equal(generateText(model, { prompt: 'abc', length: 0 }).text, '');
});

test('generateText at temperature 0 is the greedy continuation, whatever the seed', () => {
  const model = textModel();
  const greedy = generateText(model, { prompt: 'fgh', length: 40, temperature: 0, seed: 1 }).text;
  assert.equal(generateText(model, { prompt: 'fgh', length: 40, temperature: 0, seed: 99 }).text, greedy);
  // The same by hand: pad to the window with spaces, take the argmax each step.
  const context = Array.from(vocabulary.encode('  fgh'));
  let expected = '';
  for (let k = 0; k < 40; k++) {
    const p = model.network.predict(context.slice(-WINDOW));
    let best = 1;
    for (let i = 2; i < p.length; i++) if (p[i]! > p[best]!) best = i;
    context.push(best);
    expected += vocabulary.characters[best];
  }
  assert.equal(greedy, expected);
});

test('generateText: a short prompt is padded with spaces, a long one keeps its last window, unknown characters read as <unk>', () => {
  const model = textModel();
  const run = (prompt: string) => generateText(model, { prompt, length: 30, temperature: 0.8, seed: 5 });
  assert.equal(run('ab').text, run('   ab').text);
  assert.equal(run('hgfedcba ab').text, run('ba ab').text); // the last 5 characters
  const unknown = run('aQb!');
  assert.deepEqual(unknown.unknown, ['Q', '!']);
  assert.equal(unknown.text, run('aZb#').text); // any character outside the vocabulary is the same <unk>
  assert.deepEqual(run('abc').unknown, []);
});

test('generateText checks its options and refuses a model that is not a text model', () => {
  const model = textModel();
  assert.throws(
    () => generateText(model, { length: -1 }),
    (e: unknown) => e instanceof NeuriteError && e.code === 'INVALID_ARGUMENT',
  );
  assert.throws(
    () => generateText(model, { temperature: -0.5 }),
    (e: unknown) => e instanceof NeuriteError && e.code === 'INVALID_ARGUMENT',
  );
  assert.throws(
    () => generateText(model, { prompt: 3 as unknown as string }),
    (e: unknown) => e instanceof NeuriteError && e.details.field === 'prompt',
  );
  const table = new Model({ network: model.network, preprocessing: model.preprocessing, training: {} });
  assert.throws(
    () => generateText(table, {}),
    (e: unknown) => e instanceof NeuriteError && e.code === 'MODEL_FORMAT' && /not a character-level text model/.test(e.message),
  );
});

test('a text model survives the model file: the vocabulary comes back and generation gives the same text', () => {
  const model = textModel();
  const loaded = parseModel(serializeModel(model));
  const { vocabulary: back, window } = textModelParts(loaded);
  assert.equal(window, WINDOW);
  assert.deepEqual(back.characters, vocabulary.characters);
  const options = { prompt: 'de.f', length: 100, temperature: 0.7, seed: 8 };
  assert.equal(generateText(loaded, options).text, generateText(model, options).text);
});
