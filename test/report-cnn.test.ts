// The training report's pictures of a CNN: the PNG encoder, the feature maps and filters as numbers and
// pixels, the report's sections, and `neurite train --report` on an IDX pair, for a CNN and a dense network.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decode } from 'fast-png';
import { createOptimizer, isNeuriteError, Network, parseModel, type NetworkSpec } from '../src/index.js';
import { shapesImages } from '../src/data/index.js';
import { COLORS } from '../src/report/charts.js';
import { convPictures, MAX_PICTURES } from '../src/report/conv-sections.js';
import { featureMaps, firstFilters, mapPixels, startsWithConv, weightColor, type FeatureMap } from '../src/report/feature-maps.js';
import { base64, encodePng } from '../src/report/png.js';
import { writeReport, type ReportInput } from '../src/report/report.js';
import { neurite, workdir, neuriteOk } from './helpers/cli.js';
import { idx } from './helpers/idx.js';

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;

test('encodePng writes PNG files a decoder reads back pixel for pixel: gray, RGB, and more than one stored block', () => {
  const cases: [number, number, 1 | 3][] = [
    [5, 3, 1],
    [4, 2, 3],
    [300, 300, 1], // 90,300 bytes of scanlines: two stored deflate blocks
  ];
  for (const [width, height, channels] of cases) {
    const pixels = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37 + (i >> 3)) & 255);
    const png = decode(encodePng(width, height, channels, pixels));
    assert.deepEqual([png.width, png.height, png.channels, png.depth], [width, height, channels, 8]);
    assert.deepEqual(Array.from(png.data), Array.from(pixels), `${width}×${height}×${channels}`);
  }
  assert.throws(
    () => encodePng(2, 2, 1, [1, 2, 3]),
    (e: unknown) => isNeuriteError(e) && e.code === 'INVALID_ARGUMENT' && /needs 4 values, got 3/.test(e.message),
  );
  for (let n = 0; n < 8; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => 250 - 31 * i);
    assert.equal(base64(bytes), Buffer.from(bytes).toString('base64'));
  }
});

const CNN: NetworkSpec = {
  inputShape: [6, 6, 1],
  seed: 4,
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' },
    { type: 'maxPool2d', poolSize: 2 },
    { type: 'avgPool2d', poolSize: 3 },
    { type: 'flatten' },
    { units: 2, activation: 'softmax' },
  ],
};
const sample = Array.from({ length: 36 }, (_, i) => ((i * 7) % 11) / 10);
const at = (map: FeatureMap, y: number, x: number, c: number) => map.values[(y * map.shape[1] + x) * map.shape[2] + c]!;

test('featureMaps: the input, then each conv and pool output in order, each the layer applied to the one before', () => {
  const network = Network.create(CNN);
  assert.equal(startsWithConv(network), true);
  const trace = featureMaps(network, sample)!;
  assert.deepEqual(
    trace.maps.map((m) => [m.layer, m.type, m.shape]),
    [
      [-1, 'input', [6, 6, 1]],
      [0, 'conv2d', [6, 6, 3]],
      [1, 'maxPool2d', [3, 3, 3]],
      [2, 'avgPool2d', [1, 1, 3]],
    ],
  );
  const [input, conv, max, avg] = trace.maps as [FeatureMap, FeatureMap, FeatureMap, FeatureMap];
  assert.deepEqual(input.values, Array.from(Float32Array.from(sample)));
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 3; x++) {
        const window = [at(conv, 2 * y, 2 * x, c), at(conv, 2 * y, 2 * x + 1, c), at(conv, 2 * y + 1, 2 * x, c), at(conv, 2 * y + 1, 2 * x + 1, c)];
        assert.equal(at(max, y, x, c), Math.max(...window));
      }
    }
    let sum = 0;
    for (let p = 0; p < 9; p++) sum += max.values[p * 3 + c]!;
    assert.ok(Math.abs(at(avg, 0, 0, c) - sum / 9) < 1e-6);
  }
  assert.deepEqual(trace.output, network.predict(sample));

  const dense = Network.create({ inputs: 4, layers: [{ units: 3 }, { units: 2, activation: 'softmax' }], seed: 1 });
  assert.equal(startsWithConv(dense), false);
  assert.equal(featureMaps(dense, [1, 2, 3, 4]), null);
  assert.equal(firstFilters(dense), null);
  assert.equal(convPictures(dense, { values: [1, 2, 3, 4], name: 'row 1' }), null);
});

