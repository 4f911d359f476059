// Two ways to take control of training, on the two-moons data set:
//  1. fit() with callbacks: log every few epochs, count batches, stop from a callback, and keep a snapshot
//     of the best weights.
//  2. A loop written by hand from the same parts fit() uses: shuffle, feedforward + backpropagation
//     (computeGradients), gradient clipping, a cosine learning-rate schedule, and an optimizer step.
// Run: npm run build && node dist/examples/custom-loop.js
import {
  Adam,
  CosineAnnealing,
  Matrix,
  Network,
  Rng,
  accuracy,
  clipGradNorm,
  fit,
  predictClasses,
  resolveLoss,
  type EpochLog,
  type FitCallbacks,
} from 'neurite';
import { moons } from 'neurite/data';

const data = moons({ size: 400, noise: 0.1, seed: 5 });
const x = Matrix.from(data.x);
const y = Matrix.from(data.labels.map((label) => [label]));
const spec = {
  inputs: 2,
  layers: [
    { units: 16, activation: 'tanh' },
    { units: 1, activation: 'sigmoid' },
  ],
  seed: 11,
};

// 1. fit() with callbacks ------------------------------------------------------------------------------
const network = Network.create(spec);
let batches = 0;
let best: { epoch: number; loss: number; weights: ReturnType<Network['toJSON']> } | null = null;
const logger: FitCallbacks = {
  onTrainBegin: ({ epochs, batchesPerEpoch, trainRows }) => console.log(`fit: up to ${epochs} epochs of ${batchesPerEpoch} batches over ${trainRows} rows`),
  onBatchEnd: () => {
    batches++;
  },
  onEpochEnd: (log: EpochLog) => {
    if (best === null || log.loss < best.loss) best = { epoch: log.epoch, loss: log.loss, weights: network.toJSON() };
    if (log.epoch % 20 === 0) console.log(`  epoch ${log.epoch}: loss ${log.loss.toFixed(4)}, accuracy ${log.metrics['accuracy']!.toFixed(3)}`);
    // Returning false stops training after this epoch.
    return log.metrics['accuracy']! < 0.99;
  },
  onTrainEnd: (result) => console.log(`fit: ${result.stopReason} after ${result.history.length} epochs, ${batches} batches`),
};
await fit(network, x, y, {
  epochs: 200,
  batchSize: 32,
  loss: 'binary_cross_entropy',
  optimizer: new Adam({ learningRate: 0.02 }),
  metrics: ['accuracy'],
  callbacks: logger,
});
const snapshot = best as { epoch: number; weights: ReturnType<Network['toJSON']> } | null;
if (snapshot) network.copyWeightsFrom(Network.fromJSON(snapshot.weights)); // back to the lowest-loss epoch
console.log(`fit: restored epoch ${snapshot?.epoch}, training accuracy ${accuracy(data.labels, predictClasses(network, x)).toFixed(3)}`);

// 2. The loop by hand ----------------------------------------------------------------------------------
const manual = Network.create(spec);
const loss = resolveLoss('binary_cross_entropy');
const optimizer = new Adam({ learningRate: 0.02 });
const rng = new Rng(1);
const epochs = 60;
const batchSize = 32;
const steps = epochs * Math.ceil(x.rows / batchSize);
const schedule = new CosineAnnealing({ initialRate: 0.02, totalSteps: steps, minRate: 0.001 });
const order = Uint32Array.from({ length: x.rows }, (_, i) => i);
// Batch buffers, allocated once and refilled: the loop allocates nothing per step.
const bx = Matrix.zeros(batchSize, 2);
const by = Matrix.zeros(batchSize, 1);

for (let epoch = 0; epoch < epochs; epoch++) {
  rng.shuffle(order);
  let total = 0;
  for (let start = 0; start + batchSize <= x.rows; start += batchSize) {
    for (let r = 0; r < batchSize; r++) {
      bx.rowView(r).set(x.rowView(order[start + r]!));
      by.rowView(r).set(y.rowView(order[start + r]!));
    }
    total += manual.computeGradients(bx, by, loss) * batchSize; // feedforward, loss, backpropagation
    const params = manual.parameters();
    clipGradNorm(params, 5); // rescale all gradients together if their L2 norm exceeds 5
    optimizer.learningRate = schedule.rateAt(optimizer.iterations);
    optimizer.step(params); // w ← w − η · (Adam's step direction)
  }
  if (epoch % 20 === 0 || epoch === epochs - 1)
    console.log(`  manual epoch ${epoch}: loss ${(total / (x.rows - (x.rows % batchSize))).toFixed(4)}, η ${optimizer.learningRate.toFixed(4)}`);
}
console.log(`manual: training accuracy ${accuracy(data.labels, predictClasses(manual, x)).toFixed(3)} after ${optimizer.iterations} steps`);
