import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, Network, Rng, SGD, resolveLoss, type DType, type LayerSpec } from '../src/index.js';
import { buildOnnxModel, exportOnnx } from '../src/onnx/index.js';
import { maxAbsDiff, runOnnx } from './helpers/onnx.js';

// Image networks exported to ONNX and run in ONNX Runtime (CPU) on neurite's own input, [batch, h, w, c]:
// the outputs must match neurite's predict within float32's tolerance (as test/onnx-runtime.test.ts).
const TOLERANCE = 1e-5;

/** `count` images of `shape` with values in [0, 1), one row each in (y, x, c) order. */
function images(shape: readonly number[], count: number, seed: number): number[][] {
  const rng = new Rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => Array.from({ length: size }, () => rng.uniform()));
}

/** A few SGD steps on random images and labels, so that weights and any running statistics are not their defaults. */
function trainBriefly(network: Network, steps: number): void {
  const rng = new Rng(3);
  const rows = 8;
  const x = Matrix.from(images(network.inputShape, rows, 4), network.dtype);
  const y = Matrix.zeros(rows, network.outputSize, network.dtype);
  for (let r = 0; r < rows; r++) y.data[r * network.outputSize + rng.int(network.outputSize)] = 1;
  const loss = resolveLoss('categorical_crossentropy');
  const sgd = new SGD({ learningRate: 0.05 });
  for (let s = 0; s < steps; s++) network.trainStep(x, y, loss, sgd);
}

async function agrees(network: Network, options: { dtype?: 'float32' | 'float64'; tolerance?: number } = {}): Promise<number> {
  const rows = images(network.inputShape, 6, 9);
  const expected = network.predict(rows);
  const got = await runOnnx(exportOnnx(network, { dtype: options.dtype }), rows, { shape: network.inputShape, dtype: options.dtype });
  const diff = maxAbsDiff(got, expected);
  assert.ok(diff <= (options.tolerance ?? TOLERANCE), `max |onnx − neurite| = ${diff}`);
  return diff;
}

// Convolutions of every geometry: 'same' (with an uneven total padding: one more row or column after than
// before), 'valid', strides and dilations that differ between the axes, a non-square kernel and image, a
// per-position softmax, then flatten (back to neurite's (y, x, c) order) and a dense softmax.
const convLayers: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'conv2d', filters: 5, kernelSize: [3, 2], strides: [2, 1], dilation: [1, 2], activation: 'tanh' },
  { type: 'conv2d', filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'softmax' },
  { type: 'flatten' },
  { units: 4, activation: 'softmax' },
];

function convNetwork(dtype: DType = 'float32'): Network {
  return Network.create({ inputShape: [9, 11, 3], layers: convLayers, seed: 5, dtype });
}

test('convolutions of every geometry give the same outputs in ONNX Runtime as in neurite', async () => {
  const network = convNetwork();
  assert.deepEqual(
    network.layers.map((l) => l.outputShape),
    [[9, 11, 4], [4, 9, 5], [2, 5, 3], [30], [4]],
  );
  trainBriefly(network, 3);
  await agrees(network);
});

test('a float64 CNN exports to a float32 graph that agrees within float32 tolerance', async () => {
  // (A float64 graph is written too, but ONNX Runtime's CPU provider has no double Conv: docs/onnx.md.)
  const network = convNetwork('float64');
  trainBriefly(network, 3);
  await agrees(network);
  assert.equal(buildOnnxModel(network, { dtype: 'float64' }).graph.initializers.find((t) => t.name === 'layers.0.weights')!.elemType, 'float64');
});

