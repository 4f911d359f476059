// The WebAssembly backend's one-row kernel for small dense networks (Backend.denseRowKernel, chosen in
// src/nn/dense-row-kernel.ts and src/train/fit-rows.ts) against the JavaScript backend's loops, bit for bit:
// `trainStep` with the plain SGD step taken inside the kernel, and `fit` at batch size 1 in stretches of steps
// (whole epochs at a time), divergence included. A counting backend proves that the kernel ran.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DenseRowRun } from '../src/backend/backend.js';
import { findBackend } from '../src/backend/index.js';
import { wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import {
  Adam,
  Dense,
  Matrix,
  Network,
  NeuriteError,
  Rng,
  SGD,
  fit,
  jsBackend,
  resolveLoss,
  type Backend,
  type FitOptions,
  type LayerSpec,
} from '../src/index.js';

const skip = wasmSimdSupported() ? false : 'WebAssembly SIMD is not available here';

/** The wasm backend, with every kernel pass, stretch of steps and array given back (releaseFloat32) counted. */
function countingBackend(): { backend: Backend; passes: () => number; steps: () => number; releases: () => number } {
  const wasm = findBackend('wasm')!;
  let passes = 0;
  let steps = 0;
  let releases = 0;
  const backend: Backend = {
    ...wasm,
    name: 'wasm-counted',
    releaseFloat32(array) {
      releases++;
      wasm.releaseFloat32!(array);
    },
    denseRowKernel(layers, x, y, dA) {
      const run = wasm.denseRowKernel!(layers, x, y, dA);
      if (run === null) return null;
      const counted: DenseRowRun = {
        pass: (rate) => (passes++, run.pass(rate)),
        steps: (...args) => (steps++, run.steps(...args)),
        get done() {
          return run.done;
        },
        get status() {
          return run.status;
        },
        get loss() {
          return run.loss;
        },
      };
      return counted;
    },
  };
  return { backend, passes: () => passes, steps: () => steps, releases: () => releases };
}

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: ${got[i]}, the JavaScript backend gives ${want[i]}`);
  }
}

/** Everything a step leaves behind: parameters, gradients, each layer's last values, the output. */
function sameState(network: Network, twin: Network, what: string): void {
  const [mine, theirs] = [network.parameters(), twin.parameters()];
  for (let p = 0; p < mine.length; p++) {
    sameBits(mine[p]!.value, theirs[p]!.value, `${what} ${mine[p]!.name}`);
    sameBits(mine[p]!.grad, theirs[p]!.grad, `${what} ${mine[p]!.name} gradient`);
  }
  network.layers.forEach((layer, l) => {
    const [a, b] = [(layer as Dense).lastValues(), (twin.layers[l] as Dense).lastValues()];
    sameBits(a.z.data, b.z.data, `${what} layer ${l} z`);
    sameBits(a.a.data, b.a.data, `${what} layer ${l} a`);
    sameBits(a.input.data, b.input.data, `${what} layer ${l} input`);
  });
  sameBits(network.lastOutput!.data, twin.lastOutput!.data, `${what} lastOutput`);
}

const shapes: { name: string; inputs: number; layers: LayerSpec[] }[] = [
  { name: 'the seed 2-2-1, sigmoid', inputs: 2, layers: [{ units: 2 }, { units: 1 }] },
  {
    name: '3-5-4-2 relu, sigmoid, linear',
    inputs: 3,
    layers: [
      { units: 5, activation: 'relu' },
      { units: 4, activation: 'sigmoid' },
      { units: 2, activation: 'linear' },
    ],
  },
  { name: '6-16-3 relu, sigmoid', inputs: 6, layers: [{ units: 16, activation: 'relu' }, { units: 3 }] },
  { name: '4-1 linear (one layer)', inputs: 4, layers: [{ units: 1, activation: 'linear' }] },
];

/** A network and its twin with the same weights: one on the counted wasm backend, one on the JavaScript backend. */
function pair(spec: { inputs: number; layers: LayerSpec[] }, seed = 3): { network: Network; twin: Network; counted: ReturnType<typeof countingBackend> } {
  const counted = countingBackend();
  const network = Network.create({ ...spec, seed, initializer: 'normal' });
  network.backend = counted.backend;
  const twin = Network.create({ ...spec, seed, initializer: 'normal' });
  twin.backend = jsBackend;
  return { network, twin, counted };
}

for (const shape of shapes) {
  test(`trainStep with plain SGD runs in the one-row kernel, bit for bit the JavaScript backend's: ${shape.name}`, { skip }, () => {
    const { network, twin, counted } = pair(shape);
    const loss = resolveLoss('mse');
    const [sgd, twinSgd] = [new SGD({ learningRate: 0.05 }), new SGD({ learningRate: 0.05 })];
    const rng = new Rng(9);
    for (let step = 0; step < 40; step++) {
      // Ordinary values, then large ones (saturated sigmoids, big ReLU slopes), with a −0 and a NaN target.
      const scale = step < 20 ? 1 : 30;
      const xv = Array.from({ length: shape.inputs }, () => rng.normal(0, scale));
      if (step === 25) xv[0] = -0;
      const yv = Array.from({ length: network.outputSize }, () => rng.normal(0, 1));
      const [x, y] = [Matrix.row(xv), Matrix.row(yv)];
      if (step === 39) y.data[0] = Number.NaN; // no step in the kernel: the optimizer's own, with NaN gradients
      const got = network.trainStep(x, y, loss, sgd);
      const want = twin.trainStep(x, y, loss, twinSgd);
      assert.ok(Object.is(got, want), `step ${step}: loss ${got}, the JavaScript backend gives ${want}`);
      sameState(network, twin, `step ${step}`);
      if (step % 9 === 4) {
        // Another batch shape between steps, and a prediction: the kernel's plan follows the layers' buffers.
        network.computeGradients(Matrix.from([xv, xv]), Matrix.from([yv, yv]), loss);
        twin.computeGradients(Matrix.from([xv, xv]), Matrix.from([yv, yv]), loss);
        sameBits(network.predict(xv), twin.predict(xv), `step ${step} predict`);
      }
    }
    assert.equal(sgd.iterations, twinSgd.iterations);
    assert.ok(counted.passes() >= 40, `the kernel ran ${counted.passes()} passes`);
  });
}

