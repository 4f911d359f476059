// Backpropagation through time against float64 central differences: ∂L/∂x and every parameter of each
// recurrent layer alone (L = Σ dOut ⊙ forward(x) for a random dOut), returning the last state or the whole
// sequence, on a masked batch of different lengths; and a stacked network's loss through gradientCheck.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, MeanSquaredError, Network, Rng, gradientCheck, jsBackend } from '../src/index.js';
import { GRU } from '../src/nn/gru.js';
import { LSTM } from '../src/nn/lstm.js';
import { SimpleRNN } from '../src/nn/simple-rnn.js';
import type { Recurrent, RecurrentOptions } from '../src/nn/recurrent.js';
import { centralDifference, randomMatrix, relativeError } from './helpers/numeric.js';

/**
 * The layer's ∂L/∂x and parameter gradients against central differences of L = Σ dOut ⊙ forward(x) for a
 * random dOut; `skipInput(i)` leaves out input values whose change would move the mask (padding zeros).
 * Returns the worst relative error and where.
 */
function worstError(layer: Recurrent, x: Matrix, rng: Rng, skipInput: (i: number) => boolean = () => false): { error: number; where: string } {
  const ctx = { training: true, backend: jsBackend };
  const out = layer.forward(x, ctx);
  const dOut = randomMatrix(rng, out.rows, out.cols);
  const dX = Float64Array.from(layer.backward(dOut, { backend: jsBackend, needInputGradient: true })!.data);
  const params = layer.parameters('layer');
  const analytic = params.map((p) => Float64Array.from(p.grad));
  const objective = () => {
    const y = layer.forward(x, ctx).data;
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += dOut.data[i]! * y[i]!;
    return sum;
  };
  let worst = { error: 0, where: '' };
  const compare = (a: number, values: Float64Array | Float32Array, i: number, what: string) => {
    const original = values[i]!;
    const numeric = centralDifference(
      (v) => {
        values[i] = v;
        const value = objective();
        values[i] = original;
        return value;
      },
      original,
      1e-5,
    );
    const error = relativeError(a, numeric, 1e-4); // gradients are O(1): a floor for the few near 0, where the difference is rounding noise
    if (!(error <= worst.error)) worst = { error, where: `${what}: ${a} vs ${numeric}` };
  };
  for (let i = 0; i < x.data.length; i++) if (!skipInput(i)) compare(dX[i]!, x.data, i, `∂L/∂x[${i}]`);
  params.forEach((p, k) => {
    for (let i = 0; i < p.value.length; i++) compare(analytic[k]![i]!, p.value, i, `∂L/∂${p.name}[${i}]`);
  });
  return worst;
}

const LAYERS: Record<string, (options: RecurrentOptions) => Recurrent> = {
  lstm: (o) => new LSTM(o),
  gru: (o) => new GRU({ ...o, recurrentBias: [0.3, -0.2, 0.5, 0.1].slice(0, o.units) }),
  simpleRnn: (o) => new SimpleRNN(o),
  'simpleRnn (relu)': (o) => new SimpleRNN({ ...o, activation: 'relu' }),
};

/** A batch whose samples end (trailing zero steps) at the given lengths. */
function padded(rng: Rng, lengths: number[], T: number, F: number) {
  const x = randomMatrix(rng, lengths.length, T * F);
  lengths.forEach((length, n) => x.data.fill(0, n * T * F + length * F, (n + 1) * T * F));
  return x;
}

for (const [type, make] of Object.entries(LAYERS)) {
  for (const returnSequences of [false, true]) {
    test(`${type}: BPTT matches central differences for the input and every parameter (returnSequences ${returnSequences})`, () => {
      const rng = new Rng(11);
      const layer = make({ inputShape: [5, 3], units: 4, returnSequences, dtype: 'float64', rng });
      rng.normal(); // the bias too, away from its defaults
      for (let i = 0; i < layer.bias.length; i++) layer.bias[i] = rng.normal(0, 0.5);
      const { error, where } = worstError(layer, randomMatrix(rng, 3, 15), rng);
      assert.ok(error < 1e-6, `worst relative error ${error} at ${where}`);
    });

    test(`${type}: a masked batch of different lengths (returnSequences ${returnSequences}): padding steps carry the state and get no gradient`, () => {
      const rng = new Rng(12);
      const layer = make({ inputShape: [6, 2], units: 3, returnSequences, maskTrailingZeros: true, dtype: 'float64', rng });
      const x = padded(rng, [6, 3, 1, 4], 6, 2);
      const ctx = { training: true, backend: jsBackend };
      const out = layer.forward(x, ctx);
      assert.deepEqual(layer.lastRun().lengths, [6, 3, 1, 4]);
      if (returnSequences) {
        // sample 1 (length 3): steps 3.. give zeros
        for (let t = 3; t < 6; t++) for (let k = 0; k < 3; k++) assert.equal(out.data[(1 * 6 + t) * 3 + k], 0);
      }
      // A padding zero moved would lengthen its sample: only the real steps' inputs are differentiated.
      const { error, where } = worstError(layer, x, rng, (i) => Math.floor((i % 12) / 2) >= [6, 3, 1, 4][Math.floor(i / 12)]!);
      assert.ok(error < 1e-6, `worst relative error ${error} at ${where}`);
      // Inputs at padding steps get exactly no gradient.
      const dX = layer.backward(randomMatrix(rng, out.rows, out.cols), { backend: jsBackend, needInputGradient: true })!;
      for (let t = 3; t < 6; t++) assert.deepEqual([dX.data[12 + 2 * t], dX.data[12 + 2 * t + 1]], [0, 0]);
    });
  }
}

test('a stacked lstm (returnSequences into lstm) into dense: every parameter against central differences of the loss', () => {
  const network = Network.create({
    inputShape: [4, 2],
    layers: [
      { type: 'lstm', units: 3, returnSequences: true },
      { type: 'lstm', units: 3 },
      { units: 2, activation: 'linear' },
    ],
    dtype: 'float64',
    seed: 5,
  });
  const rng = new Rng(3);
  const result = gradientCheck(network, randomMatrix(rng, 3, 8), randomMatrix(rng, 3, 2), new MeanSquaredError());
  assert.ok(result.passed, JSON.stringify(result.parameters.map((p) => [p.name, p.maxRelativeError])));
  assert.equal(result.parameters.length, 3 + 3 + 2);
});

test('a masked gru (returnSequences) into a masked simpleRnn into dense: every parameter against central differences of the loss', () => {
  const network = Network.create({
    inputShape: [5, 2],
    layers: [
      { type: 'gru', units: 3, returnSequences: true, maskTrailingZeros: true },
      { type: 'simpleRnn', units: 2, maskTrailingZeros: true },
      { units: 1, activation: 'linear' },
    ],
    dtype: 'float64',
    seed: 6,
  });
  const rng = new Rng(4);
  const result = gradientCheck(network, padded(rng, [5, 2, 4], 5, 2), randomMatrix(rng, 3, 1), new MeanSquaredError());
  assert.ok(result.passed, JSON.stringify(result.parameters.map((p) => [p.name, p.maxRelativeError])));
  assert.equal(result.parameters.length, 4 + 3 + 2);
});
