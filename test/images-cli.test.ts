// The command line on image sources, as a user runs it: a generated IDX pair, a folder of PNG images and a
// CSV file of pixel rows, each through train → predict → evaluate → inspect, and the bad command lines.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { encode } from 'fast-png';
import { parseModel } from '../src/index.js';
import { shapesImages } from '../src/data/index.js';
import { neurite, neuriteOk } from './helpers/cli.js';
import { idx } from './helpers/idx.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-images-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 10;
const set = shapesImages({ count: 120, size: SIZE, seed: 11 });
const pixels = set.pixels as Uint8Array;
const pixelsOf = (i: number) => pixels.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE);

// The IDX pair as MNIST ships it: images raw, labels gzipped (either may be either).
writeFileSync(join(dir, 'images.idx'), idx(8, [set.count, SIZE, SIZE], pixels));
writeFileSync(join(dir, 'labels.idx.gz'), gzipSync(idx(8, [set.count], Uint8Array.from(set.labels))));
// The same images as a folder of PNG files, and as CSV rows of pixel values.
for (let i = 0; i < 48; i++) {
  const path = join(dir, 'pngs', set.classes[set.labels[i]!]!);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, `${i}.png`), encode({ width: SIZE, height: SIZE, channels: 1, data: pixelsOf(i) }));
}
writeFileSync(join(dir, 'one.png'), encode({ width: SIZE, height: SIZE, channels: 1, data: pixelsOf(1) }));
const header = [...Array.from({ length: SIZE * SIZE }, (_, i) => `px${i}`), 'shape'].join(',');
const rows = Array.from({ length: set.count }, (_, i) => [...pixelsOf(i), set.classes[set.labels[i]!]].join(','));
writeFileSync(join(dir, 'pixels.csv'), [header, ...rows].join('\n') + '\n');

const ok = (args: string[]): string => neuriteOk(args, dir);

test('an IDX pair: train → predict (one line per image) → evaluate → inspect', () => {
  const trained = ok(['train', 'images.idx', '--labels', 'labels.idx.gz', '--epochs', '15', '--seed', '2', '-o', 'idx.json', '--json']);
  const events = trained
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(events.find((e) => e['event'] === 'images')?.['shape'], [SIZE, SIZE, 1]);
  const model = parseModel(readFileSync(join(dir, 'idx.json'), 'utf8'));
  assert.deepEqual(model.preprocessing.image, { name: 'image', kind: 'image', shape: [SIZE, SIZE, 1], offset: 0, scale: 255 });
  assert.deepEqual(model.classes, ['0', '1', '2', '3']);
  assert.deepEqual([...model.network.inputShape], [SIZE, SIZE, 1]);

  const lines = ok(['predict', 'idx.json', 'images.idx']).trim().split('\n');
  assert.equal(lines[0], 'image,predicted_label,p_0,p_1,p_2,p_3');
  assert.equal(lines.length, set.count + 1);
  assert.match(lines[1]!, /^1,[0-3],/);
  const probabilities = lines[1]!.split(',').slice(2).map(Number);
  assert.ok(Math.abs(probabilities.reduce((a, b) => a + b) - 1) < 1e-5);

  const evaluated = JSON.parse(ok(['evaluate', 'idx.json', 'images.idx', '--labels', 'labels.idx.gz', '--json'])) as {
    rows: number;
    accuracy: number;
    confusion: { matrix: number[][] };
  };
  assert.equal(evaluated.rows, set.count);
  // Mostly the images it trained on; chance is 0.25.
  assert.ok(evaluated.accuracy > 0.5, `accuracy ${evaluated.accuracy}`);
  assert.equal(
    evaluated.confusion.matrix.flat().reduce((a, b) => a + b),
    set.count,
  );
  assert.match(ok(['evaluate', 'idx.json', 'images.idx', '--labels', 'labels.idx.gz']), /images\.idx: 120 images .*accuracy[\s\S]*confusion matrix/);

  const inspected = ok(['inspect', 'idx.json']);
  assert.match(inspected, /input {7}\[10, 10, 1\] per sample/);
  assert.match(inspected, /image: \[10, 10, 1\] pixels \(height, width, channels\), each \(x − 0\) \/ 255/);
});