test('the kernel is not taken where it does not hold, and the results are the same there', { skip }, () => {
  const loss = resolveLoss('mse');
  const cases: {
    what: string;
    spec: { inputs: number; layers: LayerSpec[]; dtype?: 'float64' };
    optimizer: () => SGD | Adam;
    lossName?: string;
  }[] = [
    { what: 'tanh', spec: { inputs: 2, layers: [{ units: 2, activation: 'tanh' }, { units: 1 }] }, optimizer: () => new SGD({ learningRate: 0.1 }) },
    {
      what: 'float64',
      spec: { inputs: 2, layers: [{ units: 2 }, { units: 1 }], dtype: 'float64' },
      optimizer: () => new SGD({ learningRate: 0.1 }),
    },
    {
      what: 'huber loss',
      spec: { inputs: 2, layers: [{ units: 2 }, { units: 1 }] },
      optimizer: () => new SGD({ learningRate: 0.1 }),
      lossName: 'huber',
    },
  ];
  for (const c of cases) {
    const { network, twin, counted } = pair(c.spec);
    const [a, b] = [c.optimizer(), c.optimizer()];
    const l = c.lossName ? resolveLoss(c.lossName) : loss;
    for (let step = 0; step < 5; step++) {
      const x = Matrix.row([step, 1 - step], c.spec.dtype);
      const y = Matrix.row([step % 2], c.spec.dtype);
      assert.ok(Object.is(network.trainStep(x, y, l, a), twin.trainStep(x, y, l, b)), c.what);
    }
    sameState(network, twin, c.what);
    assert.equal(counted.passes(), 0, `${c.what}: no kernel`);
  }
  // SGD with momentum and Adam: the kernel computes the gradients, the optimizer steps (its own arithmetic).
  for (const optimizer of [() => new SGD({ learningRate: 0.1, momentum: 0.9 }), () => new Adam({ learningRate: 0.01 })]) {
    const { network, twin, counted } = pair(shapes[0]!);
    const [a, b] = [optimizer(), optimizer()];
    for (let step = 0; step < 5; step++) {
      const x = Matrix.row([step, 1 - step]);
      const y = Matrix.row([step % 2]);
      assert.ok(Object.is(network.trainStep(x, y, loss, a), twin.trainStep(x, y, loss, b)));
    }
    sameState(network, twin, a.name);
    assert.equal(a.iterations, 5);
    assert.equal(counted.passes(), 5);
  }
});

const X = [
  [-2, -1],
  [25, 6],
  [17, 4],
  [-15, -6],
  [3, 1],
];
const Y = [[1], [0], [0], [1], [0]];

