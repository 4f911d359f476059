import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Network } from '../src/index.js';
import { maxAbsDiff, runOnnx } from './helpers/onnx.js';
import { CLI } from './helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'neurite-export-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function neurite(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir });
}

const network = Network.create({
  inputs: 3,
  layers: [
    { units: 5, activation: 'sigmoid' },
    { units: 2, activation: 'linear' },
  ],
  seed: 4,
});
const rows = [
  [0.5, -1, 2],
  [3, 0, -0.25],
];

test("neurite export of a network file writes an ONNX file that ONNX Runtime runs with neurite's results", async () => {
  writeFileSync(join(dir, 'model.json'), JSON.stringify(network.toJSON()));
  const run = neurite('export', 'model.json', '--format', 'onnx', '--out', 'model.onnx');
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /^wrote model\.onnx: ONNX opset 13, \d+ bytes; input "input" \[batch, 3\] → output "output" \[batch, 2\]\n$/);
  const got = await runOnnx(readFileSync(join(dir, 'model.onnx')), rows);
  assert.ok(maxAbsDiff(got, network.predict(rows)) <= 1e-5);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.endsWith('.tmp')),
    [],
    'no temporary file is left behind',
  );
});

test('neurite export of a CNN file: the graph takes [batch, h, w, c] images, channels last, and gives what neurite predicts', async () => {
  const cnn = Network.create({
    inputShape: [10, 10, 2],
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      { type: 'batchNorm' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' },
      { type: 'avgPool2d', poolSize: 2, padding: 'same' },
      { type: 'flatten' },
      { units: 3, activation: 'softmax' },
    ],
    seed: 6,
  });
  writeFileSync(join(dir, 'cnn.json'), JSON.stringify(cnn.toJSON()));
  const run = neurite('export', 'cnn.json');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^wrote cnn\.onnx: ONNX opset 13, \d+ bytes; input "input" \[batch, 10, 10, 2\] → output "output" \[batch, 3\]\n$/);
  const images = Array.from({ length: 3 }, (_, r) => Array.from({ length: 200 }, (_, i) => Math.sin(r * 200 + i)));
  const got = await runOnnx(readFileSync(join(dir, 'cnn.onnx')), images, { shape: [10, 10, 2] });
  assert.ok(maxAbsDiff(got, cnn.predict(images)) <= 1e-5);
});

test('--out defaults to the model name with .onnx; --float64 makes a double graph', async () => {
  writeFileSync(join(dir, 'bare.json'), JSON.stringify(network.toJSON()));
  const run = neurite('export', 'bare.json', '--float64');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^wrote bare\.onnx: /);
  const got = await runOnnx(readFileSync(join(dir, 'bare.onnx')), rows, { dtype: 'float64' });
  assert.ok(maxAbsDiff(got, network.predict(rows)) <= 1e-5);
});

test('failures print one line and exit 1, and leave an existing output file alone', () => {
  writeFileSync(join(dir, 'keep.onnx'), 'old contents');
  writeFileSync(join(dir, 'broken.json'), '{"network": {"layers": [');
  writeFileSync(join(dir, 'odd.json'), JSON.stringify({ dtype: 'float32', layers: [{ type: 'capsule' }] }));
  const cases: [string[], RegExp][] = [
    [['export', 'missing.json', '--out', 'keep.onnx'], /^neurite: Cannot read missing\.json: no such file\n$/],
    [['export', 'broken.json', '--out', 'keep.onnx'], /^neurite: broken\.json is not valid JSON at line 1, column 25: .+\n$/],
    [
      ['export', 'odd.json', '--out', 'keep.onnx'],
      /^neurite: odd\.json: layers\[0\]\.type: unknown layer type "capsule"; this version of neurite knows dense, dropout, flatten, reshape, conv2d(, \w+)*\n$/,
    ],
    [['export', 'model.json', '--out', join('no-such-dir', 'x.onnx')], /^neurite: Cannot write no-such-dir\/x\.onnx: the folder no-such-dir does not exist\n$/],
  ];
  for (const [args, pattern] of cases) {
    const run = neurite(...args);
    assert.equal(run.status, 1, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, pattern);
    assert.equal(run.stdout, '');
  }
  assert.equal(readFileSync(join(dir, 'keep.onnx'), 'utf8'), 'old contents');
});

test('usage errors exit 2: an unknown format, a missing model argument', () => {
  const format = neurite('export', 'model.json', '--format', 'tflite');
  assert.equal(format.status, 2);
  assert.match(format.stderr, /argument 'tflite' is invalid\. Allowed choices are onnx/);
  const missing = neurite('export');
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing required argument 'model'/);
});
