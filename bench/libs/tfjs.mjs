// TensorFlow.js 4.22.0 on its `cpu` backend or on @tensorflow/tfjs-backend-wasm (one thread). Training is
// timed two ways, `model.fit` and a hand-written `optimizer.minimize` loop; the faster one is reported.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { CNN, GENDER_X, GENDER_Y, cnnData, cnnInferenceFlops, cnnTrainingFlops, randomClassification, trainingFlops } from '../common.mjs';
import { SEQ, lstmInferenceFlops, lstmTrainingFlops, sequenceData } from '../sequences.mjs';

export async function init(backend) {
  if (backend === 'wasm') tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // one thread, as neurite's numbers
  await tf.setBackend(backend);
  await tf.ready();
}

export const info = () => ({ backend: tf.getBackend(), simd: tf.getBackend() === 'wasm' ? tf.env().getBool('WASM_HAS_SIMD_SUPPORT') : undefined });

function seedModel(output = 'sigmoid') {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 2, activation: 'sigmoid' }),
      tf.layers.dense({ units: 1, activation: output }),
    ],
  });
}

function mlp(hidden, output = 'softmax') {
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [784], units: hidden, activation: 'relu' }), tf.layers.dense({ units: 10, activation: output })],
  });
}

function cnn(output = 'softmax') {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [CNN.height, CNN.width, CNN.channels], filters: 8, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: CNN.classes, activation: output }),
    ],
  });
}

