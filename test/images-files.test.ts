// Images from files (Node only): IDX files gzipped or not, folders of PNG images, and their bad inputs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { deflateSync, gzipSync } from 'node:zlib';
import { encode } from 'fast-png';
import { NeuriteError } from '../src/index.js';
import { readIdxFile } from '../src/node/read-idx.js';
import { readImageFolder, readPngImages } from '../src/node/read-image-folder.js';
import { decodePng } from '../src/node/png-image.js';
import { idx } from './helpers/idx.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-images-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A PNG built by hand (the CRCs left zero: neither reader checks them), for what the encoder cannot write. */
function rawPng(width: number, height: number, bitDepth: number, colorType: number, rows: number[][], extra: [string, Uint8Array][] = []): Buffer {
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colorType;
  const filtered = Buffer.concat(rows.map((row) => Buffer.from([0, ...row])));
  const chunks = [
    chunk('IHDR', ihdr),
    ...extra.map(([type, data]) => chunk(type, data)),
    chunk('IDAT', deflateSync(filtered)),
    chunk('IEND', new Uint8Array(0)),
  ];
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

function gray(width: number, height: number, fill: (i: number) => number): Uint8Array {
  return encode({ width, height, channels: 1, data: Uint8Array.from({ length: width * height }, (_, i) => fill(i)) });
}

function folder(name: string, files: Record<string, Uint8Array | string | null>): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, content === null ? '' : '..'), { recursive: true });
    if (content !== null) writeFileSync(join(root, path), content);
  }
  return root;
}

async function rejectsData(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, String(error));
    assert.match(error.message, pattern);
    return true;
  });
}

test('readIdxFile reads plain and gzipped IDX files alike; a gzip bomb and a cut gzip stream are refused', async () => {
  const body = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
  const plain = join(dir, 'plain.idx');
  const zipped = join(dir, 'zipped.idx.gz');
  writeFileSync(plain, idx(8, [2, 3, 4], body));
  writeFileSync(zipped, gzipSync(idx(8, [2, 3, 4], body)));
  const a = await readIdxFile(plain);
  const b = await readIdxFile(zipped);
  assert.deepEqual(a, b);
  assert.deepEqual(a.dims, [2, 3, 4]);
  assert.deepEqual(Array.from(a.data), Array.from(body));

  // 10 MB of zeros gzip to about 10 KB: with a 1 MB cap, refused without inflating it all.
  const bomb = join(dir, 'bomb.idx.gz');
  writeFileSync(bomb, gzipSync(idx(8, [10_000_000], new Uint8Array(10_000_000))));
  await rejectsData(readIdxFile(bomb, { maxBytes: 1 << 20 }), /bomb\.idx\.gz: gunzipped, it is larger than 1048576 bytes; refused/);
  const cut = join(dir, 'cut.idx.gz');
  const gz = gzipSync(idx(8, [2, 3, 4], body));
  writeFileSync(cut, gz.subarray(0, gz.length - 10));
  await rejectsData(readIdxFile(cut), /cut\.idx\.gz: starts as a gzip file but does not gunzip/);
  // A header that lies about the size, inside the gzip stream, is still caught and named.
  const lie = join(dir, 'lie.idx.gz');
  writeFileSync(lie, gzipSync(idx(8, [3, 3, 4], body)));
  await rejectsData(readIdxFile(lie), /lie\.idx\.gz: is cut short: its header says 3 × 3 × 4 values/);
  await rejectsData(readIdxFile(join(dir, 'nowhere.idx')), /no such file/);
});

test('an image folder: classes sorted, gray by default, RGB when an image is in colour or when asked', async () => {
  const root = folder('shapes', {
    'zebra/b.png': gray(3, 2, (i) => i * 40),
    'zebra/a.png': gray(3, 2, () => 255),
    'apple/x.png': gray(3, 2, () => 0),
    'apple/.DS_Store': 'ignored',
  });
  const set = await readImageFolder(root);
  assert.deepEqual(set.classes, ['apple', 'zebra']);
  assert.deepEqual([...set.shape], [2, 3, 1]);
  assert.deepEqual(set.names, ['shapes/apple/x.png', 'shapes/zebra/a.png', 'shapes/zebra/b.png']);
  assert.deepEqual(Array.from(set.labels), [0, 1, 1]);
  assert.deepEqual(Array.from(set.pixels.subarray(12, 18)), [0, 40, 80, 120, 160, 200]);
  assert.equal(set.maxValue, 255);
  const rgb = await readImageFolder(root, { channels: 3 });
  assert.deepEqual([...rgb.shape], [2, 3, 3]);
  assert.deepEqual(Array.from(rgb.pixels.subarray(36, 42)), [0, 0, 0, 40, 40, 40]);

  // One RGBA image makes the folder RGB; alpha is composited onto black; luminance when gray is asked.
  const color = encode({ width: 1, height: 2, channels: 4, data: Uint8Array.from([200, 100, 50, 255, 200, 100, 50, 0]) });
  const mixed = folder('mixed', { 'a/1.png': gray(1, 2, () => 9), 'b/2.png': color });
  const read = await readImageFolder(mixed);
  assert.deepEqual([...read.shape], [2, 1, 3]);
  assert.deepEqual(Array.from(read.pixels.subarray(6)), [200, 100, 50, 0, 0, 0]);
  const asGray = await readImageFolder(mixed, { channels: 1 });
  assert.deepEqual(Array.from(asGray.pixels.subarray(2)), [Math.round(0.299 * 200 + 0.587 * 100 + 0.114 * 50), 0]);
});

