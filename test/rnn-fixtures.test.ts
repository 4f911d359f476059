// simpleRnn (tanh, relu), lstm and gru against PyTorch's nn.RNN, nn.LSTM and nn.GRU: outputs and every
// gradient, the last state and whole sequences, masked batches (PyTorch on packed sequences), written by
// scripts/pytorch/rnn_fixtures.py in float64 with the weights mapped as docs/sequences.md says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Matrix, Network, getBackend, jsBackend, type Backend } from '../src/index.js';
import { GRU } from '../src/nn/gru.js';
import { Recurrent } from '../src/nn/recurrent.js';
import { ROOT } from './helpers/paths.js';

interface Case {
  name: string;
  spec: Record<string, unknown>;
  inputShape: number[];
  x: number[][];
  inputWeights: number[];
  recurrentWeights: number[];
  bias: number[];
  recurrentBias?: number[];
  output: number[][];
  upstream: number[][];
  inputGradient: number[][];
  inputWeightGradient: number[];
  recurrentWeightGradient: number[];
  biasGradient: number[];
  recurrentBiasGradient?: number[];
}

const fixtures = JSON.parse(readFileSync(ROOT + 'test/fixtures/pytorch/rnn.json', 'utf8')) as { cases: Case[] };

/** Largest |got − want| / max(|want|, |got|), a tiny floor for exact zeros (padding steps). */
function check(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, what);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / Math.max(Math.abs(got[i]!), Math.abs(want[i]!), 1e-300));
  assert.ok(worst <= 1e-10, `${what}: relative error ${worst}`);
}

test('the fixtures cover every cell, both outputs, masking, and products past the small loops', () => {
  const specs = fixtures.cases.map((c) => c.spec);
  for (const type of ['simpleRnn', 'lstm', 'gru']) {
    for (const returnSequences of [false, true]) assert.ok(specs.some((s) => s['type'] === type && s['returnSequences'] === returnSequences));
    assert.ok(specs.some((s) => s['type'] === type && s['maskTrailingZeros'] === true));
  }
  assert.ok(specs.some((s) => s['activation'] === 'relu') && specs.some((s) => s['activation'] === 'tanh'));
  assert.ok(
    fixtures.cases.some((c) => c.x.length * (c.recurrentWeights.length / c.inputShape[1]!) > 256),
    'a per-step product the backends compute',
  );
});

for (const backend of [jsBackend, getBackend()] as Backend[]) {
  for (const c of fixtures.cases) {
    test(`${c.spec['type']} matches PyTorch in float64 (${c.name}; ${backend.name} backend)`, () => {
      const { inputShape, inputWeights, recurrentWeights, bias, recurrentBias } = c;
      const network = Network.fromJSON({
        dtype: 'float64',
        inputShape,
        layers: [{ ...(c.spec as { type: string }), inputShape, inputWeights, recurrentWeights, bias, ...(recurrentBias ? { recurrentBias } : {}) }],
      });
      const layer = network.layers[0] as Recurrent;
      assert.ok(layer instanceof Recurrent);
      const out = layer.forward(Matrix.from(c.x, 'float64'), { training: true, backend });
      check(out.data, c.output.flat(), 'output');
      const dX = layer.backward(Matrix.from(c.upstream, 'float64'), { backend, needInputGradient: true })!;
      check(dX.data, c.inputGradient.flat(), '∂L/∂X');
      check(layer.inputWeightGrad, c.inputWeightGradient, '∂L/∂W (weight_ih)');
      check(layer.recurrentWeightGrad, c.recurrentWeightGradient, '∂L/∂U (weight_hh)');
      check(layer.biasGrad, c.biasGradient, '∂L/∂b (bias_ih)');
      if (layer instanceof GRU) check(layer.recurrentBiasGrad, c.recurrentBiasGradient!, '∂L/∂b_hn (bias_hh_n)');
    });
  }
}
