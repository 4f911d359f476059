import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdaGrad, Adam, AdamW, RMSProp, SGD, createOptimizer, optimizerNames, resolveOptimizer, type Optimizer } from '../src/index.js';
import { assertClose, param, setGrad, throwsNeurite } from './helpers/params.js';

// Each optimizer's update on a tiny float64 case, against its documented formula written out by hand.
// Gradients change from step to step so the state (velocity, moments, sums) matters.
const W0 = [0.5, -1.5, 2];
const GRADS = [
  [0.2, -0.4, 1],
  [-0.1, 0.3, 0.5],
  [0.05, 0.2, -2],
];

/** Runs the optimizer for GRADS.length steps from W0 and returns the weights after each step. */
function trajectory(optimizer: Optimizer, kind: 'weight' | 'bias' = 'weight'): number[][] {
  const p = param('w', W0, undefined, kind);
  return GRADS.map((g) => {
    setGrad(p, g);
    optimizer.step([p]);
    return Array.from(p.value);
  });
}

/** The same steps computed element by element by `update(w, g, t, state)`, a plain scalar function. */
function byHand(update: (w: number, g: number, t: number, s: Record<string, number>) => number, init: Record<string, number> = {}): number[][] {
  const w = W0.slice();
  const states = W0.map(() => ({ ...init }));
  return GRADS.map((g, step) => {
    for (let i = 0; i < w.length; i++) w[i] = update(w[i]!, g[i]!, step + 1, states[i]!);
    return w.slice();
  });
}

function compare(actual: number[][], expected: number[][]): void {
  actual.forEach((row, step) => assertClose(row, expected[step]!, 1e-15, `step ${step + 1}`));
}

test('plain SGD is the seed update w ← w − η·g, exactly', () => {
  const lr = 0.1;
  const got = trajectory(new SGD({ learningRate: lr }));
  const want = byHand((w, g) => w - lr * g);
  got.forEach((row, i) => assert.deepEqual(row, want[i]));
});

test('SGD with momentum: b ← μb + g, w ← w − η·b', () => {
  const [lr, mu] = [0.1, 0.9];
  compare(
    trajectory(new SGD({ learningRate: lr, momentum: mu })),
    byHand(
      (w, g, _t, s) => {
        s.b = mu * s.b! + g;
        return w - lr * s.b;
      },
      { b: 0 },
    ),
  );
  // After two steps of gradient 1 the velocity is 1 + 0.9 = 1.9: the second step is 1.9× the first.
  const p = param('w', [0], [1]);
  const opt = new SGD({ learningRate: 1, momentum: 0.9 });
  opt.step([p]);
  opt.step([p]);
  assertClose(p.value, [-(1 + 1.9)]);
});

test('Nesterov momentum looks ahead: b ← μb + g, w ← w − η·(g + μb)', () => {
  const [lr, mu] = [0.05, 0.8];
  compare(
    trajectory(new SGD({ learningRate: lr, momentum: mu, nesterov: true })),
    byHand(
      (w, g, _t, s) => {
        s.b = mu * s.b! + g;
        return w - lr * (g + mu * s.b);
      },
      { b: 0 },
    ),
  );
  // And it differs from classical momentum from the first step on (η(1 + μ)g vs ηg).
  const classical = trajectory(new SGD({ learningRate: lr, momentum: mu }));
  assert.notDeepEqual(trajectory(new SGD({ learningRate: lr, momentum: mu, nesterov: true }))[0], classical[0]);
});

test('AdaGrad: s ← s + g², w ← w − η·g / (√s + ε)', () => {
  const [lr, eps, s0] = [0.3, 1e-10, 0.1];
  compare(
    trajectory(new AdaGrad({ learningRate: lr, epsilon: eps, initialAccumulatorValue: s0 })),
    byHand(
      (w, g, _t, s) => {
        s.sum = s.sum! + g * g;
        return w - (lr * g) / (Math.sqrt(s.sum) + eps);
      },
      { sum: s0 },
    ),
  );
});

