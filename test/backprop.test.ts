import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, MeanSquaredError, Network, Rng, gradientCheck } from '../src/index.js';

function randomMatrix(rng: Rng, rows: number, cols: number, scale = 1): Matrix {
  const m = Matrix.zeros(rows, cols, 'float64');
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.normal(0, scale);
  return m;
}

const shapes: number[][] = [
  [3, 1],
  [2, 2, 1],
  [4, 5, 3],
  [3, 7, 4, 2],
  [5, 3, 6, 2, 4],
  [1, 8, 8, 8, 1],
];

for (const [inputs, ...units] of shapes) {
  test(`backpropagation agrees with central differences: ${[inputs, ...units].join('-')} sigmoid network`, () => {
    const rng = new Rng(inputs! * 100 + units.length);
    for (let trial = 0; trial < 3; trial++) {
      const network = Network.create({
        inputs: inputs!,
        layers: units.map((u) => ({ units: u, activation: 'sigmoid' })),
        seed: trial + 1,
        dtype: 'float64',
        biasInitializer: 'normal',
      });
      const rows = 1 + rng.int(5);
      const x = randomMatrix(rng, rows, inputs!, 2);
      const y = Matrix.zeros(rows, units[units.length - 1]!, 'float64');
      for (let i = 0; i < y.data.length; i++) y.data[i] = rng.uniform();
      const result = gradientCheck(network, x, y, new MeanSquaredError());
      assert.ok(result.maxRelativeError <= 1e-6, `max relative error ${result.maxRelativeError}: ${JSON.stringify(result.parameters)}`);
    }
  });
}

test('a wrong gradient is caught by the gradient check', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 3 }, { units: 1 }], dtype: 'float64', seed: 3 });
  const x = Matrix.from(
    [
      [0.5, -1],
      [2, 0.1],
    ],
    'float64',
  );
  const y = Matrix.from([[1], [0]], 'float64');
  const loss = new MeanSquaredError();
  const result = gradientCheck(network, x, y, loss, {
    analytic: () => {
      network.computeGradients(x, y, loss);
      network.parameters()[0]!.grad[1]! *= 1.01;
    },
  });
  assert.equal(result.passed, false);
  assert.equal(result.parameters[0]!.worst.index, 1);
});
