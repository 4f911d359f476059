import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NeuriteError } from '../src/index.js';
import { writeFileAtomic } from '../src/node/atomic-write.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'neurite-atomic-'));
}

test('writes a new file, then replaces it whole, leaving no temporary files', async () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'model.json');
    await writeFileAtomic(path, 'first');
    assert.equal(readFileSync(path, 'utf8'), 'first');
    await writeFileAtomic(path, new TextEncoder().encode('second, longer content'));
    assert.equal(readFileSync(path, 'utf8'), 'second, longer content');
    assert.deepEqual(readdirSync(dir), ['model.json']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an existing file keeps its permissions', { skip: process.platform === 'win32' }, async () => {
  const dir = tempDir();
  try {
    const path = join(dir, 'model.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    await writeFileAtomic(path, 'new');
    assert.equal(statSync(path).mode & 0o777, 0o640);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed write leaves the old file untouched and no temporary file behind', async () => {
  const dir = tempDir();
  try {
    // the target is a directory: the rename fails after the data was written to the temporary file
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside.txt'), 'keep');
    await assert.rejects(writeFileAtomic(target, 'data'), (e: unknown) => e instanceof NeuriteError && e.code === 'IO' && e.details.file === target);
    assert.deepEqual(readdirSync(dir), ['taken']);
    assert.equal(readFileSync(join(target, 'inside.txt'), 'utf8'), 'keep');
    // a directory that does not exist
    await assert.rejects(
      writeFileAtomic(join(dir, 'nope', 'model.json'), 'data'),
      (e: unknown) => e instanceof NeuriteError && e.code === 'IO' && /Cannot write/.test(e.message),
    );
    await assert.rejects(writeFileAtomic(join(dir, 'x.json'), 42 as never), (e: unknown) => e instanceof NeuriteError && e.code === 'INVALID_ARGUMENT');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