test('PNG decoding: 16-bit, gray with alpha, 1-bit gray and palette images all come out as 8-bit values', () => {
  const sixteen = encode({ width: 2, height: 1, channels: 1, depth: 16, data: Uint16Array.from([65535, 257 * 100]) });
  assert.deepEqual(Array.from(decodePng(sixteen, 'a.png', 1).pixels), [255, 100]);
  const grayAlpha = encode({ width: 2, height: 1, channels: 2, data: Uint8Array.from([200, 255, 200, 51]) });
  assert.deepEqual(Array.from(decodePng(grayAlpha, 'b.png', 1).pixels), [200, 40]);
  // 1-bit gray, 10 pixels wide: two bytes per row, the last 6 bits padding.
  const bits = rawPng(10, 1, 1, 0, [[0b10110000, 0b01000000]]);
  assert.deepEqual(Array.from(decodePng(bits, 'c.png', 1).pixels), [255, 0, 255, 255, 0, 0, 0, 0, 0, 255]);
  // A palette of two colours, 2 bits per index.
  const palette = rawPng(3, 1, 2, 3, [[0b00010100]], [['PLTE', Uint8Array.from([10, 20, 30, 250, 0, 0])]]);
  assert.deepEqual(Array.from(decodePng(palette, 'd.png', 3).pixels), [10, 20, 30, 250, 0, 0, 250, 0, 0]);
});

test('the bad inputs of an image folder, each named', async () => {
  const png = gray(4, 4, () => 7);
  await rejectsData(readImageFolder(folder('empty', {})), /empty has no class folders/);
  await rejectsData(readImageFolder(folder('one-class', { 'only/a.png': png })), /one class folder \(only\)/);
  await rejectsData(readImageFolder(folder('no-images', { 'a/1.png': png, 'b/.hidden': 'x', 'c/2.png': png })), /class folder no-images\/b has no images/);
  await rejectsData(readImageFolder(folder('not-png', { 'a/1.png': png, 'b/notes.png': 'hello, I am text' })), /not-png\/b\/notes\.png: is not a PNG image/);
  await rejectsData(
    readImageFolder(folder('sizes', { 'a/1.png': png, 'a/2.png': png, 'b/3.png': gray(5, 4, () => 0) })),
    /mixed sizes: sizes\/a\/1\.png is 4×4 but sizes\/b\/3\.png is 5×4/,
  );
  await rejectsData(readImageFolder(folder('nested', { 'a/1.png': png, 'b/deeper': null })), /nested\/b\/deeper is a folder/);
  // A header promising 50,000 × 50,000 pixels: refused from its 33 bytes, nothing decoded or allocated.
  const huge = rawPng(50_000, 50_000, 8, 0, []);
  await rejectsData(
    readImageFolder(folder('huge', { 'a/1.png': png, 'b/big.png': huge })),
    /huge\/b\/big\.png: its header says 50000×50000 pixels.*refused before decoding/,
  );
  // A small header over a stream that inflates far past it (a decompression bomb).
  const bomb = rawPng(
    4,
    4,
    8,
    0,
    Array.from({ length: 100_000 }, () => [0, 0, 0, 0]),
  );
  await rejectsData(readImageFolder(folder('bomb', { 'a/1.png': png, 'b/bomb.png': bomb })), /bomb\.png: its image data inflates to more than/);
  const cut = Buffer.from(png).subarray(0, 40);
  await rejectsData(readImageFolder(folder('cut', { 'a/1.png': png, 'b/cut.png': cut })), /cut\.png: is cut short/);
});

test('PNG images to predict must have the model size', async () => {
  const path = join(dir, 'three.png');
  writeFileSync(
    path,
    gray(3, 3, (i) => i),
  );
  const images = await readPngImages([path], [3, 3, 1]);
  assert.equal(images.count, 1);
  assert.deepEqual(images.names, ['three.png']);
  await rejectsData(readPngImages([path], [4, 4, 1]), /three\.png is 3×3; the model reads images of 4×4/);
});
