// The fast paths that must not change a single bit: the WebAssembly elementwise kernels (sigmoid, ReLU and
// its derivative, the SGD step) against the JavaScript they replace, the narrow matrix products' stores, and
// the small dense layers' inline loops against the reference backend, in float32 and float64.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBackend } from '../src/backend/index.js';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Matrix, MeanSquaredError, Network, Rng, SGD, jsBackend, type Backend } from '../src/index.js';

const skip = !wasmSimdSupported();

/** Float32 arrays of one length: ordinary, in the backend's memory, and a view at an odd offset. */
function arrays(backend: Backend, length: number): Float32Array[] {
  const out: Float32Array[] = [new Float32Array(length), new Float32Array(length + 3).subarray(3)];
  if (backend.allocateFloat32) out.push(backend.allocateFloat32(length));
  return out;
}

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i]) && !(Number.isNaN(got[i]) && Number.isNaN(want[i]))) {
      assert.fail(`${what}: element ${i} is ${got[i]}, the JavaScript gives ${want[i]}`);
    }
  }
}

/** Inputs where exp's branches change, where the float32 sigmoid saturates, and the special values. */
function sigmoidInputs(rng: Rng): Float32Array {
  const special = [
    0,
    -0,
    1,
    -1,
    2,
    -2,
    0.5,
    -0.5,
    0.34657,
    -0.34657,
    0.3465736,
    1.0397,
    -1.0397,
    1.03972,
    3.7e-9,
    -3.7e-9,
    3.8e-9,
    1e-30,
    -1e-30,
    87,
    -87,
    88.7,
    -88.7,
    103.9,
    -103.9,
    104,
    -104,
    110,
    -110,
    700,
    -700,
    708,
    -708,
    709,
    -709,
    709.8,
    -709.8,
    745,
    -745,
    746,
    -746,
    1e10,
    -1e10,
    3.4e38,
    -3.4e38,
    Infinity,
    -Infinity,
    NaN,
  ];
  const values = new Float32Array(20_000);
  values.set(special);
  for (let i = special.length; i < values.length; i++) {
    const scale = [1, 10, 100, 800][i & 3]!;
    values[i] = (rng.uniform() * 2 - 1) * scale;
  }
  return values;
}

test('wasm sigmoid, ReLU and ReLU′ give exactly the JavaScript activations’ values', { skip }, () => {
  const rng = new Rng(17);
  const z0 = sigmoidInputs(rng);
  for (const backend of [findBackend('wasm')!, createWasmBackend({ shared: false })]) {
    // Short arrays too: what is small is for the operations to decide (Backend.smallElementwise), not the kernel.
    for (const length of [1, 3, 10, 64, 67, 1001, z0.length]) {
      for (const z of arrays(backend, length)) {
        z.set(z0.subarray(0, length));
        for (const a of arrays(backend, length)) {
          const want = new Float32Array(length);
          for (let i = 0; i < length; i++) want[i] = 1 / (1 + Math.exp(-z[i]!));
          a.fill(-1);
          assert.equal(backend.activationForward!('sigmoid', z, a, length), true);
          sameBits(a, want, `sigmoid, length ${length}`);
          for (let i = 0; i < length; i++) want[i] = z[i]! > 0 ? z[i]! : 0;
          assert.equal(backend.activationForward!('relu', z, a, length), true);
          sameBits(a, want, `relu, length ${length}`);
          // ReLU′: dZ = z > 0 ? dA : 0, into another array and in place (dZ = dA).
          const dA = Float32Array.from({ length }, () => rng.normal(0, 1));
          for (let i = 0; i < length; i++) want[i] = z[i]! > 0 ? dA[i]! : 0;
          assert.equal(backend.activationBackward!('relu', z, a, dA, a, length), true);
          sameBits(a, want, `relu backward, length ${length}`);
          a.set(dA);
          assert.equal(backend.activationBackward!('relu', z, z, a, a, length), true);
          sameBits(a, want, `relu backward in place, length ${length}`);
        }
      }
    }
    // What it has no kernel for, it leaves to the caller, writing nothing.
    const z = new Float32Array(100);
    const a = new Float32Array(100).fill(7);
    assert.equal(backend.activationForward!('tanh', z, a, 100), false);
    assert.equal(backend.activationForward!('sigmoid', new Float64Array(100), new Float64Array(100), 100), false);
    assert.equal(backend.activationBackward!('sigmoid', z, z, z, a, 100), false);
    assert.ok(a.every((v) => v === 7));
  }
});

