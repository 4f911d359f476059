import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, Matrix, MeanSquaredError, Network, Neuron, gradientCheck, mseLoss, sigmoid, sigmoidDerivative } from '../src/index.js';

// Every number here is a fixed point from the seed (docs/seed-walkthrough.md).

test('a neuron with w = [0, 1], b = 4 on x = [2, 3] gives exactly 0.9990889488055994', () => {
  const neuron = new Neuron([0, 1], 4);
  assert.equal(neuron.sum([2, 3]), 7);
  assert.equal(neuron.feedforward([2, 3]), 0.9990889488055994);
});

test('the 2-2-1 network with every neuron w = [0, 1], b = 0 gives exactly 0.7216325609518421 on [2, 3]', () => {
  const layer = (inputs: number, units: number) =>
    new Dense({ inputs, units, dtype: 'float64', weights: Array.from({ length: units }, () => [0, 1]), bias: new Array(units).fill(0) });
  const network = new Network([layer(2, 2), layer(2, 1)]);
  assert.deepEqual(network.predict([2, 3]), [0.7216325609518421]);
  // The same network built from the seed's Neuron objects, one at a time.
  const h = new Neuron([0, 1], 0).feedforward([2, 3]);
  assert.equal(new Neuron([0, 1], 0).feedforward([h, h]), 0.7216325609518421);
});

test('MSE of y_true = [1, 0, 0, 1] against y_pred = [0, 0, 0, 0] is 0.5', () => {
  assert.equal(mseLoss([1, 0, 0, 1], [0, 0, 0, 0]), 0.5);
});

function workedExampleNetwork(): Network {
  const ones = (units: number) => Array.from({ length: units }, () => [1, 1]);
  return new Network([
    new Dense({ inputs: 2, units: 2, dtype: 'float64', weights: ones(2), bias: [0, 0] }),
    new Dense({ inputs: 2, units: 1, dtype: 'float64', weights: ones(1), bias: [0] }),
  ]);
}

test("the worked example: Alice, all weights 1 and biases 0, gives the seed's ∂L/∂w1", () => {
  const network = workedExampleNetwork();
  const x = Matrix.row([-2, -1], 'float64');
  const y = Matrix.row([1], 'float64');
  const yPred = network.forward(x).data[0]!;
  assert.ok(Math.abs(yPred - 0.5236951740839997) <= 1e-12, `y_pred = ${yPred}`);

  // The seed's chain of factors, each from its own formula.
  const dLdYpred = -2 * (1 - yPred);
  const sumH1 = -2 - 1;
  const h1 = sigmoid(sumH1);
  const dYpredDh1 = 1 * sigmoidDerivative(h1 + h1);
  const dH1Dw1 = -2 * sigmoidDerivative(sumH1);
  assert.ok(Math.abs(dLdYpred - -0.95261) < 5e-7);
  assert.ok(Math.abs(dYpredDh1 - 0.249439) < 5e-7);
  assert.ok(Math.abs(dH1Dw1 - -0.090353) < 5e-7);
  assert.ok(Math.abs(dLdYpred * dYpredDh1 * dH1Dw1 - 0.02146953526581111) <= 1e-12);

  // Backpropagation in matrix form gives the same ∂L/∂w1 (w1 = the first hidden neuron's first weight).
  network.computeGradients(x, y, new MeanSquaredError());
  const dw1 = network.parameters()[0]!.grad[0]!;
  assert.ok(Math.abs(dw1 - 0.02146953526581111) <= 1e-12, `∂L/∂w1 = ${dw1}`);

  // Every other partial derivative agrees with central differences.
  const check = gradientCheck(network, x, y, new MeanSquaredError());
  assert.ok(check.passed, JSON.stringify(check.parameters));
});
