// explain on recurrent networks: one sample's state over time, and a weight's gradient written as backpropagation
// through time's sum over steps, each term ∂L/∂z_t · (x_t or h_{t−1}), which must add up to the layer's own
// gradient; ∂L/∂h_t shrinking (small recurrent weights) and growing (large ones) going back in time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Network, type LayerSpec } from '../src/index.js';
import { explainLayers, formatExplainJson, formatExplainMarkdown, formatExplainText, type LayerExplainTrace } from '../src/explain/index.js';
import { Recurrent } from '../src/nn/recurrent.js';
import { isNeuriteError } from '../src/errors.js';

const T = 9;
const F = 2;
const sequence = Array.from({ length: T * F }, (_, i) => Math.sin(i * 0.7) + 0.1 * (i % 3));

function network(layer: LayerSpec, more: LayerSpec[] = [{ units: 2, activation: 'tanh' }]): Network {
  return Network.create({ inputShape: [T, F], dtype: 'float64', seed: 5, layers: [layer, ...more] });
}

/** Σ_t of the terms, and the gradient the layer's backward pass left in the parameter record. */
function checkSum(trace: LayerExplainTrace, net: Network): void {
  const w = trace.weight!;
  assert.equal(w.terms, T, `${w.name}: one term per time step`);
  assert.equal(w.top.length + w.rest.count, T);
  const absSum = w.top.reduce((a, t) => a + Math.abs(t.value), 0) + Math.abs(w.rest.sum);
  assert.ok(Math.abs(w.total - w.library) <= 1e-12 * Math.max(absSum, 1e-300), `${w.name}: Σ ${w.total} vs the library's ${w.library}`);
  assert.ok(w.agrees, w.name);
  assert.notEqual(w.total, 0, `${w.name}: a sum that is not trivially 0`);
  // The library's number is the parameter record's gradient after the backward pass: the same record training reads.
  const record = net.layers[w.layer.index]!.parameters('p').find((p) => p.name.endsWith(`.${w.parameter.split('.').pop()}`))!;
  assert.equal(record.grad[w.offset], w.library);
  for (const term of w.top) assert.equal(term.value, term.gradient * term.input);
  assert.deepEqual(trace.warnings, []);
}

const cases: [string, LayerSpec, string[]][] = [
  ['simpleRnn', { type: 'simpleRnn', units: 3 }, ['simpleRnn1.input[unit=1,feature=1]', 'simpleRnn1.recurrent[unit=2,h=0]', 'simpleRnn1.bias[unit=0]']],
  [
    'lstm',
    { type: 'lstm', units: 3 },
    ['lstm1.input[gate=i,unit=0,feature=1]', 'lstm1.recurrent[gate=f,unit=1,h=2]', 'lstm1.recurrent[gate=g,unit=2,h=0]', 'lstm1.bias[gate=o,unit=1]'],
  ],
  [
    'gru',
    { type: 'gru', units: 3 },
    [
      'gru1[gate=z,unit=1,feature=0]',
      'gru1.recurrent[gate=r,unit=0,h=1]',
      'gru1.recurrent[gate=n,unit=2,h=2]',
      'gru1.bias[gate=n,unit=1]',
      'gru1.recurrentBias[unit=2]',
    ],
  ],
];

for (const [type, spec, weights] of cases) {
  test(`${type}: each weight's per-step terms add up to the backward pass's gradient (float64)`, () => {
    for (const weight of weights) {
      const net = network(spec);
      checkSum(explainLayers(net, sequence, [0.3, -0.2], { weight, maxTerms: 4 }), net);
    }
  });
}

test('returnSequences, masked trailing steps and a stacked layer: the sums still agree, masked steps add 0', () => {
  const padded = [...sequence.slice(0, 6 * F), ...new Array((T - 6) * F).fill(0)];
  const net = Network.create({
    inputShape: [T, F],
    dtype: 'float64',
    seed: 7,
    layers: [
      { type: 'lstm', units: 3, returnSequences: true, maskTrailingZeros: true },
      { type: 'gru', units: 2, returnSequences: true },
      { type: 'flatten' },
      { units: 1 },
    ],
  });
  for (const weight of ['lstm1.recurrent[gate=f,unit=0,h=1]', 'gru1.input[gate=n,unit=1,feature=2]']) {
    const trace = explainLayers(net, padded, [0.5], { weight, maxTerms: T });
    checkSum(trace, net);
    if (weight.startsWith('lstm')) {
      for (const term of trace.weight!.top) if (term.position[0]! >= 6) assert.equal(Math.abs(term.value), 0, `masked step ${term.position[0]}`);
    }
  }
  const trace = explainLayers(net, padded, [0.5]);
  assert.equal(trace.recurrent![0]!.length, 6);
  assert.equal(trace.recurrent![1]!.stateGradient.entry, 'every');
});

