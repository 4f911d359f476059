// Float32 training on the WebAssembly backend agrees with the JavaScript reference: same seed, same data,
// the same weights after many steps, within float32 tolerance (the kernels sum in another order).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBackend } from '../src/backend/index.js';
import { wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Matrix, MeanSquaredError, Network, Rng, SGD, jsBackend } from '../src/index.js';

test('float32 training with the wasm backend agrees with the JS backend', { skip: !wasmSimdSupported() }, () => {
  const wasm = findBackend('wasm')!;
  const spec = {
    inputs: 37,
    layers: [
      { units: 29, activation: 'sigmoid' },
      { units: 13, activation: 'sigmoid' },
      { units: 3, activation: 'linear' },
    ],
    seed: 5,
    dtype: 'float32' as const,
  };
  const onJs = Network.create(spec);
  onJs.backend = jsBackend;
  const onWasm = Network.create(spec);
  onWasm.backend = wasm;
  const rng = new Rng(11);
  const rows = 24;
  const x = Matrix.zeros(rows, spec.inputs);
  const y = Matrix.zeros(rows, 3);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal(0, 1);
  for (let i = 0; i < y.data.length; i++) y.data[i] = rng.uniform();
  const loss = new MeanSquaredError();
  const sgdJs = new SGD({ learningRate: 0.05 });
  const sgdWasm = new SGD({ learningRate: 0.05 });
  let lossJs = 0;
  let lossWasm = 0;
  for (let step = 0; step < 50; step++) {
    lossJs = onJs.trainStep(x, y, loss, sgdJs);
    lossWasm = onWasm.trainStep(x, y, loss, sgdWasm);
  }
  assert.ok(Math.abs(lossJs - lossWasm) <= 1e-5 * Math.max(1, lossJs), `loss ${lossJs} (js) vs ${lossWasm} (wasm)`);
  const a = onJs.parameters();
  const b = onWasm.parameters();
  let changed = false;
  a.forEach((p, i) => {
    const q = b[i]!;
    for (let j = 0; j < p.value.length; j++) {
      const d = Math.abs(p.value[j]! - q.value[j]!);
      assert.ok(d <= 1e-4 * Math.max(1, Math.abs(p.value[j]!)), `${p.name}[${j}]: ${p.value[j]} (js) vs ${q.value[j]} (wasm)`);
      if (p.value[j] !== q.value[j]) changed = true;
    }
  });
  assert.ok(changed, 'the wasm kernels really ran (their sums round differently somewhere)');
  // Predictions too, one sample at a time through the allocation-free path.
  const outJs = new Float32Array(3);
  const outWasm = new Float32Array(3);
  onJs.predictInto(x.rowView(0), outJs);
  onWasm.predictInto(x.rowView(0), outWasm);
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(outJs[j]! - outWasm[j]!) < 1e-4);
});

test('predictInto matches predict and checks its arguments', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 3 });
  const out = [0];
  assert.equal(network.predictInto([-7, -3], out), out);
  assert.deepEqual(out, network.predict([-7, -3]));
  const f64 = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 3, dtype: 'float64' });
  assert.equal(f64.predictInto([1, 2], new Float64Array(1))[0], f64.predict([1, 2])[0]);
  assert.throws(() => network.predictInto([1], out), { code: 'SHAPE_MISMATCH' });
  assert.throws(() => network.predictInto([1, 2], []), { code: 'SHAPE_MISMATCH' });
  assert.throws(() => network.predictInto([1, NaN], out), { code: 'NON_FINITE' });
});

test('past its resident limit the wasm backend hands out ordinary arrays and still computes the same', async () => {
  const { getBackend, registerBackend, setBackend, createWasmBackend } = await import('../src/index.js');
  if (!wasmSimdSupported()) return;
  const saved = getBackend();
  const small = createWasmBackend({ residentLimit: 64 * 1024 });
  registerBackend(small); // replaces "wasm" while the test runs, so layers allocate in its memory
  setBackend(small.name);
  try {
    const input = Array.from({ length: 300 }, (_, i) => Math.sin(i));
    for (let i = 0; i < 6; i++) {
      // 300 × 64 float32 weights are 75 KB: past the 64 KB limit, so they cannot be resident.
      const network = Network.create({
        inputs: 300,
        layers: [
          { units: 64, activation: 'relu' },
          { units: 3, activation: 'softmax' },
        ],
        seed: i,
      });
      const wasm = network.predict(input);
      network.backend = jsBackend;
      const js = network.predict(input);
      wasm.forEach((p, k) => assert.ok(Math.abs(p - js[k]!) < 1e-6, `network ${i}, output ${k}: ${p} vs ${js[k]}`));
    }
    const last = Network.create({ inputs: 300, layers: [{ units: 64 }], seed: 9 });
    assert.ok(!(last.parameters()[0]!.value.buffer instanceof SharedArrayBuffer), 'a large weight array past the limit is an ordinary array');
  } finally {
    registerBackend(saved);
    setBackend(saved.name);
  }
});
