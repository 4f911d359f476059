// The WebAssembly im2col and col2im for dilation 1 go through a zero-bordered copy of each image
// (kernels.im2colPadded, col2imPadded): the reference loops' values bit for bit, over geometries that put the
// border on every side, none at all, windows that stop short of the image ('valid' with a stride that does
// not divide it), kernels larger than the image, 1×1 kernels, and one to eight channels.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Rng } from '../src/init/rng.js';
import { windowGeometry } from '../src/nn/conv-geometry.js';
import { col2im, im2col } from '../src/nn/im2col.js';

type Geometry = [shape: [number, number, number], kernel: [number, number], strides: [number, number], padding: 'valid' | 'same'];

const GEOMETRIES: Geometry[] = [
  [[28, 28, 1], [5, 5], [1, 1], 'same'],
  [[28, 28, 1], [3, 3], [1, 1], 'same'],
  [[14, 14, 8], [5, 5], [1, 1], 'same'],
  [[14, 14, 16], [3, 3], [1, 1], 'valid'],
  [[13, 11, 3], [3, 2], [2, 3], 'same'],
  [[13, 11, 3], [4, 3], [3, 2], 'valid'],
  [[5, 7, 2], [1, 1], [1, 1], 'valid'],
  [[5, 7, 2], [1, 1], [2, 2], 'same'],
  [[3, 3, 5], [7, 7], [2, 2], 'same'],
  [[8, 8, 1], [8, 8], [1, 1], 'valid'],
  [[6, 9, 4], [2, 5], [1, 4], 'same'],
];

test('the padded im2col and col2im give the reference loops’ values bit for bit, in the module’s memory or not', { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend();
  const rng = new Rng(21);
  for (const [shape, kernel, strides, padding] of GEOMETRIES) {
    const g = windowGeometry('conv', shape, kernel, strides, [1, 1], padding);
    const what = `${kernel.join('x')} stride ${strides.join(',')} ${padding} on ${shape.join('x')}`;
    for (const samples of [1, 3]) {
      const inputs = samples * shape[0] * shape[1] * shape[2];
      const size = samples * g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.channels;
      const x = Float32Array.from({ length: inputs }, () => rng.normal(0, 1));
      x[0] = -0;
      const want = new Float32Array(size).fill(7);
      im2col(x, samples, g, want);
      const resident = wasm.allocateFloat32!(inputs);
      resident.set(x);
      for (const [input, out] of [
        [x, new Float32Array(size).fill(7)],
        [resident, wasm.allocateFloat32!(size).fill(7)],
      ] as const) {
        assert.equal(wasm.im2col!(input, samples, g, out), true);
        assert.deepEqual(new Uint32Array(out.buffer, out.byteOffset, size), new Uint32Array(want.buffer), `im2col ${what}, ${samples} samples`);
      }
      const dP = Float32Array.from({ length: size }, () => rng.normal(0, 1));
      const dX = new Float32Array(inputs).fill(7);
      col2im(dP, samples, g, dX);
      const residentDP = wasm.allocateFloat32!(size);
      residentDP.set(dP);
      for (const [input, out] of [
        [dP, new Float32Array(inputs).fill(7)],
        [residentDP, wasm.allocateFloat32!(inputs).fill(7)],
      ] as const) {
        assert.equal(wasm.col2im!(input, samples, g, out), true);
        assert.deepEqual(new Uint32Array(out.buffer, out.byteOffset, inputs), new Uint32Array(dX.buffer), `col2im ${what}, ${samples} samples`);
      }
    }
  }
});
