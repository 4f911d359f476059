// Shared by every library's bench code: the workloads' data (the same numbers for every library, drawn from
// neurite's seeded generator) and the timer.
import { Rng } from '../dist/src/index.js';

/** The seed's four people, shifted (weight − 135, height − 66), and their labels (female = 1). */
export const GENDER_X = [
  [-2, -1],
  [25, 6],
  [17, 4],
  [-15, -6],
];
export const GENDER_Y = [[1], [0], [0], [1]];

export const MNIST_LIKE = { inputs: 784, classes: 10, samples: 8192 };

/** `samples` rows of `inputs` uniform values in [0, 1) and one-hot labels over `classes`, fixed seed. */
export function randomClassification(samples = MNIST_LIKE.samples, inputs = MNIST_LIKE.inputs, classes = MNIST_LIKE.classes, seed = 1) {
  const rng = new Rng(seed);
  const x = new Float32Array(samples * inputs);
  for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
  const y = new Float32Array(samples * classes);
  const labels = new Int32Array(samples);
  for (let r = 0; r < samples; r++) {
    labels[r] = rng.int(classes);
    y[r * classes + labels[r]] = 1;
  }
  return { x, y, labels, samples, inputs, classes };
}

/**
 * The clock the measurements read, in seconds: wall time (the default), or with `--clock cpu` the CPU time of
 * the whole process (user + system, every thread: the optimizing compiler's included), which other jobs on a
 * busy machine disturb far less than wall time.
 */
export const clock = {
  cpu: false,
  now() {
    if (!this.cpu) return performance.now() / 1000;
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  },
};

/**
 * Calls `fn` (which does `units` units of work) until at least `minSeconds` have passed, at least once,
 * and returns units per second over all the calls.
 */
export async function rate(fn, units, minSeconds = 0.4) {
  let calls = 0;
  const start = clock.now();
  let elapsed = 0;
  do {
    await fn();
    calls++;
    elapsed = clock.now() - start;
  } while (elapsed < minSeconds);
  return { perSecond: (calls * units) / elapsed, seconds: elapsed, calls };
}

/** FLOPs per training sample of an inputs-hidden-outputs MLP, the 6·(weights) rule. */
export function trainingFlops(inputs, hidden, outputs) {
  return 6 * (inputs * hidden + hidden * outputs);
}

/** Units per CPU-second (user + system) of this process, calling `fn` (`units` units each) for at least `seconds`. */
export function cpuRate(fn, units, seconds = 0.4) {
  const start = process.cpuUsage();
  let calls = 0;
  let elapsed = 0;
  do {
    fn();
    calls++;
    const used = process.cpuUsage(start);
    elapsed = (used.user + used.system) / 1e6;
  } while (elapsed < seconds);
  return (calls * units) / elapsed;
}

/**
 * Workload F, the small CNN: 28×28×1 → conv 5×5 ×8 same ReLU → max-pool 2 → conv 5×5 ×16 same ReLU →
 * max-pool 2 → flatten → dense 10 softmax; 2,048 random images in [0, 1) with random labels.
 */
export const CNN = { height: 28, width: 28, channels: 1, classes: 10, samples: 2048, batch: 32, learningRate: 0.01 };

/** Multiply-adds of one forward pass of the CNN: output positions × filters × kernel values, per layer. */
export function cnnMultiplyAdds() {
  const conv = (size, filters, channels) => size * size * filters * 5 * 5 * channels;
  return conv(28, 8, 1) + conv(14, 16, 8) + 7 * 7 * 16 * CNN.classes; // 156,800 + 627,200 + 7,840 = 791,840
}

/** The count: 6 × multiply-adds per training sample, 2 × per inference sample. */
export const cnnTrainingFlops = () => 6 * cnnMultiplyAdds();
export const cnnInferenceFlops = () => 2 * cnnMultiplyAdds();

/** The CNN's data: `samples` images (rows of 784 values) and labels, fixed seed. */
export const cnnData = (samples = CNN.samples) => randomClassification(samples, CNN.height * CNN.width * CNN.channels, CNN.classes, 2);
