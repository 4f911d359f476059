// One kernel suite, run against every backend: the registered ones (the JavaScript reference, and the
// WebAssembly one where the runtime supports it) and WebAssembly variants that take even the smallest
// products (minWork 0) on shared and ordinary memory. Results must match a float64 reference within
// float32 tolerance, for random shapes including odd ones, for operands inside and outside wasm memory.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendNames, findBackend } from '../src/backend/index.js';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Rng, type Backend, type FloatArray } from '../src/index.js';

const backends: Backend[] = backendNames().map((name) => findBackend(name)!);
if (wasmSimdSupported()) {
  backends.push(
    { ...createWasmBackend({ minWork: 0 }), name: 'wasm (every size, shared memory)' },
    { ...createWasmBackend({ minWork: 0, shared: false }), name: 'wasm (every size, ordinary memory)' },
  );
}

test('the WebAssembly backend is registered where the runtime supports SIMD', () => {
  assert.equal(backendNames().includes('wasm'), wasmSimdSupported());
  assert.ok(backendNames().includes('js'));
});

type Kind = 'plain' | 'resident' | 'offset';

/** A float32 array of `length` random values: ordinary, in the backend's memory, or a view at an odd offset. */
function array(backend: Backend, rng: Rng, length: number, kind: Kind, fill = true): Float32Array {
  let out: Float32Array;
  if (kind === 'resident' && backend.allocateFloat32) out = backend.allocateFloat32(length);
  else if (kind === 'offset') out = new Float32Array(length + 3).subarray(3);
  else out = new Float32Array(length);
  if (fill) for (let i = 0; i < length; i++) out[i] = rng.normal(0, 1);
  return out;
}

/** value(i, j) = Σ_p A(i,p)·B(p,j) in float64, with the bound Σ|A||B| that scales the float32 tolerance. */
function reference(m: number, k: number, n: number, at: (i: number, p: number) => number, bt: (p: number, j: number) => number) {
  const value = new Float64Array(m * n);
  const bound = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let b = 0;
      for (let p = 0; p < k; p++) {
        const t = at(i, p) * bt(p, j);
        s += t;
        b += Math.abs(t);
      }
      value[i * n + j] = s;
      bound[i * n + j] = b;
    }
  }
  return { value, bound };
}

function assertClose(name: string, got: FloatArray, want: Float64Array, bound: Float64Array): void {
  assert.equal(got.length >= want.length, true);
  for (let i = 0; i < want.length; i++) {
    const tol = 1e-5 * bound[i]! + 1e-6;
    if (!(Math.abs(got[i]! - want[i]!) <= tol)) {
      assert.fail(`${name}: element ${i} is ${got[i]}, expected ${want[i]} (tolerance ${tol})`);
    }
  }
}

function shapes(rng: Rng): [number, number, number][] {
  const list: [number, number, number][] = [
    [1, 1, 1],
    [1, 7, 1],
    [3, 5, 7],
    [4, 8, 8],
    [5, 9, 17],
    [1, 784, 10],
    [2, 33, 9],
    [33, 2, 19],
    [64, 100, 33],
    [13, 1, 31],
  ];
  for (let t = 0; t < 12; t++) list.push([1 + rng.int(40), 1 + rng.int(70), 1 + rng.int(40)]);
  return list;
}

