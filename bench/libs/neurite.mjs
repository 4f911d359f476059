// neurite's side of every workload, through its public API only.
import { Adam, Matrix, MeanSquaredError, Network, Normal, SGD, fit, getBackend, resolveLoss } from '../../dist/src/index.js';
import { threadCount, useThreads } from '../../dist/src/node/threads.js';
import { CNN, GENDER_X, GENDER_Y, cnnData, cnnInferenceFlops, cnnTrainingFlops, randomClassification, trainingFlops } from '../common.mjs';
import { SEQ, lstmInferenceFlops, lstmTrainingFlops, sequenceData } from '../sequences.mjs';

export const info = () => ({ backend: getBackend().name, threads: threadCount() });

/** The seed's 2-2-1 sigmoid network, seed 1 (also bench/row-kernel.mjs and bench/fresh-steps.mjs). */
export function seedNetwork() {
  return Network.create({ inputs: 2, layers: [{ units: 2, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
}

function mlp(hidden) {
  const network = Network.create({
    inputs: 784,
    // He-scaled normal weights (std √(2/fan-in)) for ReLU, √(1/fan-in) for the output, as the peers' Glorot
    // defaults are scaled: the seed's standard normal saturates the softmax of a wide layer, and the tiny
    // gradients that follow run into float32 subnormals, which the CPU handles many times slower.
    layers: [
      { units: hidden, activation: 'relu', initializer: new Normal({ std: Math.sqrt(2 / 784) }) },
      { units: 10, activation: 'softmax', initializer: new Normal({ std: Math.sqrt(1 / hidden) }) },
    ],
    seed: 1,
  });
  return { network, loss: resolveLoss('categorical_crossentropy') };
}

// F: the CNN, built the way a user builds it (the spec of docs and of the issue, nothing tuned).
function cnn() {
  return Network.create({
    inputShape: [CNN.height, CNN.width, CNN.channels],
    layers: [
      { type: 'conv2d', filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { units: CNN.classes, activation: 'softmax' },
    ],
    seed: 1,
  });
}

// G: the sequence model (bench/sequences.mjs), built the way a user builds it.
function lstmNetwork() {
  return Network.create({ inputShape: [SEQ.timeSteps, SEQ.features], layers: [{ type: 'lstm', units: SEQ.units }, { units: 1 }], seed: 1 });
}

export const workloads = {
  // A: the seed network, SGD η = 0.1, one sample at a time, 1000 epochs over the four people, through
  // `network.trainStep` (the loop an application writes when it wants every step in its own hands).
  A({ fresh = false } = {}) {
    const network = seedNetwork();
    const xs = GENDER_X.map((r) => Matrix.row(r));
    const ys = GENDER_Y.map((r) => Matrix.row(r));
    const loss = new MeanSquaredError();
    const sgd = new SGD({ learningRate: 0.1 });
    const epochs = (n) => {
      for (let e = 0; e < n; e++) for (let i = 0; i < 4; i++) network.trainStep(xs[i], ys[i], loss, sgd);
    };
    if (fresh) return { fresh, warmup: () => epochs(100), run: () => epochs(1000), units: 4000 };
    return { warmup: () => epochs(200), run: () => epochs(1000), units: 4000 };
  },

  // A through `fit`, the way an application trains: batch size 1, the rows in order, 1000 epochs per call
  // (with everything fit does per batch and per epoch: divergence guard, loss sums, history, yielding).
  AF({ fresh = false } = {}) {
    const network = seedNetwork();
    const x = Matrix.from(GENDER_X);
    const y = Matrix.from(GENDER_Y);
    const optimizer = new SGD({ learningRate: 0.1 });
    const options = (epochs) => ({ epochs, batchSize: 1, shuffle: false, loss: 'mse', optimizer });
    return { fresh, warmup: () => fit(network, x, y, options(fresh ? 100 : 200)), run: () => fit(network, x, y, options(1000)), units: 4000 };
  },

  // B, one at a time: the allocation-free single-sample path.
  B1() {
    const network = seedNetwork();
    const inputs = GENDER_X.map((r) => Float32Array.from(r));
    const out = new Float32Array(1);
    const calls = (n) => {
      for (let i = 0; i < n; i++) network.predictInto(inputs[i & 3], out);
    };
    return { warmup: () => calls(200_000), run: () => calls(1_000_000), units: 1_000_000 };
  },

  // B through `predict`: a plain array in, a new number[] out, inputs checked (the call of the README).
  Bp() {
    const network = seedNetwork();
    const inputs = GENDER_X.map((r) => [...r]);
    let sink = 0;
    const calls = (n) => {
      for (let i = 0; i < n; i++) sink += network.predict(inputs[i & 3])[0];
    };
    return { warmup: () => calls(200_000), run: () => calls(1_000_000), units: 1_000_000, sink: () => sink };
  },

  // B, batched: 10,000 rows in one call.
  B10k() {
    const network = seedNetwork();
    const x = Matrix.zeros(10_000, 2);
    for (let r = 0; r < 10_000; r++) x.data.set(GENDER_X[r & 3], 2 * r);
    return { warmup: () => network.forward(x), run: () => network.forward(x), units: 10_000 };
  },

  // C / D / scaling: one epoch of 784-hidden-10, cross-entropy, SGD η = 0.01.
  async train({ batch = 32, hidden = 128, threads = 1 } = {}) {
    if (threads > 1 && (await useThreads(threads)) !== threads) return null;
    const { network, loss } = mlp(hidden);
    const data = randomClassification();
    const sgd = new SGD({ learningRate: 0.01 });
    const batches = [];
    for (let r = 0; r + batch <= data.samples; r += batch) {
      batches.push([
        new Matrix(batch, 784, data.x.subarray(r * 784, (r + batch) * 784)),
        new Matrix(batch, 10, data.y.subarray(r * 10, (r + batch) * 10)),
      ]);
    }
    const epoch = (count = batches.length) => {
      for (let b = 0; b < count; b++) network.trainStep(batches[b][0], batches[b][1], loss, sgd);
    };
    const samples = batches.length * batch;
    return { warmup: () => epoch(Math.min(8, batches.length)), run: () => epoch(), units: samples, flopsPerUnit: trainingFlops(784, hidden, 10) };
  },

  // E: inference with 784-128-10, batch 1 (one sample per call) and batch 1024.
  async infer({ batch = 1, threads = 1 } = {}) {
    if (threads > 1 && (await useThreads(threads)) !== threads) return null;
    const { network } = mlp(128);
    const data = randomClassification(1024);
    if (batch === 1) {
      const out = new Float32Array(10);
      const rows = Array.from({ length: 64 }, (_, r) => data.x.subarray(r * 784, (r + 1) * 784));
      const calls = (n) => {
        for (let i = 0; i < n; i++) network.predictInto(rows[i & 63], out);
      };
      return { warmup: () => calls(500), run: () => calls(2000), units: 2000 };
    }
    const x = new Matrix(batch, 784, data.x.subarray(0, batch * 784));
    return { warmup: () => network.forward(x), run: () => network.forward(x), units: batch };
  },

  // F training: one epoch of 2,048 images in batches of 32 through `trainStep`, after a warm-up epoch.
  async cnnTrain({ batch = CNN.batch, threads = 1 } = {}) {
    if (threads > 1 && (await useThreads(threads)) !== threads) return null;
    const network = cnn();
    const loss = resolveLoss('categorical_crossentropy');
    const sgd = new SGD({ learningRate: CNN.learningRate });
    const data = cnnData();
    const n = data.inputs;
    const batches = [];
    for (let r = 0; r + batch <= data.samples; r += batch) {
      batches.push([new Matrix(batch, n, data.x.subarray(r * n, (r + batch) * n)), new Matrix(batch, CNN.classes, data.y.subarray(r * CNN.classes, (r + batch) * CNN.classes))]);
    }
    const epoch = () => {
      for (const [x, y] of batches) network.trainStep(x, y, loss, sgd);
    };
    return { warmup: epoch, run: epoch, units: batches.length * batch, flopsPerUnit: cnnTrainingFlops() };
  },

  // F inference: one image per call through `predictInto`, or 256 in one `forward`.
  async cnnInfer({ batch = 1, threads = 1 } = {}) {
    if (threads > 1 && (await useThreads(threads)) !== threads) return null;
    const network = cnn();
    const data = cnnData(256);
    const n = data.inputs;
    if (batch === 1) {
      const out = new Float32Array(CNN.classes);
      const rows = Array.from({ length: 64 }, (_, r) => data.x.subarray(r * n, (r + 1) * n));
      const calls = (count) => {
        for (let i = 0; i < count; i++) network.predictInto(rows[i & 63], out);
      };
      return { warmup: () => calls(64), run: () => calls(256), units: 256, flopsPerUnit: cnnInferenceFlops() };
    }
    const x = new Matrix(batch, n, data.x.subarray(0, batch * n));
    return { warmup: () => network.forward(x), run: () => network.forward(x), units: batch, flopsPerUnit: cnnInferenceFlops() };
  },

  // G training: one epoch of 2,048 sequences through `fit` (batch 32, MSE, Adam η = 0.001, in order), after a
  // warm-up epoch.
  lstmTrain() {
    const network = lstmNetwork();
    const data = sequenceData();
    const x = new Matrix(data.samples, data.width, data.x);
    const y = new Matrix(data.samples, 1, data.y);
    const optimizer = new Adam({ learningRate: SEQ.learningRate });
    const epoch = () => fit(network, x, y, { epochs: 1, batchSize: SEQ.batch, loss: 'mse', optimizer, shuffle: false });
    return { warmup: epoch, run: epoch, units: data.samples, flopsPerUnit: lstmTrainingFlops() };
  },

  // G inference: one sequence per call through `predictInto`, or 256 in one `predict`.
  lstmInfer({ batch = 1 } = {}) {
    const network = lstmNetwork();
    const data = sequenceData(256);
    if (batch === 1) {
      const out = new Float32Array(1);
      const rows = Array.from({ length: 64 }, (_, r) => data.x.subarray(r * data.width, (r + 1) * data.width));
      const calls = (count) => {
        for (let i = 0; i < count; i++) network.predictInto(rows[i & 63], out);
      };
      return { warmup: () => calls(64), run: () => calls(256), units: 256, flopsPerUnit: lstmInferenceFlops() };
    }
    const x = new Matrix(batch, data.width, data.x.subarray(0, batch * data.width));
    return { warmup: () => network.predict(x), run: () => network.predict(x), units: batch, flopsPerUnit: lstmInferenceFlops() };
  },
};