/** fit on both networks with `options`: the same history (or the same error), state and optimizer counts. */
async function sameFit(
  spec: { inputs: number; layers: LayerSpec[] },
  options: FitOptions & { learningRate: number },
  xs = X,
  ys = Y,
): Promise<{ steps: number; error: unknown }> {
  const { network, twin, counted } = pair(spec);
  const results = [];
  for (const net of [network, twin]) {
    const optimizer = new SGD({ learningRate: options.learningRate });
    let error: unknown = null;
    let history = null;
    try {
      history = (await fit(net, Matrix.from(xs), Matrix.from(ys), { ...options, batchSize: 1, loss: 'mse', optimizer })).history;
    } catch (e) {
      error = e;
    }
    results.push({ history, error, iterations: optimizer.iterations });
  }
  const [got, want] = results as [(typeof results)[0], (typeof results)[0]];
  assert.ok(want.history !== null || want.error instanceof NeuriteError, String(want.error));
  assert.deepEqual(got.history, want.history);
  assert.equal(got.iterations, want.iterations);
  if (want.error !== null) {
    assert.ok(got.error instanceof NeuriteError && want.error instanceof NeuriteError);
    assert.equal(got.error.message, want.error.message);
    assert.deepEqual({ ...got.error.details, history: null }, { ...want.error.details, history: null });
  } else {
    assert.equal(got.error, null);
  }
  sameState(network, twin, 'after fit');
  // The stretch's four arrays in the module's memory (rows, targets, order, sums) given back, whether fit
  // finished or stopped: the next fit reuses them.
  if (counted.steps() > 0) assert.equal(counted.releases(), 4, 'the stretch gives its memory back');
  return { steps: counted.steps(), error: want.error };
}

test('fit at batch size 1 runs stretches of steps in the kernel, bit for bit the JavaScript backend’s fit', { skip }, async () => {
  const seed = shapes[0]!;
  // Whole epochs at a time (rows in order, nothing between epochs), epochs one by one (shuffled), and with
  // a look at the clock after every stretch (yieldEveryMs 0: the loop yields between stretches).
  for (const options of [
    { epochs: 120, shuffle: false, learningRate: 0.1 },
    { epochs: 60, shuffle: true, seed: 5, learningRate: 0.1 },
    { epochs: 30, shuffle: false, yieldEveryMs: 0, learningRate: 0.1 },
  ]) {
    const { steps } = await sameFit(seed, options);
    assert.ok(steps > 0, `${JSON.stringify(options)}: the kernel ran no stretch`);
  }
  const rng = new Rng(7);
  const xs = Array.from({ length: 7 }, () => Array.from({ length: 3 }, () => rng.normal(0, 1)));
  const ys = Array.from({ length: 7 }, () => [rng.normal(0, 1), rng.normal(0, 1)]);
  const { steps } = await sameFit(shapes[1]!, { epochs: 40, shuffle: true, learningRate: 0.02 }, xs, ys);
  assert.ok(steps >= 40, 'one stretch per shuffled epoch at least');
  // A table longer than a stretch (6-16-3: 163 parameters, 366 steps a stretch): epochs in several stretches.
  const rows = Array.from({ length: 1000 }, () => Array.from({ length: 6 }, () => rng.normal(0, 1)));
  const targets = rows.map((row) => [row[0]! > 0 ? 1 : 0, row[1]! * row[2]! > 0 ? 1 : 0, 0.5]);
  for (const shuffle of [false, true]) {
    const long = await sameFit(shapes[2]!, { epochs: 3, shuffle, seed: 4, learningRate: 0.05 }, rows, targets);
    assert.ok(long.steps >= 9, `${long.steps} stretches for 3 epochs of 1000 rows`);
  }
});

test('fit in the kernel stops where fit does: a loss that is not finite, then an update that is not', { skip }, async () => {
  const linear = {
    inputs: 2,
    layers: [
      { units: 3, activation: 'relu' },
      { units: 1, activation: 'linear' },
    ],
  } as const;
  // A rate so large that the loss overflows after the first steps.
  for (const shuffle of [false, true]) {
    const { error, steps } = await sameFit({ inputs: 2, layers: [...linear.layers] }, { epochs: 5, shuffle, seed: 2, learningRate: 1e30 });
    assert.ok(error instanceof NeuriteError && error.code === 'DIVERGED' && /the loss became (Infinity|NaN)/.test(error.message), String(error));
    assert.ok(steps > 0);
  }
  // A finite loss whose update overflows float32 (|η·g| > 3.4e38): the weights are put back before that step.
  const big = X.map((row) => row.map((v) => v * 1e3));
  const { error } = await sameFit({ inputs: 2, layers: [{ units: 1, activation: 'linear' }] }, { epochs: 3, shuffle: false, learningRate: 1e36 }, big, Y);
  assert.ok(error instanceof NeuriteError && error.code === 'DIVERGED' && /epoch 0, batch 0: the loss became NaN/.test(error.message), String(error));
});

