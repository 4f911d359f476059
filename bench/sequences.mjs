// Workload G, the sequence model, shared by every library's bench code: 2,048 random sequences of
// 32 steps × 8 features (uniform in [−1, 1)) with random targets in [0, 1), drawn from neurite's seeded generator
// so every library trains on the same numbers; one LSTM of 64 units, its last state → dense 1, MSE, Adam
// η = 0.001, batch 32.
import { Rng } from '../dist/src/index.js';

export const SEQ = { timeSteps: 32, features: 8, units: 64, samples: 2048, batch: 32, learningRate: 0.001 };

/** Multiply-adds of the gate products per sequence: 32 steps × 4·64 gate units × (8 inputs + 64 recurrent), and the dense 64 → 1. */
export const lstmMultiplyAdds = () => SEQ.timeSteps * 4 * SEQ.units * (SEQ.features + SEQ.units) + SEQ.units; // 589,888

/** The count: 6 × the multiply-adds per training sequence, 2 × per inference. */
export const lstmTrainingFlops = () => 6 * lstmMultiplyAdds();
export const lstmInferenceFlops = () => 2 * lstmMultiplyAdds();

/** `samples` sequences as rows of T·F values ((t, f) row-major, the layer contract's layout) and one target each. */
export function sequenceData(samples = SEQ.samples, seed = 7) {
  const rng = new Rng(seed);
  const width = SEQ.timeSteps * SEQ.features;
  const x = new Float32Array(samples * width);
  for (let i = 0; i < x.length; i++) x[i] = 2 * rng.uniform() - 1;
  const y = new Float32Array(samples);
  for (let i = 0; i < samples; i++) y[i] = rng.uniform();
  return { x, y, samples, width };
}

/** Sample r's sequence as 32 arrays of 8 numbers (the nested form brain.js takes). */
export function sequenceSteps(data, r) {
  const { timeSteps: T, features: F } = SEQ;
  return Array.from({ length: T }, (_, t) => Array.from(data.x.subarray(r * T * F + t * F, r * T * F + (t + 1) * F)));
}
