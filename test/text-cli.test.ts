// The text path of the command line as a user runs it: `neurite train phrases.csv --target label` finds the
// free-text column, trains embedding → GRU → dense, and `predict` / `evaluate` read raw phrases.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { neurite, neuriteOk } from './helpers/cli.js';
import { ROOT } from './helpers/paths.js';

function phrasesDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-text-'));
  for (const file of ['phrases.csv', 'phrases-heldout.csv']) copyFileSync(ROOT + 'test/fixtures/' + file, join(dir, file));
  const heldOut = readFileSync(join(dir, 'phrases-heldout.csv'), 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'new.csv'), heldOut.map((line) => line.split(',')[0]).join('\n') + '\n'); // the phrases alone
  return dir;
}

test('neurite train on a CSV of phrases reads the text column as words, and predict / evaluate work from raw text', () => {
  const dir = phrasesDir();
  const out = neuriteOk(['train', 'phrases.csv', '--target', 'label', '--budget', '4', '-o', 'model.json'], dir);
  assert.match(out, /column "phrase" is read as text: lower-cased words, each an id from a vocabulary of the \d+ words of the training rows/);
  assert.match(out, /searching \d+ candidates/);
  const inspect = neuriteOk(['inspect', 'model.json'], dir);
  assert.match(inspect, /embedding/);
  assert.match(inspect, /gru/);
  assert.match(inspect, /phrase: text, lower-cased words → ids/);

  const predicted = neuriteOk(['predict', 'model.json', 'new.csv'], dir).trim().split('\n');
  assert.equal(predicted[0], 'phrase,predicted_label,p_negative,p_positive');
  const truth = readFileSync(join(dir, 'phrases-heldout.csv'), 'utf8').trim().split('\n').slice(1);
  const right = truth.filter((line, i) => predicted[i + 1]!.split(',')[1] === line.split(',')[1]).length;
  assert.ok(right >= 24, `${right} of ${truth.length} held-out phrases right (chance: 16)`);

  const evaluation = JSON.parse(neuriteOk(['evaluate', 'model.json', 'phrases-heldout.csv', '--json'], dir)) as { rows: number; accuracy: number };
  assert.equal(evaluation.rows, 32);
  assert.equal(evaluation.accuracy, right / 32);
});

test('neurite train --text none reads no column as text (the phrases are then identifiers), --text names one', () => {
  const dir = phrasesDir();
  const none = neurite(['train', 'phrases.csv', '--target', 'label', '--text', 'none', '--no-search', '--epochs', '1'], dir);
  assert.notEqual(none.status, 0);
  assert.match(none.stderr, /no input columns besides the target "label" \(left out as identifiers: phrase\)/);
  const named = neuriteOk(['train', 'phrases.csv', '--target', 'label', '--text', 'phrase', '--no-search', '--epochs', '2', '-o', 'm.json'], dir);
  assert.match(named, /column "phrase" is read as text/);
  const wrong = neurite(['train', 'phrases.csv', '--target', 'label', '--text', 'label', '--no-search', '--epochs', '1'], dir);
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /The target column "label" cannot also be the text input/);
});
