// Sequence classification of short phrases (issue #15): a text column read as word ids, embedding → GRU →
// dense → sigmoid, trained on test/fixtures/phrases.csv and scored on phrases it never saw.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseTable } from '../src/data/index.js';
import { parseModel, serializeModel, trainModel, type Model, type Prediction } from '../src/index.js';
import { ROOT } from './helpers/paths.js';
import { throwsNeurite } from './helpers/numeric.js';

const PHRASES = readFileSync(ROOT + 'test/fixtures/phrases.csv', 'utf8');
const HELD_OUT = parseTable(readFileSync(ROOT + 'test/fixtures/phrases-heldout.csv', 'utf8'));
const heldOut = Array.from({ length: HELD_OUT.rowCount }, (_, row) => ({
  phrase: HELD_OUT.text(HELD_OUT.column('phrase'), row),
  label: HELD_OUT.text(HELD_OUT.column('label'), row),
}));

const labelOf = (prediction: Prediction | undefined) => (prediction && 'label' in prediction ? prediction.label : undefined);

let trained: Promise<Model> | null = null;
const model = () => (trained ??= trainModel(PHRASES, { target: 'label', epochs: 80, seed: 5 }));

test('the held-out phrases are new: none is in the training file, every one is made of its words', () => {
  const training = parseTable(PHRASES);
  const phrases = new Set(Array.from({ length: training.rowCount }, (_, r) => training.text(training.column('phrase'), r)));
  assert.ok(heldOut.every(({ phrase }) => !phrases.has(phrase)));
  assert.equal(heldOut.length, 32);
  assert.equal(heldOut.filter(({ phrase }) => / not /.test(phrase)).length, 16, 'half of them negated');
});

test('a text column trains embedding → GRU (masking the padding) → dense → sigmoid', async () => {
  const { network, preprocessing } = await model();
  assert.deepEqual(
    network.layers.map((l) => l.type),
    ['embedding', 'gru', 'dense', 'dense', 'dense'],
  );
  const text = preprocessing.text!;
  assert.deepEqual(network.inputShape, [text.length]);
  const embedding = network.layers[0]!.toJSON();
  assert.equal(embedding['vocabularySize'], text.vocabulary.length + 2);
  assert.equal(embedding['paddingId'], 0);
  assert.equal(network.layers[1]!.toJSON()['maskTrailingZeros'], true);
});

test('the phrase classifier gets held-out phrases right well above chance, negations included', async () => {
  const trainedModel = await model();
  const predictions = trainedModel.predict(heldOut.map(({ phrase }) => ({ phrase })));
  const right = heldOut.filter(({ label }, i) => labelOf(predictions[i]) === label);
  const negatedRight = right.filter(({ phrase }) => / not /.test(phrase));
  assert.ok(right.length >= 26, `${right.length} of ${heldOut.length} right (chance: 16)`);
  assert.ok(negatedRight.length >= 12, `${negatedRight.length} of 16 negated phrases right (chance: 8)`);
  const accuracy = (trainedModel.training.metrics?.['test'] as { accuracy?: number } | undefined)?.accuracy;
  assert.ok(typeof accuracy === 'number' && accuracy >= 0.75, `test-split accuracy ${accuracy}`);
});

test('the model file keeps the vocabulary: predictions from raw text are the same after a round trip', async () => {
  const trainedModel = await model();
  const loaded = parseModel(serializeModel(trainedModel));
  const records = [{ phrase: 'The music was NOT dull!' }, { phrase: 'words it never saw' }, { phrase: 'good' }];
  assert.deepEqual(loaded.predict(records), trainedModel.predict(records));
  assert.equal(labelOf(trainedModel.predict({ phrase: 'the plot was not weak' })), labelOf(trainedModel.predict({ phrase: 'The plot... was NOT weak' })));
});

test('a text input must be a string, and a missing one is a missing value', async () => {
  const trainedModel = await model();
  throwsNeurite(() => trainedModel.predict({ phrase: 42 }), 'INVALID_ARGUMENT', /"phrase" must be text \(a string\), got 42/);
  throwsNeurite(() => trainedModel.predict({ phrase: null }), 'MISSING_VALUE', /no value for "phrase"/);
});