test('RMSProp: v ← ρv + (1 − ρ)g², w ← w − η·g / (√v + ε), and its momentum form', () => {
  const [lr, rho, eps, mu] = [0.01, 0.9, 1e-8, 0.5];
  compare(
    trajectory(new RMSProp({ learningRate: lr, rho, epsilon: eps })),
    byHand(
      (w, g, _t, s) => {
        s.v = rho * s.v! + (1 - rho) * g * g;
        return w - (lr * g) / (Math.sqrt(s.v) + eps);
      },
      { v: 0 },
    ),
  );
  compare(
    trajectory(new RMSProp({ learningRate: lr, rho, epsilon: eps, momentum: mu })),
    byHand(
      (w, g, _t, s) => {
        s.v = rho * s.v! + (1 - rho) * g * g;
        s.b = mu * s.b! + g / (Math.sqrt(s.v) + eps);
        return w - lr * s.b;
      },
      { v: 0, b: 0 },
    ),
  );
});

test('Adam over 3 steps, with bias correction m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)', () => {
  const [lr, b1, b2, eps] = [0.01, 0.9, 0.999, 1e-8];
  const adam = (w: number, g: number, t: number, s: Record<string, number>): number => {
    s.m = b1 * s.m! + (1 - b1) * g;
    s.v = b2 * s.v! + (1 - b2) * g * g;
    const mHat = s.m / (1 - b1 ** t);
    const vHat = s.v / (1 - b2 ** t);
    return w - (lr * mHat) / (Math.sqrt(vHat) + eps);
  };
  const got = trajectory(new Adam({ learningRate: lr, beta1: b1, beta2: b2, epsilon: eps }));
  compare(got, byHand(adam, { m: 0, v: 0 }));
  // The correction makes the first step η·g/(|g| + ε), about η in size whatever the gradient's scale.
  got[0]!.forEach((w, i) => assert.ok(Math.abs(Math.abs(w - W0[i]!) - lr) < 1e-9, `first step of element ${i} is about η`));
  // Without it (t fixed at a large value), the steps would differ: the test can tell.
  const uncorrected = byHand((w, g, _t, s) => adam(w, g, 1e6, s), { m: 0, v: 0 });
  assert.ok(Math.abs(uncorrected[2]![0]! - got[2]![0]!) > 1e-4);
});

test("AdamW decays weights, decoupled from the gradient: w ← w − η·λ·w, then Adam's step; biases do not decay", () => {
  const [lr, b1, b2, eps, wd] = [0.01, 0.9, 0.999, 1e-8, 0.1];
  const adamw =
    (decay: number) =>
    (w: number, g: number, t: number, s: Record<string, number>): number => {
      w = w - lr * decay * w;
      s.m = b1 * s.m! + (1 - b1) * g;
      s.v = b2 * s.v! + (1 - b2) * g * g;
      return w - (lr * (s.m / (1 - b1 ** t))) / (Math.sqrt(s.v / (1 - b2 ** t)) + eps);
    };
  const options = { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd };
  compare(trajectory(new AdamW(options)), byHand(adamw(wd), { m: 0, v: 0 }));
  // A bias gets plain Adam.
  compare(trajectory(new AdamW(options), 'bias'), trajectory(new Adam(options)));
  // With zero gradient Adam's step is 0 and only the decay acts: w ← w·(1 − ηλ) per step.
  const w = param('layers.0.weights', [2, -4], [0, 0]);
  const b = param('layers.0.bias', [3], [0], 'bias');
  const opt = new AdamW({ learningRate: 0.5, weightDecay: 0.2 });
  opt.step([w, b]);
  opt.step([w, b]);
  assertClose(w.value, [2 * 0.9 * 0.9, -4 * 0.9 * 0.9]);
  assert.deepEqual(Array.from(b.value), [3]);
  // Decoupled is not L2: adding λw to the gradient would be rescaled by Adam and give another result.
  const l2 = byHand((w2, g, t, s) => adamw(0)(w2, g + wd * w2, t, s), { m: 0, v: 0 });
  assert.ok(Math.abs(l2[2]![2]! - trajectory(new AdamW(options))[2]![2]!) > 1e-6);
});

