import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { NeuriteError, parseModel, serializeModel } from '../src/index.js';
import { generateText } from '../src/model/generate-text.js';
import { textModelParts } from '../src/model/text-model.js';
import { trainTextModel } from '../src/model/train-text-model.js';
import { DATA } from './helpers/paths.js';

// A small slice of the shipped text (Genesis 1–2), and a small network, so that training takes seconds.
const SLICE = readFileSync(DATA + 'text/genesis-kjv.txt', 'utf8').slice(0, 3000);
const SMALL = { window: 10, embedding: 8, units: 24, batchSize: 32, learningRate: 0.01, seed: 3 } as const;

test('trainTextModel: embedding → lstm → softmax over the vocabulary, learning well below the uniform guess', async () => {
  const losses: number[] = [];
  const model = await trainTextModel(SLICE, { ...SMALL, epochs: 3, callbacks: { onEpochEnd: (log) => void losses.push(log.valLoss!) } });
  assert.deepEqual(
    model.network.layers.map((layer) => layer.type),
    ['embedding', 'lstm', 'dense'],
  );
  const { vocabulary, window, info } = textModelParts(model);
  assert.equal(window, SMALL.window);
  assert.equal(model.network.outputSize, vocabulary.size);
  assert.equal(info.trainCharacters, Math.floor(SLICE.length * 0.9));
  const validation = (model.training.metrics as { validation: { loss: number } }).validation.loss;
  assert.ok(Number.isFinite(validation));
  assert.ok(validation < 0.8 * Math.log(vocabulary.size - 1), `validation loss ${validation} against ln V = ${Math.log(vocabulary.size - 1)}`);
  assert.ok(losses.at(-1)! < losses[0]!, `validation losses ${losses.join(', ')}`);
  assert.equal(validation, losses.at(-1)); // the model's figure is the last epoch's validation loss
  // Saved and read back, it generates the same text.
  const loaded = parseModel(serializeModel(model));
  const options = { prompt: 'And God', length: 80, temperature: 0.8, seed: 2 };
  assert.equal(generateText(loaded, options).text, generateText(model, options).text);
});

test('trainTextModel: the same seed trains the same model; the vocabulary is fitted on the training part only', async () => {
  const text = `${'abcab cabca '.repeat(30)}${'xyz '.repeat(10)}`; // x, y, z only in the last 10%
  const a = await trainTextModel(text, { ...SMALL, epochs: 1 });
  const b = await trainTextModel(text, { ...SMALL, epochs: 1 });
  assert.deepEqual(a.network.toJSON(), b.network.toJSON());
  const { vocabulary } = textModelParts(a);
  assert.deepEqual(vocabulary.characters, ['<unk>', ' ', 'a', 'b', 'c']);
});

test('trainTextModel refuses a text too short for one window in each part, saying how long it must be', async () => {
  await assert.rejects(trainTextModel('In the beginning God created the heaven.', { window: 10 }), (e: unknown) => {
    assert.ok(e instanceof NeuriteError && e.code === 'DATA_FORMAT', String(e));
    assert.equal(e.details.reason, 'too-short');
    assert.match(e.message, /The text is too short: 40 characters/);
    assert.match(e.message, /validation part \(the last 10%\) 4/);
    const needed = e.details.expected as number;
    // The length it asks for is the shortest that works.
    assert.ok(Math.floor(needed * 0.9) > 10 && needed - Math.floor(needed * 0.9) > 10);
    assert.ok(!(Math.floor((needed - 1) * 0.9) > 10 && needed - 1 - Math.floor((needed - 1) * 0.9) > 10));
    return true;
  });
  await assert.rejects(
    trainTextModel('abcdefgh', { window: 4, validation: 0 }),
    (e: unknown) => e instanceof NeuriteError && e.details.reason === 'vocabulary',
  );
  await assert.rejects(trainTextModel('', {}), (e: unknown) => e instanceof NeuriteError && e.details.reason === 'too-short');
  await assert.rejects(trainTextModel(42 as unknown as string), (e: unknown) => e instanceof NeuriteError && e.code === 'INVALID_ARGUMENT');
});
