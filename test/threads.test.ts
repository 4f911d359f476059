// Helper threads (useThreads from neurite/threads, Backend.threading): every product and SGD step split between threads gives
// exactly the single-thread results, training on threads gives the same weights bit for bit, a process with
// helpers still exits on its own, and bad thread counts are refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Matrix, MeanSquaredError, Network, NeuriteError, Rng, SGD, getBackend, setBackend, type Backend } from '../src/index.js';
import { threadCount, useThreads } from '../src/node/threads.js';

const skip = !wasmSimdSupported();
const here = dirname(fileURLToPath(import.meta.url));

function randomArray(backend: Backend, rng: Rng, length: number): Float32Array {
  const out = backend.allocateFloat32 ? backend.allocateFloat32(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.normal(0, 1);
  return out;
}

function assertSameBits(what: string, got: Float32Array, want: Float32Array): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}: value ${i} is ${got[i]} on threads, ${want[i]} on one thread`);
  }
}

test('products and SGD steps split between threads equal one thread bit for bit', { skip }, async () => {
  // Every size goes to WebAssembly and every product of two or more strips is split.
  const single = createWasmBackend({ minWork: 0 });
  const threaded = createWasmBackend({ minWork: 0, threadMinWork: 0 });
  try {
    assert.equal(await useThreads(2, threaded), 2);
    assert.equal(threadCount(threaded), 2);
    assert.equal(threadCount(single), 1);
    const rng = new Rng(5);
    // Two strips and more, partial last strips, rows not a multiple of 4, a single row, k = 1.
    const shapes = [
      [1, 7, 16],
      [5, 3, 9],
      [4, 1, 17],
      [33, 20, 24],
      [32, 64, 130],
      [7, 31, 63],
      [64, 16, 8],
      // Many rows and a large left operand: shared by blocks of 64 rows after packing (rows not a multiple of 8).
      [300, 450, 20],
      [257, 512, 9],
    ];
    for (const [m, k, n] of shapes as [number, number, number][]) {
      const a = randomArray(single, rng, m * k);
      const b = randomArray(single, rng, k * n);
      const bt = randomArray(single, rng, n * k);
      const at = randomArray(single, rng, k * m);
      const bias = randomArray(single, rng, n);
      const run = (backend: Backend) => {
        const c1 = new Float32Array(m * n);
        const c2 = new Float32Array(m * n);
        const c3 = new Float32Array(m * n);
        const c4 = new Float32Array(m * n);
        backend.matmul(a, b, c1, m, k, n);
        backend.matmulTransA(at, b, c2, m, k, n);
        backend.matmulTransB(a, bt, c3, m, k, n);
        backend.matmulTransB(a, bt, c4, m, k, n, bias);
        return [c1, c2, c3, c4];
      };
      const want = run(single);
      const got = run(threaded);
      ['matmul', 'matmulTransA', 'matmulTransB', 'matmulTransB with bias'].forEach((name, i) => {
        assertSameBits(`${name} ${m}×${k}×${n}`, got[i]!, want[i]!);
      });
    }
    // The SGD step, long enough to be split (an odd length: the last values are done in JavaScript).
    const length = 100_003;
    const w1 = randomArray(single, rng, length);
    const g = randomArray(single, rng, length);
    const w2 = Float32Array.from(w1);
    assert.equal(single.subtractScaled!(w1, g, 0.37), true);
    assert.equal(threaded.subtractScaled!(w2, g, 0.37), true);
    assertSameBits('subtractScaled', w2, w1);
  } finally {
    assert.equal(await useThreads(1, threaded), 1);
    assert.equal(threadCount(threaded), 1);
  }
});

test('useThreads: training on two threads gives the same weights as on one', { skip }, async () => {
  const train = () => {
    // 64 rows × 128 inputs × 96 units: above the default threshold, so the first layer's products are split.
    const network = Network.create({
      inputs: 128,
      layers: [
        { units: 96, activation: 'relu' },
        { units: 10, activation: 'sigmoid' },
      ],
      seed: 3,
    });
    const rng = new Rng(9);
    const x = Matrix.zeros(64, 128);
    const y = Matrix.zeros(64, 10);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform();
    for (let r = 0; r < 64; r++) y.data[r * 10 + rng.int(10)] = 1;
    const sgd = new SGD({ learningRate: 0.05 });
    const loss = new MeanSquaredError();
    for (let step = 0; step < 10; step++) network.trainStep(x, y, loss, sgd);
    return network.parameters().map((p) => Float32Array.from(p.value));
  };
  const want = train();
  try {
    assert.equal(await useThreads(2), 2);
    const got = train();
    got.forEach((values, i) => assertSameBits(`parameter ${i}`, values, want[i]!));
  } finally {
    assert.equal(await useThreads(1), 1);
  }
});

test('a process whose helpers are running exits on its own', { skip }, () => {
  const index = pathToFileURL(join(here, '..', 'src', 'index.js')).href;
  const threads = pathToFileURL(join(here, '..', 'src', 'node', 'threads.js')).href;
  const script = `
    import { getBackend } from ${JSON.stringify(index)};
    import { useThreads } from ${JSON.stringify(threads)};
    const threads = await useThreads(2);
    const backend = getBackend();
    const a = new Float32Array(64 * 512).fill(0.5), b = new Float32Array(512 * 64).fill(0.25), c = new Float32Array(64 * 64);
    backend.matmul(a, b, c, 64, 512, 64);
    console.log(threads, c[0]);`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), '2 64');
});

test('useThreads refuses counts that are not whole numbers ≥ 1, and says 1 on the JavaScript backend', async () => {
  for (const bad of [0, -2, 1.5, Number.NaN]) {
    await assert.rejects(
      useThreads(bad),
      (error: unknown) => error instanceof NeuriteError && error.code === 'INVALID_ARGUMENT' && /whole number/.test(error.message),
    );
  }
  const before = getBackend().name;
  setBackend('js');
  try {
    assert.equal(await useThreads(2), 1);
  } finally {
    setBackend(before);
  }
});
