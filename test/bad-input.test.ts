import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, Matrix, Network, Neuron, NeuriteError } from '../src/index.js';

function throwsNeurite(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a neuron names the expected and actual input length and rejects non-finite numbers', () => {
  const neuron = new Neuron([0, 1], 4);
  throwsNeurite(() => neuron.feedforward([1, 2, 3]), 'SHAPE_MISMATCH', /2 weights but got 3 inputs/);
  throwsNeurite(() => neuron.feedforward([1]), 'SHAPE_MISMATCH', /2 weights but got 1 inputs/);
  throwsNeurite(() => neuron.feedforward([1, NaN]), 'NON_FINITE', /inputs\[1\] is NaN/);
  throwsNeurite(() => neuron.feedforward([Infinity, 1]), 'NON_FINITE', /inputs\[0\] is Infinity/);
  throwsNeurite(() => neuron.feedforward(['3' as unknown as number, 1]), 'NON_FINITE', /inputs\[0\] is "3"/);
  throwsNeurite(() => new Neuron([], 0), 'INVALID_ARGUMENT', /at least one weight/);
  throwsNeurite(() => new Neuron([1, NaN], 0), 'NON_FINITE', /weights\[1\] is NaN/);
});

test('a network rejects wrong input lengths, non-finite values and bad layer sizes', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], dtype: 'float64' });
  throwsNeurite(() => network.predict([1, 2, 3]), 'SHAPE_MISMATCH', /has 3 values; the network expects 2/);
  throwsNeurite(() => network.predict([[1, 2], [3]]), 'SHAPE_MISMATCH', /Input row 1 has 1 values; the network expects 2/);
  throwsNeurite(() => network.predict([1, Infinity]), 'NON_FINITE', /row 0, column 1 is Infinity/);
  const nan = Matrix.zeros(2, 2, 'float64');
  nan.data[3] = NaN;
  throwsNeurite(() => network.predict(nan), 'NON_FINITE', /row 1, column 1 is NaN/);
  throwsNeurite(() => network.forward(Matrix.zeros(1, 3, 'float64')), 'SHAPE_MISMATCH', /expects 2 inputs per row, got 3/);
  throwsNeurite(() => network.forward(Matrix.zeros(1, 2, 'float32')), 'INVALID_ARGUMENT', /input is float32 but the network is float64/);
  throwsNeurite(() => Network.create({ inputs: 2, layers: [{ units: 0 }] }), 'INVALID_ARGUMENT', /layers\[0\]\.units must be an integer ≥ 1, got 0/);
  throwsNeurite(() => Network.create({ inputs: 2, layers: [{ units: -3 }] }), 'INVALID_ARGUMENT', /got -3/);
  throwsNeurite(() => Network.create({ inputs: 0, layers: [{ units: 1 }] }), 'INVALID_ARGUMENT', /inputs must be an integer ≥ 1, got 0/);
  throwsNeurite(() => Network.create({ inputs: 2, layers: [{ units: 1.5 }] }), 'INVALID_ARGUMENT', /got 1\.5/);
  throwsNeurite(() => Network.create({ inputs: 2, layers: [] }), 'INVALID_ARGUMENT', /at least one layer/);
});

test('explicit weights must match the layer shape and be finite', () => {
  throwsNeurite(() => new Dense({ inputs: 2, units: 2, weights: [[1, 2]] }), 'SHAPE_MISMATCH', /must have 2 rows/);
  throwsNeurite(() => new Dense({ inputs: 2, units: 1, weights: [[1, 2, 3]] }), 'SHAPE_MISMATCH', /row 0 must have 2 values/);
  throwsNeurite(() => new Dense({ inputs: 2, units: 1, weights: [[1, NaN]] }), 'NON_FINITE', /weights\[0\]\[1\] is NaN/);
  throwsNeurite(() => new Dense({ inputs: 2, units: 1, bias: [1, 2] }), 'SHAPE_MISMATCH', /bias must have 1 values/);
  throwsNeurite(() => new Dense({ inputs: 2, units: 1, activation: 'nope' }), 'INVALID_ARGUMENT', /Unknown activation "nope"/);
  throwsNeurite(
    () => new Network([new Dense({ inputs: 2, units: 3 }), new Dense({ inputs: 2, units: 1 })]),
    'SHAPE_MISMATCH',
    /layers\[1\] \(dense\) takes \[2\] but layers\[0\] \(dense\) gives \[3\]/,
  );
});

test('matrices check their shape', () => {
  throwsNeurite(() => Matrix.from([[1, 2], [3]]), 'SHAPE_MISMATCH', /row 1 has 1 values; expected 2/);
  throwsNeurite(() => new Matrix(2, 2, new Float32Array(3)), 'SHAPE_MISMATCH', /3 values but the shape \[2, 2\] needs 4/);
});
