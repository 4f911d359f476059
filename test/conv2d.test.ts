// conv2d: the central-difference gradient check in float64 for strides, both paddings, dilation, channels and
// no bias; the layer against plain convolution loops (bit for bit in float64) and the WebAssembly products
// against the JavaScript reference in float32; JSON and model files; chunked inference; bad specs' messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { parseTable, prepareDataset } from '../src/data/index.js';
import {
  CategoricalCrossEntropy,
  Matrix,
  MeanSquaredError,
  Network,
  Rng,
  SGD,
  fit,
  gradientCheck,
  jsBackend,
  parseModel,
  serializeModel,
  type Backend,
} from '../src/index.js';
import { DEFAULT_MODEL_LIMITS } from '../src/io/limits.js';
import { networkFromJSON } from '../src/io/network-json.js';
import { Conv2D, type Conv2DOptions } from '../src/nn/conv2d.js';
import { col2im, im2col } from '../src/nn/im2col.js';
import type { LayerSpec } from '../src/nn/network-spec.js';
import { RowPath } from '../src/nn/row-path.js';
import { randomMatrix, throwsNeurite } from './helpers/numeric.js';

type ConvSpec = Extract<LayerSpec, { type: 'conv2d' }>;

const CONFIGS: { name: string; inputShape: [number, number, number]; conv: Omit<ConvSpec, 'type'> }[] = [
  { name: 'stride 2, valid', inputShape: [7, 6, 2], conv: { filters: 3, kernelSize: 3, strides: 2 } },
  { name: "'same', even total (3×3 on 5×5)", inputShape: [5, 5, 2], conv: { filters: 2, kernelSize: 3, padding: 'same' } },
  { name: "'same', odd total (4×2 kernel: one more row after)", inputShape: [5, 4, 1], conv: { filters: 2, kernelSize: [4, 2], padding: 'same' } },
  { name: "'same', stride 2 (odd total)", inputShape: [6, 5, 2], conv: { filters: 2, kernelSize: 3, strides: 2, padding: 'same' } },
  { name: 'dilation 2', inputShape: [7, 7, 2], conv: { filters: 2, kernelSize: [3, 2], dilation: 2 } },
  { name: "dilation 2, 'same', strides [1, 2]", inputShape: [6, 6, 1], conv: { filters: 2, kernelSize: 3, dilation: 2, strides: [1, 2], padding: 'same' } },
  { name: '4 channels, no bias', inputShape: [4, 4, 4], conv: { filters: 3, kernelSize: 2, useBias: false } },
];

/** Two convolutions (the second's ∂L/∂X is what the first's weights are checked through), flatten, a dense output. */
function network(inputShape: [number, number, number], conv: Omit<ConvSpec, 'type'>, dtype: 'float32' | 'float64' = 'float64', seed = 3): Network {
  return Network.create({
    inputShape,
    layers: [
      { type: 'conv2d', ...conv, activation: 'tanh' },
      { type: 'conv2d', ...conv, filters: 2, strides: 1, dilation: 1, padding: 'same', activation: 'sigmoid' },
      { type: 'flatten' },
      { units: 3, activation: 'tanh' },
    ],
    seed,
    dtype,
  });
}

for (const { name, inputShape, conv } of CONFIGS) {
  test(`gradient check in float64: ${name}`, () => {
    const net = network(inputShape, conv);
    const rng = new Rng(7);
    const x = randomMatrix(rng, 3, net.inputSize);
    const y = randomMatrix(rng, 3, net.outputSize);
    const result = gradientCheck(net, x, y, new MeanSquaredError(), { tolerance: 1e-6 });
    assert.ok(result.passed, `max relative error ${result.maxRelativeError}: ${JSON.stringify(result.parameters.map((p) => [p.name, p.maxRelativeError]))}`);
    assert.equal(result.parameters.filter((p) => /^layers\.[01]\.bias$/.test(p.name)).length, conv.useBias === false ? 0 : 2);
  });
}

