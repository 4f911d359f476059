// A stride-1 convolution's ∂L/∂X through the WebAssembly backend's kernel that never writes the patches'
// gradient (kernels.convInputPadded: ∂L/∂Z inside a zero border, convolved with W flipped) against the
// layer's reference route, ∂L/∂P = ∂L/∂Z · W then col2im, on the same backend: each input value's sum is built
// in col2im's order from the same patch cells, so bit for bit (and the JavaScript backend's, float64 sums
// rounded once, to float32's precision). Over both
// paddings, odd and even kernels (an even kernel's 'same' border is uneven), channels that fill partial strips
// of 8, odd numbers of positions (a tile's second value past the end), one image and several.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { jsBackend, type Backend } from '../src/index.js';
import { caseName, convTrainingPass, type ConvCase } from './helpers/conv-pass.js';

const CASES: ConvCase[] = [
  [[14, 14, 8], 5, 1, 'same', 16, 3],
  [[7, 9, 5], 4, 1, 'same', 6, 3], // padding 1 above and left, 2 below and right; 63 positions
  [[5, 6, 12], 2, 1, 'valid', 3, 2], // 12 channels: a strip of 8 and one of 4
  [[6, 6, 2], 3, 1, 'valid', 9, 5],
  [[11, 3, 3], 3, 1, 'same', 10, 1],
  [[4, 4, 16], 1, 1, 'valid', 20, 2], // a 1×1 kernel: no border
];

test('∂L/∂X of a stride-1 convolution without ∂L/∂P equals col2im(∂L/∂Z · W) bit for bit', { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend({ minWork: 0 });
  let calls = 0;
  const counted: Backend = { ...wasm, convolutionInputGradient: (...a) => wasm.convolutionInputGradient!(...a) && ++calls > 0 };
  const reference: Backend = { ...wasm, convolutionInputGradient: undefined };
  for (const c of CASES) {
    const before = calls;
    const got = convTrainingPass(counted, c).dX;
    assert.equal(calls, before + 1, `${caseName(c)}: the kernel ran`);
    assert.deepEqual(got, convTrainingPass(reference, c).dX, `${caseName(c)}: the patches' route on the same backend`);
    // The JavaScript backend sums in float64 and rounds once: the same values to float32's precision.
    const js = convTrainingPass(jsBackend, c).dX;
    for (let i = 0; i < got.length; i++)
      assert.ok(Math.abs(got[i]! - js[i]!) <= 1e-5 * (1 + Math.abs(js[i]!)), `${caseName(c)}: value ${i} against the JavaScript backend`);
  }
});

test('the kernel declines what it does not compute: strides of 2, dilation, float64, and work under minWork', { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend();
  let calls = 0;
  const counted: Backend = { ...wasm, convolutionInputGradient: (...a) => wasm.convolutionInputGradient!(...a) && ++calls > 0 };
  convTrainingPass(counted, [[9, 9, 4], 3, 2, 'same', 8, 2]);
  convTrainingPass(counted, [[4, 4, 2], 3, 1, 'same', 2, 1]); // 16·18·2 = 576 multiply-adds, under the default minWork
  assert.equal(calls, 0);
  const g = {
    height: 9,
    width: 9,
    channels: 4,
    kernelHeight: 3,
    kernelWidth: 3,
    strideY: 1,
    strideX: 1,
    dilationY: 2,
    dilationX: 2,
    padTop: 2,
    padLeft: 2,
    outHeight: 9,
    outWidth: 9,
  };
  const dZ = new Float32Array(2 * 81 * 8);
  assert.equal(wasm.convolutionInputGradient!(dZ, 2, g, new Float32Array(8 * 36), new Float32Array(2 * 324)), false, 'dilation 2');
  const plain = { ...g, dilationY: 1, dilationX: 1, padTop: 1, padLeft: 1 };
  assert.equal(wasm.convolutionInputGradient!(new Float64Array(dZ.length), 2, plain, new Float64Array(8 * 36), new Float64Array(2 * 324)), false, 'float64');
  assert.equal(wasm.convolutionInputGradient!(dZ, 2, plain, new Float32Array(8 * 36), new Float32Array(2 * 324)), true, 'the same at dilation 1, float32');
});
