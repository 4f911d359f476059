import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  Matrix,
  MeanSquaredError,
  Network,
  Rng,
  Softmax,
  Tanh,
  gradientCheck,
  type Activation,
  type ActivationLike,
  type Layer,
  type Loss,
} from '../src/index.js';
import { explain, formatExplainJson, formatExplainMarkdown, formatExplainText, type ExplainTrace } from '../src/explain/index.js';
import { seedWorkedExample } from '../src/seed/index.js';
import { BrokenSigmoid } from './helpers/test-functions.js';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual}, expected ${expected} ± ${tol}`);

test("the worked example's trace holds the seed's numbers (docs/seed-walkthrough.md §5)", () => {
  const { network, input, target } = seedWorkedExample();
  const trace = explain(network, input, target);
  close(trace.output[0]!, 0.5236951740839997, 1e-12, 'y_pred');
  const [hidden, output] = trace.layers;
  const h1 = hidden!.neurons[0]!;
  close(h1.value, 0.047426, 5e-7, 'h1');
  close(output!.neurons[0]!.sum, 0.094852, 5e-7, 'sum_o1');
  // ∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1
  assert.equal(h1.paths!.length, 1);
  const [dLdYpred, dYpredDh1] = h1.paths![0]!.factors;
  assert.deepEqual([dLdYpred!.symbol, dYpredDh1!.symbol], ['∂L/∂y_pred', '∂y_pred/∂h1']);
  close(dLdYpred!.value, -0.95261, 5e-7, '∂L/∂y_pred');
  close(dYpredDh1!.value, 0.249439, 5e-7, '∂y_pred/∂h1');
  const w1 = h1.weights[0]!;
  assert.equal(w1.name, 'w1');
  assert.equal(w1.partial.symbol, '∂h1/∂w1');
  close(w1.partial.value, -0.090353, 5e-7, '∂h1/∂w1');
  close(w1.gradient, 0.02146953526581111, 1e-12, '∂L/∂w1');
  close(dLdYpred!.value * dYpredDh1!.value * w1.partial.value, 0.02146953526581111, 1e-12, 'the product of the factors');
  // The three factors: upstream gradient, activation derivative, incoming value.
  assert.deepEqual(
    w1.chain.map((f) => f.symbol),
    ['∂L/∂h1', "f'(sum_h1)", 'x1'],
  );
  close(
    w1.chain.reduce((p, f) => p * f.value, 1),
    0.02146953526581111,
    1e-12,
    "upstream · f' · x",
  );
  // The seed's names: w1..w6, b1..b3.
  const names = trace.layers.flatMap((l) => l.neurons.flatMap((n) => [...n.weights.map((w) => w.name), n.bias.name]));
  assert.deepEqual(names, ['w1', 'w2', 'b1', 'w3', 'w4', 'b2', 'w5', 'w6', 'b3']);
  assert.equal(output!.neurons[0]!.symbol, 'y_pred');
  assert.deepEqual(trace.warnings, []);
});

test("the worked example's SGD step: w1 goes from 1 to 1 − 0.1 · ∂L/∂w1 and the loss falls", () => {
  const { network, input, target } = seedWorkedExample();
  const trace = explain(network, input, target, { step: { learningRate: 0.1 } });
  const step = trace.step!;
  assert.equal(step.parameters[0]!.before[0], 1);
  close(step.parameters[0]!.after[0]!, 1 - 0.1 * 0.02146953526581111, 1e-15, 'w1 after');
  assert.equal(network.parameters()[0]!.value[0], step.parameters[0]!.after[0]);
  assert.ok(step.lossAfter < step.lossBefore, `${step.lossAfter} < ${step.lossBefore}`);
});

// Random networks: every depth from 1 to 4 layers, every activation and loss path.
const tanh = () => new Tanh();
const softmax = () => new Softmax();
interface Case {
  name: string;
  inputs: number;
  layers: { units: number; activation: () => ActivationLike }[];
  loss: () => Loss;
  oneHot?: boolean;
}
const cases: Case[] = [
  { name: '3-1 sigmoid, mse', inputs: 3, layers: [{ units: 1, activation: () => 'sigmoid' }], loss: () => new MeanSquaredError() },
  {
    name: '2-4-3 tanh/linear, mse',
    inputs: 2,
    layers: [
      { units: 4, activation: tanh },
      { units: 3, activation: () => 'linear' },
    ],
    loss: () => new MeanSquaredError(),
  },
  {
    name: '3-5-4-2 sigmoid/tanh/sigmoid, mse',
    inputs: 3,
    layers: [
      { units: 5, activation: () => 'sigmoid' },
      { units: 4, activation: tanh },
      { units: 2, activation: () => 'sigmoid' },
    ],
    loss: () => new MeanSquaredError(),
  },
  {
    name: '4-3-3-2-3 linear/sigmoid/tanh/softmax, fused cross-entropy',
    inputs: 4,
    layers: [
      { units: 3, activation: () => 'linear' },
      { units: 3, activation: () => 'sigmoid' },
      { units: 2, activation: tanh },
      { units: 3, activation: softmax },
    ],
    loss: () => new CategoricalCrossEntropy(),
    oneHot: true,
  },
  {
    name: '2-3-1 tanh/sigmoid, fused binary cross-entropy',
    inputs: 2,
    layers: [
      { units: 3, activation: tanh },
      { units: 1, activation: () => 'sigmoid' },
    ],
    loss: () => new BinaryCrossEntropy(),
  },
  {
    name: '3-4-3 sigmoid/softmax, mse (softmax not fused)',
    inputs: 3,
    layers: [
      { units: 4, activation: () => 'sigmoid' },
      { units: 3, activation: softmax },
    ],
    loss: () => new MeanSquaredError(),
  },
  {
    name: '3-4-3-2 tanh/softmax/sigmoid, mse (softmax in a hidden layer)',
    inputs: 3,
    layers: [
      { units: 4, activation: tanh },
      { units: 3, activation: softmax },
      { units: 2, activation: () => 'sigmoid' },
    ],
    loss: () => new MeanSquaredError(),
  },
  {
    name: '3-4-3-2 sigmoid/softmax/sigmoid, fused binary cross-entropy',
    inputs: 3,
    layers: [
      { units: 4, activation: () => 'sigmoid' },
      { units: 3, activation: softmax },
      { units: 2, activation: () => 'sigmoid' },
    ],
    loss: () => new BinaryCrossEntropy(),
  },
];

function build(c: Case, seed: number): { network: Network; input: number[]; target: number[] } {
  const network = Network.create({
    inputs: c.inputs,
    layers: c.layers.map((l) => ({ units: l.units, activation: l.activation() })),
    seed,
    dtype: 'float64',
    biasInitializer: 'normal',
  });
  const rng = new Rng(seed * 7 + 3);
  const input = Array.from({ length: c.inputs }, () => rng.normal(0, 1.5));
  const outputs = c.layers[c.layers.length - 1]!.units;
  const target = Array.from({ length: outputs }, () => (c.oneHot ? 0 : rng.uniform()));
  if (c.oneHot) target[rng.int(outputs)] = 1;
  return { network, input, target };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);

for (const c of cases) {
  test(`explain on a random ${c.name} network: JSON gradients are the library's backprop and agree with central differences`, () => {
    for (let seed = 1; seed <= 3; seed++) {
      const { network, input, target } = build(c, seed);
      const loss = c.loss();
      const traced = explain(network, input, target, { loss });
      const trace = JSON.parse(formatExplainJson(traced)) as ExplainTrace;
      // The text and markdown views write every parameter's chain (with all: true).
      const text = formatExplainText(traced, { all: true });
      const md = formatExplainMarkdown(traced, { all: true });
      for (const p of traced.layers.flatMap((l) => l.neurons.flatMap((n) => [...n.weights, n.bias]))) {
        assert.ok(text.includes(`∂L/∂${p.name} = `), `text shows ${p.name}`);
        assert.ok(md.includes(`\`∂L/∂${p.name} = `), `markdown shows ${p.name}`);
      }
      assert.deepEqual(trace.warnings, []);
      const last = c.layers[c.layers.length - 1]!.activation();
      const lastName = typeof last === 'string' ? last : (last as Activation).name;
      assert.equal(trace.loss.fusedWith, loss.fusedActivation === lastName ? lastName : null);
      assert.equal(trace.layers.at(-1)!.fused, loss.fusedActivation === lastName);

      // 1. Exactly the library's backpropagation, after a fresh computeGradients on the same sample.
      const x = Matrix.row(input, 'float64');
      const y = Matrix.row(target, 'float64');
      const value = network.computeGradients(x, y, loss);
      assert.equal(trace.loss.value, value);
      const params = network.parameters();
      assert.equal(trace.parameters.length, params.length);
      params.forEach((p, k) => {
        assert.equal(trace.parameters[k]!.name, p.name);
        assert.deepEqual(trace.parameters[k]!.gradients, Array.from(p.grad), p.name);
      });
      for (const layer of trace.layers) {
        for (const n of layer.neurons) {
          for (const w of n.weights) assert.equal(w.gradient, params[2 * layer.index]!.grad[w.row * layer.inputs + w.column]);
          assert.equal(n.bias.gradient, params[2 * layer.index + 1]!.grad[n.index]);
        }
      }

      // 2. The chain of factors multiplies out to each gradient, both ways of writing it.
      for (const layer of trace.layers) {
        for (const n of layer.neurons) {
          assert.ok(n.paths !== null, `${n.name} has paths`);
          const viaPaths = n.paths!.reduce((s, p) => s + p.product, 0);
          assert.ok(rel(viaPaths, n.dNode) < 1e-9, `${n.name}: Σ paths ${viaPaths} vs ∂L/∂node ${n.dNode}`);
          for (const p of [...n.weights, n.bias]) {
            const chain = p.chain.reduce((prod, f) => prod * f.value, 1);
            assert.ok(Math.abs(chain - p.gradient) <= 1e-9 * Math.max(Math.abs(p.gradient), 1e-6), `${p.name}: chain ${chain} vs ${p.gradient}`);
            assert.ok(Math.abs(viaPaths * p.partial.value - p.gradient) <= 1e-9 * Math.max(Math.abs(p.gradient), 1e-6), `${p.name}: paths · partial`);
          }
        }
      }

      // 3. Central differences of the loss agree with the JSON's gradients (not recomputed ones). Saturated
      // neurons give gradients near 1e-8, where the differences' own rounding (~1e-12) is a large relative
      // error: the floor makes those compare absolutely (to 1e-11).
      const check = gradientCheck(network, x, y, loss, {
        floor: 1e-5,
        analytic: () => params.forEach((p, k) => p.grad.set(trace.parameters[k]!.gradients)),
      });
      assert.ok(check.passed, `max relative error ${check.maxRelativeError}: ${JSON.stringify(check.parameters)}`);
    }
  });
}

