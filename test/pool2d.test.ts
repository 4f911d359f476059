import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Adam, fit, gradientCheck, jsBackend, Matrix, MeanSquaredError, Network, Rng, type LayerSpec } from '../src/index.js';
import { AvgPool2D } from '../src/nn/avg-pool2d.js';
import { GlobalAvgPool2D } from '../src/nn/global-avg-pool2d.js';
import { MaxPool2D } from '../src/nn/max-pool2d.js';
import type { Pool2DOptions } from '../src/nn/pool2d.js';
import { distinctValues, layerGradientError } from './helpers/layer-gradients.js';
import { randomMatrix, throwsNeurite } from './helpers/numeric.js';

type Config = Omit<Pool2DOptions, 'dtype'> & { inputShape: [number, number, number]; poolSize: [number, number]; strides: [number, number] };

/** Configurations: stride ≠ size, 'same' with odd padding totals, non-square windows, several channels. */
const CONFIGS: Config[] = [
  { inputShape: [4, 4, 1], poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  { inputShape: [5, 6, 2], poolSize: [2, 3], strides: [1, 2], padding: 'valid' },
  { inputShape: [7, 7, 3], poolSize: [2, 2], strides: [3, 3], padding: 'valid' }, // stride > size: cells skipped
  { inputShape: [6, 5, 3], poolSize: [3, 3], strides: [2, 2], padding: 'same' }, // totals 1 (odd) and 2
  { inputShape: [7, 4, 2], poolSize: [3, 2], strides: [2, 1], padding: 'same' }, // totals 2 and 1 (odd)
  { inputShape: [5, 5, 1], poolSize: [4, 4], strides: [3, 3], padding: 'same' }, // totals 2, windows clipped on both sides
];

/**
 * The readable reference: every window offset (ky, kx) from an explicitly padded origin, padded cells
 * skipped, then the max (first in (ky, kx) order) or the mean of the real cells.
 */
function reference(kind: 'max' | 'avg', sample: ArrayLike<number>, { inputShape: [h, w, c], poolSize: [kh, kw], strides: [sh, sw], padding }: Config) {
  const outSize = (n: number, k: number, s: number) => (padding === 'same' ? Math.ceil(n / s) : Math.floor((n - k) / s) + 1);
  const before = (n: number, k: number, s: number) => (padding === 'same' ? Math.floor(Math.max((outSize(n, k, s) - 1) * s + k - n, 0) / 2) : 0);
  const [oh, ow, top, left] = [outSize(h, kh, sh), outSize(w, kw, sw), before(h, kh, sh), before(w, kw, sw)];
  const out: number[] = [];
  const argmax: number[] = [];
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let ch = 0; ch < c; ch++) {
        let best = -Infinity;
        let at = -1;
        let sum = 0;
        let count = 0;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const y = oy * sh - top + ky;
            const x = ox * sw - left + kx;
            if (y < 0 || y >= h || x < 0 || x >= w) continue;
            const i = (y * w + x) * c + ch;
            if (sample[i]! > best) [best, at] = [sample[i]!, i];
            sum += sample[i]!;
            count++;
          }
        }
        out.push(kind === 'max' ? best : sum / count);
        argmax.push(at);
      }
    }
  }
  return { out, argmax, shape: [oh, ow, c] };
}

const make = (kind: 'max' | 'avg', config: Config, dtype: 'float32' | 'float64' = 'float64') =>
  kind === 'max' ? new MaxPool2D({ ...config, dtype }) : new AvgPool2D({ ...config, dtype });

test('max and average pooling give the reference outputs and shapes, every configuration, batch of 3', () => {
  const rng = new Rng(5);
  for (const config of CONFIGS) {
    for (const kind of ['max', 'avg'] as const) {
      const layer = make(kind, config);
      const x = randomMatrix(rng, 3, layer.inputSize);
      const out = layer.forward(x, { training: false, backend: jsBackend });
      for (let r = 0; r < 3; r++) {
        const expected = reference(kind, x.data.subarray(r * layer.inputSize, (r + 1) * layer.inputSize), config);
        assert.deepEqual(layer.outputShape, expected.shape, `${kind} ${JSON.stringify(config)}`);
        assert.deepEqual(Array.from(out.data.subarray(r * layer.outputSize, (r + 1) * layer.outputSize)), expected.out);
      }
    }
  }
});

