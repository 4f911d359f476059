// The LSTM's fused step kernels (the WebAssembly backend's lstmStepForward / lstmStepBackward, chosen by
// src/nn/recurrent-ops.ts) against the layer's own loops on the same backend: the kernels compute in float32
// (σ and tanh within about 1e-7 of 1), the loops in float64 rounded when stored, so the results agree to
// float32 rounding, as the WebAssembly products agree with the reference's; masked steps and float64 (the
// reference's bits) stay on the loops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, Rng, type Backend, type DType } from '../src/index.js';
import { findBackend } from '../src/backend/index.js';
import { LSTM } from '../src/nn/lstm.js';
import { randomMatrix } from './helpers/numeric.js';

const wasm = findBackend('wasm');

/** The backend with its LSTM kernels counted, or taken away. */
function variants(base: Backend) {
  const calls = { forward: 0, backward: 0 };
  const counted: Backend = {
    ...base,
    lstmStepForward: (...a) => base.lstmStepForward!(...a) && ++calls.forward > 0,
    lstmStepBackward: (...a) => base.lstmStepBackward!(...a) && ++calls.backward > 0,
  };
  const loops: Backend = { ...base, lstmStepForward: undefined, lstmStepBackward: undefined };
  return { counted, loops, calls };
}

function setup(dtype: DType, returnSequences: boolean, lengths: number[] | null, seed: number) {
  const rng = new Rng(seed);
  const [T, F, units, rows] = [9, 3, 12, lengths?.length ?? 7]; // 84 state values: past the backend's small work
  const make = () => new LSTM({ inputShape: [T, F], units, returnSequences, maskTrailingZeros: lengths !== null, dtype, rng: new Rng(seed) });
  const bias = Array.from({ length: 4 * units }, () => rng.normal(0, 1.5));
  const x = randomMatrix(rng, rows, T * F);
  for (let i = 0; i < x.data.length; i++) x.data[i] = 3 * x.data[i]!; // pre-activations well past tanh's series and into saturation
  if (lengths) lengths.forEach((length, n) => x.data.fill(0, n * T * F + length * F, (n + 1) * T * F));
  const dOut = randomMatrix(rng, rows, returnSequences ? T * units : units);
  const cast = (m: Matrix) => new Matrix(m.rows, m.cols, dtype === 'float32' ? Float32Array.from(m.data) : Float64Array.from(m.data));
  return { make, bias, x: cast(x), dOut: cast(dOut) };
}

function run(layer: LSTM, bias: number[], x: Matrix, dOut: Matrix, backend: Backend) {
  layer.bias.set(bias);
  const out = Float64Array.from(layer.forward(x, { training: true, backend }).data);
  const dX = Float64Array.from(layer.backward(dOut, { backend, needInputGradient: true })!.data);
  return [out, dX, ...layer.parameters('l').map((p) => Float64Array.from(p.grad))];
}

for (const returnSequences of [false, true]) {
  for (const lengths of [null, [9, 4, 9, 3, 7, 9, 5]]) {
    test(`LSTM float32 on WebAssembly (returnSequences ${returnSequences}, ${lengths ? 'masked' : 'full'}): the fused kernels agree with the loops to float32 rounding`, {
      skip: wasm === undefined,
    }, () => {
      const { counted, loops, calls } = variants(wasm!);
      const { make, bias, x, dOut } = setup('float32', returnSequences, lengths, 31);
      // The layers' buffers must live in the backend's memory for the kernels: they are made there (allocateFor).
      const fast = run(make(), bias, x, dOut, counted);
      const slow = run(make(), bias, x, dOut, loops);
      // The kernels ran at every step (9 forward, 9 back), or, masked, at the 3 before the shortest sample ends.
      assert.equal(calls.forward, lengths ? 3 : 9);
      assert.equal(calls.backward, lengths ? 3 : 9);
      fast.forEach((got, a) => {
        const want = slow[a]!;
        const scale = Math.max(...Array.from(want, Math.abs), 1e-6);
        for (let i = 0; i < want.length; i++) {
          assert.ok(Math.abs(got[i]! - want[i]!) <= 4e-6 * scale, `array ${a}[${i}]: ${got[i]} vs the loop's ${want[i]}`);
        }
      });
    });
  }
}

test('LSTM: the kernels run where every sample is inside its sequence, and never on float64', { skip: wasm === undefined }, () => {
  const { counted, calls } = variants(wasm!);
  const { make, bias, x, dOut } = setup('float32', false, [9, 9, 6, 9, 8, 9, 7], 32);
  run(make(), bias, x, dOut, counted);
  assert.deepEqual(calls, { forward: 6, backward: 6 }); // steps 0 … 5, before the shortest sample ends
  const f64 = setup('float64', false, null, 33);
  const { counted: counted64, calls: calls64 } = variants(wasm!);
  run(f64.make(), f64.bias, f64.x, f64.dOut, counted64);
  assert.deepEqual(calls64, { forward: 0, backward: 0 }); // float64 stays on the loops: the reference's bits
});