test("float32 networks are traced in their own precision, and the gradients are still the library's", () => {
  const network = Network.create({
    inputs: 3,
    layers: [
      { units: 4, activation: new Tanh() },
      { units: 2, activation: 'sigmoid' },
    ],
    seed: 5,
  });
  const trace = explain(network, [0.5, -1, 2], [1, 0]);
  assert.equal(trace.dtype, 'float32');
  assert.deepEqual(trace.warnings, []);
  network.parameters().forEach((p, k) => assert.deepEqual(trace.parameters[k]!.gradients, Array.from(p.grad)));
});

test('a wide network has too many paths to spell out: ∂L/∂h is then given one layer at a time', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 3 }, { units: 9 }, { units: 9 }], dtype: 'float64', seed: 2 });
  const trace = explain(network, [1, -1], new Array(9).fill(0.5), { maxPaths: 64 });
  assert.equal(trace.layers[0]!.neurons[0]!.paths, null); // 9 · 9 = 81 paths > 64
  assert.equal(trace.layers[1]!.neurons[0]!.paths!.length, 9);
  const up = trace.layers[0]!.neurons[0]!.upstream;
  assert.equal(up.kind, 'next-layer');
  if (up.kind === 'next-layer') {
    const sum = up.terms.reduce((s, t) => s + t.product, 0);
    assert.ok(rel(sum, trace.layers[0]!.neurons[0]!.dValue!) < 1e-12);
  }
});

