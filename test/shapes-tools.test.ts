import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { runCheck } from '../src/cli/commands/check.js';
import { checkNetworkGradients, Network, Rng, serializeModel } from '../src/index.js';
import { buildOnnxModel, exportOnnx } from '../src/onnx/index.js';
import { explain, formatExplainText } from '../src/explain/index.js';
import { parseTable, Preprocessor } from '../src/data/index.js';
import { neurite } from './helpers/cli.js';
import { maxAbsDiff } from './helpers/onnx.js';

// The tools that read a network's shapes (inspect, explain, check, ONNX export) on networks with flatten
// and reshape layers: a 4×4 one-channel image flattened into dense layers.

const dir = mkdtempSync(join(tmpdir(), 'neurite-shapes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function imageNetwork(dtype: 'float32' | 'float64' = 'float32'): Network {
  return Network.create({
    inputShape: [4, 4, 1],
    layers: [
      { type: 'flatten' },
      { units: 6, activation: 'tanh' },
      { type: 'reshape', shape: [3, 2] },
      { type: 'dropout', rate: 0.25 },
      { type: 'flatten' },
      { units: 3, activation: 'softmax' },
    ],
    seed: 9,
    dtype,
    biasInitializer: 'normal',
  });
}

/** The same dense layers without the layers that only change the shape (or drop values while training). */
function denseOnly(network: Network): Network {
  return new Network(network.layers.filter((layer) => layer.type === 'dense'));
}

function images(rows: number, seed: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: 16 }, () => rng.normal()));
}

/** A model file of the image network: 16 pixel columns, three classes. */
function imageModelFile(): string {
  const header = Array.from({ length: 16 }, (_, i) => `p${i}`).join(',');
  const rows = images(12, 1).map((row, i) => `${row.join(',')},${['a', 'b', 'c'][i % 3]}`);
  const preprocessing = Preprocessor.fit(parseTable(`${header},label\n${rows.join('\n')}\n`), { target: 'label', scaling: 'none' });
  const file = join(dir, 'image-model.json');
  writeFileSync(file, serializeModel({ network: imageNetwork(), preprocessing, training: { epochs: 0, loss: 'categorical_crossentropy' } }));
  return file;
}

test('neurite inspect prints each layer with its input and output shapes, as text and as JSON', () => {
  const file = imageModelFile();
  const text = neurite(['inspect', file], dir);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /input {7}\[4, 4, 1\] per sample \(16 values, channels last\)/);
  assert.match(text.stdout, /layer 0 {5}flatten +\[4, 4, 1\] → 16 +no parameters/);
  assert.match(text.stdout, /layer 1 {5}dense +16 → 6 +tanh, 102 parameters/);
  assert.match(text.stdout, /layer 2 {5}reshape +6 → \[3, 2\] +no parameters/);
  assert.match(text.stdout, /layer 3 {5}dropout +\[3, 2\] → \[3, 2\] +rate 0\.25/);
  assert.match(text.stdout, /layer 4 {5}flatten +\[3, 2\] → 6 /);
  const json = neurite(['inspect', file, '--json'], dir);
  assert.equal(json.status, 0, json.stderr);
  const summary = JSON.parse(json.stdout);
  assert.deepEqual(summary.inputShape, [4, 4, 1]);
  assert.deepEqual(summary.outputShape, [3]);
  assert.deepEqual(
    summary.layers.map((l: { type: string; inputShape: number[]; outputShape: number[] }) => [l.type, l.inputShape, l.outputShape]),
    [
      ['flatten', [4, 4, 1], [16]],
      ['dense', [16], [6]],
      ['reshape', [6], [3, 2]],
      ['dropout', [3, 2], [3, 2]],
      ['flatten', [3, 2], [6]],
      ['dense', [6], [3]],
    ],
  );
});

test('explain passes through flatten and reshape: the trace is that of the dense layers, with every shape recorded', () => {
  const network = imageNetwork('float64');
  const [input] = images(1, 3);
  const trace = explain(network, input!, [0, 1, 0], { loss: 'categorical_crossentropy' });
  const reference = explain(denseOnly(network), input!, [0, 1, 0], { loss: 'categorical_crossentropy' });
  assert.deepEqual(trace.loss, reference.loss);
  assert.deepEqual(trace.parameters, reference.parameters);
  assert.deepEqual(trace.layers, reference.layers);
  assert.deepEqual(trace.warnings, []);
  assert.deepEqual(trace.inputShape, [4, 4, 1]);
  assert.deepEqual(
    trace.architecture.map((l) => [l.index, l.type, l.inputShape, l.outputShape, l.traced]),
    [
      [0, 'flatten', [4, 4, 1], [16], false],
      [1, 'dense', [16], [6], true],
      [2, 'reshape', [6], [3, 2], false],
      [3, 'dropout', [3, 2], [3, 2], false],
      [4, 'flatten', [3, 2], [6], false],
      [5, 'dense', [6], [3], true],
    ],
  );
  assert.deepEqual(
    trace.layers.map((l) => [l.inputShape, l.outputShape]),
    [
      [[16], [6]],
      [[6], [3]],
    ],
  );
  const text = formatExplainText(trace);
  assert.match(text, /shapes {3}\[4, 4, 1\] → flatten → \[16\] → dense → \[6\] → reshape → \[3, 2\] → dropout → \[3, 2\] → flatten → \[6\] → dense → \[3\]/);
  assert.match(text, /\(flatten, reshape, dropout: values and gradients pass through unchanged\)/);
  assert.doesNotMatch(formatExplainText(reference), /shapes/, 'a network of dense layers on a row prints no shapes line');
});

