import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, Matrix, Network, Neuron, activationNames, logSoftmax, resolveActivation, type Activation, type ActivationLike } from '../src/index.js';
import { assertClose, centralDifference, relativeError, throwsNeurite } from './helpers/numeric.js';

const elementwise: ActivationLike[] = [
  'sigmoid',
  'linear',
  'tanh',
  'relu',
  'leaky_relu',
  { name: 'leaky_relu', slope: 0.2 },
  'elu',
  { name: 'elu', alpha: 1.5 },
  'softplus',
  'gelu',
];

const label = (a: ActivationLike) => (typeof a === 'string' ? a : JSON.stringify(a));

test('every registered activation is covered here', () => {
  assert.deepEqual([...activationNames()].sort(), ['elu', 'gelu', 'leaky_relu', 'linear', 'relu', 'sigmoid', 'softmax', 'softplus', 'tanh']);
});

test('activations give known values (float64 references from numpy)', () => {
  const z = [-2, -0.5, 0.5, 1, 3];
  const expected: Record<string, number[]> = {
    tanh: [-0.9640275800758169, -0.46211715726000974, 0.46211715726000974, 0.7615941559557649, 0.9950547536867305],
    relu: [0, 0, 0.5, 1, 3],
    leaky_relu: [-0.02, -0.005, 0.5, 1, 3],
    elu: [-0.8646647167633873, -0.3934693402873666, 0.5, 1, 3],
    softplus: [0.1269280110429725, 0.4740769841801067, 0.9740769841801067, 1.3132616875182228, 3.048587351573742],
    gelu: [-0.04540230591222494, -0.15428599017485606, 0.34571400982514394, 0.8411919906082768, 2.996362607918227],
  };
  for (const [name, values] of Object.entries(expected)) {
    const act = resolveActivation(name);
    z.forEach((v, i) => assertClose(act.f(v), values[i]!, 1e-14, `${name}(${v})`));
  }
  const a = new Float64Array(3);
  resolveActivation('softmax').forward(Float64Array.of(1, 2, 3), a, 1, 3);
  [0.09003057317038046, 0.24472847105479764, 0.6652409557748218].forEach((v, i) => assertClose(a[i]!, v, 1e-15, `softmax[${i}]`));
});

for (const spec of elementwise) {
  test(`${label(spec)}: forward matches f, f' matches central differences, backward = ∂L/∂a · f'`, () => {
    const act = resolveActivation(spec);
    // Points away from the kinks at 0 of relu, leaky_relu and elu.
    const z = Float64Array.of(-3, -1.3, -0.4, 0.2, 0.7, 2.5);
    const a = new Float64Array(z.length);
    act.forward(z, a, 2, 3);
    z.forEach((v, i) => assert.equal(a[i], act.f(v), `forward vs f at ${v}`));
    for (let i = 0; i < z.length; i++) {
      const numeric = centralDifference((v) => act.f(v), z[i]!);
      const analytic = act.df(z[i]!, a[i]!);
      assert.ok(relativeError(analytic, numeric) <= 1e-8, `f'(${z[i]}) = ${analytic}, numeric ${numeric}`);
    }
    const dA = Float64Array.of(0.3, -1, 2, 0.5, -0.7, 1.1);
    const dZ = new Float64Array(z.length);
    act.backward(z, a, dA, dZ, 2, 3);
    for (let i = 0; i < z.length; i++) assertClose(dZ[i]!, dA[i]! * act.df(z[i]!, a[i]!), 1e-15, `dZ[${i}]`);
    // dZ may alias dA.
    const inPlace = dA.slice();
    act.backward(z, a, inPlace, inPlace, 2, 3);
    assert.deepEqual(inPlace, dZ);
  });
}

const extremes = [-1e4, -1000, -710, -50, -1e-300, 0, 1e-300, 50, 710, 1000, 1e4];

for (const spec of [...elementwise, 'softmax']) {
  for (const dtype of ['float64', 'float32'] as const) {
    test(`${label(spec)} stays finite for inputs up to ±1e4 (${dtype})`, () => {
      const act = resolveActivation(spec);
      const n = extremes.length;
      const z = dtype === 'float64' ? Float64Array.from(extremes) : Float32Array.from(extremes);
      const a = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
      const dZ = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
      const dA = (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n)).fill(1);
      act.forward(z, a, 1, n);
      act.backward(z, a, dA, dZ, 1, n);
      for (let i = 0; i < n; i++) {
        assert.ok(Number.isFinite(a[i]), `f(${extremes[i]}) = ${a[i]}`);
        assert.ok(Number.isFinite(dZ[i]), `f'(${extremes[i]}) = ${dZ[i]}`);
      }
    });
  }
}

test('saturated values are the right limits', () => {
  const at = (name: ActivationLike, z: number) => resolveActivation(name).f(z);
  const d = (name: ActivationLike, z: number) => {
    const act = resolveActivation(name);
    return act.df(z, act.f(z));
  };
  assert.equal(at('sigmoid', -1e4), 0);
  assert.equal(at('sigmoid', 1e4), 1);
  assert.equal(at('tanh', -1e4), -1);
  assert.equal(d('tanh', 1e4), 0);
  assert.equal(at('softplus', 1e4), 1e4);
  assert.equal(at('softplus', -1e4), 0);
  assert.equal(d('softplus', -1e4), 0);
  assert.equal(d('softplus', 1e4), 1);
  assertClose(at('softplus', -50), Math.exp(-50), 1e-15, 'softplus(-50)'); // log(1 + e^-50) would give 0
  assert.equal(at('elu', -1e4), -1);
  assert.equal(d('elu', -1e4), 0);
  assert.equal(at('gelu', 1e4), 1e4);
  assert.ok(at('gelu', -1e4) === 0, 'gelu(-1e4) is ±0');
  assert.equal(d('gelu', 1e4), 1);
  assert.equal(d('gelu', -1e4), 0);
  assert.equal(d('gelu', 1e200), 1); // z² overflows: the sech² term is skipped, no 0 · ∞
});