test("deep networks get the seed's names: h<layer>_<neuron>, o1..om, weights numbered through the network", () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 3 }, { units: 2 }], dtype: 'float64' });
  const trace = explain(network, [1, 2], [0, 1]);
  assert.deepEqual(
    trace.layers.map((l) => l.neurons.map((n) => n.name)),
    [
      ['h1_1', 'h1_2'],
      ['h2_1', 'h2_2', 'h2_3'],
      ['o1', 'o2'],
    ],
  );
  assert.deepEqual(
    trace.layers[1]!.neurons[0]!.weights.map((w) => `${w.name}:${w.from}`),
    ['w5:h1_1', 'w6:h1_2'],
  );
  assert.equal(trace.layers[2]!.neurons[1]!.bias.name, 'b7');
  assert.equal(trace.layers[0]!.neurons[0]!.paths!.length, 6);
  assert.deepEqual(
    trace.layers[0]!.neurons[0]!.paths![0]!.factors.map((f) => f.symbol),
    ['∂L/∂o1', '∂o1/∂h2_1', '∂h2_1/∂h1_1'],
  );
});

test('an activation whose df disagrees with its backward pass is flagged in the trace', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2, activation: new BrokenSigmoid() }, { units: 1 }], dtype: 'float64' });
  const trace = explain(network, [1, -1], [1]);
  assert.equal(trace.warnings.length, 2, trace.warnings.join('\n'));
  assert.match(trace.warnings[0]!, /broken-sigmoid.*df that disagrees with its backward/);
});