test('hand-worked values: 2×2 max and mean, and a same-padded mean over the real cells only', () => {
  const ctx = { training: false, backend: jsBackend };
  const image = Matrix.from([[1, 2, 3, 4, 5, 6, 7, 8, 9]], 'float64'); // 3×3×1
  const max = new MaxPool2D({ inputShape: [3, 3, 1], poolSize: 2, strides: 1, dtype: 'float64' });
  assert.deepEqual(Array.from(max.forward(image, ctx).data), [5, 6, 8, 9]);
  const avg = new AvgPool2D({ inputShape: [3, 3, 1], poolSize: 2, padding: 'same', dtype: 'float64' });
  // out 2×2, total padding 1 per axis: none before, one after. Windows: [1,2,4,5], [3,6], [7,8], [9].
  assert.deepEqual(avg.outputShape, [2, 2, 1]);
  assert.deepEqual([avg.padTop, avg.padLeft], [0, 0]);
  assert.deepEqual(Array.from(avg.forward(image, ctx).data), [3, 4.5, 7.5, 9]);
  const same3 = new MaxPool2D({ inputShape: [3, 3, 1], poolSize: 3, strides: 2, padding: 'same', dtype: 'float64' });
  assert.deepEqual([same3.padTop, same3.padLeft, ...same3.outputShape], [1, 1, 2, 2, 1]); // total 2: one before, one after
  assert.deepEqual(Array.from(same3.forward(image, ctx).data), [5, 6, 8, 9]);
});

test('max pooling: ties go to the first maximum in (ky, kx) order; a NaN propagates', () => {
  const layer = new MaxPool2D({ inputShape: [2, 2, 1], poolSize: 2, dtype: 'float64' });
  const ctx = { training: true, backend: jsBackend };
  layer.forward(Matrix.from([[1, 3, 3, 2]], 'float64'), ctx);
  const dX = layer.backward(Matrix.from([[1]], 'float64'), { backend: jsBackend, needInputGradient: true })!;
  assert.deepEqual(Array.from(dX.data), [0, 1, 0, 0]);
  const out = layer.forward(new Matrix(1, 4, Float64Array.of(1, NaN, 3, 2)), ctx);
  assert.ok(Number.isNaN(out.data[0]));
});

test('backward routes ∂L/∂out to the argmax (overlapping windows add up) and spreads it by 1/n for the mean', () => {
  const rng = new Rng(11);
  for (const config of CONFIGS) {
    const x = distinctValues(rng, 2, config.inputShape[0] * config.inputShape[1] * config.inputShape[2]);
    for (const kind of ['max', 'avg'] as const) {
      const layer = make(kind, config);
      layer.forward(x, { training: true, backend: jsBackend });
      const dOut = randomMatrix(rng, 2, layer.outputSize);
      const dX = layer.backward(dOut, { backend: jsBackend, needInputGradient: true })!;
      const expected = new Float64Array(x.data.length);
      for (let r = 0; r < 2; r++) {
        const { argmax } = reference('max', x.data.subarray(r * layer.inputSize, (r + 1) * layer.inputSize), config);
        if (kind === 'max') argmax.forEach((i, o) => (expected[r * layer.inputSize + i] += dOut.data[r * layer.outputSize + o]!));
        else {
          // ∂L/∂x_i = Σ_o ∂L/∂out_o · ∂out_o/∂x_i, the Jacobian column read off the reference with a unit input.
          for (let i = 0; i < layer.inputSize; i++) {
            const unit = new Float64Array(layer.inputSize);
            unit[i] = 1;
            const column = reference('avg', unit, config).out;
            expected[r * layer.inputSize + i] = column.reduce((s, v, o) => s + v * dOut.data[r * layer.outputSize + o]!, 0);
          }
        }
      }
      for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(dX.data[i]! - expected[i]!) <= 1e-14, `${kind} ${JSON.stringify(config)} [${i}]`);
      assert.equal(layer.backward(dOut, { backend: jsBackend, needInputGradient: false }), null);
    }
  }
});

test('central differences in float64 agree with backward: max (away from ties), average and global average pooling', () => {
  const rng = new Rng(3);
  for (const config of CONFIGS) {
    for (const kind of ['max', 'avg'] as const) {
      const layer = make(kind, config);
      // Pooling is piecewise linear: a step of 1e-3 stays inside the piece (the values are 0.01 apart) and is exact.
      const error = layerGradientError(layer, distinctValues(rng, 2, layer.inputSize), rng, { h: 1e-3 });
      assert.ok(error < 1e-9, `${kind} ${JSON.stringify(config)}: ${error}`);
    }
  }
  const global = new GlobalAvgPool2D({ inputShape: [3, 4, 5], dtype: 'float64' });
  assert.ok(layerGradientError(global, randomMatrix(rng, 3, 60), rng, { h: 1e-3 }) < 1e-9);
});

test('gradientCheck through dense → reshape → pool → flatten → dense, for each pooling type', () => {
  const pools: LayerSpec[] = [
    { type: 'maxPool2d', poolSize: [2, 3], strides: [1, 2], padding: 'same' },
    { type: 'avgPool2d', poolSize: 3, strides: 2, padding: 'same' },
    { type: 'avgPool2d', poolSize: [2, 1], strides: [3, 1] },
    { type: 'globalAvgPool2d' },
  ];
  for (const pool of pools) {
    const network = Network.create({
      inputs: 3,
      layers: [{ units: 30, activation: 'tanh' }, { type: 'reshape', shape: [5, 3, 2] }, pool, { type: 'flatten' }, { units: 2, activation: 'tanh' }],
      dtype: 'float64',
      seed: 9,
    });
    const rng = new Rng(4);
    const result = gradientCheck(network, randomMatrix(rng, 4, 3), randomMatrix(rng, 4, 2), new MeanSquaredError(), { epsilon: 1e-5 });
    assert.ok(result.passed, `${pool.type}: ${result.maxRelativeError}`);
  }
});