// G: the LSTM. Keras's (and so tfjs's) default recurrent activation is the hard sigmoid; the issue's
// cell is PyTorch's, with σ, so it is asked for.
function lstmModel() {
  return tf.sequential({
    layers: [
      tf.layers.lstm({ inputShape: [SEQ.timeSteps, SEQ.features], units: SEQ.units, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
}

/** The CNN's data as tensors: one [batch, 28, 28, 1] image tensor and one [batch, 10] label tensor per batch. */
function cnnBatches(batch, samples = CNN.samples) {
  const d = cnnData(samples);
  const n = d.inputs;
  const xs = [];
  const ys = [];
  for (let r = 0; r + batch <= d.samples; r += batch) {
    xs.push(tf.tensor4d(d.x.subarray(r * n, (r + batch) * n), [batch, CNN.height, CNN.width, CNN.channels]));
    ys.push(tf.tensor2d(d.y.subarray(r * CNN.classes, (r + batch) * CNN.classes), [batch, CNN.classes]));
  }
  return { xs, ys };
}

/** One way to train (`fit` or a `minimize` loop) on a fresh model: `run(epochs)` and a short warm-up. */
function trainer(mode, makeModel, lossName, lossFn, lr, xs, ys, batch) {
  const model = makeModel();
  if (mode === 'fit') {
    model.compile({ optimizer: tf.train.sgd(lr), loss: lossName });
    const x = tf.concat(xs);
    const y = tf.concat(ys);
    const few = Math.min(xs.length, 4);
    const xw = tf.concat(xs.slice(0, few));
    const yw = tf.concat(ys.slice(0, few));
    return {
      warm: () => model.fit(xw, yw, { batchSize: batch, epochs: 2, shuffle: false, verbose: 0 }),
      run: (epochs) => model.fit(x, y, { batchSize: batch, epochs, shuffle: false, verbose: 0 }),
    };
  }
  const optimizer = tf.train.sgd(lr);
  const steps = (epochs, count) => {
    for (let e = 0; e < epochs; e++) {
      for (let b = 0; b < count; b++) tf.tidy(() => optimizer.minimize(() => lossFn(ys[b], model.apply(xs[b]))));
    }
  };
  return { warm: () => steps(2, Math.min(xs.length, 4)), run: (epochs) => steps(epochs, xs.length) };
}

export const workloads = {
  A({ mode = 'fit' } = {}) {
    const xs = GENDER_X.map((r) => tf.tensor2d([r]));
    const ys = GENDER_Y.map((r) => tf.tensor2d([r]));
    const t = trainer(mode, () => seedModel(), 'meanSquaredError', (y, p) => tf.losses.meanSquaredError(y, p), 0.1, xs, ys, 1);
    return { warmup: async () => { await t.warm(); await t.run(5); }, run: () => t.run(1000), units: 4000, modes: ['fit', 'minimize'] };
  },

  B1() {
    const model = seedModel();
    const xs = GENDER_X.map((r) => tf.tensor2d([r]));
    const calls = (n) => {
      for (let i = 0; i < n; i++) {
        const out = model.predict(xs[i & 3]);
        out.dataSync();
        out.dispose();
      }
    };
    return { warmup: () => calls(200), run: () => calls(2000), units: 2000 };
  },

  B10k() {
    const model = seedModel();
    const rows = [];
    for (let r = 0; r < 10_000; r++) rows.push(GENDER_X[r & 3]);
    const x = tf.tensor2d(rows);
    const call = () => {
      const out = model.predict(x);
      out.dataSync();
      out.dispose();
    };
    return { warmup: call, run: call, units: 10_000 };
  },

  train({ batch = 32, hidden = 128, mode = 'fit' } = {}) {
    const d = randomClassification();
    const xs = [];
    const ys = [];
    for (let r = 0; r + batch <= d.samples; r += batch) {
      xs.push(tf.tensor2d(d.x.subarray(r * 784, (r + batch) * 784), [batch, 784]));
      ys.push(tf.tensor2d(d.y.subarray(r * 10, (r + batch) * 10), [batch, 10]));
    }
    const t =
      mode === 'fit'
        ? trainer('fit', () => mlp(hidden), 'categoricalCrossentropy', null, 0.01, xs, ys, batch)
        : trainer('minimize', () => mlp(hidden, 'linear'), null, (y, logits) => tf.losses.softmaxCrossEntropy(y, logits), 0.01, xs, ys, batch);
    return {
      warmup: () => t.warm(),
      run: () => t.run(1),
      units: xs.length * batch,
      flopsPerUnit: trainingFlops(784, hidden, 10),
      modes: ['fit', 'minimize'],
    };
  },

  infer({ batch = 1 } = {}) {
    const model = mlp(128);
    const d = randomClassification(1024);
    if (batch === 1) {
      const rows = Array.from({ length: 64 }, (_, r) => tf.tensor2d(d.x.subarray(r * 784, (r + 1) * 784), [1, 784]));
      const calls = (n) => {
        for (let i = 0; i < n; i++) {
          const out = model.predict(rows[i & 63]);
          out.dataSync();
          out.dispose();
        }
      };
      return { warmup: () => calls(100), run: () => calls(500), units: 500 };
    }
    // One batch of `batch` rows, as neurite's `forward` computes it. `model.predict(x)` alone cuts the rows into
    // batches of 32 (predict's default `batchSize`) with `tf.slice`, and the wasm backend's Slice kernel reads
    // the whole input out of its heap (`readSync` copies all 1024 × 784 values) for every slice: 32 copies of
    // 3.2 MB per call, about 8 ms each here, which made this row measure the copies (3–18k samples/s, swinging
    // with the machine's load) rather than the products (65–72k with one batch, on the same machine). Even one
    // batch pays one such copy: `model.apply(x)`, which skips predict's slicing, ran at about 165k here.
    const x = tf.tensor2d(d.x.subarray(0, batch * 784), [batch, 784]);
    const call = () => {
      const out = model.predict(x, { batchSize: batch });
      out.dataSync();
      out.dispose();
    };
    return { warmup: call, run: call, units: batch };
  },

  // F training. An epoch takes minutes on the `cpu` backend, so each timed call trains the next `perCall`
  // batches (cycling through the epoch), after at least one such call of warm-up. A backend that cannot
  // train a convolution (the wasm backend registers no Conv2DBackpropFilter) is reported with tfjs's message.
  cnnTrain({ batch = CNN.batch, mode = 'fit' } = {}) {
    const refusal = cannotTrainCnn();
    if (refusal) return { unsupported: `cannot train: ${refusal}` };
    const { xs, ys } = cnnBatches(batch);
    const perCall = tf.getBackend() === 'cpu' ? 1 : 8;
    let next = 0;
    const take = () => {
      const start = next;
      next = (next + perCall) % xs.length;
      return [xs.slice(start, start + perCall), ys.slice(start, start + perCall)];
    };
    let run;
    if (mode === 'fit') {
      const model = cnn();
      model.compile({ optimizer: tf.train.sgd(CNN.learningRate), loss: 'categoricalCrossentropy' });
      run = async () => {
        const [bx, by] = take();
        const x = tf.concat(bx);
        const y = tf.concat(by);
        await model.fit(x, y, { batchSize: batch, epochs: 1, shuffle: false, verbose: 0 });
        x.dispose();
        y.dispose();
      };
    } else {
      const model = cnn('linear');
      const optimizer = tf.train.sgd(CNN.learningRate);
      run = () => {
        const [bx, by] = take();
        for (let b = 0; b < bx.length; b++) tf.tidy(() => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(by[b], model.apply(bx[b]))));
      };
    }
    return { warmup: run, run, units: perCall * batch, flopsPerUnit: cnnTrainingFlops(), modes: ['fit', 'minimize'] };
  },

  cnnInfer({ batch = 1 } = {}) {
    const model = cnn();
    const { xs } = cnnBatches(batch === 1 ? 1 : batch, batch === 1 ? 64 : batch);
    let i = 0;
    const call = () => {
      const out = model.predict(xs[i++ % xs.length]);
      out.dataSync();
      out.dispose();
    };
    const perCall = batch === 1 ? 64 : 1;
    const calls = () => {
      for (let k = 0; k < perCall; k++) call();
    };
    return { warmup: calls, run: calls, units: perCall * batch, flopsPerUnit: cnnInferenceFlops() };
  },

  // G training through `model.fit` (batch 32, MSE, Adam η = 0.001, in order), as tfjs's README trains. On the
  // `wasm` backend a timed call is one epoch of 2,048 sequences after a warm-up epoch; the `cpu` backend takes
  // most of a minute per epoch, so there a timed call trains the next 8 batches (cycling through the epoch),
  // after one such call of warm-up.
  lstmTrain() {
    const d = sequenceData();
    const x = tf.tensor3d(d.x, [d.samples, SEQ.timeSteps, SEQ.features]);
    const y = tf.tensor2d(d.y, [d.samples, 1]);
    const model = lstmModel();
    model.compile({ optimizer: tf.train.adam(SEQ.learningRate), loss: 'meanSquaredError' });
    const perCall = tf.getBackend() === 'cpu' ? 8 * SEQ.batch : d.samples;
    let next = 0;
    const run = async () => {
      const xs = x.slice([next, 0, 0], [perCall, SEQ.timeSteps, SEQ.features]);
      const ys = y.slice([next, 0], [perCall, 1]);
      next = (next + perCall) % d.samples;
      await model.fit(xs, ys, { batchSize: SEQ.batch, epochs: 1, shuffle: false, verbose: 0 });
      xs.dispose();
      ys.dispose();
    };
    return { warmup: run, run, units: perCall, flopsPerUnit: lstmTrainingFlops() };
  },

  // G inference through `model.predict`: one sequence per call (64 calls per timed call), or 256 in one call.
  lstmInfer({ batch = 1 } = {}) {
    const model = lstmModel();
    const d = sequenceData(256);
    const count = batch === 1 ? 64 : 1;
    const xs = Array.from({ length: count }, (_, i) => tf.tensor3d(d.x.subarray(i * batch * d.width, (i + 1) * batch * d.width), [batch, SEQ.timeSteps, SEQ.features]));
    const calls = () => {
      for (const x of xs) {
        const out = model.predict(x);
        out.dataSync();
        out.dispose();
      }
    };
    return { warmup: calls, run: calls, units: count * batch, flopsPerUnit: lstmInferenceFlops() };
  },
};

/** Why this backend cannot train the CNN (its error message), or null: one SGD step on one image finds out. */
function cannotTrainCnn() {
  const model = cnn('linear');
  const optimizer = tf.train.sgd(CNN.learningRate);
  const x = tf.zeros([1, CNN.height, CNN.width, CNN.channels]);
  const y = tf.oneHot([0], CNN.classes).toFloat();
  try {
    tf.tidy(() => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x))));
    return null;
  } catch (error) {
    return error.message;
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}
