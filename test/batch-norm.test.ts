import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Adam,
  AdamW,
  addPenaltyGradient,
  checkNetworkGradients,
  EarlyStopping,
  fit,
  gradientCheck,
  jsBackend,
  Matrix,
  MeanSquaredError,
  Network,
  penalty,
  Rng,
} from '../src/index.js';
import { BatchNorm } from '../src/nn/batch-norm.js';
import { WeightGuard } from '../src/train/weight-guard.js';
import { layerGradientError } from './helpers/layer-gradients.js';
import { randomMatrix, throwsNeurite } from './helpers/numeric.js';

const train = { training: true, backend: jsBackend };
const infer = { training: false, backend: jsBackend };

/** Per feature k of the last axis: the values of x (rows × size) that belong to it. */
function featureValues(x: Matrix, features: number, k: number): number[] {
  return Array.from(x.data).filter((_, i) => i % features === k);
}
const meanOf = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const varianceOf = (v: number[]) => v.reduce((s, x) => s + (x - meanOf(v)) ** 2, 0) / v.length;

test('training mode normalizes each feature of the last axis over the batch and every position, then γ x̂ + β', () => {
  const rng = new Rng(1);
  for (const inputShape of [[5], [3, 2, 4]]) {
    const features = inputShape.at(-1)!;
    const gamma = Array.from({ length: features }, (_, k) => 0.5 + k);
    const beta = Array.from({ length: features }, (_, k) => k - 1);
    const layer = new BatchNorm({ inputShape, gamma, beta, epsilon: 1e-3, dtype: 'float64' });
    const x = randomMatrix(rng, 6, layer.inputSize, 3);
    const y = layer.forward(x, train);
    for (let k = 0; k < features; k++) {
      const xs = featureValues(x, features, k);
      const ys = featureValues(y, features, k);
      assert.equal(xs.length, 6 * (layer.inputSize / features));
      const [mu, variance] = [meanOf(xs), varianceOf(xs)];
      ys.forEach((v, i) => assert.ok(Math.abs(v - (gamma[k]! * (xs[i]! - mu)) / Math.sqrt(variance + 1e-3) - beta[k]!) < 1e-12));
    }
  }
});

test('the running statistics follow PyTorch: (1 − momentum) · running + momentum · batch, the variance unbiased', () => {
  const rng = new Rng(2);
  const layer = new BatchNorm({ inputShape: [2, 2, 3], momentum: 0.3, runningMean: [1, 2, 3], runningVar: [4, 5, 6], dtype: 'float64' });
  const x = randomMatrix(rng, 5, 12);
  layer.forward(x, train);
  for (let k = 0; k < 3; k++) {
    const xs = featureValues(x, 3, k);
    const m = xs.length; // 5 rows × 4 positions
    assert.ok(Math.abs(layer.runningMean[k]! - (0.7 * (k + 1) + 0.3 * meanOf(xs))) < 1e-14);
    assert.ok(Math.abs(layer.runningVar[k]! - (0.7 * (k + 4) + (0.3 * varianceOf(xs) * m) / (m - 1))) < 1e-14);
  }
  // Inference neither uses nor moves the batch's statistics.
  const before = Array.from(layer.runningMean);
  const y = layer.forward(x, infer);
  assert.deepEqual(Array.from(layer.runningMean), before);
  for (let i = 0; i < y.data.length; i++) {
    const k = i % 3;
    assert.ok(Math.abs(y.data[i]! - (x.data[i]! - layer.runningMean[k]!) / Math.sqrt(layer.runningVar[k]! + 1e-5)) < 1e-14);
  }
});

test('a batch with one value per feature normalizes to β and leaves the running statistics alone', () => {
  const layer = new BatchNorm({ inputShape: [3], beta: [1, 2, 3], dtype: 'float64' });
  const y = layer.forward(Matrix.from([[5, -7, 9]], 'float64'), train);
  assert.deepEqual(Array.from(y.data), [1, 2, 3]);
  assert.deepEqual(Array.from(layer.runningMean), [0, 0, 0]);
  assert.deepEqual(Array.from(layer.runningVar), [1, 1, 1]);
  const dX = layer.backward(Matrix.from([[1, 2, 3]], 'float64'), { backend: jsBackend, needInputGradient: true })!;
  assert.deepEqual(Array.from(dX.data), [0, 0, 0]);
});

