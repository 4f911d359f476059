// TensorFlow.js 4.22.0 on its `cpu` backend or on @tensorflow/tfjs-backend-wasm (one thread). Training is
// timed two ways, `model.fit` and a hand-written `optimizer.minimize` loop; the faster one is reported.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { GENDER_X, GENDER_Y, randomClassification, trainingFlops } from '../common.mjs';

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
    const x = tf.tensor2d(d.x.subarray(0, batch * 784), [batch, 784]);
    const call = () => {
      const out = model.predict(x);
      out.dataSync();
      out.dispose();
    };
    return { warmup: call, run: call, units: batch };
  },
};
