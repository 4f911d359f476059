// The recurrent layers' fast path (one input product over every step, one recurrent product per step over all
// samples, the gates fused per step) against the readable reference (test/helpers/recurrent-reference.ts:
// one sample, one step, one gate-unit at a time). Bit for bit in float64 on every backend: the reference
// backend, the products as calls (nothing small), and the WebAssembly backend (which hands float64 to the
// reference's loops). In float32 the WebAssembly products round differently: close, not equal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, Rng, getBackend, jsBackend, type Backend, type DType } from '../src/index.js';
import { findBackend } from '../src/backend/index.js';
import { GRU } from '../src/nn/gru.js';
import { LSTM } from '../src/nn/lstm.js';
import type { Recurrent, RecurrentOptions } from '../src/nn/recurrent.js';
import { SimpleRNN } from '../src/nn/simple-rnn.js';
import { referenceRun } from './helpers/recurrent-reference.js';
import { randomMatrix } from './helpers/numeric.js';

const LAYERS: Record<string, (options: RecurrentOptions) => Recurrent> = {
  lstm: (o) => new LSTM(o),
  gru: (o) => new GRU({ ...o, recurrentBias: Array.from({ length: o.units }, (_, k) => 0.1 * k - 0.2) }),
  simpleRnn: (o) => new SimpleRNN(o),
  'simpleRnn relu': (o) => new SimpleRNN({ ...o, activation: 'relu' }),
};

/** The reference backend with nothing small, every product counted: shows which work is one call. */
function counting() {
  const calls: string[] = [];
  const backend: Backend = {
    ...jsBackend,
    name: 'js (every product a call)',
    smallProducts: undefined,
    matmul: (a, b, c, m, k, n) => (calls.push(`matmul ${m}`), jsBackend.matmul(a, b, c, m, k, n)),
    matmulTransA: (a, b, c, m, k, n) => (calls.push(`matmulTransA ${k}`), jsBackend.matmulTransA(a, b, c, m, k, n)),
    matmulTransB: (a, b, c, m, k, n, bias) => (calls.push(`matmulTransB ${m}`), jsBackend.matmulTransB(a, b, c, m, k, n, bias)),
  };
  return { backend, calls };
}

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++)
    if (!Object.is(got[i], want[i]) && !(got[i] === 0 && want[i] === 0)) assert.fail(`${what}[${i}]: ${got[i]} vs the reference's ${want[i]}`);
}

/** A layer with random weights and biases, a batch (masked: samples ending early), and an upstream gradient. */
function setup(make: (o: RecurrentOptions) => Recurrent, returnSequences: boolean, mask: boolean, dtype: DType, seed: number) {
  const rng = new Rng(seed);
  const layer = make({ inputShape: [7, 5], units: 6, returnSequences, maskTrailingZeros: mask, dtype, rng });
  for (let i = 0; i < layer.bias.length; i++) layer.bias[i] = rng.normal(0, 0.3);
  const x = randomMatrix(rng, 4, 35);
  if (mask) [7, 2, 5, 0].forEach((length, n) => x.data.fill(0, n * 35 + length * 5, (n + 1) * 35));
  const dOut = randomMatrix(rng, 4, layer.outputSize);
  const cast = (m: Matrix) =>
    dtype === 'float64'
      ? m
      : Matrix.from(
          Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols))),
          dtype,
        );
  return { layer, x: cast(x), dOut: cast(dOut) };
}

function run(layer: Recurrent, x: Matrix, dOut: Matrix, backend: Backend) {
  const out = Array.from(layer.forward(x, { training: true, backend }).data);
  const dX = Array.from(layer.backward(dOut, { backend, needInputGradient: true })!.data);
  const grads = layer.parameters('l').map((p) => Array.from(p.grad));
  return { out, dX, grads };
}

const wasm = findBackend('wasm');
const backends: Backend[] = [jsBackend, counting().backend, ...(wasm ? [wasm] : []), getBackend()];

for (const [name, make] of Object.entries(LAYERS)) {
  for (const returnSequences of [false, true]) {
    for (const mask of [false, true]) {
      test(`${name} (returnSequences ${returnSequences}, masked ${mask}): float64 outputs and gradients are the reference's bit for bit on every backend`, () => {
        const { layer, x, dOut } = setup(make, returnSequences, mask, 'float64', 21);
        const want = referenceRun(layer, x, dOut);
        for (const backend of backends) {
          const got = run(layer, x, dOut, backend);
          const where = `${backend.name}: `;
          sameBits(got.out, want.out, where + 'output');
          sameBits(got.dX, want.dX, where + '∂L/∂X');
          sameBits(got.grads[0]!, want.inputWeightGrad, where + '∂L/∂W');
          sameBits(got.grads[1]!, want.recurrentWeightGrad, where + '∂L/∂U');
          sameBits(got.grads[2]!, want.biasGrad, where + '∂L/∂b');
          if (layer instanceof GRU) sameBits(got.grads[3]!, want.recurrentBiasGrad, where + '∂L/∂b_hn');
        }
      });
    }
  }
}

test('float32 on the WebAssembly backend stays within float32 rounding of the reference backend', { skip: wasm === undefined }, () => {
  for (const make of Object.values(LAYERS)) {
    const { layer, x, dOut } = setup(make, true, true, 'float32', 22);
    const a = run(layer, x, dOut, jsBackend);
    const b = run(layer, x, dOut, wasm!);
    const pairs: [number[], number[]][] = [[a.out, b.out], [a.dX, b.dX], ...a.grads.map((g, i): [number[], number[]] => [g, b.grads[i]!])];
    for (const [p, q] of pairs) {
      const scale = Math.max(...p.map(Math.abs), 1e-3);
      p.forEach((v, i) => assert.ok(Math.abs(v - q[i]!) <= 1e-4 * scale, `${layer.type}: ${v} vs ${q[i]}`));
    }
  }
});

test('the products: the input projection of every step is one product over rows·T rows, the recurrent one a product per step over all samples', () => {
  const { backend, calls } = counting();
  const { layer, x, dOut } = setup((o) => new LSTM(o), true, false, 'float64', 23);
  layer.forward(x, { training: true, backend });
  // W x_t + b for 4 samples × 7 steps at once, then U h_{t−1} for the 4 samples at each of the 7 steps.
  assert.deepEqual(calls.splice(0), ['matmulTransB 28', ...Array(7).fill('matmulTransB 4')]);
  layer.backward(dOut, { backend, needInputGradient: true });
  // ∂L/∂h_{t−1} = δz_t U for steps 6 … 1; ∂L/∂W and ∂L/∂U as one product each over every step; ∂L/∂X.
  assert.deepEqual(calls, [...Array(6).fill('matmul 4'), 'matmulTransA 28', 'matmulTransA 28', 'matmul 28']);
});