test('central differences in float64: ∂L/∂x through the batch statistics, ∂L/∂γ, ∂L/∂β, in both modes', () => {
  const rng = new Rng(3);
  for (const inputShape of [[4], [3, 2, 3], [5, 2]]) {
    for (const training of [true, false]) {
      const features = inputShape.at(-1)!;
      const layer = new BatchNorm({
        inputShape,
        gamma: Array.from({ length: features }, () => rng.normal()),
        beta: Array.from({ length: features }, () => rng.normal()),
        runningMean: Array.from({ length: features }, () => rng.normal()),
        runningVar: Array.from({ length: features }, () => rng.uniform() + 0.5),
        momentum: 0, // the running statistics stay put while the differences are taken
        dtype: 'float64',
      });
      const x = randomMatrix(rng, 4, layer.inputSize, 2);
      const error = layerGradientError(layer, x, rng, { training });
      assert.ok(error < 1e-7, `${JSON.stringify(inputShape)} training ${training}: ${error}`);
    }
  }
});

test('checkNetworkGradients and gradientCheck pass through batch norm in training mode, on [n] and on [h, w, c]', () => {
  const rowNetwork = Network.create({
    inputs: 3,
    layers: [{ units: 6, activation: 'linear' }, { type: 'batchNorm' }, { units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }],
    dtype: 'float64',
  });
  const rowResult = checkNetworkGradients(rowNetwork, { loss: 'categorical_crossentropy', samples: 6 });
  assert.ok(rowResult.passed, String(rowResult.maxRelativeError));
  const image = Network.create({
    inputs: 4,
    layers: [
      { units: 18, activation: 'tanh' },
      { type: 'reshape', shape: [3, 3, 2] },
      { type: 'batchNorm', momentum: 0.2 },
      { type: 'avgPool2d', poolSize: 2, padding: 'same' },
      { type: 'flatten' },
      { units: 2 },
    ],
    dtype: 'float64',
  });
  const rng = new Rng(6);
  const [x, y] = [randomMatrix(rng, 5, 4), randomMatrix(rng, 5, 2)];
  const loss = new MeanSquaredError();
  const result = gradientCheck(image, x, y, loss, {
    objective: () => {
      const out = image.forward(x, { training: true });
      return loss.forward(out.data, y.data, y.rows, y.cols);
    },
  });
  assert.ok(result.passed, String(result.maxRelativeError));
  // The same check against the inference-mode loss fails: the batch statistics are part of the function.
  assert.equal(gradientCheck(image, x, y, loss).passed, false);
});

test('γ and β are not weight-decayed: penalties and AdamW leave them alone', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 3 }, { type: 'batchNorm' }, { units: 1 }], dtype: 'float64' });
  const params = network.parameters();
  assert.deepEqual(
    params.map((p) => [p.name, p.kind]),
    [
      ['layers.0.weights', 'weight'],
      ['layers.0.bias', 'bias'],
      ['layers.1.gamma', 'scale'],
      ['layers.1.beta', 'bias'],
      ['layers.2.weights', 'weight'],
      ['layers.2.bias', 'bias'],
    ],
  );
  const weightsOnly = params.filter((p) => p.kind === 'weight');
  assert.equal(penalty(params, { l2: 1 }), penalty(weightsOnly, { l2: 1 }));
  params[2]!.value.fill(3);
  for (const p of params) p.grad.fill(0);
  addPenaltyGradient(params, { l1: 1, l2: 1 });
  assert.deepEqual(Array.from(params[2]!.grad), [0, 0, 0]);
  new AdamW({ learningRate: 0.1, weightDecay: 0.5 }).step(params);
  assert.deepEqual(Array.from(params[2]!.value), [3, 3, 3], 'zero gradient, no decay: γ unchanged');
});

