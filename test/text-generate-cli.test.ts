import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModel } from '../src/index.js';
import { neurite, neuriteOk, workdir } from './helpers/cli.js';
import { DATA } from './helpers/paths.js';

const SMALL = ['--window', '8', '--units', '12', '--embedding', '6', '--epochs', '2', '--seed', '1'];

test('neurite train book.txt, then neurite generate: validation loss, a sample, and reproducible text', () => {
  const dir = workdir();
  writeFileSync(join(dir, 'book.txt'), readFileSync(DATA + 'text/genesis-kjv.txt', 'utf8').slice(0, 3000));
  const train = neuriteOk(['train', 'book.txt', ...SMALL], dir);
  assert.match(train, /book\.txt: 3000 characters; \d+ training windows of 8 characters, \d+ validation windows/);
  assert.match(train, /vocabulary: \d+ characters and <unk> \(id 0\)/);
  assert.match(train, /validation loss \d+\.\d+ nats per character \(\d+\.\d+ bits\)/);
  assert.match(train, /sample \(temperature 0\.8, after ".+"\):\n/);
  assert.match(train, /model written to model\.json/);
  const model = parseModel(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(
    model.network.layers.map((layer) => layer.type),
    ['embedding', 'lstm', 'dense'],
  );

  const generate = (...args: string[]) => neurite(['generate', 'model.json', '--prompt', 'And God', '--length', '60', ...args], dir);
  const one = generate('--temperature', '0.8', '--seed', '1');
  assert.equal(one.status, 0, one.stderr);
  assert.ok(one.stdout.startsWith('And God'));
  assert.equal([...one.stdout].length, 'And God'.length + 60 + 1); // the prompt, 60 characters, a line feed
  assert.equal(generate('--temperature', '0.8', '--seed', '1').stdout, one.stdout);
  assert.notEqual(generate('--temperature', '0.8', '--seed', '2').stdout, one.stdout);
  assert.equal(generate('--temperature', '0', '--seed', '1').stdout, generate('--temperature', '0', '--seed', '7').stdout);

  const json = JSON.parse(neuriteOk(['generate', 'model.json', '--prompt', 'God§', '--length', '20', '--json', '--seed', '3'], dir)) as Record<string, unknown>;
  assert.deepEqual(json.unknown, ['§']);
  assert.equal([...(json.text as string)].length, 20);
  const notice = neurite(['generate', 'model.json', '--prompt', 'God§', '--length', '5'], dir);
  assert.match(notice.stderr, /vocabulary does not have "§": read as <unk>/);
  const bad = neurite(['generate', 'model.json', '--temperature', '-1'], dir);
  assert.equal(bad.status, 2);
});

test('neurite train refuses a binary, an empty and a too-short text file, and generate refuses a table model', () => {
  const dir = workdir('gender.csv');
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x41, 0x42, 0x0a, 0x43, 0x00, 0x01, 0xff]));
  const binary = neurite(['train', 'binary.txt'], dir);
  assert.equal(binary.status, 1);
  assert.match(binary.stderr, /binary\.txt is not text \(a binary file\?\): a NUL byte at byte offset 4 \(line 2\)/);
  writeFileSync(join(dir, 'latin1.data'), Buffer.from('caf\xe9\n', 'latin1'));
  const latin1 = neurite(['train', 'latin1.data', '--chars'], dir);
  assert.equal(latin1.status, 1);
  assert.match(latin1.stderr, /latin1\.data is not UTF-8 text: byte 0xe9 at byte offset 3 \(line 1\)/);
  writeFileSync(join(dir, 'empty.txt'), '');
  const empty = neurite(['train', 'empty.txt'], dir);
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /empty\.txt is empty/);
  writeFileSync(join(dir, 'short.txt'), 'In the beginning.');
  const short = neurite(['train', 'short.txt'], dir);
  assert.equal(short.status, 1);
  assert.match(short.stderr, /short\.txt: The text is too short: 17 characters.*Give a text of at least \d+ characters, or a smaller window/);
  for (const name of ['binary', 'empty', 'short']) assert.ok(!existsSync(join(dir, 'model.json')), name);

  neuriteOk(['train', 'gender.csv', '--target', 'gender', '--no-search', '--epochs', '2', '-o', 'table.json'], dir);
  const table = neurite(['generate', 'table.json'], dir);
  assert.equal(table.status, 1);
  assert.match(table.stderr, /not a character-level text model/);
});
