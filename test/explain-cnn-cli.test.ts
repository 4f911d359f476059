// neurite explain on a CNN model file, as a user runs it: a small conv → batch norm → max pool → conv → avg pool
// → dense network trained here on generated shapes, then explained on an IDX pair, a PNG image and CSV pixel
// rows, in text, JSON and Markdown, with --weight; and the bad command lines.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { encode } from 'fast-png';
import { Model, Network, fit, serializeModel } from '../src/index.js';
import { Preprocessor, shapesImages } from '../src/data/index.js';
import type { LayerExplainTrace } from '../src/explain/index.js';
import { neurite, neuriteOk } from './helpers/cli.js';
import { idx } from './helpers/idx.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-explain-cnn-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 10;
// The IDX labels are numbers, so the model's classes are their names '0' … '3'.
const set = { ...shapesImages({ count: 60, size: SIZE, seed: 4 }), classes: ['0', '1', '2', '3'] };
const pixels = set.pixels as Uint8Array;
const pixelsOf = (i: number) => pixels.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE);

before(async () => {
  const preprocessing = Preprocessor.forImages(set);
  const network = Network.create({
    inputShape: [SIZE, SIZE, 1],
    seed: 2,
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 6, kernelSize: 3, strides: 2, padding: 'same' },
      { type: 'avgPool2d', poolSize: 2, padding: 'same' },
      { type: 'flatten' },
      { units: set.classes.length, activation: 'softmax' },
    ],
  });
  await fit(network, preprocessing.transformImages(set), preprocessing.transformImageTargets(set), {
    epochs: 3,
    batchSize: 16,
    loss: 'categorical_cross_entropy',
    optimizer: { name: 'adam', learningRate: 0.01 },
  });
  writeFileSync(join(dir, 'cnn.json'), serializeModel(new Model({ network, preprocessing })));
  writeFileSync(join(dir, 'images.idx'), idx(8, [set.count, SIZE, SIZE], pixels));
  writeFileSync(join(dir, 'labels.idx'), idx(8, [set.count], Uint8Array.from(set.labels)));
  writeFileSync(join(dir, 'one.png'), encode({ width: SIZE, height: SIZE, channels: 1, data: pixelsOf(4) }));
  const header = [...Array.from({ length: SIZE * SIZE }, (_, i) => `px${i}`), 'label'].join(',');
  const rows = Array.from({ length: 5 }, (_, i) => [...pixelsOf(i), set.classes[set.labels[i]!]].join(','));
  writeFileSync(join(dir, 'pixels.csv'), [header, ...rows].join('\n') + '\n');
});

const ok = (args: string[]): string => neuriteOk(args, dir);

function fails(args: string[], message: RegExp): void {
  const run = neurite(args, dir);
  assert.notEqual(run.status, 0, `neurite ${args.join(' ')} should fail`);
  assert.match(run.stderr, message);
}