test('the wasm SGD step is the JavaScript one, bit for bit', { skip }, () => {
  const rng = new Rng(3);
  for (const backend of [findBackend('wasm')!, createWasmBackend({ shared: false })]) {
    for (const length of [1, 7, 64, 131, 4099]) {
      for (const w of arrays(backend, length)) {
        for (const g of arrays(backend, length)) {
          for (let i = 0; i < length; i++) {
            w[i] = rng.normal(0, 1);
            g[i] = rng.normal(0, 1) * 10 ** rng.int(8);
          }
          const lr = 0.1 * rng.uniform();
          const want = new Float32Array(length);
          for (let i = 0; i < length; i++) want[i] = w[i]! - lr * g[i]!;
          assert.equal(backend.subtractScaled!(w, g, lr), true);
          sameBits(w, want, `w − ${lr}·g, length ${length}`);
        }
      }
    }
    assert.equal(backend.subtractScaled!(new Float64Array(100), new Float64Array(100), 0.1), false);
    assert.equal(backend.subtractScaled!(new Float32Array(100), new Float32Array(99), 0.1), false);
  }
});

test('narrow matrix products (fewer than 8 columns) write C and nothing past it', { skip }, () => {
  const backend = createWasmBackend({ minWork: 0 });
  const rng = new Rng(5);
  for (let n = 1; n < 8; n++) {
    for (const k of [1, 2, 3, 9]) {
      for (let m = 1; m <= 21; m++) {
        const block = backend.allocateFloat32!(m * n + 16);
        const c = block.subarray(0, m * n);
        block.fill(123);
        const a = Float32Array.from({ length: m * k }, () => rng.normal(0, 1));
        const b = Float32Array.from({ length: n * k }, () => rng.normal(0, 1));
        const bias = Float32Array.from({ length: n }, () => rng.normal(0, 1));
        backend.matmulTransB(a, b, c, m, k, n, bias);
        for (let i = m * n; i < block.length; i++) assert.equal(block[i], 123, `m=${m} k=${k} n=${n}: wrote past C at ${i}`);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
            assert.ok(Math.abs(c[i * n + j]! - (s + bias[j]!)) < 1e-4 * (1 + Math.abs(s)), `m=${m} k=${k} n=${n}: C[${i},${j}]`);
          }
        }
      }
    }
  }
});

/** The reference backend with nothing small: every product goes through its calls. */
const viaCalls: Backend = { ...jsBackend, name: 'js (no inline loops)', smallProducts: undefined };

for (const dtype of ['float32', 'float64'] as const) {
  test(`small dense layers (inline loops) train bit for bit as the reference backend's calls, ${dtype}`, () => {
    const spec = {
      inputs: 3,
      layers: [
        { units: 4, activation: 'tanh' },
        { units: 2, activation: 'sigmoid' },
        { units: 2, activation: 'linear' },
      ],
      seed: 9,
      dtype,
    };
    const inline = Network.create(spec);
    const calls = Network.create(spec);
    calls.backend = viaCalls;
    const loss = new MeanSquaredError();
    const sgdA = new SGD({ learningRate: 0.05 });
    const sgdB = new SGD({ learningRate: 0.05 });
    const rng = new Rng(1);
    for (let step = 0; step < 200; step++) {
      const rows = 1 + (step % 5);
      const x = Matrix.zeros(rows, 3, dtype);
      const y = Matrix.zeros(rows, 2, dtype);
      for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal(0, 2);
      for (let i = 0; i < y.data.length; i++) y.data[i] = rng.uniform();
      assert.equal(inline.trainStep(x, y, loss, sgdA), calls.trainStep(x, y, loss, sgdB), `loss at step ${step}`);
    }
    const a = inline.parameters();
    const b = calls.parameters();
    a.forEach((p, i) => {
      sameBits(p.value, b[i]!.value, p.name);
      sameBits(p.grad, b[i]!.grad, `${p.name} gradient`);
    });
    const out = inline.predictInto([0.5, -1, 2], new Array<number>(2));
    assert.deepEqual(out, calls.predictInto([0.5, -1, 2], [0, 0]));
  });
}