test('invalid options throw NeuriteError with precise messages', () => {
  throwsNeurite(() => new SGD({ learningRate: -1 }), 'INVALID_ARGUMENT', /^Invalid learning rate: -1 \(expected a finite number > 0\)$/);
  throwsNeurite(() => new Adam({ learningRate: 0 }), 'INVALID_ARGUMENT', /^Invalid learning rate: 0 /);
  throwsNeurite(() => new Adam({ learningRate: NaN }), 'INVALID_ARGUMENT', /^Invalid learning rate: NaN /);
  throwsNeurite(() => new SGD({ momentum: -0.1 }), 'INVALID_ARGUMENT', /^Invalid momentum: -0\.1 \(expected a finite number ≥ 0 and < 1\)$/);
  throwsNeurite(() => new SGD({ momentum: 1 }), 'INVALID_ARGUMENT', /^Invalid momentum: 1 /);
  throwsNeurite(() => new SGD({ nesterov: true }), 'INVALID_ARGUMENT', /^Nesterov momentum requires a momentum > 0, got 0$/);
  throwsNeurite(
    () => new SGD({ momentum: 0.9, nesterov: 'yes' as unknown as boolean }),
    'INVALID_ARGUMENT',
    /^Invalid nesterov: "yes" \(expected true or false\)$/,
  );
  throwsNeurite(() => new Adam({ beta1: 1 }), 'INVALID_ARGUMENT', /^Invalid beta1: 1 \(expected a finite number ≥ 0 and < 1\)$/);
  throwsNeurite(() => new Adam({ beta2: -0.5 }), 'INVALID_ARGUMENT', /^Invalid beta2: -0\.5 /);
  throwsNeurite(() => new Adam({ epsilon: 0 }), 'INVALID_ARGUMENT', /^Invalid epsilon: 0 \(expected a finite number > 0\)$/);
  throwsNeurite(() => new AdamW({ weightDecay: -0.01 }), 'INVALID_ARGUMENT', /^Invalid weight decay: -0\.01 \(expected a finite number ≥ 0\)$/);
  throwsNeurite(() => new RMSProp({ rho: 1.5 }), 'INVALID_ARGUMENT', /^Invalid rho: 1\.5 /);
  throwsNeurite(() => new RMSProp({ momentum: 2 }), 'INVALID_ARGUMENT', /^Invalid momentum: 2 /);
  throwsNeurite(() => new AdaGrad({ initialAccumulatorValue: -1 }), 'INVALID_ARGUMENT', /^Invalid initial accumulator value: -1 /);
  throwsNeurite(() => new AdaGrad({ epsilon: Infinity }), 'INVALID_ARGUMENT', /^Invalid epsilon: Infinity /);
  // The learning rate may be set to 0 by a schedule, but not to a negative or non-finite value.
  const sgd = new SGD();
  sgd.learningRate = 0;
  assert.equal(sgd.learningRate, 0);
  throwsNeurite(() => (sgd.learningRate = -0.5), 'INVALID_ARGUMENT', /^Invalid learning rate: -0\.5 \(expected a finite number ≥ 0\)$/);
  throwsNeurite(() => (sgd.learningRate = NaN), 'INVALID_ARGUMENT', /^Invalid learning rate: NaN/);
});

test('a parameter whose gradient length differs from its value, or that changes size, is refused', () => {
  const bad = { ...param('w', [1, 2]), grad: new Float64Array(3) };
  throwsNeurite(() => new Adam().step([bad]), 'SHAPE_MISMATCH', /parameter w has 2 values but 3 gradients/);
  const opt = new Adam();
  opt.step([param('layers.0.weights', [1, 2])]);
  throwsNeurite(
    () => opt.step([param('layers.0.weights', [1, 2, 3])]),
    'SHAPE_MISMATCH',
    /has 3 values, but this optimizer's state for it has 2; call reset\(\)/,
  );
  opt.reset();
  opt.step([param('layers.0.weights', [1, 2, 3])]);
  assert.equal(opt.iterations, 1);
});