test('the model file and toJSON keep the running statistics; a bad batch-norm spec is a clear error', () => {
  const network = Network.create({
    inputShape: [2, 2, 2],
    layers: [{ type: 'batchNorm', momentum: 0.5, epsilon: 1e-3 }, { type: 'flatten' }, { units: 1 }],
    dtype: 'float64',
  });
  network.forward(randomMatrix(new Rng(1), 4, 8), { training: true });
  const bn = network.layers[0] as BatchNorm;
  assert.notDeepEqual(Array.from(bn.runningMean), [0, 0]);
  const json = JSON.parse(JSON.stringify(network.toJSON()));
  assert.deepEqual(Object.keys(json.layers[0]), ['type', 'inputShape', 'momentum', 'epsilon', 'gamma', 'beta', 'runningMean', 'runningVar', 'outputShape']);
  const copy = Network.fromJSON(json);
  const restored = copy.layers[0] as BatchNorm;
  assert.deepEqual([restored.momentum, restored.epsilon], [0.5, 1e-3]);
  assert.deepEqual(Array.from(restored.runningVar), Array.from(bn.runningVar));
  assert.deepEqual(copy.predict([1, 2, 3, 4, 5, 6, 7, 8]), network.predict([1, 2, 3, 4, 5, 6, 7, 8]));
  const create = (layer: object) => () => Network.create({ inputs: 3, layers: [layer as never] });
  throwsNeurite(create({ type: 'batchNorm', momentum: 1.5 }), 'INVALID_ARGUMENT', /layers\[0\]\.momentum: 1\.5 \(expected a finite number ≥ 0 and ≤ 1\)/);
  throwsNeurite(create({ type: 'batchNorm', epsilon: 0 }), 'INVALID_ARGUMENT', /layers\[0\]\.epsilon: 0 \(expected a finite number > 0\)/);
  throwsNeurite(() => new BatchNorm({ inputShape: [3], gamma: [1, 2] }), 'SHAPE_MISMATCH', /BatchNorm gamma must have 3 values/);
  throwsNeurite(
    () => new BatchNorm({ inputShape: [3] }).backward(Matrix.zeros(1, 3), { backend: jsBackend, needInputGradient: true }),
    'INVALID_ARGUMENT',
    /before forward/,
  );
});

test('fit trains a dense → batchNorm → relu network; predictInto agrees with predict at inference', async () => {
  const rng = new Rng(4);
  const x = randomMatrix(rng, 64, 3, 5);
  const y = Matrix.zeros(64, 1, 'float64');
  for (let r = 0; r < 64; r++) y.data[r] = Math.sin(x.data[r * 3]!) + x.data[r * 3 + 1]! / 5;
  const network = Network.create({
    inputs: 3,
    layers: [{ units: 16, activation: 'linear' }, { type: 'batchNorm' }, { units: 16, activation: 'relu' }, { units: 1, activation: 'linear' }],
    dtype: 'float64',
    seed: 3,
  });
  const result = await fit(network, x, y, { epochs: 40, batchSize: 16, loss: 'mse', optimizer: new Adam({ learningRate: 0.01 }), rng: new Rng(1) });
  assert.ok(result.history.at(-1)!.loss < result.history[0]!.loss / 2, `${result.history[0]!.loss} → ${result.history.at(-1)!.loss}`);
  const bn = network.layers[1] as BatchNorm;
  assert.ok(
    bn.runningVar.some((v) => Math.abs(v - 1) > 0.1),
    'the running variance moved from its start',
  );
  const sample = [0.5, -1, 2];
  assert.deepEqual(Array.from(network.predictInto(sample, new Float64Array(1))), network.predict(sample));
});

test('early stopping and the divergence guard save and restore the running statistics with the weights', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { type: 'batchNorm' }], dtype: 'float64' });
  const bn = network.layers[1] as BatchNorm;
  assert.deepEqual(
    network.stateArrays().map((s) => s.name),
    ['layers.1.runningMean', 'layers.1.runningVar'],
  );
  const stopper = new EarlyStopping({ patience: 1 });
  bn.runningMean.set([0.25, 0.5]);
  stopper.update(0, 1, network);
  bn.runningMean.set([9, 9]);
  stopper.restore(network);
  assert.deepEqual(Array.from(bn.runningMean), [0.25, 0.5]);

  const guard = new WeightGuard(network);
  guard.save();
  bn.runningVar.set([NaN, 2]);
  assert.equal(guard.finite(), false, 'a NaN running variance is a divergence');
  guard.restore();
  assert.deepEqual(Array.from(bn.runningVar), [1, 1]);

  const other = Network.create({ inputs: 2, layers: [{ units: 2 }, { type: 'batchNorm' }], dtype: 'float64', seed: 5 });
  (other.layers[1] as BatchNorm).runningMean.set([7, 8]);
  network.copyWeightsFrom(other);
  assert.deepEqual(Array.from(bn.runningMean), [7, 8]);
});