test('softmax rows are distributions, shift-invariant and exact at ±1e4', () => {
  const softmax = resolveActivation('softmax');
  const z = Float64Array.of(0.5, -1, 2, 1e4, 0, -1e4, 1000, 1000, 1000);
  const a = new Float64Array(9);
  softmax.forward(z, a, 3, 3);
  for (let r = 0; r < 3; r++) assertClose(a[3 * r]! + a[3 * r + 1]! + a[3 * r + 2]!, 1, 1e-15, `row ${r} sum`);
  assert.deepEqual(Array.from(a.subarray(3, 6)), [1, 0, 0]);
  a.subarray(6).forEach((v) => assertClose(v, 1 / 3, 1e-15, 'equal logits'));
  const shifted = new Float64Array(3);
  softmax.forward(Float64Array.of(100.5, 99, 102), shifted, 1, 3);
  shifted.forEach((v, i) => assertClose(v, a[i]!, 1e-13, `shifted[${i}]`));
});

test("softmax's backward is the Jacobian-vector product a_i (dA_i − Σ_j dA_j a_j), checked numerically", () => {
  const softmax = resolveActivation('softmax');
  const rows = 2;
  const cols = 4;
  const z = Float64Array.of(0.3, -1.2, 2, 0.1, 1, 1.5, -0.5, 0);
  const c = Float64Array.of(1, -2, 0.5, 3, -1, 0.25, 2, -0.75); // L = Σ c ⊙ softmax(z), so ∂L/∂a = c
  const a = new Float64Array(8);
  softmax.forward(z, a, rows, cols);
  const dZ = new Float64Array(8);
  softmax.backward(z, a, c, dZ, rows, cols);
  const probe = new Float64Array(8);
  const objective = (zz: Float64Array) => {
    softmax.forward(zz, probe, rows, cols);
    return probe.reduce((s, v, i) => s + c[i]! * v, 0);
  };
  for (let i = 0; i < z.length; i++) {
    const numeric = centralDifference((v) => {
      const zz = z.slice();
      zz[i] = v;
      return objective(zz);
    }, z[i]!);
    assert.ok(relativeError(dZ[i]!, numeric) <= 1e-9, `∂L/∂z[${i}] = ${dZ[i]}, numeric ${numeric}`);
  }
  const inPlace = c.slice();
  softmax.backward(z, a, inPlace, inPlace, rows, cols);
  assert.deepEqual(inPlace, dZ);
});

test('softmax has no single-value f or df, and a single neuron refuses it', () => {
  const softmax: Activation = resolveActivation('softmax');
  assert.equal(softmax.elementwise, false);
  throwsNeurite(() => softmax.f(1), 'UNSUPPORTED', /softmax acts on a whole row/);
  throwsNeurite(() => softmax.df(1, 0.5), 'UNSUPPORTED', /softmax\.df\(\)/);
  throwsNeurite(() => new Neuron([1], 0, 'softmax'), 'INVALID_ARGUMENT', /elementwise activation, not softmax/);
});

test('logSoftmax equals log(softmax) and stays finite where softmax underflows to 0', () => {
  const z = Float64Array.of(0.5, -1, 2, 2e4, 0, -2e4);
  const out = new Float64Array(6);
  logSoftmax(z, out, 2, 3);
  const a = new Float64Array(6);
  resolveActivation('softmax').forward(z, a, 2, 3);
  for (let i = 0; i < 3; i++) assertClose(out[i]!, Math.log(a[i]!), 1e-14, `log softmax[${i}]`);
  assert.deepEqual(Array.from(out.subarray(3)), [0, -2e4, -4e4]);
});

test('options: leaky_relu slope and elu alpha are validated, saved and restored', () => {
  assert.deepEqual(resolveActivation('leaky_relu').toJSON(), { name: 'leaky_relu', slope: 0.01 });
  assert.deepEqual(resolveActivation({ name: 'leaky_relu', slope: 0.2 }).toJSON(), { name: 'leaky_relu', slope: 0.2 });
  assert.deepEqual(resolveActivation('elu').toJSON(), { name: 'elu', alpha: 1 });
  throwsNeurite(() => resolveActivation({ name: 'leaky_relu', slope: -1 }), 'INVALID_ARGUMENT', /leaky_relu slope: -1/);
  throwsNeurite(() => resolveActivation({ name: 'leaky_relu', slope: NaN }), 'INVALID_ARGUMENT', /leaky_relu slope: NaN/);
  throwsNeurite(() => resolveActivation({ name: 'elu', alpha: 0 }), 'INVALID_ARGUMENT', /elu alpha: 0 \(expected a finite number > 0\)/);
  const network = new Network([
    new Dense({ inputs: 2, units: 3, activation: { name: 'leaky_relu', slope: 0.3 }, dtype: 'float64' }),
    new Dense({ inputs: 3, units: 2, activation: 'softmax', dtype: 'float64' }),
  ]);
  const copy = Network.fromJSON(JSON.parse(JSON.stringify(network.toJSON())));
  assert.deepEqual((copy.layers[0] as Dense).activation.toJSON(), { name: 'leaky_relu', slope: 0.3 });
  const x = Matrix.from(
    [
      [-1, 2],
      [3, -4],
    ],
    'float64',
  );
  assert.deepEqual(copy.predict(x), network.predict(x));
});