test('the registry maps every CLI name to a class and refuses unknown names and options', () => {
  assert.deepEqual(optimizerNames(), ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw']);
  assert.ok(createOptimizer('sgd') instanceof SGD);
  assert.deepEqual(createOptimizer('momentum').toJSON(), { name: 'sgd', learningRate: 0.01, momentum: 0.9, nesterov: false });
  assert.deepEqual(createOptimizer('nesterov', { momentum: 0.5 }).toJSON(), { name: 'sgd', learningRate: 0.01, momentum: 0.5, nesterov: true });
  assert.ok(createOptimizer('adagrad') instanceof AdaGrad);
  assert.ok(createOptimizer('rmsprop') instanceof RMSProp);
  assert.ok(createOptimizer('adam', { learningRate: 0.01, beta2: undefined }) instanceof Adam);
  const adamw = createOptimizer('adamw', { weightDecay: 0.05 });
  assert.ok(adamw instanceof AdamW);
  // toJSON rebuilds an equal optimizer.
  for (const name of optimizerNames()) {
    const spec = createOptimizer(name, { learningRate: 0.02 }).toJSON();
    assert.deepEqual(createOptimizer(spec.name, spec).toJSON(), spec);
    assert.deepEqual(resolveOptimizer(spec).toJSON(), spec);
  }
  assert.equal(resolveOptimizer(adamw), adamw);
  assert.ok(resolveOptimizer('adam') instanceof Adam);
  throwsNeurite(
    () => createOptimizer('adamax'),
    'INVALID_ARGUMENT',
    /^Unknown optimizer "adamax"; expected one of: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw$/,
  );
  throwsNeurite(
    () => createOptimizer('adam', { beta3: 0.5 }),
    'INVALID_ARGUMENT',
    /^Unknown option "beta3" for optimizer adam; expected one of: learningRate, beta1, beta2, epsilon$/,
  );
  throwsNeurite(() => createOptimizer('sgd', { weightDecay: 0.1 }), 'INVALID_ARGUMENT', /Unknown option "weightDecay" for optimizer sgd/);
  throwsNeurite(() => createOptimizer('rmsprop', { learningRate: -1 }), 'INVALID_ARGUMENT', /^Invalid learning rate: -1 /);
  throwsNeurite(() => createOptimizer('__proto__'), 'INVALID_ARGUMENT', /Unknown optimizer "__proto__"/);
});

test('every optimizer minimizes a simple ill-conditioned quadratic', () => {
  // f(w) = ½ Σ a_i (w_i − c_i)², ∂f/∂w_i = a_i (w_i − c_i); the minimum is w = c.
  const a = [1, 10];
  const c = [3, -2];
  const cases: [string, Optimizer, number][] = [
    ['sgd', new SGD({ learningRate: 0.1 }), 1e-9],
    ['momentum', new SGD({ learningRate: 0.02, momentum: 0.9 }), 1e-4],
    ['nesterov', new SGD({ learningRate: 0.02, momentum: 0.9, nesterov: true }), 1e-4],
    ['adagrad', new AdaGrad({ learningRate: 1 }), 1e-6],
    ['rmsprop', new RMSProp({ learningRate: 0.01, momentum: 0.9 }), 2e-2],
    ['adam', new Adam({ learningRate: 0.1 }), 1e-4],
    ['adamw (λ = 0)', new AdamW({ learningRate: 0.1, weightDecay: 0 }), 1e-4],
  ];
  for (const [label, optimizer, tolerance] of cases) {
    const p = param('w', [0, 0]);
    for (let step = 0; step < 300; step++) {
      for (let i = 0; i < 2; i++) p.grad[i] = a[i]! * (p.value[i]! - c[i]!);
      optimizer.step([p]);
    }
    for (let i = 0; i < 2; i++) assert.ok(Math.abs(p.value[i]! - c[i]!) < tolerance, `${label}: w[${i}] = ${p.value[i]}, expected ${c[i]}`);
    assert.equal(optimizer.iterations, 300);
  }
  // With decay, AdamW settles near the minimum, pulled slightly towards 0.
  const p = param('w', [0, 0]);
  const adamw = new AdamW({ learningRate: 0.1, weightDecay: 0.01 });
  for (let step = 0; step < 300; step++) {
    for (let i = 0; i < 2; i++) p.grad[i] = a[i]! * (p.value[i]! - c[i]!);
    adamw.step([p]);
  }
  for (let i = 0; i < 2; i++) {
    assert.ok(Math.abs(p.value[i]! - c[i]!) < 0.05, `adamw (λ = 0.01): w[${i}] = ${p.value[i]}`);
    assert.ok(Math.abs(p.value[i]!) < Math.abs(c[i]!), `adamw (λ = 0.01): w[${i}] is pulled towards 0`);
  }
});