test('a folder of PNG images: train → predict one PNG (class and probabilities) → evaluate the folder', () => {
  ok(['train', 'pngs', '--epochs', '20', '--seed', '1', '-o', 'png.json']);
  const model = parseModel(readFileSync(join(dir, 'png.json'), 'utf8'));
  assert.deepEqual(model.classes, ['circle', 'cross', 'square', 'triangle']);
  assert.equal(model.target, 'label');
  const [head, line] = ok(['predict', 'png.json', 'one.png']).trim().split('\n');
  assert.equal(head, 'image,predicted_label,p_circle,p_cross,p_square,p_triangle');
  assert.match(line!, /^one\.png,(circle|cross|square|triangle),/);
  const json = JSON.parse(ok(['predict', 'png.json', 'one.png', '--json'])) as { image: string; predicted: string; probabilities: Record<string, number> };
  assert.equal(json.image, 'one.png');
  assert.deepEqual(Object.keys(json.probabilities), model.classes);
  // The CLI's probabilities are the library's on the same raw pixels.
  const library = model.predictImages({ shape: [SIZE, SIZE, 1], count: 1, pixels: pixelsOf(1), maxValue: 255 })[0]!;
  assert.equal(json.predicted, library.label);
  for (const [name, p] of Object.entries(library.probabilities)) assert.ok(Math.abs(json.probabilities[name]! - p) < 1e-6);

  const evaluated = JSON.parse(ok(['evaluate', 'png.json', 'pngs', '--json'])) as { rows: number; accuracy: number };
  assert.equal(evaluated.rows, 48);
  assert.ok(evaluated.accuracy > 0.5, `accuracy ${evaluated.accuracy}`);
  // RGB on request: the model then takes three channels.
  ok(['train', 'pngs', '--channels', '3', '--epochs', '1', '-o', 'rgb.json']);
  assert.deepEqual(parseModel(readFileSync(join(dir, 'rgb.json'), 'utf8')).preprocessing.image?.shape, [SIZE, SIZE, 3]);
  assert.match(ok(['predict', 'rgb.json', 'one.png']), /^image,/);
});

test('CSV pixel rows with --image: train → predict → evaluate, the label column named by --target', () => {
  ok(['train', 'pixels.csv', '--image', `${SIZE}x${SIZE}x1`, '--target', 'shape', '--epochs', '15', '-o', 'csv.json']);
  const model = parseModel(readFileSync(join(dir, 'csv.json'), 'utf8'));
  assert.equal(model.target, 'shape');
  assert.equal(model.preprocessing.image?.scale, 255);
  const lines = ok(['predict', 'csv.json', 'pixels.csv']).trim().split('\n');
  assert.equal(lines[0], 'image,predicted_shape,p_circle,p_cross,p_square,p_triangle');
  assert.equal(lines.length, set.count + 1);
  const evaluated = JSON.parse(ok(['evaluate', 'csv.json', 'pixels.csv', '--json'])) as { rows: number; accuracy: number };
  assert.equal(evaluated.rows, set.count);
  assert.ok(evaluated.accuracy > 0.5, `accuracy ${evaluated.accuracy}`);
});

test('image command lines that cannot work say what to add', () => {
  const cases: [string[], number, RegExp][] = [
    [['train', 'images.idx'], 2, /images\.idx is an IDX file: give the labels .*--labels/],
    [['train', 'pixels.csv'], 2, /read as CSV: give --target/],
    [['train', 'pixels.csv', '--target', 'shape', '--image', '3x3x1'], 1, /pixels\.csv has 100 pixel column\(s\) besides "shape"; images of 3x3x1 need 9/],
    [['train', 'pixels.csv', '--target', 'shape', '--image', 'big'], 2, /HEIGHTxWIDTHxCHANNELS/],
    [['train', 'one.png'], 2, /one PNG image; to learn from images give a folder/],
    [['train', 'images.idx', '--labels', 'images.idx'], 1, /images\.idx: labels are one value per image/],
    [['train', 'pngs', '--channels', '2'], 2, /--channels/],
  ];
  for (const [args, status, pattern] of cases) {
    const run = neurite(args, dir);
    assert.equal(run.status, status, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, pattern, args.join(' '));
  }
});