test('an IDX pair with --index: the layers, their maps, the prediction and a conv weight’s chain-rule sum', () => {
  const text = ok(['explain', 'cnn.json', 'images.idx', '--labels', 'labels.idx', '--index', '3', '--weight', 'conv1[f=3,ky=1,kx=2,c=0]', '--top', '4']);
  assert.match(text, /sample {3}image 3 of images\.idx, scaled x \/ 255; target label = (\d), the image's label/);
  assert.equal(/target label = (\d)/.exec(text)![1], set.classes[set.labels[2]!]);
  for (const layer of [
    'conv1 (conv2d)  [10, 10, 1] → [10, 10, 4]',
    'batchNorm1 (batchNorm)',
    'maxPool1 (maxPool2d)',
    'conv2 (conv2d)',
    'avgPool1 (avgPool2d)',
    'dense1 (dense)',
  ]) {
    assert.ok(text.includes(layer), layer);
  }
  assert.match(text, /inference mode: batch norm uses its running statistics/);
  assert.match(text, /Parameter conv1\[f=3,ky=1,kx=2,c=0\] = -?\d/);
  assert.match(text, /100 terms/);
  assert.match(text, /the 4 largest, largest first/);
  assert.match(text, /batchNorm1 \(inference: running statistics are constants\)/); // where conv1's ∂L/∂z came from
  assert.match(text, /total Σ = \S+ {3}the library's gradient = \S+ {3}difference \S+: they agree/);
  assert.doesNotMatch(text, /Warnings/);
});

test('one PNG image, JSON: the target is the predicted class; the sum agrees with the library', () => {
  const json = JSON.parse(ok(['explain', 'cnn.json', 'one.png', '--format', 'json', '--weight', 'conv2.bias[f=0]'])) as LayerExplainTrace & {
    source: { images: string; index: number; target: { value: string; from: string } };
  };
  assert.equal(json.format, 'neurite-explain-layers');
  assert.equal(json.source.images, 'one.png');
  assert.equal(json.source.target.from, 'prediction');
  assert.equal(json.source.target.value, json.outputNames![json.predicted.index]);
  assert.equal(json.weight!.name, 'conv2.bias[f=0]');
  assert.equal(json.weight!.terms, 9); // conv2's 3 × 3 output positions
  assert.ok(json.weight!.agrees);
  assert.ok(Math.abs(json.weight!.total - json.weight!.library) <= 1e-4 * Math.max(1e-6, Math.abs(json.weight!.library)));
  assert.equal(json.layers[0]!.output.channels!.length, 4);
  assert.equal(json.input.channels![0]!.shade.length, SIZE);
});

test('CSV pixel rows with --image and --index, Markdown; batch norm’s γ', () => {
  const markdown = ok(['explain', 'cnn.json', 'pixels.csv', '--image', '10x10x1', '--index', '2', '--format', 'markdown', '--weight', 'batchNorm1.gamma[c=1]']);
  assert.match(markdown, /^# neurite explain: image 2 of pixels\.csv/);
  assert.match(markdown, /## Layers/);
  assert.match(markdown, /## Parameter `batchNorm1\.gamma\[c=1\]`/);
  assert.match(markdown, /inference mode: x̂ uses the running statistics/);
  assert.match(markdown, /they agree/);
  // The row's own label is the target.
  assert.ok(markdown.includes(`target label = ${set.classes[set.labels[1]!]}, the image's label`));
});

test('a CNN without --weight: the trace alone; a dense weight by the seed’s numbering', () => {
  const text = ok(['explain', 'cnn.json', 'images.idx', '--labels', 'labels.idx']);
  assert.match(text, /Layers/);
  assert.doesNotMatch(text, /^Parameter/m);
  const dense = ok(['explain', 'cnn.json', 'images.idx', '--labels', 'labels.idx', '--weight', 'w5']);
  assert.match(dense, /Parameter dense1\[j=0,i=4\] \(the seed's w5\)/);
  assert.match(dense, /from the loss, fused with softmax/);
});

test('bad command lines: a weight that does not exist, an index out of range, a wrong --image, --labels with a PNG', () => {
  fails(
    ['explain', 'cnn.json', 'images.idx', '--labels', 'labels.idx', '--weight', 'conv3[f=0,ky=0,kx=0,c=0]'],
    /there is no layer conv3.*conv1\[f=0\.\.3,ky=0\.\.2,kx=0\.\.2,c=0\.\.0\]/,
  );
  fails(['explain', 'cnn.json', 'images.idx', '--labels', 'labels.idx', '--weight', 'conv2[f=6,ky=0,kx=0,c=0]'], /f=6 is out of range 0\.\.5/);
  fails(['explain', 'cnn.json', 'images.idx', '--labels', 'labels.idx', '--index', '61'], /--index 61 is outside images\.idx, which has 60 image\(s\)/);
  fails(['explain', 'cnn.json', 'pixels.csv', '--image', '8x8x1'], /--image 8x8x1 is not the model's image shape 10x10x1/);
  fails(['explain', 'cnn.json', 'one.png', '--labels', 'labels.idx'], /--labels goes with an IDX images file/);
  fails(['explain', 'cnn.json'], /needs an image/);
  fails(['explain', 'cnn.json', 'one.png', '--input', '1,2'], /reads images/);
  fails(['explain', '--weight', 'w1'], /need a model file/);
});
