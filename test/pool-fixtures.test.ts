// PyTorch's values for the pooling and batch-norm layers (scripts/pytorch/pool_fixtures.py wrote the fixtures, in
// float64, channels last): every output, gradient and running statistic must agree to 1e-10 relative.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { jsBackend, Matrix, type Layer } from '../src/index.js';
import { AvgPool2D } from '../src/nn/avg-pool2d.js';
import { BatchNorm } from '../src/nn/batch-norm.js';
import { GlobalAvgPool2D } from '../src/nn/global-avg-pool2d.js';
import { MaxPool2D } from '../src/nn/max-pool2d.js';
import type { Padding } from '../src/nn/pool-geometry.js';
import { ROOT } from './helpers/paths.js';

const TOLERANCE = 1e-10;

interface Pass {
  input: number[][];
  upstream: number[][];
  output: number[][];
  inputGrad: number[][];
}
interface PoolCase extends Pass {
  kind: 'max' | 'avg';
  inputShape: number[];
  poolSize: [number, number];
  strides: [number, number];
  padding: Padding;
  outputShape: number[];
}
interface BatchNormPass extends Pass {
  gammaGrad: number[];
  betaGrad: number[];
  runningMean: number[];
  runningVar: number[];
}
interface BatchNormCase {
  inputShape: number[];
  momentum: number;
  epsilon: number;
  gamma: number[];
  beta: number[];
  runningMean: number[];
  runningVar: number[];
  training: BatchNormPass;
  inference: BatchNormPass;
}

const fixture = (name: string) => JSON.parse(readFileSync(`${ROOT}test/fixtures/pytorch/${name}`, 'utf8'));
const pools = fixture('pool.json') as { torch: string; pools: PoolCase[]; global: (Pass & { inputShape: number[] })[] };
const norms = fixture('batch-norm.json') as { cases: BatchNormCase[] };

/**
 * Each value within 1e-10 relative of PyTorch's: |actual − expected| ≤ 1e-10 · |expected|, where a value
 * below a millionth of the array's largest (a gradient that nearly cancels) is measured against that millionth.
 */
function assertAgrees(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-6 * scale, Number.MIN_VALUE);
    assert.ok(error <= TOLERANCE, `${what}[${i}]: ${actual[i]} vs PyTorch's ${expected[i]} (relative error ${error})`);
  }
}

/** Forward and backward of `layer` on a case's batch; compares the output and ∂L/∂X. */
function run(layer: Layer, pass: Pass, training: boolean, what: string): void {
  const out = layer.forward(Matrix.from(pass.input, 'float64'), { training, backend: jsBackend });
  assertAgrees(out.data, pass.output.flat(), `${what} output`);
  const dX = layer.backward(Matrix.from(pass.upstream, 'float64'), { backend: jsBackend, needInputGradient: true })!;
  assertAgrees(dX.data, pass.inputGrad.flat(), `${what} ∂L/∂X`);
}

test(`max and average pooling agree with PyTorch ${pools.torch}: outputs and ∂L/∂X, 'same' padding and strides included`, () => {
  assert.ok(pools.pools.some((c) => c.kind === 'max' && c.padding === 'same') && pools.pools.some((c) => c.kind === 'avg' && c.padding === 'same'));
  for (const c of pools.pools) {
    const options = { inputShape: c.inputShape, poolSize: c.poolSize, strides: c.strides, padding: c.padding, dtype: 'float64' as const };
    const layer = c.kind === 'max' ? new MaxPool2D(options) : new AvgPool2D(options);
    const what = `${c.kind} ${JSON.stringify([c.inputShape, c.poolSize, c.strides, c.padding])}`;
    assert.deepEqual(layer.outputShape, c.outputShape, `${what} shape`);
    run(layer, c, true, what);
  }
});

test('global average pooling agrees with PyTorch', () => {
  for (const c of pools.global) run(new GlobalAvgPool2D({ inputShape: c.inputShape, dtype: 'float64' }), c, false, `global ${JSON.stringify(c.inputShape)}`);
});

test('batch norm agrees with PyTorch in training mode (outputs, ∂L/∂X, ∂L/∂γ, ∂L/∂β, running statistics after the step) and in eval mode', () => {
  assert.ok(norms.cases.some((c) => c.inputShape.length === 1) && norms.cases.some((c) => c.inputShape.length === 3));
  for (const c of norms.cases) {
    const { inputShape, momentum, epsilon, gamma, beta, runningMean, runningVar } = c;
    const layer = new BatchNorm({ inputShape, momentum, epsilon, gamma, beta, runningMean, runningVar, dtype: 'float64' });
    for (const mode of ['training', 'inference'] as const) {
      const pass = c[mode];
      const what = `${JSON.stringify(inputShape)} ${mode}`;
      run(layer, pass, mode === 'training', what);
      assertAgrees(layer.gammaGrad, pass.gammaGrad, `${what} ∂L/∂γ`);
      assertAgrees(layer.betaGrad, pass.betaGrad, `${what} ∂L/∂β`);
      assertAgrees(layer.runningMean, pass.runningMean, `${what} running mean`);
      assertAgrees(layer.runningVar, pass.runningVar, `${what} running variance`);
    }
  }
});
