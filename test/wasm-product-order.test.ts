// The WebAssembly products add every value of C over p one step at a time, whatever tile computes it (the
// 4×8 tiles, the rows left over, and the transposed product matmulTransA takes for few columns of A against
// many of B): each value is the float32 sum Σ_p fround(a·b) in order, so the two ways round alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { allocateFor } from '../src/backend/index.js';
import { Rng } from '../src/init/rng.js';

test('matmulTransA on WebAssembly: every value the in-order float32 sum, transposed product or not', { skip: !wasmSimdSupported() }, () => {
  const wasm = createWasmBackend();
  const rng = new Rng(4);
  // [m, k, n]: the transposed way (m ≤ 16, n ≥ 4m, k ≥ 1024) with 25 rows of Cᵀ (a row left over), and the usual way
  for (const [m, k, n] of [
    [8, 1100, 25],
    [16, 1030, 200],
    [5, 1024, 41],
    [10, 32, 60],
    [9, 120, 20],
    [24, 50, 30],
  ] as const) {
    const a = allocateFor(wasm, 'float32', k * m);
    const b = allocateFor(wasm, 'float32', k * n);
    const c = allocateFor(wasm, 'float32', m * n);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal(0, 1);
    for (let i = 0; i < b.length; i++) b[i] = rng.normal(0, 1);
    wasm.matmulTransA(a, b, c, m, k, n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum = Math.fround(sum + Math.fround(a[p * m + i]! * b[p * n + j]!));
        assert.equal(c[i * n + j], sum, `[${m}, ${k}, ${n}] value (${i}, ${j})`);
      }
    }
  }
});
