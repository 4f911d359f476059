// Conv2D inference through the WebAssembly backend's implicit product (kernels.convPadded: no patches written,
// ReLU applied as it stores) against the same layer through im2col and the packed product, on the same
// backend: the same sums in the same order, so bit for bit wherever the product takes every row four at a time
// (here: samples · positions a multiple of 4), over strides, both paddings, partial strips of filters and
// channels from 1 to 5. After such a pass the layer kept no patches: backward and lastValues() refuse. In
// training, ∂L/∂W comes from the images in place too (kernels.convWeightGradT), bit for bit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, type Backend } from '../src/index.js';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Rng } from '../src/init/rng.js';
import { Conv2D } from '../src/nn/conv2d.js';
import { caseName, convTrainingPass, type ConvCase } from './helpers/conv-pass.js';

const CASES: ConvCase[] = [
  [[28, 28, 1], 5, 1, 'same', 8, 4],
  [[14, 14, 8], 5, 1, 'same', 16, 3],
  [[13, 11, 3], 3, 2, 'same', 12, 4], // 7×6 positions, filters 8 + 4
  [[9, 9, 5], 4, 2, 'valid', 5, 4], // 3×3 positions: each image's last tile holds one of them
  [[6, 6, 2], 3, 1, 'valid', 9, 4],
];

test('Conv2D inference without patches gives the patches path’s values bit for bit, ReLU fused or not', { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend();
  const calls = { convolve: 0 };
  const counted: Backend = { ...wasm, convolve: (...a) => wasm.convolve!(...a) && ++calls.convolve > 0 };
  const patchesOnly: Backend = { ...wasm, convolve: undefined };
  const rng = new Rng(5);
  for (const [shape, kernel, stride, padding, filters, samples] of CASES) {
    for (const activation of ['relu', 'tanh', 'linear'] as const) {
      const layer = new Conv2D({ inputShape: shape, filters, kernelSize: kernel, strides: stride, padding, activation, rng: new Rng(9) });
      layer.bias.set(Array.from({ length: filters }, () => rng.normal(0, 0.5)));
      const x = new Matrix(
        samples,
        layer.inputSize,
        Float32Array.from({ length: samples * layer.inputSize }, () => rng.normal(0, 1)),
      );
      const want = Float32Array.from(layer.forward(x, { training: false, keepValues: true, backend: patchesOnly }).data);
      const before = calls.convolve;
      const got = Float32Array.from(layer.forward(x, { training: false, backend: counted }).data);
      assert.equal(calls.convolve, before + 1, `${shape.join('x')} ${activation}: the implicit product ran`);
      assert.deepEqual(got, want, `${kernel}×${kernel} stride ${stride} ${padding} on ${shape.join('x')}, ${filters} filters, ${activation}`);
    }
  }
});

test('after an inference pass without patches, Conv2D.backward and lastValues() refuse; keepValues keeps them', { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend();
  const layer = new Conv2D({ inputShape: [8, 8, 2], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' });
  const x = new Matrix(4, layer.inputSize, new Float32Array(4 * layer.inputSize).fill(0.5));
  layer.forward(x, { training: false, backend: wasm });
  const dA = new Matrix(4, layer.outputSize, new Float32Array(4 * layer.outputSize).fill(1));
  assert.throws(() => layer.backward(dA, { backend: wasm, needInputGradient: true }), /training: true \(or keepValues: true\)/);
  assert.throws(() => layer.lastValues(), /kept no values/);
  layer.forward(x, { training: false, keepValues: true, backend: wasm });
  assert.equal(layer.lastValues().z.rows, 4);
  assert.ok(layer.backward(dA, { backend: wasm, needInputGradient: true }) !== null);
});

test('Conv2D inference on work under the backend’s minWork stays on the patches path (the reference’s product)', { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend();
  let calls = 0;
  const counted: Backend = { ...wasm, convolve: (...a) => wasm.convolve!(...a) && ++calls > 0 };
  const layer = new Conv2D({ inputShape: [6, 6, 2], filters: 9, kernelSize: 3, activation: 'relu' }); // 16·18·9 = 2,592 multiply-adds
  layer.forward(new Matrix(1, layer.inputSize, new Float32Array(layer.inputSize).fill(1)), { training: false, backend: counted });
  assert.equal(calls, 0);
});

test('Conv2D training without patches: ∂L/∂W from the images in place equals ∂L/∂Zᵀ · im2col(X) bit for bit, and a training step equals the patches path’s', {
  skip: !wasmSimdSupported(),
}, () => {
  const wasm = createWasmBackend();
  const calls = { weights: 0 };
  const counted: Backend = { ...wasm, convolutionWeightGradient: (...a) => wasm.convolutionWeightGradient!(...a) && ++calls.weights > 0 };
  const patchesOnly: Backend = { ...wasm, convolve: undefined, convolutionWeightGradient: undefined, convolutionInputGradient: undefined };
  for (const c of CASES) {
    const before = calls.weights;
    const got = convTrainingPass(counted, c);
    const want = convTrainingPass(patchesOnly, c);
    assert.equal(calls.weights, before + 1, `${caseName(c)}: the weight gradient ran without patches`);
    for (const key of ['z', 'dX', 'gW', 'gb'] as const) assert.deepEqual(got[key], want[key], `${caseName(c)}: ${key}`);
  }
});
