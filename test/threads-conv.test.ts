// The convolution's kernels shared between helper threads (useThreads): the forward pass, ∂L/∂X at stride 1, im2col
// and col2im by runs of images, each in its own bordered buffer, and ∂L/∂W by tiles of 4 patch values × 8
// filters; in the CNN below also max pooling both ways (runs of images) and ReLU's backward pass (blocks of
// values). Each output is computed by the same instructions whichever thread takes it, so two threads give one
// thread's values bit for bit: here over strides, both paddings, partial strips of filters, channels from 1 to
// 5, batches that do not divide into the runs, and a CNN trained for a few steps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createWasmBackend, wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Matrix, Network, Rng, SGD, resolveLoss, type Backend } from '../src/index.js';
import { useThreads } from '../src/node/threads.js';
import { caseName, convTrainingPass, type ConvCase } from './helpers/conv-pass.js';

const skip = !wasmSimdSupported();
const patchesOnly = (backend: Backend): Backend => ({
  ...backend,
  convolve: undefined,
  convolutionWeightGradient: undefined,
  convolutionInputGradient: undefined,
});

const CASES: ConvCase[] = [
  [[28, 28, 1], 5, 1, 'same', 8, 9],
  [[14, 14, 8], 5, 1, 'same', 16, 3],
  [[13, 11, 3], 3, 2, 'same', 12, 11],
  [[9, 9, 5], 4, 2, 'valid', 5, 2],
  [[6, 6, 2], 3, 1, 'valid', 9, 17],
];

test('Conv2D on two threads (images shared for Z, ∂L/∂X, im2col and col2im, tiles for ∂L/∂W) equals one thread bit for bit', { skip }, async () => {
  // minWork 0 and threadMinWork 0: every case takes the kernels without patches, shared between the threads.
  const single = createWasmBackend({ minWork: 0 });
  const threaded = createWasmBackend({ minWork: 0, threadMinWork: 0 });
  const calls = { convolve: 0, gradient: 0, input: 0 };
  const counted: Backend = {
    ...threaded,
    convolve: (...a) => threaded.convolve!(...a) && ++calls.convolve > 0,
    convolutionWeightGradient: (...a) => threaded.convolutionWeightGradient!(...a) && ++calls.gradient > 0,
    convolutionInputGradient: (...a) => threaded.convolutionInputGradient!(...a) && ++calls.input > 0,
  };
  try {
    assert.equal(await useThreads(2, threaded), 2);
    for (const c of CASES) {
      const before = { ...calls };
      const want = convTrainingPass(single, c, true);
      const got = convTrainingPass(counted, c, true);
      assert.equal(calls.convolve, before.convolve + 2, `${c[0].join('x')}: both forward passes took the kernel`);
      assert.equal(calls.gradient, before.gradient + 1, `${c[0].join('x')}: ∂L/∂W took the kernel`);
      assert.equal(calls.input, before.input + (c[2] === 1 ? 1 : 0), `${c[0].join('x')}: ∂L/∂X took the kernel at stride 1`);
      for (const key of ['relu', 'z', 'dX', 'gW', 'gb'] as const) {
        assert.deepEqual(got[key], want[key], `${caseName(c)}: ${key}`);
      }
      // The patches path: im2col and col2im shared by runs of images too.
      const patches = convTrainingPass(patchesOnly(threaded), c, true);
      const patchesWant = convTrainingPass(patchesOnly(single), c, true);
      for (const key of ['relu', 'z', 'dX', 'gW', 'gb'] as const) {
        assert.deepEqual(patches[key], patchesWant[key], `${caseName(c)}, patches: ${key}`);
      }
    }
  } finally {
    assert.equal(await useThreads(1, threaded), 1);
  }
});

test('useThreads: a CNN trained on two threads has one thread’s weights bit for bit', { skip }, async () => {
  const train = () => {
    const network = Network.create({
      inputShape: [28, 28, 1],
      layers: [
        { type: 'conv2d', filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'conv2d', filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { units: 10, activation: 'softmax' },
      ],
      seed: 4,
    });
    const rng = new Rng(8);
    const x = Matrix.zeros(32, 784);
    const y = Matrix.zeros(32, 10);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform();
    for (let r = 0; r < 32; r++) y.data[r * 10 + rng.int(10)] = 1;
    const sgd = new SGD({ learningRate: 0.05 });
    const loss = resolveLoss('categorical_crossentropy');
    for (let step = 0; step < 3; step++) network.trainStep(x, y, loss, sgd);
    return { weights: network.parameters().map((p) => Float32Array.from(p.value)), predictions: network.predict(Matrix.from([...x.toArray().slice(0, 5)])) };
  };
  const want = train();
  try {
    assert.equal(await useThreads(2), 2);
    const got = train();
    got.weights.forEach((values, i) => assert.deepEqual(values, want.weights[i], `parameter ${i}`));
    assert.deepEqual(got.predictions, want.predictions);
  } finally {
    assert.equal(await useThreads(1), 1);
  }
});

test('useThreads: a job with more arguments than the control area holds is refused before it starts', { skip }, async () => {
  const backend = createWasmBackend();
  try {
    assert.equal(await useThreads(2, backend), 2);
    const pool = backend.threading!.pool!;
    let ran = 0;
    assert.throws(() => pool.split(4, 8, new Array(33).fill(0), 0, () => ran++), /a job of 33 arguments: the control area holds 32/);
    assert.equal(ran, 0);
  } finally {
    assert.equal(await useThreads(1, backend), 1);
  }
});