/** Z of a convolution by its definition, one output value at a time: the sum over the window's cells inside the image. */
function referenceForward(conv: Conv2D, x: ArrayLike<number>, samples: number): number[] {
  const g = conv.geometry;
  const [kh, kw] = conv.kernelSize;
  const c = g.channels;
  const z: number[] = [];
  for (let n = 0; n < samples; n++)
    for (let oy = 0; oy < g.outHeight; oy++)
      for (let ox = 0; ox < g.outWidth; ox++)
        for (let f = 0; f < conv.filters; f++) {
          let sum = 0;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = oy * g.strideY - g.padTop + ky * g.dilationY;
              const ix = ox * g.strideX - g.padLeft + kx * g.dilationX;
              if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) continue;
              for (let ch = 0; ch < c; ch++) sum += x[((n * g.height + iy) * g.width + ix) * c + ch]! * conv.weights[((f * kh + ky) * kw + kx) * c + ch]!;
            }
          z.push(sum + conv.bias[f]!);
        }
  return z;
}

/** ∂L/∂W, ∂L/∂b and ∂L/∂X by their definitions, from ∂L/∂Z: each weight's gradient the sum over output positions of ∂L/∂Z times the input under it. */
function referenceBackward(conv: Conv2D, x: ArrayLike<number>, dZ: ArrayLike<number>, samples: number) {
  const g = conv.geometry;
  const [kh, kw] = conv.kernelSize;
  const c = g.channels;
  const dW = new Float64Array(conv.weights.length);
  const db = new Float64Array(conv.filters);
  const dX = new Float64Array(samples * conv.inputSize);
  for (let n = 0; n < samples; n++)
    for (let oy = 0; oy < g.outHeight; oy++)
      for (let ox = 0; ox < g.outWidth; ox++)
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const iy = oy * g.strideY - g.padTop + ky * g.dilationY;
            const ix = ox * g.strideX - g.padLeft + kx * g.dilationX;
            if (iy < 0 || iy >= g.height || ix < 0 || ix >= g.width) continue;
            for (let ch = 0; ch < c; ch++) {
              const at = ((n * g.height + iy) * g.width + ix) * c + ch;
              let sum = 0;
              for (let f = 0; f < conv.filters; f++) {
                const d = dZ[((n * g.outHeight + oy) * g.outWidth + ox) * conv.filters + f]!;
                sum += d * conv.weights[((f * kh + ky) * kw + kx) * c + ch]!;
                dW[((f * kh + ky) * kw + kx) * c + ch] += d * x[at]!;
              }
              dX[at] += sum;
            }
          }
  for (let i = 0; i < dZ.length; i++) db[i % conv.filters] += dZ[i]!;
  return { dW, db, dX };
}

function sameValues(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) assert.fail(`${what}[${i}]: ${got[i]} vs the reference loops' ${want[i]}`);
}

function layer(inputShape: [number, number, number], conv: Omit<ConvSpec, 'type'>, options: Partial<Conv2DOptions> = {}): Conv2D {
  return new Conv2D({ inputShape, ...conv, activation: 'linear', dtype: 'float64', rng: new Rng(5), biasInitializer: 'normal', ...options });
}

for (const { name, inputShape, conv } of CONFIGS) {
  test(`float64: forward and backward are the plain convolution loops' values, bit for bit (${name})`, () => {
    const samples = 3;
    for (const backend of [jsBackend, createWasmBackend({ shared: false })]) {
      const l = layer(inputShape, conv);
      const rng = new Rng(11);
      const x = randomMatrix(rng, samples, l.inputSize);
      const z = l.forward(x, { training: true, backend });
      sameValues(z.data, referenceForward(l, x.data, samples), `Z (${backend.name})`);
      const dZ = randomMatrix(rng, samples, l.outputSize);
      const dX = l.backward(dZ, { backend, needInputGradient: true })!;
      const want = referenceBackward(l, x.data, dZ.data, samples);
      sameValues(l.weightGrad, want.dW, `∂L/∂W (${backend.name})`);
      if (l.useBias) sameValues(l.biasGrad, want.db, `∂L/∂b (${backend.name})`);
      sameValues(dX.data, want.dX, `∂L/∂X (${backend.name})`);
    }
  });
}