test('the trace of the state over time: h_t per step is the layer output, gates are means in range, the flag is off afterwards', () => {
  const net = network({ type: 'lstm', units: 3, returnSequences: true }, [{ type: 'flatten' }, { units: 2 }]);
  const trace = explainLayers(net, sequence, [0.1, 0.2]);
  const r = trace.recurrent![0]!;
  assert.equal(r.hidden.length, T);
  assert.deepEqual(r.hidden.flat(), trace.layers[0]!.output.values, 'h_t of every step is what the layer returned');
  assert.deepEqual(
    r.gates.map((g) => g.gate),
    ['i', 'f', 'g', 'o'],
  );
  for (const g of r.gates) for (const m of g.mean) assert.ok(g.activation === 'sigmoid' ? m > 0 && m < 1 : m > -1 && m < 1);
  assert.equal(r.cells!.length, T);
  assert.equal((net.layers[0] as Recurrent).keepStateGradients, false, 'kept only for the explained pass');
  const text = formatExplainText(trace);
  assert.match(text, /Through time/);
  assert.match(text, /h_t per unit/);
  assert.match(text, /c_t \(the cell state\)/);
  assert.match(formatExplainMarkdown(trace), /### lstm1 through time/);
  assert.ok(Array.isArray(JSON.parse(formatExplainJson(trace)).recurrent[0].stateGradient.norms));
});

/** A long simpleRnn with recurrent weights scale · I, input weights 1, returning its last state into one linear output. */
function longRnn(scale: number, activation: 'tanh' | 'relu'): { trace: LayerExplainTrace; norms: number[] } {
  const steps = 30;
  const units = 4;
  const net = Network.create({
    inputShape: [steps, 1],
    dtype: 'float64',
    seed: 1,
    layers: [
      { type: 'simpleRnn', units, activation },
      { units: 1, activation: 'linear' },
    ],
  });
  const rnn = net.layers[0] as Recurrent;
  rnn.recurrentWeights.fill(0);
  for (let k = 0; k < units; k++) rnn.recurrentWeights[k * units + k] = scale;
  rnn.inputWeights.fill(0.1);
  const input = Array.from({ length: steps }, (_, t) => 0.05 + 0.01 * (t % 5));
  const trace = explainLayers(net, input, [1], { weight: 'simpleRnn1.recurrent[unit=0,h=0]' });
  return { trace, norms: trace.recurrent![0]!.stateGradient.norms };
}

test('vanishing: small recurrent weights make ∂L/∂h_t shrink going back in time', () => {
  const { trace, norms } = longRnn(0.5, 'tanh');
  const s = trace.recurrent![0]!.stateGradient;
  for (let t = 0; t < norms.length - 1; t++) assert.ok(norms[t]! < norms[t + 1]!, `‖∂L/∂h_${t}‖ < ‖∂L/∂h_${t + 1}‖`);
  assert.equal(s.verdict, 'vanishing');
  assert.ok(s.overall! < 1e-6, `shrinks to ${s.overall}`);
  assert.ok(s.perStep! < 0.55 && s.perStep! > 0.4, `about ×0.5 per step: ${s.perStep}`);
  assert.match(s.text, /vanishing/);
  assert.ok(trace.weight!.agrees);
});

test('exploding: large recurrent weights make ∂L/∂h_t grow going back in time', () => {
  const { trace, norms } = longRnn(1.5, 'relu');
  const s = trace.recurrent![0]!.stateGradient;
  for (let t = 0; t < norms.length - 1; t++) assert.ok(norms[t]! > norms[t + 1]!, `‖∂L/∂h_${t}‖ > ‖∂L/∂h_${t + 1}‖`);
  assert.equal(s.verdict, 'exploding');
  assert.ok(Math.abs(s.perStep! - 1.5) < 1e-9, `×1.5 per step through a ReLU that is on: ${s.perStep}`);
  assert.match(formatExplainText(trace), /exploding: going back 29 steps it grows/);
});

test('a recurrent weight name that does not exist lists the valid ones', () => {
  const net = network({ type: 'lstm', units: 3 });
  for (const bad of [
    'lstm1.recurrent[gate=x,unit=0,h=0]',
    'lstm1.recurrent[unit=0,h=0]',
    'lstm1.recurrentBias[unit=0]',
    'lstm1.input[gate=i,unit=3,feature=0]',
  ]) {
    assert.throws(
      () => explainLayers(net, sequence, [0, 0], { weight: bad }),
      (e: unknown) => isNeuriteError(e) && e.code === 'INVALID_ARGUMENT' && e.message.includes('lstm1.recurrent[gate=i|f|g|o,unit=0..2,h=0..2]'),
      bad,
    );
  }
});
