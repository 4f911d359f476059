import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CategoricalCrossEntropy, Network, Softmax } from '../src/index.js';
import { explain, formatExplainJson, formatExplainMarkdown, formatExplainText, type ExplainTrace } from '../src/explain/index.js';
import { seedWorkedExample } from '../src/seed/index.js';

// The seed's worked example, as docs/seed-walkthrough.md §5 prints it.
const SEED_FACTORS = ['0.523695', '-0.952610', '0.249439', '-0.090353', '0.021470'];
const SEED_CHAIN = '∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1';
const SEED_PRODUCT = '(-0.952610) · (0.249439) · (-0.090353)';

function workedTrace(): ExplainTrace {
  const { network, input, target, raw } = seedWorkedExample();
  return explain(network, input, target, { raw, step: { learningRate: 0.1 } });
}

test("text: the worked example's chain for w1 with the seed's numbers, and the SGD step on w1", () => {
  const text = formatExplainText(workedTrace());
  for (const n of SEED_FACTORS) assert.ok(text.includes(n), `missing ${n}`);
  assert.match(text, /y_pred = 0\.523695/);
  assert.match(text, /∂L\/∂y_pred = -0\.952610/);
  // ∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1 = (−0.952610) · (0.249439) · (−0.090353) = 0.021470, aligned.
  const line = text.split('\n').find((l) => l.includes('∂L/∂w1 ') && l.includes('∂y_pred/∂h1'))!;
  assert.ok(line, text);
  assert.match(line, /∂L\/∂w1 = ∂L\/∂y_pred · ∂y_pred\/∂h1 · ∂h1\/∂w1 += \(-0\.952610\) · \(0\.249439\) · \(-0\.090353\) += 0\.021470$/);
  assert.match(text, /where ∂h1\/∂w1 = x1 · f'\(sum_h1\) = \(-2\) · \(0\.045177\) = -0\.090353/);
  assert.match(text, /One SGD step, η = 0\.1/);
  assert.match(text, /^ {2}w1 +1 +→ 0\.997853 += 1 − 0\.1 · 0\.021470$/m);
  assert.match(text, /raw +weight_lb=133, height_in=65/);
});

test("markdown: the worked example's chain written as one formula with the seed's numbers", () => {
  const md = formatExplainMarkdown(workedTrace());
  for (const n of SEED_FACTORS) assert.ok(md.includes(n), `missing ${n}`);
  assert.ok(md.includes(`\`${SEED_CHAIN} = ${SEED_PRODUCT} = 0.021470\``), md);
  assert.match(md, /^# neurite explain$/m);
  assert.match(md, /^\| o1 \| `sum_o1 = 0\.094852` \| `y_pred = 0\.523695` \|$/m);
  assert.match(md, /^\| w1 \| 1 \| `1 − 0\.1 · 0\.021470 = 0\.997853` \|$/m);
});

test("json: the worked example's numbers at full precision, every gradient, parseable", () => {
  const json = JSON.parse(formatExplainJson(workedTrace())) as ExplainTrace;
  assert.equal(json.format, 'neurite-explain');
  assert.equal(json.version, 1);
  const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
  close(json.output[0]!, 0.5236951740839997, 1e-12);
  const h1 = json.layers[0]!.neurons[0]!;
  const [dL, dY] = h1.paths![0]!.factors;
  assert.equal(dL!.value.toFixed(6), '-0.952610');
  assert.equal(dY!.value.toFixed(6), '0.249439');
  assert.equal(h1.weights[0]!.partial.value.toFixed(6), '-0.090353');
  close(h1.weights[0]!.gradient, 0.02146953526581111, 1e-12);
  assert.equal(json.loss.gradient![0], dL!.value);
  // Every weight and bias of every layer, with the forward values.
  assert.deepEqual(
    json.parameters.map((p) => p.name),
    ['layers.0.weights', 'layers.0.bias', 'layers.1.weights', 'layers.1.bias'],
  );
  assert.deepEqual(
    json.parameters.map((p) => p.gradients.length),
    [4, 2, 2, 1],
  );
  assert.equal(json.parameters[0]!.gradients[0], h1.weights[0]!.gradient);
  assert.deepEqual(
    json.layers.map((l) => l.neurons.map((n) => n.sum)),
    [[-3, -3], [json.layers[1]!.neurons[0]!.sum]],
  );
  assert.equal(json.step!.parameters[0]!.after[0], 1 - 0.1 * h1.weights[0]!.gradient);
});

test('wide layers are summarized: the top k parameters by |gradient| per layer, all of them on request', () => {
  const network = Network.create({ inputs: 4, layers: [{ units: 30 }, { units: 1 }], dtype: 'float64', seed: 9, biasInitializer: 'normal' });
  const trace = explain(network, [0.3, -0.2, 1, 0.5], [1]);
  const text = formatExplainText(trace, { top: 5 });
  assert.match(text, /the 5 largest \|∂L\/∂param\| of 150 \(--all for every one\)/);
  assert.match(text, /the 5 largest \|∂L\/∂param\| of 31/);
  assert.match(text, /… 25 more neurons/);
  // The ones shown are the largest: the first shown gradient of layer 0 is the largest in magnitude.
  const all = trace.layers[0]!.neurons.flatMap((n) => [...n.weights, n.bias]);
  const largest = all.reduce((a, b) => (Math.abs(b.gradient) > Math.abs(a.gradient) ? b : a));
  const firstShown = /^ {4}(w\d+|b\d+) +\(/m.exec(text.slice(text.indexOf('Gradients')))![1];
  assert.equal(firstShown, largest.name);
  const shownCount = (s: string) => (s.slice(s.indexOf('Gradients')).match(/^ {4}[wb]\d+ +\(/gm) ?? []).length;
  assert.equal(shownCount(text), 10);
  const everything = formatExplainText(trace, { all: true });
  assert.equal(shownCount(everything), 181);
  assert.doesNotMatch(everything, /largest/);
  const md = formatExplainMarkdown(trace, { top: 3 });
  assert.match(md, /The 3 largest \\\|∂L\/∂param\\\| of 150 parameters/);
});

test('json keeps every gradient; only the per-weight chain records of wide layers are limited', () => {
  const network = Network.create({ inputs: 4, layers: [{ units: 30 }, { units: 1 }], dtype: 'float64', seed: 9 });
  const trace = explain(network, [0.3, -0.2, 1, 0.5], [1]);
  const full = JSON.parse(formatExplainJson(trace)) as ExplainTrace;
  assert.equal(full.layers[0]!.neurons.flatMap((n) => n.weights).length, 120);
  const limited = JSON.parse(formatExplainJson(trace, { maxWeightsPerLayer: 30 })) as ExplainTrace & { layers: { weightRecords?: unknown }[] };
  assert.deepEqual(limited.layers[0]!.weightRecords, { shown: 30, total: 120 });
  assert.equal(limited.layers[1]!.weightRecords, undefined);
  const kept = limited.layers[0]!.neurons.flatMap((n) => n.weights);
  assert.equal(kept.length, 30);
  assert.equal(limited.layers[1]!.neurons[0]!.weights.length, 30);
  const smallestKept = Math.min(...kept.map((w) => Math.abs(w.gradient)));
  const dropped = trace.layers[0]!.neurons.flatMap((n) => n.weights).filter((w) => !kept.some((k) => k.name === w.name));
  assert.ok(dropped.every((w) => Math.abs(w.gradient) <= smallestKept));
  assert.equal(limited.layers[0]!.neurons.length, 30);
  assert.deepEqual(limited.parameters, full.parameters);
  assert.equal(full.parameters[0]!.gradients.length, 120);
});

test('text and markdown show fused losses and softmax Jacobians in their own terms', () => {
  const network = Network.create({
    inputs: 2,
    layers: [
      { units: 3, activation: new Softmax() },
      { units: 2, activation: new Softmax() },
    ],
    dtype: 'float64',
    seed: 4,
  });
  const trace = explain(network, [1, -1], [0, 1], { loss: new CategoricalCrossEntropy() });
  assert.equal(trace.loss.fusedWith, 'softmax');
  assert.equal(trace.loss.gradient, null);
  const text = formatExplainText(trace);
  assert.match(text, /∂L\/∂sum_o1 = -?\d\.\d{6} +\(from the loss, fused with the activation/);
  assert.match(text, /∂L\/∂sum_h1 = ∂L\/∂h1 · ∂h1\/∂sum_h1 \+ ∂L\/∂h2 · ∂h2\/∂sum_h1 \+ ∂L\/∂h3 · ∂h3\/∂sum_h1 = /);
  // 3 · 2 = 6 paths from the loss to sum_h1: more than the 4 written out by default, so one layer at a time.
  assert.match(text, /∂L\/∂w1 = ∂L\/∂sum_h1 · ∂sum_h1\/∂w1 = \(-?\d\.\d{6}\) · \(1\) = /);
  const paths = formatExplainText(trace, { maxPathsShown: 6 });
  assert.match(paths, /∂L\/∂w1 = \(∂L\/∂sum_o1 · ∂sum_o1\/∂h1 · ∂h1\/∂sum_h1 \+ ∂L\/∂sum_o2 · ∂sum_o2\/∂h1 · ∂h1\/∂sum_h1 \+ .*\) · ∂sum_h1\/∂w1 = \(/);
  const md = formatExplainMarkdown(trace);
  assert.match(md, /fused with softmax/);
});

test('the formatters reject bad options', () => {
  assert.throws(() => formatExplainText(workedTrace(), { top: 0 }), { code: 'INVALID_ARGUMENT', message: /top must be an integer ≥ 1/ });
});