test('explain says what is wrong with a bad sample or option', () => {
  const { network } = seedWorkedExample();
  assert.throws(() => explain(network, [1, 2, 3], [1]), { code: 'SHAPE_MISMATCH', message: /input has 3 values; the network has 2 network inputs/ });
  assert.throws(() => explain(network, [1, 2], [1, 0]), { code: 'SHAPE_MISMATCH', message: /target has 2 values/ });
  assert.throws(() => explain(network, [1, NaN], [1]), { code: 'NON_FINITE' });
  assert.throws(() => explain(network, [1, 2], [1], { loss: 'nope' }), { code: 'INVALID_ARGUMENT', message: /Unknown loss "nope"/ });
  assert.throws(() => explain(network, [1, 2], [1], { step: { learningRate: -1 } }), { code: 'INVALID_ARGUMENT', message: /learning rate/ });
  assert.throws(() => explain(network, [1, 2], [1], { inputNames: ['a'] }), { code: 'INVALID_ARGUMENT', message: /inputNames must be 2 strings/ });
});

test('explain does not change the weights unless asked to step', () => {
  const { network, input, target } = seedWorkedExample();
  const before = network.parameters().map((p) => Array.from(p.value));
  explain(network, input, target, { loss: new MeanSquaredError() });
  assert.deepEqual(
    network.parameters().map((p) => Array.from(p.value)),
    before,
  );
});

test('explain traces dense layers only and says so for any other layer', () => {
  const dense = Network.create({ inputs: 2, layers: [{ units: 2 }], dtype: 'float64' }).layers[0]!;
  const identity: Layer = {
    type: 'identity',
    inputShape: [2],
    outputShape: [2],
    inputSize: 2,
    outputSize: 2,
    dtype: 'float64',
    forward: (x) => x,
    backward: (d) => d,
    parameters: () => [],
    toJSON: () => ({ type: 'identity' }),
  };
  assert.throws(() => explain(new Network([dense, identity]), [1, 2], [0, 1]), { code: 'UNSUPPORTED', message: /layer 1 is "identity"/ });
});

test('explain skips dropout layers: they are the identity at inference', async () => {
  const { Network: Net } = await import('../src/index.js');
  const { explain: ex } = await import('../src/explain/index.js');
  const withDropout = Net.create({ inputs: 2, layers: [{ units: 3 }, { type: 'dropout', rate: 0.5 }, { units: 1 }], seed: 2, dtype: 'float64' });
  const plain = new Net([withDropout.layers[0]!, withDropout.layers[2]!]);
  const a = ex(withDropout, [0.5, -1], [1]);
  const b = ex(plain, [0.5, -1], [1]);
  assert.deepEqual(a.loss, b.loss);
  assert.deepEqual(a.parameters, b.parameters);
});
