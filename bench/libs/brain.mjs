// brain.js 1.6.1: per-sample training (it has no mini-batches), no batched prediction, no softmax or
// cross-entropy (every layer uses the one `activation`, the loss is its own squared error).
// It requires 0 < momentum < 1 and errorThresh > 0, so plain SGD is approximated by momentum 1e-10 (the same
// arithmetic per step) and training runs its full iterations with errorThresh 1e-10.
import brain from 'brain.js';
import { GENDER_X, GENDER_Y, randomClassification, trainingFlops } from '../common.mjs';
import { SEQ, lstmInferenceFlops, lstmTrainingFlops, sequenceData, sequenceSteps } from '../sequences.mjs';

// G: brain.js 1.6.1's `LSTMTimeStep` as shipped gives NaN with more inputs than outputs. After every sequence
// (training or `run`) its `end()` feeds one more step of zeros to clear the state, sized `outputSize`
// (`new Float32Array(this.outputSize)`), where the step's input is `inputSize` long: with 8 features and 1
// output the other 7 values read as undefined, and NaN spreads from there into the weights. A user would hit
// the NaN. The bench measures brain.js with the one-line fix below, applied to its class at run time (its
// files untouched), and records whether the unpatched class gives NaN on the same data.
const shippedEnd = brain.recurrent.LSTMTimeStep.prototype.end;
function patchedEnd() {
  this.model.equations[this.model.equations.length - 1].runInput(new Float32Array(this.inputSize)); // was outputSize
}

function lstmTimeStep() {
  return new brain.recurrent.LSTMTimeStep({ inputSize: SEQ.features, hiddenLayers: [SEQ.units], outputSize: 1, learningRate: SEQ.learningRate });
}

/** brain.js's form of the data: `{ input: 32 steps of 8 numbers, output: [[target]] }`. */
function lstmData(samples) {
  const d = sequenceData(samples);
  return Array.from({ length: d.samples }, (_, r) => ({ input: sequenceSteps(d, r), output: [[d.y[r]]] }));
}

/** Whether the shipped `end()` gives NaN: a few sequences of training (which throws on a NaN loss), then one prediction, unpatched. */
function shippedGivesNaN() {
  const proto = brain.recurrent.LSTMTimeStep.prototype;
  const own = Object.prototype.hasOwnProperty.call(proto, 'end') ? proto.end : undefined;
  proto.end = shippedEnd;
  try {
    const net = lstmTimeStep();
    const data = lstmData(4);
    net.train(data, { iterations: 1, errorThresh: 1e-10, log: false });
    const out = net.run(data[0].input);
    return Array.from(out).some(Number.isNaN);
  } catch (error) {
    if (/NaN/.test(String(error?.message))) return true; // train stops: "network error rate is unexpected NaN"
    throw error;
  } finally {
    if (own === undefined) delete proto.end;
    else proto.end = own;
  }
}
const unpatchedNaN = shippedGivesNaN();
brain.recurrent.LSTMTimeStep.prototype.end = patchedEnd;

export const info = () => ({ note: 'brain.js NeuralNetwork, CPU', lstmTimeStepPatched: 'end() sized inputSize', lstmTimeStepUnpatchedGivesNaN: unpatchedNaN });

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

  // G training: `train` updates after every sequence (RMSProp, a loss at every step: it predicts each next
  // step and then the target), so it has no batch. An epoch takes most of a minute: a timed call trains the
  // next 64 sequences (cycling through the 2,048), after one such call of warm-up.
  lstmTrain() {
    const net = lstmTimeStep();
    const data = lstmData(SEQ.samples);
    const perCall = 64;
    let next = 0;
    const opts = { iterations: 1, errorThresh: 1e-10, learningRate: SEQ.learningRate, log: false };
    const run = () => {
      net.train(data.slice(next, next + perCall), opts);
      next = (next + perCall) % data.length;
    };
    return { warmup: run, run, units: perCall, flopsPerUnit: lstmTrainingFlops() };
  },

  // G inference: `run` takes one sequence; batch 256 is 256 calls.
  lstmInfer({ batch = 1 } = {}) {
    const net = lstmTimeStep();
    const data = lstmData(64);
    net.train(data.slice(0, 1), { iterations: 1, errorThresh: 1e-10, log: false });
    const calls = (count) => {
      for (let i = 0; i < count; i++) net.run(data[i & 63].input);
    };
    return { warmup: () => calls(64), run: () => calls(batch === 1 ? 64 : 256), units: batch === 1 ? 64 : 256, flopsPerUnit: lstmInferenceFlops() };
  },
};
