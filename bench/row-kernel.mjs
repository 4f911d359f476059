// The one-row kernel of small dense networks (docs/performance.md, "The one-row kernel"), measured in one
// process: `trainStep` on the seed's network with the kernel and without it (the same backend without
// `denseRowKernel`, so the JavaScript one-sample path), alternating rounds, best of 14; then the kernel alone:
// a training pass without the step and with it; then a float32 sigmoid in JavaScript, each one's input the
// last one's output (the chain a step's two layers make); then `fit` at batch size 1 on the seed's four rows
// (its stretches of steps in the kernel): a whole call of 10 epochs, and a step of a 1000-epoch call, best of 20.
// `node bench/row-kernel.mjs` after `npm run build`.
import { Matrix, MeanSquaredError, SGD, fit, getBackend } from '../dist/src/index.js';
import { GENDER_X, GENDER_Y } from './common.mjs';
import { seedNetwork } from './libs/neurite.mjs';

const wasm = getBackend();
if (wasm.denseRowKernel === undefined) throw new Error(`the ${wasm.name} backend has no one-row kernel`);
const seed = (backend) => {
  const network = seedNetwork();
  network.backend = backend;
  return network;
};
const xs = GENDER_X.map((row) => Matrix.row(row));
const ys = GENDER_Y.map((row) => Matrix.row(row));
const loss = new MeanSquaredError();
const CALLS = 1_000_000;
let sink = 0;

{
  const sides = { kernel: wasm, javascript: { ...wasm, name: 'wasm without the one-row kernel', denseRowKernel: undefined } };
  const runs = Object.fromEntries(
    Object.entries(sides).map(([side, backend]) => {
      const network = seed(backend);
      const sgd = new SGD({ learningRate: 0.1 });
      const run = () => {
        for (let i = 0; i < CALLS; i++) sink += network.trainStep(xs[i & 3], ys[i & 3], loss, sgd);
      };
      return [side, run];
    }),
  );
  const best = { kernel: Infinity, javascript: Infinity };
  for (let round = 0; round < 16; round++) {
    for (const side of round % 2 === 0 ? ['kernel', 'javascript'] : ['javascript', 'kernel']) {
      const start = performance.now();
      runs[side]();
      const ns = ((performance.now() - start) * 1e6) / CALLS;
      if (round >= 2) best[side] = Math.min(best[side], ns);
    }
  }
  console.log(`trainStep: ${best.kernel.toFixed(0)} ns with the kernel, ${best.javascript.toFixed(0)} ns without it`);
}

// The kernel alone, through the internal entry fit uses (Network.rowKernel), on one row in the module's memory.
const network = seed(wasm);
const bx = new Matrix(1, 2, wasm.allocateFloat32(2));
const by = new Matrix(1, 1, wasm.allocateFloat32(1));
bx.data.set([0.3, -0.2]);
by.data[0] = 1;
const kernel = network.rowKernel(bx, by, loss);
for (const [what, pass] of [
  ['training pass, no step', () => kernel.pass(Number.NaN)],
  ['training pass with the step', () => kernel.pass(1e-6)],
]) {
  for (let i = 0; i < CALLS; i++) pass();
  const start = performance.now();
  for (let i = 0; i < 4 * CALLS; i++) pass();
  console.log(`kernel, ${what}: ${(((performance.now() - start) * 1e6) / (4 * CALLS)).toFixed(1)} ns a call`);
}
let z = 0.3;
for (let round = 0; round < 3; round++) {
  const start = performance.now();
  for (let i = 0; i < 20 * CALLS; i++) z = Math.fround(1 / (1 + Math.exp(-3 * z + 1)));
  if (round === 2) console.log(`sigmoid in JavaScript, chained: ${(((performance.now() - start) * 1e6) / (20 * CALLS)).toFixed(1)} ns each`);
}
{
  const network = seed(wasm);
  const optimizer = new SGD({ learningRate: 0.1 });
  const [x, y] = [Matrix.from(GENDER_X), Matrix.from(GENDER_Y)];
  const options = (epochs) => ({ epochs, batchSize: 1, shuffle: false, loss: 'mse', optimizer });
  for (let i = 0; i < 200; i++) await fit(network, x, y, options(100));
  for (const epochs of [10, 1000]) {
    let best = Infinity;
    for (let round = 0; round < 20; round++) {
      const start = performance.now();
      await fit(network, x, y, options(epochs));
      best = Math.min(best, performance.now() - start);
    }
    if (epochs === 10) console.log(`fit, 10 epochs: ${(best * 1e3).toFixed(1)} µs a call`);
    else console.log(`fit, 1000 epochs: ${((best * 1e6) / (4 * epochs)).toFixed(1)} ns a step`);
  }
}
if (Number.isNaN(sink + z)) console.log('the loss became NaN');