test('a network that ends on an image gives [batch, h, w, c], channels last, as neurite does', async () => {
  const network = Network.create({
    inputShape: [6, 5, 2],
    layers: [
      { type: 'conv2d', filters: 3, kernelSize: 2, activation: 'sigmoid' },
      { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same', dilation: 2, activation: 'linear', useBias: false },
    ],
    seed: 2,
  });
  const model = buildOnnxModel(network);
  const dims = (shape: (number | string)[]) => shape;
  assert.deepEqual(dims(model.graph.inputs[0]!.shape!), ['batch', 6, 5, 2]);
  assert.deepEqual(dims(model.graph.outputs[0]!.shape!), ['batch', 5, 4, 2]);
  await agrees(network);
});

test('the graph: one Transpose NHWC → NCHW at the input, Conv weights as [M, C, kH, kW], one Transpose back before flatten', () => {
  const network = convNetwork();
  const { graph } = buildOnnxModel(network);
  const ops = graph.nodes.map((n) => n.opType);
  assert.deepEqual(ops.slice(0, 2), ['Transpose', 'Conv']);
  assert.deepEqual(graph.nodes[0]!.attributes, [{ name: 'perm', type: 'ints', value: [0, 3, 1, 2] }]);
  assert.equal(graph.nodes[0]!.inputs[0], 'input');
  // The softmax over each position's filters runs channels last, so the flatten needs no second Transpose.
  assert.deepEqual(ops, ['Transpose', 'Conv', 'Relu', 'Conv', 'Tanh', 'Conv', 'Transpose', 'Softmax', 'Flatten', 'Gemm', 'Softmax']);
  const conv = network.layers[1] as unknown as { weights: Float32Array; kernelSize: [number, number] };
  const w = graph.initializers.find((t) => t.name === 'layers.1.weights')!;
  assert.deepEqual(w.dims, [5, 4, 3, 2]);
  // W_onnx[f][c][ky][kx] = weights[((f·kh + ky)·kw + kx)·C + c], checked at one index away from every edge.
  const [f, c, ky, kx] = [3, 2, 1, 1];
  assert.equal(w.values[((f * 4 + c) * 3 + ky) * 2 + kx], conv.weights[((f * 3 + ky) * 2 + kx) * 4 + c]);
  const pads = graph.nodes[5]!.attributes!.find((a) => a.name === 'pads')!.value;
  assert.deepEqual(pads, [0, 1, 1, 1], "'same' with stride 2 over 4 × 9: one row after; one column before and one after");
});

// The layers together: convolutions ('same' with uneven padding, stride 2, dilation, 'valid'), batch
// normalization with running statistics learned in training, max and average pooling with padding (which max
// ignores and average does not count), global average pooling and a dense softmax.
const cnnLayers: LayerSpec[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
  { type: 'batchNorm' },
  { type: 'maxPool2d', poolSize: 3, strides: 2, padding: 'same' },
  { type: 'conv2d', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' },
  { type: 'conv2d', filters: 5, kernelSize: 2, dilation: 2, activation: 'sigmoid' },
  { type: 'avgPool2d', poolSize: 3, strides: 1, padding: 'same' },
  { type: 'globalAvgPool2d' },
  { units: 3, activation: 'softmax' },
];

test('a CNN with every image layer gives the same probabilities in ONNX Runtime as in neurite', async () => {
  const network = Network.create({ inputShape: [18, 18, 2], layers: cnnLayers, seed: 8 });
  assert.deepEqual(
    network.layers.map((l) => l.outputShape),
    [[18, 18, 4], [18, 18, 4], [9, 9, 4], [5, 5, 6], [3, 3, 5], [3, 3, 5], [5], [3]],
  );
  trainBriefly(network, 4);
  const bn = network.layers[1] as unknown as { runningMean: Float32Array; runningVar: Float32Array };
  assert.ok(bn.runningMean.some((m) => m !== 0) && bn.runningVar.some((v) => v !== 1), 'training moved the running statistics');
  await agrees(network);

  const { graph } = buildOnnxModel(network);
  assert.deepEqual(
    graph.nodes.map((n) => n.opType),
    [
      'Transpose',
      'Conv',
      'Relu',
      'BatchNormalization',
      'MaxPool',
      'Conv',
      'Tanh',
      'Conv',
      'Sigmoid',
      'AveragePool',
      'GlobalAveragePool',
      'Flatten',
      'Gemm',
      'Softmax',
    ],
  );
  const attributes = (op: string) => Object.fromEntries(graph.nodes.find((n) => n.opType === op)!.attributes!.map((a) => [a.name, a.value]));
  assert.deepEqual(attributes('MaxPool'), { kernel_shape: [3, 3], pads: [0, 0, 1, 1], strides: [2, 2] });
  assert.deepEqual(attributes('AveragePool'), { count_include_pad: 0, kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [1, 1] });
  assert.deepEqual(attributes('BatchNormalization'), { epsilon: 1e-5 });
  assert.deepEqual(graph.initializers.find((t) => t.name === 'layers.1.runningVar')!.values, bn.runningVar);
});

test('flatten after pooling keeps neurite’s (y, x, c) order, and batch norm on a row needs no Transpose', async () => {
  const network = Network.create({
    inputShape: [10, 10, 1],
    layers: [
      { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' },
      { type: 'avgPool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'batchNorm', momentum: 0.5 },
      { units: 4, activation: 'softmax' },
    ],
    seed: 9,
  });
  trainBriefly(network, 3);
  await agrees(network);
  const ops = buildOnnxModel(network).graph.nodes.map((n) => n.opType);
  assert.deepEqual(ops, ['Transpose', 'Conv', 'Relu', 'AveragePool', 'Transpose', 'Flatten', 'BatchNormalization', 'Gemm', 'Softmax']);
});