test('check works on a network with flatten, reshape and dropout, in the library and in the command', async () => {
  const network = imageNetwork();
  const result = checkNetworkGradients(network, { loss: 'categorical_crossentropy', samples: 3 });
  assert.equal(result.passed, true, JSON.stringify(result.layers));
  assert.deepEqual(
    result.layers.map((l) => l.index),
    [1, 5],
  );
  const file = imageModelFile();
  let text = '';
  const code = await runCheck({ model: file, write: (t) => (text += t) });
  assert.equal(code, 0, text);
  assert.match(text, /layer 1 +max relative error/);
  assert.match(text, /without parameters \(checked through the layers around them\): layer 0 \(flatten\), 2 \(reshape\), 3 \(dropout\), 4 \(flatten\)/);
  assert.match(text, /PASS\n$/);
});

/** Runs an ONNX model on samples of `shape` (a batch [rows, ...shape]). */
async function runShaped(bytes: Uint8Array, rows: number[][], shape: number[]): Promise<number[][]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const tensor = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, ...shape]);
    const result = (await session.run({ input: tensor }))['output']!;
    const width = (result.dims as number[]).slice(1).reduce((a, b) => a * b, 1);
    const data = result.data as Float32Array;
    return rows.map((_, r) => Array.from(data.subarray(r * width, (r + 1) * width)));
  } finally {
    await session.release();
  }
}

test('ONNX export declares the input [batch, 4, 4, 1], emits Flatten and Reshape, and ONNX Runtime agrees with neurite', async () => {
  const network = imageNetwork();
  const model = buildOnnxModel(network);
  assert.deepEqual(model.graph.inputs[0]!.shape, ['batch', 4, 4, 1]);
  assert.deepEqual(model.graph.outputs[0]!.shape, ['batch', 3]);
  assert.deepEqual(
    model.graph.nodes.map((node) => node.opType),
    ['Flatten', 'Gemm', 'Tanh', 'Reshape', 'Flatten', 'Gemm', 'Softmax'],
  );
  const target = model.graph.initializers.find((t) => t.name === 'layers.2.shape')!;
  assert.equal(target.elemType, 'int64');
  assert.deepEqual(Array.from(target.values), [0, 3, 2]);
  assert.match(
    model.docString ?? '',
    /^neurite network: \[4, 4, 1\] → flatten \[16\] → 6 \(tanh\) → reshape \[3, 2\] → dropout → flatten \[6\] → 3 \(softmax\)$/,
  );

  const x = images(10, 4);
  const expected = network.predict(x);
  const got = await runShaped(exportOnnx(network), x, [4, 4, 1]);
  assert.ok(maxAbsDiff(got, expected) <= 1e-5, `max |onnx − neurite| = ${maxAbsDiff(got, expected)}`);

  // Raw pixels in: the normalization constants take the input's shape.
  const mean = Array.from({ length: 16 }, (_, i) => i / 10);
  const std = Array.from({ length: 16 }, (_, i) => 1 + i / 20);
  const normalized = x.map((row) => row.map((v, i) => (v - mean[i]!) / std[i]!));
  const raw = await runShaped(exportOnnx(network, { inputNormalization: { kind: 'standard', mean, std } }), x, [4, 4, 1]);
  assert.ok(maxAbsDiff(raw, network.predict(normalized)) <= 1e-5);
  assert.deepEqual(buildOnnxModel(network, { inputNormalization: { kind: 'standard', mean, std } }).graph.initializers[0]!.dims, [4, 4, 1]);
});

test('ONNX export of a network that ends in a reshape gives outputs of that shape', async () => {
  const network = Network.create({
    inputs: 3,
    layers: [
      { units: 4, activation: 'sigmoid' },
      { type: 'reshape', shape: [2, 2] },
    ],
    seed: 2,
  });
  const model = buildOnnxModel(network);
  assert.deepEqual(model.graph.outputs[0]!.shape, ['batch', 2, 2]);
  const x = [
    [0.5, -1, 2],
    [3, 0, -0.5],
  ];
  const got = await runShaped(exportOnnx(network), x, [3]);
  assert.ok(maxAbsDiff(got, network.predict(x)) <= 1e-5);
});
