import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CategoricalCrossEntropy,
  Dense,
  Matrix,
  MeanSquaredError,
  Network,
  Rng,
  addPenaltyGradient,
  gradientCheck,
  penalty,
  type Loss,
  type Regularization,
} from '../src/index.js';
import { randomMatrix, throwsNeurite } from './helpers/numeric.js';

function handNetwork(): Network {
  return new Network([
    new Dense({
      inputs: 2,
      units: 2,
      dtype: 'float64',
      weights: [
        [1, -2],
        [0, 3],
      ],
      bias: [5, -7],
    }),
  ]);
}

test('penalty = l1 Σ|w| + (l2/2) Σw² over weights only: 0.1 · 6 + 0.1 · 14 = 2 (the biases 5 and −7 do not count)', () => {
  const params = handNetwork().parameters();
  assert.equal(penalty(params, { l1: 0.1, l2: 0.2 }), 0.1 * 6 + (0.2 / 2) * 14);
  assert.ok(Math.abs(penalty(params, { l1: 0.1, l2: 0.2 }) - 2) < 1e-15);
  assert.equal(penalty(params, { l1: 0.5 }), 3);
  assert.equal(penalty(params, { l2: 1 }), 7);
  assert.equal(penalty(params, {}), 0);
});

test('addPenaltyGradient adds l1 · sign(w) + l2 · w to weight gradients (sign(0) = 0) and leaves bias gradients alone', () => {
  const params = handNetwork().parameters();
  params.forEach((p) => p.grad.fill(1));
  addPenaltyGradient(params, { l1: 0.1, l2: 0.2 });
  const [weights, bias] = params;
  const expected = [1 + 0.1 + 0.2, 1 - 0.1 - 0.4, 1 + 0 + 0, 1 + 0.1 + 0.6];
  weights!.grad.forEach((g, i) => assert.ok(Math.abs(g - expected[i]!) < 1e-15, `grad[${i}] = ${g}, expected ${expected[i]}`));
  assert.deepEqual(Array.from(bias!.grad), [1, 1]);
});

test('regularization options are validated', () => {
  const params = handNetwork().parameters();
  throwsNeurite(() => penalty(params, { l1: -1 }), 'INVALID_ARGUMENT', /regularization l1: -1 \(expected a finite number ≥ 0\)/);
  throwsNeurite(() => addPenaltyGradient(params, { l2: NaN }), 'INVALID_ARGUMENT', /regularization l2: NaN/);
  throwsNeurite(() => penalty(params, null as unknown as Regularization), 'INVALID_ARGUMENT', /Regularization must be an object/);
});

/** Loss + penalty, with weights kept clear of L1's kink at 0 (a difference moves a weight by up to 2e-4). */
function checkRegularized(network: Network, x: Matrix, y: Matrix, loss: Loss, reg: Regularization, withPenaltyGradient = true) {
  const params = network.parameters();
  for (const p of params) if (p.kind === 'weight') for (const w of p.value) assert.ok(Math.abs(w) > 1e-3, `weight ${w} too close to 0`);
  return gradientCheck(network, x, y, loss, {
    floor: 1e-5, // see FLOOR in gradient-matrix.test.ts
    objective: () => network.loss(x, y, loss) + penalty(params, reg),
    analytic: () => {
      network.computeGradients(x, y, loss);
      if (withPenaltyGradient) addPenaltyGradient(params, reg);
    },
  });
}

const regs: Regularization[] = [{ l1: 0.01 }, { l2: 0.1 }, { l1: 0.003, l2: 0.05 }];

for (const reg of regs) {
  test(`gradient check of loss + penalty ${JSON.stringify(reg)} (tanh/linear with mse, relu/softmax with fused cross-entropy)`, () => {
    const rng = new Rng(31);
    const x = randomMatrix(rng, 4, 3, 1.5);
    const regression = Network.create({
      inputs: 3,
      layers: [
        { units: 5, activation: 'tanh' },
        { units: 2, activation: 'linear' },
      ],
      dtype: 'float64',
      seed: 4,
    });
    const r1 = checkRegularized(regression, x, randomMatrix(rng, 4, 2), new MeanSquaredError(), reg);
    assert.ok(r1.maxRelativeError <= 1e-6, `max relative error ${r1.maxRelativeError}: ${JSON.stringify(r1.parameters)}`);
    const classifier = Network.create({
      inputs: 3,
      layers: [
        { units: 5, activation: 'elu' },
        { units: 3, activation: 'softmax' },
      ],
      dtype: 'float64',
      seed: 6,
    });
    const labels = Matrix.from(
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
        [0.2, 0.3, 0.5],
      ],
      'float64',
    );
    const r2 = checkRegularized(classifier, x, labels, new CategoricalCrossEntropy(), reg);
    assert.ok(r2.maxRelativeError <= 1e-6, `max relative error ${r2.maxRelativeError}: ${JSON.stringify(r2.parameters)}`);
    // Without the penalty's gradient the same check fails on the weights (and only there).
    const missing = checkRegularized(regression, x, randomMatrix(new Rng(31), 4, 2), new MeanSquaredError(), reg, false);
    assert.equal(missing.passed, false);
    for (const p of missing.parameters) assert.equal(p.maxRelativeError > 1e-6, p.name.endsWith('weights'), p.name);
  });
}
