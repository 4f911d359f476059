// Max pooling over whole 2×2 windows at stride 2 runs on the WebAssembly kernels (maxPool2x2 and, backward,
// maxUnpool2x2, chosen by ops.maxPoolPairs and ops.maxUnpoolPairs): MaxPool2D's own loops' values, argmax and
// ∂L/∂x bit for bit, ties, signed zeros and NaNs included; other windows, and channels not a multiple of 4,
// stay on the loops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Backend } from '../src/backend/backend.js';
import { jsBackend } from '../src/backend/js/js-backend.js';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Rng } from '../src/init/rng.js';
import { MaxPool2D } from '../src/nn/max-pool2d.js';
import { Matrix } from '../src/tensor/matrix.js';

type Case = [shape: [number, number, number], padding: 'valid' | 'same', kernel: boolean];
const CASES: Case[] = [
  [[28, 28, 8], 'valid', true],
  [[14, 14, 16], 'same', true],
  [[7, 9, 4], 'valid', true], // odd sides: the last row and column are left out, every window still whole
  [[6, 6, 12], 'same', true],
  [[7, 7, 4], 'same', false], // 'same' on an odd side pads the last window: the loop
  [[8, 8, 3], 'valid', false], // 3 channels: the loop
];

/** A backend that records whether the kernels ran (each call of either counts). */
function counting(backend: Backend): { backend: Backend; calls: () => number } {
  let calls = 0;
  const kernel = backend.maxPool2x2?.bind(backend);
  const unpool = backend.maxUnpool2x2?.bind(backend);
  const wrapped: Backend = {
    ...backend,
    ...(kernel && unpool
      ? {
          maxPool2x2(...args: Parameters<typeof kernel>) {
            const done = kernel(...args);
            if (done) calls++;
            return done;
          },
          maxUnpool2x2(...args: Parameters<typeof unpool>) {
            const done = unpool(...args);
            if (done) calls++;
            return done;
          },
        }
      : {}),
  };
  return { backend: wrapped, calls: () => calls };
}

test('the WebAssembly 2×2 max pooling gives the loop’s values and argmax bit for bit', { skip: !wasmSimdSupported() }, () => {
  const rng = new Rng(17);
  for (const [shape, padding, kernel] of CASES) {
    const size = shape[0] * shape[1] * shape[2];
    const rows = 3;
    const x = new Matrix(
      rows,
      size,
      Float32Array.from({ length: rows * size }, () => Math.round(rng.normal(0, 2) * 2) / 2),
    ); // many ties
    for (let i = 0; i < x.data.length; i += 37) x.data[i] = Number.NaN;
    for (let i = 5; i < x.data.length; i += 41) x.data[i] = -0;
    for (let i = 11; i < x.data.length; i += 43) x.data[i] = 0;
    // Gradients with signed zeros and NaNs (0 + −0 is +0 in the loop's sum).
    const dOut = (pool: MaxPool2D, shift: number) =>
      new Matrix(
        rows,
        pool.outputSize,
        Float32Array.from({ length: rows * pool.outputSize }, (_, i) => (i % 11 === 3 ? -0 : i % 13 === 5 ? Number.NaN : ((i + shift) % 7) - 3)),
      );
    // The layer's buffers in the module's memory (kernels work on them in place), and outside it (an unshared
    // memory hands out none: operands and argmax are copied in and out).
    const results = [jsBackend, createWasmBackend(), createWasmBackend({ shared: false })].map((base) => {
      const { backend, calls } = counting(base);
      const pool = new MaxPool2D({ inputShape: shape, poolSize: 2, padding });
      const out = Float32Array.from(pool.forward(x, { training: true, backend }).data);
      const first = pool.backward(dOut(pool, 0), { backend, needInputGradient: true })!;
      first.data.fill(7); // the buffer is reused: a second pass must write every value again
      const dX = Float32Array.from(pool.backward(dOut(pool, 2), { backend, needInputGradient: true })!.data);
      return { out, dX, calls: calls() };
    });
    const [reference, ...wasms] = results as [(typeof results)[0], ...(typeof results)[0][]];
    assert.equal(reference.calls, 0);
    wasms.forEach((wasm, i) => {
      const what = `${shape.join('x')} ${padding}, ${i === 0 ? 'buffers in the module' : 'buffers outside it'}`;
      assert.equal(wasm.calls, kernel ? 3 : 0, `${what}: the kernels ${kernel ? 'run' : 'do not run'}`);
      assert.deepEqual(new Uint32Array(wasm.out.buffer), new Uint32Array(reference.out.buffer), `${what}: values`);
      assert.deepEqual(new Uint32Array(wasm.dX.buffer), new Uint32Array(reference.dX.buffer), `${what}: ∂L/∂x through the argmax`);
    });
  }
});
