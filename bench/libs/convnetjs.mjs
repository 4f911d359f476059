// ConvNetJS 0.3.0: one sample per forward and backward pass (it has no batched tensors); its Trainer adds up
// the gradients of `batch_size` samples and then steps with their average, which is mini-batch SGD with
// batch 32. Momentum 0 and no weight decay make it plain SGD (its defaults are momentum 0.9, decay 0).
// Its `Vol` keeps a [sx, sy, depth] volume in (y, x, depth) order, channels last as neurite's rows.
import convnetjs from 'convnetjs';
import { CNN, cnnData, cnnInferenceFlops, cnnTrainingFlops } from '../common.mjs';

export const info = () => ({ note: 'ConvNetJS 0.3.0, per-sample passes, CPU' });

function cnn() {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: CNN.width, out_sy: CNN.height, out_depth: CNN.channels },
    { type: 'conv', sx: 5, filters: 8, stride: 1, pad: 2, activation: 'relu' }, // pad 2: 'same' for 5×5
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'conv', sx: 5, filters: 16, stride: 1, pad: 2, activation: 'relu' },
    { type: 'pool', sx: 2, stride: 2 },
    { type: 'softmax', num_classes: CNN.classes }, // a dense layer of 10 and softmax, with cross-entropy
  ]);
  return net;
}

/** The data as ConvNetJS volumes and class indices. */
function volumes(samples) {
  const d = cnnData(samples);
  const n = d.inputs;
  const xs = [];
  for (let r = 0; r < d.samples; r++) {
    const v = new convnetjs.Vol(CNN.width, CNN.height, CNN.channels, 0);
    v.w.set(d.x.subarray(r * n, (r + 1) * n));
    xs.push(v);
  }
  return { xs, labels: Array.from(d.labels) };
}

export const workloads = {
  // F training: each timed call trains the next 256 samples (8 steps of 32, cycling through the epoch), after
  // at least one such call of warm-up: a full epoch takes ConvNetJS ten seconds or more.
  cnnTrain({ batch = CNN.batch } = {}) {
    const net = cnn();
    const trainer = new convnetjs.Trainer(net, { method: 'sgd', learning_rate: CNN.learningRate, batch_size: batch, momentum: 0, l2_decay: 0 });
    const { xs, labels } = volumes(CNN.samples);
    const perCall = 8 * batch;
    let next = 0;
    const run = () => {
      for (let k = 0; k < perCall; k++, next = (next + 1) % xs.length) trainer.train(xs[next], labels[next]);
    };
    return { warmup: run, run, units: perCall, flopsPerUnit: cnnTrainingFlops() };
  },

  // F inference: ConvNetJS predicts one volume per call, so batch 256 is 256 calls.
  cnnInfer({ batch = 1 } = {}) {
    const net = cnn();
    const { xs } = volumes(64);
    const count = batch === 1 ? 64 : batch;
    const calls = () => {
      for (let i = 0; i < count; i++) net.forward(xs[i & 63]);
    };
    return { warmup: calls, run: calls, units: count, flopsPerUnit: cnnInferenceFlops() };
  },
};