test('LSTM on WebAssembly: an inference pass keeping nothing per step gives the same output; with keepValues, backward and lastRun() give what a training pass gives; without, they refuse', {
  skip: wasm === undefined,
}, () => {
  for (const lengths of [null, [9, 4, 9, 3, 7, 9, 5]]) {
    const { make, bias, x, dOut } = setup('float32', false, lengths, 34);
    const layerAfter = (ctx: { training: boolean; keepValues?: boolean }) => {
      const layer = make();
      layer.bias.set(bias);
      const out = Float64Array.from(layer.forward(x, { ...ctx, backend: wasm! }).data);
      return { layer, out };
    };
    const traced = (ctx: { training: boolean; keepValues?: boolean }) => {
      const { layer, out } = layerAfter(ctx);
      const run = layer.lastRun();
      const dX = Float64Array.from(layer.backward(dOut, { backend: wasm!, needInputGradient: true })!.data);
      return { out, run, dX, grads: layer.parameters('l').map((p) => Float64Array.from(p.grad)) };
    };
    const kept = traced({ training: true });
    const explained = traced({ training: false, keepValues: true });
    assert.deepEqual(explained.out, kept.out);
    assert.deepEqual(explained.run, kept.run);
    assert.deepEqual(explained.dX, kept.dX);
    assert.deepEqual(explained.grads, kept.grads);
    const lean = layerAfter({ training: false });
    assert.deepEqual(lean.out, kept.out);
    assert.throws(() => lean.layer.lastRun(), /kept no per-step values/);
    assert.throws(() => lean.layer.backward(dOut, { backend: wasm!, needInputGradient: true }), /kept no per-step values/);
  }
});

test('LSTM inference on WebAssembly from 8 rows: the fused step (product and cell in one pass) agrees with the loops to float32 rounding, an odd batch too; masked batches and small ones take the usual path', {
  skip: wasm === undefined,
}, () => {
  for (const returnSequences of [false, true]) {
    for (const lengths of [null, [9, 4, 9, 3, 7, 9, 5, 9, 8, 9]]) {
      const { make, bias, x } = setup('float32', returnSequences, lengths ?? Array(10).fill(9), 35);
      const calls = { fused: 0, step: 0 };
      const counted: Backend = {
        ...wasm!,
        lstmStepFused: (...a) => wasm!.lstmStepFused!(...a) && ++calls.fused > 0,
        lstmStepForward: (...a) => wasm!.lstmStepForward!(...a) && ++calls.step > 0,
      };
      const loops: Backend = { ...wasm!, lstmStepForward: undefined, lstmStepFused: undefined };
      const infer = (backend: Backend, rows: number) => {
        const layer = make();
        layer.bias.set(bias);
        const part = new Matrix(rows, x.cols, x.data.subarray(0, rows * x.cols));
        return Float64Array.from(layer.forward(part, { training: false, backend }).data);
      };
      for (const rows of lengths ? [10] : [10, 9]) {
        calls.fused = calls.step = 0;
        const got = infer(counted, rows);
        const want = infer(loops, rows);
        // masked: the usual path, its kernel up to the shortest sample
        assert.deepEqual(calls, lengths ? { fused: 0, step: 3 } : { fused: 9, step: 0 });
        const scale = Math.max(...Array.from(want, Math.abs));
        for (let i = 0; i < want.length; i++) {
          assert.ok(Math.abs(got[i]! - want[i]!) <= 4e-6 * scale, `${rows} rows, output ${i}: ${got[i]} vs the loop's ${want[i]}`);
        }
      }
      calls.fused = 0;
      infer(counted, 7);
      assert.equal(calls.fused, 0); // 7 rows: arranging [U | W] per pass would cost more than it saves
    }
  }
});

test('LSTM inference on the fused path makes no per-step arrays; a training pass of the same batch size makes them', { skip: wasm === undefined }, () => {
  const { make, x } = setup('float32', false, Array(10).fill(9), 36);
  const layer = make();
  const part = new Matrix(10, x.cols, x.data.subarray(0, 10 * x.cols));
  const stepRows = () => (layer as unknown as { last: { zx: Matrix; hPrev: Matrix } }).last;
  layer.forward(part, { training: false, backend: wasm! });
  assert.equal(stepRows().zx.data.length + stepRows().hPrev.data.length, 0);
  layer.forward(part, { training: true, backend: wasm! });
  assert.equal(stepRows().zx.rows, 10 * layer.timeSteps);
  assert.equal(stepRows().hPrev.rows, 10 * layer.timeSteps);
});
