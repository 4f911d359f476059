// brain.js 1.6.1: per-sample training (it has no mini-batches), no batched prediction, no softmax or
// cross-entropy (every layer uses the one `activation`, the loss is its own squared error).
// It requires 0 < momentum < 1 and errorThresh > 0, so plain SGD is approximated by momentum 1e-10 (the same
// arithmetic per step) and training runs its full iterations with errorThresh 1e-10.
import brain from 'brain.js';
import { GENDER_X, GENDER_Y, randomClassification, trainingFlops } from '../common.mjs';

export const info = () => ({ note: 'brain.js NeuralNetwork, CPU' });

export const workloads = {
  A({ fresh = false } = {}) {
    const net = new brain.NeuralNetwork({ hiddenLayers: [2], activation: 'sigmoid', learningRate: 0.1, momentum: 1e-10 });
    const data = GENDER_X.map((input, i) => ({ input, output: GENDER_Y[i] }));
    const opts = (iterations) => ({ iterations, errorThresh: 1e-10, learningRate: 0.1, momentum: 1e-10, log: false });
    if (fresh) return { fresh, warmup: () => net.train(data, opts(100)), run: () => net.train(data, opts(1000)), units: 4000 };
    return { warmup: () => net.train(data, opts(200)), run: () => net.train(data, opts(1000)), units: 4000 };
  },

  // brain.js has one way to train: `train`, measured as A. The fit row compares neurite's `fit` with it.
  AF(params) {
    return workloads.A(params);
  },

  B1() {
    const net = new brain.NeuralNetwork({ hiddenLayers: [2], activation: 'sigmoid' });
    net.train(GENDER_X.map((input, i) => ({ input, output: GENDER_Y[i] })), { iterations: 10, errorThresh: 1e-10 });
    const calls = (n) => {
      for (let i = 0; i < n; i++) net.run(GENDER_X[i & 3]);
    };
    return { warmup: () => calls(200_000), run: () => calls(1_000_000), units: 1_000_000 };
  },

  // `run` is brain.js's one call for a prediction (an array in, an array out), the peer of neurite's `predict`.
  Bp() {
    return workloads.B1();
  },

  train({ batch = 32, hidden = 128 } = {}) {
    if (batch !== 32 || hidden !== 128) return null; // per-sample only: measured once, as workload C
    const net = new brain.NeuralNetwork({ hiddenLayers: [hidden], activation: 'relu', learningRate: 0.01, momentum: 1e-10 });
    const d = randomClassification();
    const data = [];
    for (let r = 0; r < d.samples; r++) {
      data.push({ input: Array.from(d.x.subarray(r * 784, (r + 1) * 784)), output: Array.from(d.y.subarray(r * 10, (r + 1) * 10)) });
    }
    const opts = { iterations: 1, errorThresh: 1e-10, learningRate: 0.01, momentum: 1e-10, log: false };
    return { warmup: () => net.train(data.slice(0, 256), opts), run: () => net.train(data, opts), units: data.length, flopsPerUnit: trainingFlops(784, hidden, 10) };
  },

  infer({ batch = 1 } = {}) {
    if (batch !== 1) return null;
    const net = new brain.NeuralNetwork({ hiddenLayers: [128], activation: 'relu' });
    const d = randomClassification(64);
    const rows = Array.from({ length: 64 }, (_, r) => Array.from(d.x.subarray(r * 784, (r + 1) * 784)));
    net.train([{ input: rows[0], output: Array.from(d.y.subarray(0, 10)) }], { iterations: 1, errorThresh: 1e-10 });
    const calls = (n) => {
      for (let i = 0; i < n; i++) net.run(rows[i & 63]);
    };
    return { warmup: () => calls(500), run: () => calls(2000), units: 2000 };
  },
};
