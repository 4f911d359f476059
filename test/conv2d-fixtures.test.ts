// conv2d against PyTorch: outputs and gradients for a handful of configurations (strides, both paddings with
// odd and even totals, dilation, channels, no bias), written by scripts/pytorch/conv2d_fixtures.py in float64.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Matrix, Network, getBackend, jsBackend, type Backend } from '../src/index.js';
import { Conv2D } from '../src/nn/conv2d.js';
import { ROOT } from './helpers/paths.js';

interface Case {
  name: string;
  spec: Record<string, unknown>;
  inputShape: number[];
  outputShape: number[];
  x: number[][];
  weights: number[];
  bias: number[];
  output: number[][];
  upstream: number[][];
  inputGradient: number[][];
  weightGradient: number[];
  biasGradient: number[];
}

const fixtures = JSON.parse(readFileSync(ROOT + 'test/fixtures/pytorch/conv2d.json', 'utf8')) as { cases: Case[] };

/** Largest |got − want| / max(|want|, |got|), over values not both (near) zero: a tiny floor for exact zeros. */
function maxRelative(got: ArrayLike<number>, want: ArrayLike<number>): number {
  assert.equal(got.length, want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const scale = Math.max(Math.abs(got[i]!), Math.abs(want[i]!), 1e-300);
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / scale);
  }
  return worst;
}

function check(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  const error = maxRelative(got, want);
  assert.ok(error <= 1e-10, `${what}: relative error ${error}`);
}

test('the fixtures cover strides, both paddings (odd and even totals), dilation, channels and no bias', () => {
  assert.ok(fixtures.cases.length >= 6);
  const specs = fixtures.cases.map((c) => c.spec);
  assert.ok(specs.some((s) => s['padding'] === 'same') && specs.some((s) => s['padding'] === 'valid'));
  assert.ok(specs.some((s) => (s['strides'] as number[]).some((v) => v > 1)));
  assert.ok(specs.some((s) => (s['dilation'] as number[]).some((v) => v > 1)));
  assert.ok(specs.some((s) => s['useBias'] === false));
});

for (const backend of [jsBackend, getBackend()] as Backend[]) {
  for (const c of fixtures.cases) {
    test(`conv2d matches PyTorch in float64 (${c.name}; ${backend.name} backend)`, () => {
      // Built from neurite's JSON: the fixture's weights are in neurite's layout (filter, ky, kx, c).
      const network = Network.fromJSON({
        dtype: 'float64',
        inputShape: c.inputShape,
        layers: [{ ...c.spec, type: 'conv2d', inputShape: c.inputShape, weights: c.weights, bias: c.bias }],
      });
      const conv = network.layers[0] as Conv2D;
      assert.ok(conv instanceof Conv2D);
      assert.deepEqual(conv.outputShape, c.outputShape);
      const x = Matrix.from(c.x, 'float64');
      const out = conv.forward(x, { training: true, backend });
      check(out.data, c.output.flat(), 'A = f(conv(X) + b)');
      const dX = conv.backward(Matrix.from(c.upstream, 'float64'), { backend, needInputGradient: true })!;
      check(dX.data, c.inputGradient.flat(), '∂L/∂X');
      check(conv.weightGrad, c.weightGradient, '∂L/∂W');
      if (conv.useBias) check(conv.biasGrad, c.biasGradient, '∂L/∂b');
      assert.equal(conv.parameters('conv').length, conv.useBias ? 2 : 1);
    });
  }
}