test('mapPixels scales a whole layer from its smallest value (black) to its largest (white); weightColor diverges from white', () => {
  const map: FeatureMap = { layer: 0, type: 'conv2d', shape: [1, 2, 2], values: [-1, 0, 3, 1] };
  assert.deepEqual(Array.from(mapPixels(map, 0)), [0, 255]);
  assert.deepEqual(Array.from(mapPixels(map, 1)), [64, 128]);
  assert.deepEqual(Array.from(mapPixels({ ...map, values: [2, 2, 2, 2] }, 1)), [0, 0]);
  const hex = (c: number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  assert.equal(hex(weightColor(0, 2)), '#ffffff');
  assert.equal(hex(weightColor(2, 2)), COLORS.positive);
  assert.equal(hex(weightColor(-5, 2)), COLORS.negative, 'beyond the scale: the full colour');
  assert.equal(hex(weightColor(1, 0)), '#ffffff', 'an all-zero filter is white');
});

function cnnReport(spec: NetworkSpec): { html: string; network: Network } {
  const network = Network.create(spec);
  const values = Array.from({ length: network.inputSize }, (_, i) => sample[i % sample.length]!);
  const convolution = convPictures(network, { values, name: 'image 1 (test split)', label: 'a' }, ['a', 'b'])!;
  const input: ReportInput = { history: [], architecture: { inputs: [], layers: [] }, settings: {}, convolution };
  return { html: writeReport(input), network };
}

test('the report draws every first-layer filter with each weight, and one image per channel of each map', () => {
  const { html, network } = cnnReport(CNN);
  assert.equal(count(html, /<figure class="filter"/g), 3);
  // 3 filters × 3 × 3 weights × 1 channel, each a cell with its value.
  assert.equal(count(html, /<title>w\[f=\d,ky=\d,kx=\d,c=0\] = /g), 27);
  const w = (network.layers[0] as unknown as { weights: Float32Array }).weights;
  assert.ok(html.includes(`w[f=2,ky=1,kx=0,c=0] = ${Number(w[2 * 9 + 3]!.toFixed(4))}`));
  assert.deepEqual(
    [...html.matchAll(/<figure class="feature-maps" data-layer="(-?\d+)" data-type="(\w+)" data-channels="(\d+)">/g)].map((m) => m.slice(1).join(' ')),
    ['-1 input 1', '0 conv2d 3', '1 maxPool2d 3', '2 avgPool2d 3'],
  );
  assert.equal(count(html, /<img class="feature-map"/g), 1 + 3 + 3 + 3);
  assert.match(html, /One sample through the network: image 1 \(test split\), class a; predicted [ab] \(p = /);
  assert.match(html, /img-src data:/);
  // The images are the maps' pixels.
  const uris = [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]!);
  const maps = featureMaps(network, sample)!.maps;
  const conv1 = decode(Buffer.from(uris[1 + 1]!, 'base64'));
  assert.deepEqual(Array.from(conv1.data), Array.from(mapPixels(maps[1]!, 1)));

  // A wide layer draws its first 64 filters and channels, and says so.
  const wide = cnnReport({ inputShape: [4, 4, 2], seed: 1, layers: [{ type: 'conv2d', filters: 70, kernelSize: 1 }, { type: 'flatten' }, { units: 2 }] }).html;
  assert.equal(count(wide, /<figure class="filter"/g), MAX_PICTURES);
  assert.match(wide, /The first 64 of 70 are drawn/);
  assert.match(wide, /Layer 1: conv2d → 4 × 4 × 70 \(the first 64 of 70 channels\)/);
  assert.equal(count(wide, /<title>w\[f=0,ky=0,kx=0,c=\d\]/g), 2, 'both input channels of a filter, side by side');
});

// The command line: an IDX pair of 10 × 10 shapes, as test/images-cli.test.ts writes it.
const dir = mkdtempSync(join(tmpdir(), 'neurite-report-cnn-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const SIZE = 10;
const set = shapesImages({ count: 120, size: SIZE, seed: 11 });
writeFileSync(join(dir, 'images.idx'), idx(8, [set.count, SIZE, SIZE], set.pixels as Uint8Array));
writeFileSync(join(dir, 'labels.idx.gz'), gzipSync(idx(8, [set.count], Uint8Array.from(set.labels))));

const ok = (args: string[]): string => neuriteOk(args, dir);

test('neurite train --report on images: a CNN gets its filters and feature maps (the default image network: exactly when it is one)', () => {
  // The image network `neurite train` builds today, and a checkpoint of it after one epoch.
  ok(['train', 'images.idx', '--labels', 'labels.idx.gz', '--epochs', '1', '--checkpoint-every', '1', '-o', 'first.json', '--report', 'first.html']);
  const first = readFileSync(join(dir, 'first.html'), 'utf8');
  // Pictures exactly when that network starts with a convolution.
  const conv = parseModel(readFileSync(join(dir, 'first.json'), 'utf8')).network.layers[0]!.type === 'conv2d';
  assert.equal(count(first, /<section class="conv-filters">/g), conv ? 1 : 0);
  assert.equal(count(first, /<section class="conv-maps">/g), conv ? 1 : 0);
  // Its architecture is every layer, not a diagram of 100 pixel inputs.
  assert.match(first, /<section><h2>Architecture<\/h2><p>Input \[10, 10, 1\] → \d+ layers \(\d+ parameters\)/);

  // A CNN: the same run resumed from that checkpoint with a CNN in it (fresh weights, optimizer state and history).
  const checkpoint = JSON.parse(readFileSync(join(dir, 'first.checkpoint.json'), 'utf8'));
  const cnn = Network.create({
    inputShape: [SIZE, SIZE, 1],
    seed: 3,
    dtype: 'float32',
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 6, kernelSize: 2, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { units: 4, activation: 'softmax' },
    ],
  });
  checkpoint.model.network = cnn.toJSON();
  checkpoint.optimizer.state = createOptimizer(checkpoint.optimizer.spec.name, checkpoint.optimizer.spec).getState();
  Object.assign(checkpoint, { epoch: 0, history: [], earlyStopping: null });
  writeFileSync(join(dir, 'cnn.checkpoint.json'), JSON.stringify(checkpoint));
  ok(['train', 'images.idx', '--labels', 'labels.idx.gz', '--resume', 'cnn.checkpoint.json', '--epochs', '4', '-o', 'cnn.json', '--report', 'cnn.html']);
  const html = readFileSync(join(dir, 'cnn.html'), 'utf8');
  assert.match(html, /<h2>First-layer filters<\/h2><p>The 4 filters of layer 1 \(conv2d\), each 3 × 3:/);
  assert.equal(count(html, /<figure class="filter"/g), 4);
  assert.equal(count(html, /<title>w\[f=\d,ky=\d,kx=\d,c=0\]/g), 4 * 9);
  assert.deepEqual(
    [...html.matchAll(/<figure class="feature-maps" data-layer="(-?\d+)" data-type="\w+" data-channels="(\d+)">/g)].map((m) => `${m[1]}:${m[2]}`),
    ['-1:1', '0:4', '1:4', '2:6', '3:6'],
  );
  assert.equal(count(html, /<img class="feature-map"/g), 1 + 4 + 4 + 6 + 6);
  assert.match(html, /<td>conv2d<\/td><td>4 filters 3 × 3, stride 1 × 1, valid, relu<\/td><td>\[8, 8, 4\]<\/td><td class="num">40<\/td>/);
  // The sample is a held-out image; its maps in the file are the saved model's, pixel for pixel.
  const [, number, label] = html.match(/One sample through the network: image (\d+) \(test split\), class (\w+); predicted \w+ \(p = /)!;
  const i = Number(number) - 1;
  assert.equal(label, String(set.labels[i]));
  const model = parseModel(readFileSync(join(dir, 'cnn.json'), 'utf8'));
  const pixels = Array.from((set.pixels as Uint8Array).subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE), (v) => v / 255);
  const maps = featureMaps(model.network, pixels)!.maps;
  const uris = [...html.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) => m[1]!);
  const layer3 = decode(Buffer.from(uris[1 + 4 + 4 + 5]!, 'base64')); // the second conv's last channel
  assert.deepEqual([layer3.width, layer3.height], [3, 3]);
  assert.deepEqual(Array.from(layer3.data), Array.from(mapPixels(maps[3]!, 5)));
  assert.ok(!/<th scope="row">hidden<\/th>/.test(html), "the table's hidden-layer setting is left out for a CNN");
});

test("a dense network's report (neurite train on a CSV file) has no filters or feature maps, and its diagram as before", () => {
  const csvDir = workdir('iris.csv');
  try {
    const run = neurite(['train', 'iris.csv', '--target', 'species', '--epochs', '3', '--dropout', '0.1', '--report', 'report.html'], csvDir);
    assert.equal(run.status, 0, run.stderr);
    const html = readFileSync(join(csvDir, 'report.html'), 'utf8');
    assert.equal(count(html, /conv-filters|conv-maps|feature-map|<img /g), 0);
    assert.match(html, /class="chart network-diagram"/);
    assert.match(html, /<th scope="row">hidden<\/th><td>32,16<\/td>/);
  } finally {
    rmSync(csvDir, { recursive: true, force: true });
  }
});