test("the kernel's sigmoid is JavaScript's 1 / (1 + Math.exp(−z)) bit for bit, over every range of its exp", { skip }, () => {
  // z = x exactly (weight 1, bias 0): the kernel's pass (computeGradients) against the JavaScript backend's.
  const make = (backend: Backend) => {
    const network = new Network([new Dense({ inputs: 1, units: 1, activation: 'sigmoid', weights: [[1]], bias: [0] })]);
    network.backend = backend;
    return network;
  };
  const counted = countingBackend();
  const [network, twin] = [make(counted.backend), make(jsBackend)];
  const loss = resolveLoss('mse');
  const rng = new Rng(21);
  // fdlibm's branches: |x| < 2^−28, k = 0 below ln2/2 ≈ 0.3466, k = ±1 up to 1.5·ln2, the general reduction,
  // x = ±1 (exp(1) is Math.E), and the clamp beyond ±708 (where the float32 sigmoid is 0 or 1 either way).
  const special = [
    0, -0, 1e-30, -1e-30, 3.7e-9, 0.3465735912322998, -0.3465735912322998, 0.35, 1, -1, 1.0397, -1.0397, 30, -30, 88, -88, 103, -104, 707, 708, 709, -709, 800,
    -800, 1e30, -1e30,
  ];
  const values = [...special];
  for (let i = 0; i < 20_000; i++) values.push(rng.normal(0, 1) * 10 ** rng.int(6) * (i % 2 === 0 ? 1e-3 : 1));
  const target = Matrix.row([0.5]);
  for (const v of values) {
    const x = Matrix.row([v]);
    const [got, want] = [network.computeGradients(x, target, loss), twin.computeGradients(x, target, loss)];
    const [a, b] = [network.lastOutput!.data[0]!, twin.lastOutput!.data[0]!];
    if (!Object.is(a, b) || !Object.is(got, want)) assert.fail(`sigmoid(${v}): the kernel gives ${a} (loss ${got}), JavaScript ${b} (loss ${want})`);
  }
  assert.equal(counted.passes(), values.length);
});

test('fit in the kernel stops for an AbortSignal where fit does: before the next stretch, nothing trained after it', { skip }, async () => {
  const counted = countingBackend();
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 3 });
  network.backend = counted.backend;
  const before = network.parameters().map((p) => Array.from(p.value));
  const controller = new AbortController();
  controller.abort();
  const optimizer = new SGD({ learningRate: 0.1 });
  await assert.rejects(
    fit(network, Matrix.from(X), Matrix.from(Y), { epochs: 5, batchSize: 1, shuffle: false, loss: 'mse', optimizer, signal: controller.signal }),
    (error: unknown) => error instanceof NeuriteError && error.code === 'ABORTED' && /epoch 0, batch 0/.test(error.message),
  );
  assert.equal(optimizer.iterations, 0);
  assert.equal(counted.steps(), 0);
  assert.equal(counted.releases(), 4, 'the stretch made for the run gives its memory back');
  network.parameters().forEach((p, i) => sameBits(p.value, before[i]!, p.name));
  // Aborted while it runs (between two turns of the event loop): it stops at a stretch's start, with the
  // epochs it finished in its history.
  const running = new AbortController();
  const run = fit(network, Matrix.from(X), Matrix.from(Y), {
    epochs: 1_000_000,
    batchSize: 1,
    shuffle: false,
    loss: 'mse',
    optimizer,
    signal: running.signal,
    yieldEveryMs: 1,
  });
  setTimeout(() => running.abort(), 20);
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof NeuriteError && error.code === 'ABORTED');
    const { epoch, batch, history } = error.details as { epoch: number; batch: number; history: unknown[] };
    assert.equal(batch, 0, 'a stretch of whole epochs ends at an epoch');
    assert.equal(history.length, epoch);
    assert.equal(optimizer.iterations, epoch * X.length);
    return true;
  });
  assert.ok(counted.steps() > 0);
  assert.equal(counted.releases(), 8);
});
