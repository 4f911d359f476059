import assert from 'node:assert/strict';
import { mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CharVocabulary, UNKNOWN_CHARACTER } from '../src/data/char-vocabulary.js';
import { decodeText } from '../src/data/text-decode.js';
import { splitText, textWindowCount, textWindows } from '../src/data/text-windows.js';
import { NeuriteError } from '../src/errors.js';
import { MAX_TEXT_BYTES, readTextFile } from '../src/node/read-text-file.js';
import { DATA } from './helpers/paths.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Asserts `run` throws a NeuriteError with this code and these details, and returns it. */
function refuses(run: () => unknown, code: string, details: Record<string, unknown> = {}): NeuriteError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof NeuriteError, String(error));
    assert.equal(error.code, code, error.message);
    for (const [key, value] of Object.entries(details)) assert.deepEqual(error.details[key], value, `${key} in ${error.message}`);
    return error;
  }
  assert.fail('expected an error');
}

test('decodeText reads UTF-8 (multi-byte characters, an emoji) and drops a leading byte-order mark', () => {
  const text = 'In the beginning — naïve 🙂\nline two\n';
  assert.equal(decodeText(utf8(text)), text);
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('abc')])), 'abc');
});

test('decodeText refuses an empty file, and one holding only a byte-order mark', () => {
  refuses(() => decodeText(bytes(), { file: 'empty.txt' }), 'DATA_FORMAT', { reason: 'empty', file: 'empty.txt' });
  const error = refuses(() => decodeText(bytes(0xef, 0xbb, 0xbf), { file: 'bom.txt' }), 'DATA_FORMAT', { reason: 'empty' });
  assert.match(error.message, /bom\.txt is empty/);
});

test('decodeText refuses a binary file at its first NUL byte, naming the byte offset and the line', () => {
  const error = refuses(() => decodeText(new Uint8Array([...utf8('ab\ncd\nef'), 0, 1, 2]), { file: 'x.bin' }), 'DATA_FORMAT', {
    reason: 'binary',
    offset: 8,
    line: 3,
  });
  assert.match(error.message, /x\.bin is not text \(a binary file\?\): a NUL byte at byte offset 8 \(line 3\)/);
  // A PNG's header: its 0x89 lead byte is not UTF-8 before any NUL is reached.
  refuses(() => decodeText(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)), 'DATA_FORMAT', { reason: 'utf8', offset: 0, line: 1 });
});

test('decodeText refuses each kind of invalid UTF-8 at the offending character: offset and line', () => {
  const cases: Array<[string, number[], number, RegExp]> = [
    ['a lone continuation byte', [0x80], 0, /continuation byte with no lead byte/],
    ['a Latin-1 é', [0xe9, 0x74, 0xe9], 0, /does not continue/],
    ['a sequence cut short at the end', [0xe2, 0x82], 0, /cuts short/],
    ['an overlong "/"', [0xc0, 0xaf], 0, /can start no UTF-8 character/],
    ['an overlong 3-byte form', [0xe0, 0x80, 0xaf], 0, /byte 0x80 does not continue/],
    ['a surrogate (U+D800)', [0xed, 0xa0, 0x80], 0, /does not continue/],
    ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0, /does not continue/],
    ['0xff', [0xff], 0, /can start no UTF-8 character/],
  ];
  for (const [name, bad, at, why] of cases) {
    const prefix = utf8('ok\nfine ✓\n'); // 12 bytes, two lines
    const error = refuses(() => decodeText(new Uint8Array([...prefix, ...bad]), { file: 't.txt' }), 'DATA_FORMAT', {
      reason: 'utf8',
      offset: prefix.length + at,
      line: 3,
    });
    assert.match(error.message, why, name);
    assert.match(error.message, new RegExp(`at byte offset ${prefix.length + at} \\(line 3\\)`), name);
  }
  // The largest code points of each length are accepted.
  assert.equal(decodeText(bytes(0xdf, 0xbf, 0xef, 0xbf, 0xbf, 0xf4, 0x8f, 0xbf, 0xbf)), '\u07ff\uffff\u{10ffff}');
});