test('float32: the WebAssembly products agree with the JavaScript reference to float32 precision', { skip: !wasmSimdSupported() }, () => {
  // Large enough that every product goes to the WebAssembly kernels (m·k·n well above their minWork).
  const wasm = createWasmBackend({ shared: false });
  const shapes: [[number, number, number], Omit<ConvSpec, 'type'>][] = [
    [[16, 16, 3], { filters: 8, kernelSize: 3, padding: 'same' }],
    [[15, 13, 5], { filters: 6, kernelSize: [3, 5], strides: 2, dilation: [2, 1] }],
  ];
  for (const [inputShape, conv] of shapes) {
    const results = ([jsBackend, wasm] as Backend[]).map((backend) => {
      const l = layer(inputShape, conv, { dtype: 'float32', activation: 'relu' });
      const rng = new Rng(13);
      const x = Matrix.from(randomMatrix(rng, 4, l.inputSize).toArray(), 'float32');
      const a = Float32Array.from(l.forward(x, { training: true, backend }).data);
      const dA = Matrix.from(randomMatrix(rng, 4, l.outputSize).toArray(), 'float32');
      const dX = Float32Array.from(l.backward(dA, { backend, needInputGradient: true })!.data);
      return { a, dX, dW: Float32Array.from(l.weightGrad), db: Float32Array.from(l.biasGrad) };
    });
    const [js, simd] = results as [(typeof results)[0], (typeof results)[0]];
    for (const key of ['a', 'dX', 'dW', 'db'] as const) {
      const scale = js[key].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      js[key].forEach((v, i) => assert.ok(Math.abs(v - simd[key][i]!) <= 1e-5 * scale, `${key}[${i}]: ${simd[key][i]} (wasm) vs ${v} (js)`));
    }
  }
});

test("the WebAssembly im2col and col2im give the reference loops' values bit for bit, in its memory or not", { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend();
  const shapes: [[number, number, number], Omit<ConvSpec, 'type'>][] = [
    ...CONFIGS.map(({ inputShape, conv }) => [inputShape, conv] as [[number, number, number], Omit<ConvSpec, 'type'>]),
    [[28, 28, 1], { filters: 1, kernelSize: 5, padding: 'same' }],
    [[9, 11, 6], { filters: 1, kernelSize: [2, 4], strides: [3, 1], dilation: [1, 3], padding: 'same' }],
    [[3, 3, 5], { filters: 1, kernelSize: 7, strides: 2, padding: 'same' }],
  ];
  for (const [inputShape, conv] of shapes) {
    const g = layer(inputShape, conv).geometry;
    const samples = 3;
    const x = Float32Array.from(randomMatrix(new Rng(6), samples, inputShape[0] * inputShape[1] * inputShape[2]).data);
    x[0] = -0;
    const size = samples * g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.channels;
    const want = new Float32Array(size).fill(7);
    im2col(x, samples, g, want);
    const resident = wasm.allocateFloat32!(x.length);
    resident.set(x);
    for (const [input, out] of [
      [x, new Float32Array(size).fill(7)],
      [resident, wasm.allocateFloat32!(size).fill(7)],
    ] as const) {
      assert.equal(wasm.im2col!(input, samples, g, out), true);
      assert.deepEqual(new Uint32Array(out.buffer, out.byteOffset, size), new Uint32Array(want.buffer), `${JSON.stringify(conv)} on ${inputShape}`);
    }
    // col2im: the same sums in the same order, each rounded to float32 as JavaScript's += rounds it.
    const dP = Float32Array.from(randomMatrix(new Rng(8), 1, size).data);
    const dX = new Float32Array(x.length).fill(7);
    col2im(dP, samples, g, dX);
    const residentDP = wasm.allocateFloat32!(size);
    residentDP.set(dP);
    for (const [input, out] of [
      [dP, new Float32Array(x.length).fill(7)],
      [residentDP, wasm.allocateFloat32!(x.length).fill(7)],
    ] as const) {
      assert.equal(wasm.col2im!(input, samples, g, out), true);
      assert.deepEqual(new Uint32Array(out.buffer, out.byteOffset, x.length), new Uint32Array(dX.buffer), `col2im: ${JSON.stringify(conv)} on ${inputShape}`);
    }
  }
  assert.equal(wasm.im2col!(new Float64Array(4), 1, layer([2, 2, 1], { filters: 1, kernelSize: 1 }).geometry, new Float64Array(4)), false);
});

