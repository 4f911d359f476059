// embedding and timeDistributed against PyTorch (nn.Embedding with and without padding_idx; nn.Linear applied to
// [batch, T, F]): outputs and gradients written by scripts/pytorch/embedding_fixtures.py in float64.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Matrix, Network, getBackend, jsBackend, type Backend } from '../src/index.js';
import type { Embedding } from '../src/nn/embedding.js';
import type { TimeDistributed } from '../src/nn/time-distributed.js';
import { ROOT } from './helpers/paths.js';

interface EmbeddingCase {
  vocabularySize: number;
  dimensions: number;
  paddingId: number | null;
  timeSteps: number;
  embeddings: number[];
  ids: number[][];
  upstream: number[][];
  output: number[][];
  embeddingGrad: number[];
}

interface LinearCase {
  features: number;
  units: number;
  activation: string;
  timeSteps: number;
  weights: number[];
  bias: number[];
  input: number[][];
  upstream: number[][];
  output: number[][];
  inputGrad: number[][];
  weightGrad: number[];
  biasGrad: number[];
}

const fixtures = JSON.parse(readFileSync(ROOT + 'test/fixtures/pytorch/embedding.json', 'utf8')) as {
  embeddings: EmbeddingCase[];
  timeDistributed: LinearCase[];
};

/** Largest |got − want| / max(|want|, |got|), a tiny floor for exact zeros. */
function check(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(got[i]!), Math.abs(want[i]!), 1e-300));
  assert.ok(worst <= 1e-10, `${what}: relative error ${worst}`);
}

test('the fixtures cover padding (at the ends and mid-vocabulary), none, repeated ids, and three activations over time', () => {
  assert.ok(fixtures.embeddings.some((c) => c.paddingId === null) && fixtures.embeddings.filter((c) => c.paddingId !== null).length >= 2);
  for (const c of fixtures.embeddings) if (c.paddingId !== null) assert.ok(c.ids.flat().includes(c.paddingId));
  assert.deepEqual(new Set(fixtures.timeDistributed.map((c) => c.activation)), new Set(['linear', 'tanh', 'sigmoid']));
});

for (const backend of [jsBackend, getBackend()] as Backend[]) {
  fixtures.embeddings.forEach((c, k) => {
    test(`embedding matches PyTorch's nn.Embedding in float64 (case ${k}, padding ${c.paddingId}; ${backend.name} backend)`, () => {
      const network = Network.fromJSON({
        dtype: 'float64',
        inputShape: [c.timeSteps],
        layers: [
          {
            type: 'embedding',
            inputShape: [c.timeSteps],
            vocabularySize: c.vocabularySize,
            dimensions: c.dimensions,
            ...(c.paddingId !== null ? { paddingId: c.paddingId } : {}),
            embeddings: c.embeddings,
          },
        ],
      });
      const layer = network.layers[0] as Embedding;
      const out = layer.forward(Matrix.from(c.ids, 'float64'), { training: true, backend });
      check(out.data, c.output.flat(), 'out = E[ids]');
      layer.backward(Matrix.from(c.upstream, 'float64'), { backend, needInputGradient: false });
      check(layer.embeddingGrad, c.embeddingGrad, '∂L/∂E');
    });
  });

  fixtures.timeDistributed.forEach((c, k) => {
    test(`timeDistributed(dense) matches PyTorch's nn.Linear over [batch, T, F] in float64 (case ${k}, ${c.activation}; ${backend.name} backend)`, () => {
      const inputShape = [c.timeSteps, c.features];
      const network = Network.fromJSON({
        dtype: 'float64',
        inputShape,
        layers: [
          {
            type: 'timeDistributed',
            inputShape,
            layer: { type: 'dense', inputs: c.features, units: c.units, activation: c.activation, weights: c.weights, bias: c.bias },
          },
        ],
      });
      const layer = network.layers[0] as TimeDistributed;
      assert.deepEqual(layer.outputShape, [c.timeSteps, c.units]);
      const out = layer.forward(Matrix.from(c.input, 'float64'), { training: true, backend });
      check(out.data, c.output.flat(), 'out = f(W x_t + b)');
      const dX = layer.backward(Matrix.from(c.upstream, 'float64'), { backend, needInputGradient: true })!;
      check(dX.data, c.inputGrad.flat(), '∂L/∂x');
      check(layer.layer.weightGrad, c.weightGrad, '∂L/∂W');
      check(layer.layer.biasGrad, c.biasGrad, '∂L/∂b');
    });
  });
}