test('CharVocabulary: id 0 is <unk>; characters seen at least minCount times, in code-point order; the rest read as <unk>', () => {
  const v = CharVocabulary.fit('aaabbbcc🙂🙂🙂d', { minCount: 3 });
  assert.deepEqual(v.characters, [UNKNOWN_CHARACTER, 'a', 'b', '🙂']);
  assert.deepEqual(Array.from(v.encode('abcd🙂x')), [1, 2, 0, 0, 3, 0]);
  assert.deepEqual(v.unknownIn('xcax'), ['x', 'c']);
  assert.equal(v.decode([3, 1, 0]), `🙂a${UNKNOWN_CHARACTER}`);
  // maxSize keeps the most frequent (ties: the lower code point), still listed in code-point order.
  const capped = CharVocabulary.fit('zzzzyyyxxww', { minCount: 1, maxSize: 2 });
  assert.deepEqual(capped.characters, [UNKNOWN_CHARACTER, 'y', 'z']);
  assert.deepEqual(CharVocabulary.fit('bbaac', { minCount: 1, maxSize: 1 }).characters, [UNKNOWN_CHARACTER, 'a']);
  // A model file's list is checked when rebuilt.
  refuses(() => new CharVocabulary(['a', 'b']), 'INVALID_ARGUMENT');
  refuses(() => new CharVocabulary([UNKNOWN_CHARACTER, 'a', 'a']), 'INVALID_ARGUMENT', { index: 2 });
  refuses(() => new CharVocabulary([UNKNOWN_CHARACTER, 'ab']), 'INVALID_ARGUMENT', { index: 1 });
});

test('splitText cuts by position (never shuffled): the first 90% train, the rest validation', () => {
  const ids = Int32Array.from({ length: 1001 }, (_, i) => i);
  const { train, validation, at } = splitText(ids, 0.1);
  assert.equal(at, 900);
  assert.deepEqual([train[0], train.at(-1), validation[0], validation.at(-1)], [0, 899, 900, 1000]);
  assert.equal(splitText(ids, 0).validation.length, 0);
  refuses(() => splitText(ids, 1), 'INVALID_ARGUMENT');
});

test('textWindows: each window of ids, and the next id one-hot; with a step; an id outside the vocabulary is refused', () => {
  const ids = Int32Array.from([1, 2, 3, 0, 2, 1]);
  const { x, y } = textWindows(ids, 4, { window: 3 });
  assert.deepEqual(x.toArray(), [
    [1, 2, 3],
    [2, 3, 0],
    [3, 0, 2],
  ]);
  assert.deepEqual(y.toArray(), [
    [1, 0, 0, 0],
    [0, 0, 1, 0],
    [0, 1, 0, 0],
  ]);
  const stepped = textWindows(ids, 4, { window: 2, step: 2 });
  assert.deepEqual(stepped.x.toArray(), [
    [1, 2],
    [3, 0],
  ]);
  assert.equal(textWindowCount(6, 2, 2), 2);
  assert.equal(textWindowCount(3, 3), 0);
  assert.equal(textWindows(ids, 4, { window: 6 }).x.rows, 0);
  refuses(() => textWindows(Int32Array.from([1, 5, 2]), 4, { window: 1 }), 'INVALID_ARGUMENT', { index: 1, actual: 5 });
});

test('readTextFile: the shipped text reads whole; binary, empty and too large files are refused, the last before reading', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-text-'));
  const genesis = await readTextFile(DATA + 'text/genesis-kjv.txt');
  assert.ok(genesis.length >= 100 * 1024, `${genesis.length} characters`);
  assert.equal(genesis, readFileSync(DATA + 'text/genesis-kjv.txt', 'latin1')); // plain ASCII

  writeFileSync(join(dir, 'empty.txt'), '');
  await assert.rejects(
    readTextFile(join(dir, 'empty.txt')),
    (e: unknown) => e instanceof NeuriteError && e.details.reason === 'empty' && e.details.file === 'empty.txt',
  );
  writeFileSync(join(dir, 'model.bin'), new Uint8Array([0x41, 0x0a, 0x42, 0x00]));
  await assert.rejects(
    readTextFile(join(dir, 'model.bin')),
    (e: unknown) => e instanceof NeuriteError && e.details.reason === 'binary' && e.details.line === 2,
  );
  // A sparse file past the cap: refused from its size alone, before its bytes are read.
  const big = join(dir, 'big.txt');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, MAX_TEXT_BYTES + 1);
  closeSync(fd);
  await assert.rejects(
    readTextFile(big),
    (e: unknown) => e instanceof NeuriteError && e.code === 'DATA_FORMAT' && e.details.reason === 'size' && e.details.actual === MAX_TEXT_BYTES + 1,
  );
  await assert.rejects(readTextFile(join(dir, 'nope.txt')), (e: unknown) => e instanceof NeuriteError && e.code === 'IO');
});
