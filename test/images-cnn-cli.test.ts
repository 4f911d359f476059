// `neurite train` on images builds the default CNN (or the network --network names or gives whole) with the
// image training defaults, and the model goes on through predict and export, as a user runs them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseModel } from '../src/index.js';
import { shapesImages } from '../src/data/index.js';
import { IMAGE_TRAIN_DEFAULTS } from '../src/model/train-image-model.js';
import { neurite, neuriteOk } from './helpers/cli.js';
import { idx } from './helpers/idx.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-cnn-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SIZE = 16;
const set = shapesImages({ count: 160, size: SIZE, seed: 4 });

writeFileSync(join(dir, 'images.idx'), idx(8, [set.count, SIZE, SIZE], set.pixels as Uint8Array));
writeFileSync(join(dir, 'labels.idx'), idx(8, [set.count], Uint8Array.from(set.labels)));

const ok = (args: string[]): string => neuriteOk(args, dir);

test('an IDX pair with no network flags: the default CNN, the image defaults → predict → export', () => {
  const events = ok(['train', 'images.idx', '--labels', 'labels.idx', '--epochs', '12', '--seed', '3', '-o', 'cnn.json', '--json'])
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const model = parseModel(readFileSync(join(dir, 'cnn.json'), 'utf8'));
  assert.deepEqual(
    model.network.layers.map((layer) => layer.type),
    ['conv2d', 'maxPool2d', 'conv2d', 'maxPool2d', 'flatten', 'dense', 'dropout', 'dense'],
  );
  // The image defaults, not a table's: Adam from 0.002 on a cosine, batches of 64, no validation split.
  assert.equal(model.training.batchSize, IMAGE_TRAIN_DEFAULTS.batchSize);
  assert.equal(model.training.learningRate, 0.002);
  const epochs = events.filter((e) => e['event'] === 'epoch');
  assert.equal(epochs.length, 12);
  const first = epochs[0]!['learningRate'] as number; // the rate of the epoch's last step
  assert.ok(first < 0.002 && first > 0.0019, `first epoch's rate ${first}`);
  assert.ok((epochs.at(-1)!['learningRate'] as number) < 0.0002, 'the cosine has nearly reached 0 by the last epoch');
  assert.equal(epochs[0]!['valLoss'], undefined);

  const lines = ok(['predict', 'cnn.json', 'images.idx']).trim().split('\n');
  assert.equal(lines[0], 'image,predicted_label,p_0,p_1,p_2,p_3');
  assert.equal(lines.length, set.count + 1);
  const right = lines.slice(1).filter((line, i) => line.split(',')[1] === String(set.labels[i])).length;
  assert.ok(right / set.count > 0.5, `${right} of ${set.count} right (chance: a quarter)`);

  const exported = neurite(['export', 'cnn.json', '-o', 'cnn.onnx'], dir);
  assert.equal(exported.status, 0, exported.stderr);
  const onnx = readFileSync(join(dir, 'cnn.onnx'));
  assert.ok(onnx.length > 4 * 4640, `${onnx.length} bytes hold the conv weights`);
});

test('--network cnn-bn, dense or a JSON file of layers; a bad --network says what it takes', () => {
  ok(['train', 'images.idx', '--labels', 'labels.idx', '--network', 'cnn-bn', '--epochs', '1', '-o', 'bn.json']);
  const bn = parseModel(readFileSync(join(dir, 'bn.json'), 'utf8'));
  assert.equal(bn.network.layers.filter((layer) => layer.type === 'batchNorm').length, 2);
  ok(['train', 'images.idx', '--labels', 'labels.idx', '--network', 'dense', '--epochs', '1', '-o', 'dense.json']);
  assert.deepEqual(
    parseModel(readFileSync(join(dir, 'dense.json'), 'utf8')).network.layers.map((layer) => layer.type),
    ['flatten', 'dense', 'dense'],
  );
  const layers = [{ type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' }, { type: 'globalAvgPool2d' }, { units: 4, activation: 'softmax' }];
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ layers }));
  ok(['train', 'images.idx', '--labels', 'labels.idx', '--network', 'spec.json', '--epochs', '1', '-o', 'spec-model.json']);
  assert.deepEqual(
    parseModel(readFileSync(join(dir, 'spec-model.json'), 'utf8')).network.layers.map((layer) => layer.type),
    ['conv2d', 'globalAvgPool2d', 'dense'],
  );

  writeFileSync(join(dir, 'three.json'), JSON.stringify({ layers: [{ type: 'flatten' }, { units: 3, activation: 'softmax' }] }));
  writeFileSync(join(dir, 'table.csv'), 'a,b\n1,2\n3,4\n');
  const cases: [string[], number, RegExp][] = [
    [['train', 'images.idx', '--labels', 'labels.idx', '--network', 'resnet'], 2, /--network takes cnn, cnn-bn, dense or a JSON file/],
    [['train', 'images.idx', '--labels', 'labels.idx', '--network', 'three.json'], 1, /last layer gives 3 values; the images have 4 classes/],
    [['train', 'images.idx', '--labels', 'labels.idx', '--network', 'table.csv'], 1, /table\.csv is not valid JSON/],
    [['train', 'table.csv', '--target', 'b', '--network', 'cnn'], 2, /--network is for images/],
  ];
  for (const [args, status, pattern] of cases) {
    const run = neurite(args, dir);
    assert.equal(run.status, status, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, pattern, args.join(' '));
  }
});