test('JSON round trip: the same layer, the same predictions bit for bit; no bias is written as []', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const net = network([6, 5, 2], { filters: 3, kernelSize: [3, 2], strides: [2, 1], padding: 'same', dilation: [1, 2], useBias: false }, dtype);
    const json = JSON.parse(JSON.stringify(net.toJSON()));
    assert.deepEqual(
      { ...json.layers[0], weights: undefined },
      {
        type: 'conv2d',
        inputShape: [6, 5, 2],
        filters: 3,
        kernelSize: [3, 2],
        strides: [2, 1],
        padding: 'same',
        dilation: [1, 2],
        activation: { name: 'tanh' },
        useBias: false,
        weights: undefined,
        bias: [],
        outputShape: [3, 5, 3],
      },
    );
    assert.equal(json.layers[0].weights.length, 3 * 3 * 2 * 2);
    const copy = Network.fromJSON(json);
    assert.deepEqual(copy.toJSON(), net.toJSON());
    const x = Matrix.from(randomMatrix(new Rng(1), 4, net.inputSize).toArray(), dtype);
    sameValues(copy.forward(x).data, Float64Array.from(net.forward(x).data), 'predictions');
    // The same, through the model file's validating loader.
    const loaded = networkFromJSON(json, 'network', DEFAULT_MODEL_LIMITS, { shapes: 'required' });
    assert.deepEqual(loaded.toJSON(), net.toJSON());
  }
});

test('a model file with a convolution: train with fit, save, load, predict the same', async () => {
  const header = [...Array.from({ length: 16 }, (_, i) => `p${i}`), 'label'].join(',');
  const rng = new Rng(2);
  const lines = Array.from({ length: 24 }, (_, r) => [...Array.from({ length: 16 }, () => rng.uniform().toFixed(3)), ['a', 'b', 'c'][r % 3]].join(','));
  const data = prepareDataset(parseTable(`${header}\n${lines.join('\n')}\n`), { target: 'label', validation: 0 });
  const net = Network.create({
    inputShape: [4, 4, 1],
    layers: [{ type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }, { type: 'flatten' }, { units: 3, activation: 'softmax' }],
  });
  await fit(net, data.train.x, data.train.y, { epochs: 2, batchSize: 8, loss: 'categorical_crossentropy' });
  const text = serializeModel({ network: net, preprocessing: data.preprocessor, training: { epochs: 2 } });
  const loaded = parseModel(text);
  assert.equal(serializeModel(loaded), text);
  const sample = Array.from(data.train.x.data.subarray(0, 16));
  assert.deepEqual(loaded.network.predict(sample), net.predict(sample));
});

