import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, Network, Rng, defaultInitializerFor, initializerNames, resolveActivation, resolveInitializer, type InitializerLike } from '../src/index.js';
import { throwsNeurite } from './helpers/numeric.js';

function draw(init: InitializerLike, fanIn: number, fanOut: number, seed = 1): Float64Array {
  const out = new Float64Array(fanIn * fanOut);
  resolveInitializer(init).fill(out, fanIn, fanOut, new Rng(seed));
  return out;
}

function stats(values: Float64Array): { mean: number; variance: number; maxAbs: number } {
  let sum = 0;
  let sq = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    sq += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  return { mean, variance: sq / values.length - mean * mean, maxAbs };
}

test('every registered initializer is covered here', () => {
  assert.deepEqual([...initializerNames()].sort(), ['glorot_normal', 'glorot_uniform', 'he_normal', 'he_uniform', 'normal', 'uniform', 'zeros']);
});

// fanIn 300, fanOut 100: 30 000 draws, so the sample variance is within about 1% (one standard error) of
// the formula; we allow 4%.
const fanIn = 300;
const fanOut = 100;
const formulas: [string, number, number | null][] = [
  ['glorot_uniform', 2 / (fanIn + fanOut), Math.sqrt(6 / (fanIn + fanOut))],
  ['glorot_normal', 2 / (fanIn + fanOut), null],
  ['he_uniform', 2 / fanIn, Math.sqrt(6 / fanIn)],
  ['he_normal', 2 / fanIn, null],
];

for (const [name, variance, limit] of formulas) {
  test(`${name}: mean 0 and variance ${name.startsWith('he') ? '2 / fanIn' : '2 / (fanIn + fanOut)'}${limit ? ', within ±limit' : ''}`, () => {
    const s = stats(draw(name, fanIn, fanOut));
    assert.ok(Math.abs(s.mean) < 4 * Math.sqrt(variance / (fanIn * fanOut)), `mean ${s.mean}`);
    assert.ok(Math.abs(s.variance / variance - 1) < 0.04, `variance ${s.variance}, formula ${variance}`);
    if (limit !== null) assert.ok(s.maxAbs < limit && s.maxAbs > 0.99 * limit, `max |w| ${s.maxAbs}, limit ${limit}`);
  });
}

test('uniform: values in [low, high), mean (low + high) / 2, variance (high − low)² / 12', () => {
  const values = draw({ name: 'uniform', low: 2, high: 5 }, 200, 100);
  assert.ok(values.every((v) => v >= 2 && v < 5));
  const s = stats(values);
  assert.ok(Math.abs(s.mean - 3.5) < 0.03, `mean ${s.mean}`);
  assert.ok(Math.abs(s.variance / 0.75 - 1) < 0.04, `variance ${s.variance}`);
  const small = stats(draw('uniform', 100, 100));
  assert.ok(small.maxAbs < 0.05 && Math.abs(small.variance / (0.01 / 12) - 1) < 0.05, 'defaults ±0.05');
});

test('the same seed gives bit-identical weights, another seed other weights', () => {
  for (const name of initializerNames().filter((n) => n !== 'zeros')) {
    assert.deepEqual(draw(name, 7, 5, 3), draw(name, 7, 5, 3), name);
    assert.notDeepEqual(draw(name, 7, 5, 3), draw(name, 7, 5, 4), name);
  }
  const make = (seed: number) =>
    Network.create({
      inputs: 4,
      layers: [
        { units: 6, activation: 'relu' },
        { units: 3, activation: 'softmax' },
      ],
      seed,
    }).parameters();
  make(5).forEach((p, i) => assert.deepEqual(p.value, make(5)[i]!.value));
  assert.notDeepEqual(make(5)[0]!.value, make(6)[0]!.value);
});

test('defaultInitializerFor: He for ReLU-like activations, Glorot for the rest', () => {
  for (const name of ['relu', 'leaky_relu', 'elu', 'gelu', 'softplus']) assert.equal(defaultInitializerFor(name).name, 'he_uniform', name);
  for (const name of ['sigmoid', 'tanh', 'softmax', 'linear', 'something_else']) assert.equal(defaultInitializerFor(name).name, 'glorot_uniform', name);
  assert.equal(defaultInitializerFor(resolveActivation({ name: 'leaky_relu', slope: 0.2 })).name, 'he_uniform');
  assert.equal(defaultInitializerFor({ name: 'tanh' }).name, 'glorot_uniform');
});

test('Network.create without an initializer draws each layer from its default, in layer order, biases zero', () => {
  const network = Network.create({
    inputs: 4,
    layers: [
      { units: 6, activation: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { units: 5, activation: 'tanh' },
      { units: 2, activation: 'gelu', initializer: 'zeros' },
    ],
    seed: 11,
    dtype: 'float64',
  });
  const rng = new Rng(11);
  const w0 = new Float64Array(24);
  resolveInitializer('he_uniform').fill(w0, 4, 6, rng);
  const w2 = new Float64Array(30);
  resolveInitializer('glorot_uniform').fill(w2, 6, 5, rng);
  const [p0, b0, p2, b2, p3] = network.parameters();
  assert.deepEqual(p0!.value, w0);
  assert.deepEqual(p2!.value, w2);
  assert.ok(b0!.value.every((v) => v === 0) && b2!.value.every((v) => v === 0));
  assert.ok(
    p3!.value.every((v) => v === 0),
    'an explicit layer initializer wins',
  );
  // A lone Dense layer uses the same default.
  const dense = new Dense({ inputs: 4, units: 6, activation: 'relu', dtype: 'float64', rng: new Rng(11) });
  assert.deepEqual(dense.weights, w0);
});

test("an explicit 'normal' keeps the seed's standard-normal start (the demo's path)", () => {
  const network = Network.create({
    inputs: 2,
    layers: [{ units: 2 }, { units: 1 }],
    seed: 42,
    dtype: 'float64',
    initializer: 'normal',
    biasInitializer: 'normal',
  });
  const rng = new Rng(42);
  const expected = Array.from({ length: 9 }, () => rng.normal());
  assert.deepEqual(
    network.parameters().flatMap((p) => Array.from(p.value)),
    expected,
  );
});

test('initializer options are validated and saved', () => {
  assert.deepEqual(resolveInitializer({ name: 'uniform', low: -1, high: 1 }).toJSON(), { name: 'uniform', low: -1, high: 1 });
  assert.deepEqual(resolveInitializer('he_normal').toJSON(), { name: 'he_normal' });
  throwsNeurite(() => resolveInitializer({ name: 'uniform', low: 1, high: 1 }), 'INVALID_ARGUMENT', /needs low < high, got low = 1, high = 1/);
  throwsNeurite(() => resolveInitializer({ name: 'uniform', low: NaN }), 'INVALID_ARGUMENT', /uniform initializer low: NaN/);
  throwsNeurite(() => resolveInitializer('xavier'), 'INVALID_ARGUMENT', /Unknown initializer "xavier"; expected one of: zeros, normal, uniform/);
});