for (const backend of backends) {
  const kinds: Kind[] = backend.allocateFloat32 ? ['plain', 'resident', 'offset'] : ['plain', 'offset'];

  test(`${backend.name}: matmul, matmulTransA, matmulTransB (with and without bias), sumRows agree with float64`, () => {
    const rng = new Rng(2024);
    for (const [m, k, n] of shapes(rng)) {
      for (const kind of kinds) {
        const where = `${backend.name} [m=${m} k=${k} n=${n}] ${kind}`;
        // C = A·B, A[m×k], B[k×n]
        let a = array(backend, rng, m * k, kind);
        let b = array(backend, rng, k * n, kind);
        let c = array(backend, rng, m * n, kind, false);
        c.fill(NaN); // outputs are written, never read
        backend.matmul(a, b, c, m, k, n);
        let ref = reference(
          m,
          k,
          n,
          (i, p) => a[i * k + p]!,
          (p, j) => b[p * n + j]!,
        );
        assertClose(`matmul ${where}`, c, ref.value, ref.bound);

        // C = Aᵀ·B, A[k×m], B[k×n]
        a = array(backend, rng, k * m, kind);
        b = array(backend, rng, k * n, kind);
        c = array(backend, rng, m * n, kind, false);
        c.fill(NaN);
        backend.matmulTransA(a, b, c, m, k, n);
        ref = reference(
          m,
          k,
          n,
          (i, p) => a[p * m + i]!,
          (p, j) => b[p * n + j]!,
        );
        assertClose(`matmulTransA ${where}`, c, ref.value, ref.bound);

        // C = A·Bᵀ (+ bias), A[m×k], B[n×k]
        a = array(backend, rng, m * k, kind);
        b = array(backend, rng, n * k, kind);
        c = array(backend, rng, m * n, kind, false);
        c.fill(NaN);
        backend.matmulTransB(a, b, c, m, k, n);
        ref = reference(
          m,
          k,
          n,
          (i, p) => a[i * k + p]!,
          (p, j) => b[j * k + p]!,
        );
        assertClose(`matmulTransB ${where}`, c, ref.value, ref.bound);
        const bias = array(backend, rng, n, kind);
        backend.matmulTransB(a, b, c, m, k, n, bias);
        for (let i = 0; i < m * n; i++) {
          ref.value[i] += bias[i % n]!;
          ref.bound[i] += Math.abs(bias[i % n]!);
        }
        assertClose(`matmulTransB + bias ${where}`, c, ref.value, ref.bound);

        // out = Σ_rows A[m×n]
        a = array(backend, rng, m * n, kind);
        const out = array(backend, rng, n, kind, false);
        out.fill(NaN);
        backend.sumRows(a, out, m, n);
        ref = reference(
          1,
          m,
          n,
          () => 1,
          (p, j) => a[p * n + j]!,
        );
        assertClose(`sumRows ${where}`, out, ref.value, ref.bound);
      }
    }
  });

  test(`${backend.name}: float64 arrays give float64 results (bit for bit the reference's)`, () => {
    const rng = new Rng(7);
    const [m, k, n] = [6, 45, 11];
    const a = Float64Array.from({ length: m * k }, () => rng.normal(0, 1));
    const b = Float64Array.from({ length: n * k }, () => rng.normal(0, 1));
    const bias = Float64Array.from({ length: n }, () => rng.normal(0, 1));
    const c = new Float64Array(m * n);
    backend.matmulTransB(a, b, c, m, k, n, bias);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
        assert.equal(c[i * n + j], s + bias[j]!);
      }
    }
  });
}

test('arrays in WebAssembly memory stay valid while the memory grows', { skip: !wasmSimdSupported() }, () => {
  const backend = createWasmBackend({ minWork: 0 });
  assert.ok(backend.allocateFloat32, 'Node has SharedArrayBuffer, so the backend allocates');
  const first = backend.allocateFloat32!(10);
  first.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const big = backend.allocateFloat32!(4_000_000); // 16 MB: the memory must grow
  big[big.length - 1] = 5;
  assert.deepEqual(Array.from(first), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const out = backend.allocateFloat32!(1);
  backend.sumRows(first, out, 10, 1);
  assert.equal(out[0], 55);
});

test('an array given back with releaseFloat32 is the next of its size, zeroed; anything else is left alone', { skip: !wasmSimdSupported() }, () => {
  const backend = createWasmBackend({ minWork: 0 });
  const first = backend.allocateFloat32!(1000);
  first.fill(3);
  backend.releaseFloat32!(first);
  const again = backend.allocateFloat32!(1000);
  assert.equal(again.byteOffset, first.byteOffset, 'the released block is reused');
  assert.ok(
    again.every((v) => v === 0),
    'and handed out zeroed',
  );
  // Given back twice, or an array that is not the allocator's (a plain one, a view into a block): no block
  // is handed out twice.
  backend.releaseFloat32!(first);
  backend.releaseFloat32!(new Float32Array(1000));
  backend.releaseFloat32!(again.subarray(0, 1000));
  const third = backend.allocateFloat32!(1000);
  const fourth = backend.allocateFloat32!(1000);
  const offsets = new Set([again.byteOffset, third.byteOffset, fourth.byteOffset]);
  assert.equal(offsets.size, 3, 'three live arrays, three blocks');
});