test('model files: a conv2d layer whose weights, bias or input shape do not fit is refused with its path', () => {
  const json = network([5, 5, 2], { filters: 3, kernelSize: 3 }).toJSON() as unknown as { layers: Record<string, unknown>[] };
  const load = (edit: (layers: Record<string, unknown>[]) => void) => () => {
    const copy = JSON.parse(JSON.stringify(json));
    edit(copy.layers);
    networkFromJSON(copy, 'network', DEFAULT_MODEL_LIMITS, { shapes: 'required' });
  };
  throwsNeurite(
    load((l) => (l[0]!['weights'] = [1, 2, 3])),
    'MODEL_FORMAT',
    /network\.layers\[0\]\.weights: expected 54 numbers \(3 filters × 3 × 3 × 2 channels/,
  );
  throwsNeurite(
    load((l) => (l[0]!['bias'] = [0])),
    'MODEL_FORMAT',
    /network\.layers\[0\]\.bias: expected 3 numbers \(one per filter\)/,
  );
  throwsNeurite(
    load((l) => (l[0]!['kernelSize'] = [3, 0])),
    'MODEL_FORMAT',
    /network\.layers\[0\]\.kernelSize\[1\]: expected an integer ≥ 1/,
  );
  throwsNeurite(
    load((l) => (l[0]!['padding'] = 'full')),
    'MODEL_FORMAT',
    /network\.layers\[0\]\.padding: expected one of "valid", "same"/,
  );
  throwsNeurite(
    load((l) => (l[1]!['inputShape'] = [4, 4, 3])),
    'MODEL_FORMAT',
    /network\.layers\[1\]\.inputShape: layer 1 takes \[4, 4, 3\] but layer 0 gives \[3, 3, 3\]/,
  );
  throwsNeurite(
    load((l) => (l[0]!['dilation'] = [3, 1])),
    'MODEL_FORMAT',
    /network\.layers\[0\]: layers\[0\] \(conv2d\): the window spans 7 cells of height \(3 cells with dilation 3\)/,
  );
  throwsNeurite(
    load((l) => (l[0]!['outputShape'] = [2, 2, 3])),
    'MODEL_FORMAT',
    /network\.layers\[0\]\.outputShape: records \[2, 2, 3\] but the layer gives \[3, 3, 3\]/,
  );
  throwsNeurite(
    load((l) => (l[0]!['stride'] = 1)),
    'MODEL_FORMAT',
    /network\.layers\[0\]\.stride: unknown key/,
  );
});

test('predictInto and large batches at inference: the batch path (no row path), chunked, with the same values', () => {
  const net = Network.create({
    inputShape: [28, 28, 1],
    layers: [{ type: 'conv2d', filters: 4, kernelSize: 5, padding: 'same' }, { type: 'flatten' }, { units: 3, activation: 'softmax' }],
    dtype: 'float64',
  });
  assert.equal(RowPath.for(net.layers, net.dtype, jsBackend), null);
  net.backend = jsBackend;
  // 250 samples of 784 patches × 25 values: more than one chunk of patches at inference.
  const x = randomMatrix(new Rng(4), 250, 784);
  const all = net.forward(x).toArray();
  for (const r of [0, 101, 249]) {
    const row = Array.from(x.data.subarray(r * 784, (r + 1) * 784));
    assert.deepEqual(net.predictInto(row, new Float64Array(3)), Float64Array.from(all[r]!));
  }
  // Training on the same batch size afterwards gets whole-batch patches (backward needs them).
  const y = Matrix.zeros(250, 3, 'float64');
  for (let r = 0; r < 250; r++) y.data[r * 3 + (r % 3)] = 1;
  assert.ok(Number.isFinite(net.trainStep(x, y, new CategoricalCrossEntropy(), new SGD({ learningRate: 0.01 }))));
});

test('a small CNN learns to tell vertical bars from horizontal ones', async () => {
  const rng = new Rng(9);
  const rows: number[][] = [];
  const labels: number[][] = [];
  for (let i = 0; i < 64; i++) {
    const vertical = i % 2 === 0;
    const at = Math.floor(rng.uniform() * 6);
    const image = Array.from({ length: 36 }, () => rng.uniform() * 0.3);
    for (let k = 0; k < 6; k++) image[vertical ? k * 6 + at : at * 6 + k] = 1;
    rows.push(image);
    labels.push(vertical ? [1, 0] : [0, 1]);
  }
  const net = Network.create({
    inputShape: [6, 6, 1],
    layers: [{ type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' }, { type: 'flatten' }, { units: 2, activation: 'softmax' }],
    seed: 1,
  });
  const x = Matrix.from(rows);
  const y = Matrix.from(labels);
  const loss = new CategoricalCrossEntropy();
  const before = net.loss(x, y, loss);
  await fit(net, x, y, { epochs: 40, batchSize: 16, loss: 'categorical_crossentropy', optimizer: new SGD({ learningRate: 0.1 }) });
  const after = net.loss(x, y, loss);
  const correct = net.predict(x).filter((p, i) => p[0]! > p[1]! === (labels[i]![0] === 1)).length;
  assert.ok(after < before / 4 && correct === 64, `loss ${before} → ${after}, ${correct}/64 right`);
});

test("bad conv2d specs: messages name the layer and the field (Network.create's and the constructor's)", () => {
  const create =
    (conv: Record<string, unknown>, inputShape: number[] = [8, 8, 1]) =>
    () =>
      Network.create({ inputShape, layers: [{ units: 4 }, { type: 'conv2d', filters: 2, kernelSize: 3, ...conv } as LayerSpec] });
  const first =
    (conv: Record<string, unknown>, inputShape: number[] = [8, 8, 1]) =>
    () =>
      Network.create({ inputShape, layers: [{ type: 'conv2d', filters: 2, kernelSize: 3, ...conv } as LayerSpec] });
  throwsNeurite(create({}, [8]), 'SHAPE_MISMATCH', /layers\[1\] \(conv2d\) takes an image \[height, width, channels\] but gets \[4\]/);
  throwsNeurite(first({}, [64]), 'SHAPE_MISMATCH', /layers\[0\] \(conv2d\) takes an image .* but gets \[64\]; give the network inputShape/);
  throwsNeurite(first({ kernelSize: 9 }), 'SHAPE_MISMATCH', /layers\[0\] \(conv2d\): the window spans 9 cells of height .* input's height is 8/);
  throwsNeurite(
    first({ kernelSize: 3, dilation: 4 }),
    'SHAPE_MISMATCH',
    /layers\[0\] \(conv2d\): the window spans 9 cells of height \(3 cells with dilation 4\)/,
  );
  throwsNeurite(first({ kernelSize: [3, 0] }), 'INVALID_ARGUMENT', /layers\[0\]\.kernelSize must be a positive integer or a pair \[height, width\]/);
  throwsNeurite(first({ kernelSize: undefined }), 'INVALID_ARGUMENT', /layers\[0\]\.kernelSize must be/);
  throwsNeurite(first({ strides: 1.5 }), 'INVALID_ARGUMENT', /layers\[0\]\.strides must be/);
  throwsNeurite(first({ dilation: [1, 2, 3] }), 'INVALID_ARGUMENT', /layers\[0\]\.dilation must be/);
  throwsNeurite(first({ filters: 0 }), 'INVALID_ARGUMENT', /layers\[0\]\.filters must be an integer ≥ 1/);
  throwsNeurite(first({ padding: 'full' }), 'INVALID_ARGUMENT', /layers\[0\]\.padding must be "valid" or "same", got "full"/);
  throwsNeurite(first({ useBias: 'no' }), 'INVALID_ARGUMENT', /layers\[0\]\.useBias must be true or false/);
  throwsNeurite(first({ activation: 'nope' }), 'INVALID_ARGUMENT', /nope/);
  // 'same' pads instead: a kernel larger than the image is allowed.
  assert.deepEqual(first({ kernelSize: 9, padding: 'same', strides: 3 })().outputShape, [3, 3, 2]);
  // A dense layer right after a convolution: the shapes say to flatten.
  throwsNeurite(
    () => Network.create({ inputShape: [8, 8, 1], layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { units: 2 }] }),
    'SHAPE_MISMATCH',
    /layers\[1\] \(dense\) takes a row .* gets \[6, 6, 2\]; put a flatten layer/,
  );
  // The class itself.
  throwsNeurite(() => new Conv2D({ inputShape: [4, 4], filters: 1, kernelSize: 2 }), 'SHAPE_MISMATCH', /Conv2D takes an image/);
  throwsNeurite(
    () => new Conv2D({ inputShape: [4, 4, 1], filters: 1, kernelSize: 2, weights: [1, 2] }),
    'SHAPE_MISMATCH',
    /Conv2D weights must have 4 values \(filters × kh × kw × c = 1 × 2 × 2 × 1\)/,
  );
  throwsNeurite(
    () => new Conv2D({ inputShape: [4, 4, 1], filters: 1, kernelSize: 2, useBias: false, bias: [1] }),
    'INVALID_ARGUMENT',
    /useBias: false but was given biases/,
  );
  const conv = new Conv2D({ inputShape: [4, 4, 1], filters: 1, kernelSize: 2 });
  throwsNeurite(() => conv.forward(Matrix.zeros(1, 15), { training: false, backend: jsBackend }), 'SHAPE_MISMATCH', /expects 16 inputs per row, got 15/);
  throwsNeurite(() => conv.backward(Matrix.zeros(1, 9), { backend: jsBackend, needInputGradient: true }), 'INVALID_ARGUMENT', /No forward pass/);
});

test('defaults: ReLU, stride 1, valid, dilation 1, a bias, He initialization with fanIn = kh·kw·c', () => {
  const net = Network.create({ inputShape: [10, 10, 3], layers: [{ type: 'conv2d', filters: 64, kernelSize: 5 }] });
  const conv = net.layers[0] as Conv2D;
  assert.equal(conv.activation.name, 'relu');
  assert.deepEqual([conv.strides, conv.dilation, conv.padding, conv.useBias, conv.outputShape], [[1, 1], [1, 1], 'valid', true, [6, 6, 64]]);
  assert.deepEqual(
    net.parameters().map((p) => [p.name, p.kind, p.shape]),
    [
      ['layers.0.weights', 'weight', [64, 75]],
      ['layers.0.bias', 'bias', [1, 64]],
    ],
  );
  // He uniform: U(−√(6/75), √(6/75)); the largest of 4800 draws comes close to the bound.
  const bound = Math.sqrt(6 / 75);
  const largest = Array.from(conv.weights).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(largest <= bound && largest > 0.98 * bound, `largest |w| ${largest}, bound ${bound}`);
});