test('float32 pooling rounds the float64 result once', () => {
  const rng = new Rng(8);
  const config = CONFIGS[3]!;
  const x64 = randomMatrix(rng, 2, 90);
  const x32 = new Matrix(2, 90, Float32Array.from(x64.data));
  for (const kind of ['max', 'avg'] as const) {
    const out64 = make(kind, config).forward(new Matrix(2, 90, Float64Array.from(x32.data)), { training: false, backend: jsBackend });
    const out32 = make(kind, config, 'float32').forward(x32, { training: false, backend: jsBackend });
    assert.deepEqual(Array.from(out32.data), Array.from(out64.data, Math.fround));
  }
});

test('bad pooling specs and shapes are clear errors naming the layer', () => {
  const create =
    (layer: object, inputShape = [4, 4, 1]) =>
    () =>
      Network.create({ inputShape, layers: [layer as never, { type: 'flatten' }] });
  throwsNeurite(create({ type: 'maxPool2d', poolSize: 0 }), 'INVALID_ARGUMENT', /layers\[0\]\.poolSize must be a positive integer or a pair/);
  throwsNeurite(create({ type: 'maxPool2d', poolSize: [2, 2, 2] }), 'INVALID_ARGUMENT', /layers\[0\]\.poolSize/);
  throwsNeurite(create({ type: 'avgPool2d', poolSize: 2, strides: 1.5 }), 'INVALID_ARGUMENT', /layers\[0\]\.strides/);
  throwsNeurite(create({ type: 'avgPool2d', poolSize: 2, padding: 'full' }), 'INVALID_ARGUMENT', /layers\[0\]\.padding must be "valid" or "same"/);
  throwsNeurite(create({ type: 'maxPool2d' }), 'INVALID_ARGUMENT', /layers\[0\]\.poolSize/);
  throwsNeurite(
    create({ type: 'maxPool2d', poolSize: 5 }),
    'SHAPE_MISMATCH',
    /layers\[0\] \(maxPool2d\): its window spans 5 values of the height but the input has 4/,
  );
  throwsNeurite(
    create({ type: 'maxPool2d', poolSize: 2 }, [16]),
    'SHAPE_MISMATCH',
    /layers\[0\] \(maxPool2d\) takes an image \[h, w, c\] but gets \[16\]; put a reshape layer/,
  );
  throwsNeurite(create({ type: 'globalAvgPool2d' }, [4, 4]), 'SHAPE_MISMATCH', /layers\[0\] \(globalAvgPool2d\) takes an image/);
  assert.doesNotThrow(create({ type: 'maxPool2d', poolSize: 5, padding: 'same' }));
  throwsNeurite(
    () => new MaxPool2D({ inputShape: [4, 4, 1], poolSize: 2 }).backward(Matrix.zeros(1, 4), { backend: jsBackend, needInputGradient: true }),
    'INVALID_ARGUMENT',
    /before forward/,
  );
  throwsNeurite(
    () => new AvgPool2D({ inputShape: [4, 4, 1], poolSize: 2 }).forward(Matrix.zeros(1, 15), { training: false, backend: jsBackend }),
    'SHAPE_MISMATCH',
    /expects rows of 16 values/,
  );
});

test('a small pooling network trains with fit, predicts one sample like a batch, and survives toJSON/fromJSON', async () => {
  const rng = new Rng(2);
  const x = randomMatrix(rng, 32, 36);
  const y = Matrix.zeros(32, 1, 'float64');
  for (let r = 0; r < 32; r++) y.data[r] = x.data[r * 36]! > 0 ? 1 : 0;
  const network = Network.create({
    inputShape: [6, 6, 1],
    layers: [
      { type: 'maxPool2d', poolSize: 2, padding: 'same' },
      { type: 'avgPool2d', poolSize: [3, 1] },
      { type: 'flatten' },
      { units: 1, activation: 'sigmoid' },
    ],
    dtype: 'float64',
  });
  const result = await fit(network, x, y, { epochs: 30, batchSize: 8, loss: 'binary_crossentropy', optimizer: new Adam({ learningRate: 0.05 }) });
  assert.ok(result.history.at(-1)!.loss < result.history[0]!.loss);
  const copy = Network.fromJSON(JSON.parse(JSON.stringify(network.toJSON())));
  const sample = Array.from(x.data.subarray(0, 36));
  assert.deepEqual(copy.predict(sample), network.predict(sample));
  assert.deepEqual(network.predictInto(sample, new Float64Array(1)), Float64Array.from(network.predict(sample)));
  assert.deepEqual(
    copy.layers.map((l) => l.toJSON()),
    network.layers.map((l) => l.toJSON()),
  );
});
