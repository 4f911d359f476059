// explainLayers: a CNN's trace layer by layer, and one parameter's gradient as the chain rule's sum, held to
// the library's own gradient (Network.computeGradients) and to central differences of the loss, in float64.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, Network, resolveLoss, type NetworkSpec } from '../src/index.js';
import { explainLayers, formatExplainJson, formatExplainMarkdown, formatExplainText, layerNames, type LayerExplainTrace } from '../src/explain/index.js';
import { summarizeValues } from '../src/explain/feature-maps.js';
import { weightNameRanges } from '../src/explain/layer-names.js';

const LOSS = 'categorical_cross_entropy';

/** A float64 network with weights drawn from `seed` and a sample in [-1, 1]. */
function setup(spec: Omit<NetworkSpec, 'dtype' | 'seed'>, seed = 5): { network: Network; input: number[]; target: number[] } {
  const network = Network.create({ ...spec, dtype: 'float64', seed } as NetworkSpec);
  const input = Array.from({ length: network.inputSize }, (_, i) => Math.sin(i * 1.37 + seed));
  const target = Array.from({ length: network.outputSize }, (_, k) => (k === 1 ? 1 : 0));
  return { network, input, target };
}

/** Every `--weight` name of the layer at `l`, from the ranges the network lists (all of its weights and biases). */
function namesOf(network: Network, l: number): string[] {
  const name = layerNames(network.layers)[l]!;
  return weightNameRanges(network.layers)
    .filter((r) => r.startsWith(`${name}[`) || r.startsWith(`${name}.`))
    .flatMap((range) => {
      const [base, inner] = [range.slice(0, range.indexOf('[')), range.slice(range.indexOf('[') + 1, -1)];
      let combos: string[][] = [[]];
      for (const part of inner.split(',')) {
        const [key, bounds] = part.split('=') as [string, string];
        const top = Number(bounds.split('..')[1]);
        combos = combos.flatMap((c) => Array.from({ length: top + 1 }, (_, v) => [...c, `${key}=${v}`]));
      }
      return combos.map((c) => `${base}[${c.join(',')}]`);
    });
}

/** ∂L/∂θ by central differences of the inference-mode loss, θ the value at `offset` of parameter record `name`. */
function centralDifference(network: Network, input: number[], target: number[], name: string, offset: number): number {
  const param = network.parameters().find((p) => p.name === name)!;
  const x = Matrix.row(input, 'float64');
  const y = Matrix.row(target, 'float64');
  const loss = resolveLoss(LOSS);
  const h = 1e-6;
  const keep = param.value[offset]!;
  param.value[offset] = keep + h;
  const up = network.loss(x, y, loss);
  param.value[offset] = keep - h;
  const down = network.loss(x, y, loss);
  param.value[offset] = keep;
  return (up - down) / (2 * h);
}

/** For every parameter of layer `l`: the sum agrees with `reference` (and with itself: no warnings). */
function checkLayer(network: Network, input: number[], target: number[], l: number, reference: 'library' | 'differences'): number {
  const x = Matrix.row(input, 'float64');
  const y = Matrix.row(target, 'float64');
  let checked = 0;
  for (const name of namesOf(network, l)) {
    const trace = explainLayers(network, input, target, { loss: LOSS, weight: name, maxTerms: 3 });
    const w = trace.weight!;
    assert.deepEqual(trace.warnings, [], name);
    assert.ok(w.agrees, `${name}: ${w.total} vs ${w.library}`);
    let expected: number;
    if (reference === 'library') {
      network.computeGradients(x, y, resolveLoss(LOSS));
      expected = network.parameters().find((p) => p.name === w.parameter)!.grad[w.offset]!;
    } else expected = centralDifference(network, input, target, w.parameter, w.offset);
    const tolerance = reference === 'library' ? 1e-10 : 1e-6;
    assert.ok(Math.abs(w.total - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${name}: sum ${w.total}, ${reference} ${expected}`);
    const terms = w.top.reduce((s, t) => s + t.value, 0) + w.rest.sum;
    assert.ok(Math.abs(terms - w.total) <= 1e-12, `${name}: the shown terms and the rest add up to the total`);
    checked++;
  }
  return checked;
}

test('conv weights with stride 2 and same padding, through max pooling: the chain-rule sum is computeGradients’ gradient', () => {
  const { network, input, target } = setup({
    inputShape: [7, 7, 2],
    layers: [
      { type: 'conv2d', filters: 3, kernelSize: 3, strides: 2, padding: 'same' },
      { type: 'maxPool2d', poolSize: 2, padding: 'same' },
      { type: 'flatten' },
      { units: 3, activation: 'softmax' },
    ],
  });
  assert.equal(checkLayer(network, input, target, 0, 'library'), 3 * 3 * 3 * 2 + 3);
  assert.ok(checkLayer(network, input, target, 3, 'library') > 0);
  const w = explainLayers(network, input, target, { loss: LOSS, weight: 'conv1[f=0,ky=0,kx=0,c=1]' }).weight!;
  assert.equal(w.terms, 16); // 4 × 4 output positions
  assert.equal(w.paddingTerms, 7); // row 0 and column 0 of the windows read the top and left padding
  assert.match(w.formula, /x\[2·oy − 1, 2·ox − 1, 1\]/);
});

test('dilated convolutions feeding a convolution, and average pooling with same padding: sums agree with the library', () => {
  const { network, input, target } = setup(
    {
      inputShape: [8, 8, 1],
      layers: [
        { type: 'conv2d', filters: 2, kernelSize: 3, dilation: 2, padding: 'same' },
        { type: 'conv2d', filters: 3, kernelSize: 2, dilation: [1, 2], strides: [1, 2] },
        { type: 'avgPool2d', poolSize: 3, strides: 2, padding: 'same' },
        { type: 'flatten' },
        { units: 3, activation: 'softmax' },
      ],
    },
    7,
  );
  assert.ok(checkLayer(network, input, target, 0, 'library') === 2 * 9 + 2);
  assert.ok(checkLayer(network, input, target, 1, 'library') === 3 * 2 * 2 * 2 + 3);
  const trace = explainLayers(network, input, target, { loss: LOSS, weight: 'conv1[f=1,ky=2,kx=0,c=0]', maxTerms: 2 });
  assert.ok(trace.weight!.top.every((t) => t.upstream.via === 'conv2'));
});

test('batch norm in inference mode: γ, β and the conv before it agree with central differences of the inference loss', () => {
  const { network, input, target } = setup({
    inputShape: [6, 6, 2],
    layers: [
      { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' },
      { type: 'batchNorm' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'globalAvgPool2d' },
      { units: 3, activation: 'softmax' },
    ],
  });
  const bn = network.layers[1] as unknown as { gamma: Float64Array; beta: Float64Array; runningMean: Float64Array; runningVar: Float64Array };
  bn.gamma.set([1.5, -0.7]);
  bn.beta.set([0.2, -0.1]);
  bn.runningMean.set([0.3, -0.2]);
  bn.runningVar.set([0.5, 2]);
  assert.equal(checkLayer(network, input, target, 1, 'differences'), 4);
  assert.equal(checkLayer(network, input, target, 0, 'differences'), 2 * 9 * 2 + 2);
  const trace = explainLayers(network, input, target, { loss: LOSS, weight: 'batchNorm1.gamma[c=1]' });
  assert.equal(trace.mode, 'inference');
  assert.equal(trace.weight!.terms, 36);
  assert.match(trace.weight!.formula, /running statistics/);
  // The running statistics are constants of the trace: explaining leaves them as they were.
  assert.deepEqual(Array.from(bn.runningMean), [0.3, -0.2]);
});

test('the trace: every layer with its shapes and maps, the outputs, the loss; where ∂L/∂z came from through max pooling', () => {
  const { network, input, target } = setup({
    inputShape: [6, 6, 1],
    layers: [
      { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { units: 3, activation: 'softmax' },
    ],
  });
  const trace = explainLayers(network, input, target, { loss: LOSS, weight: 'conv1.bias[f=0]', outputNames: ['a', 'b', 'c'], maxTerms: 36 });
  assert.deepEqual(
    trace.layers.map((l) => [l.name, l.type, l.outputShape]),
    [
      ['conv1', 'conv2d', [6, 6, 2]],
      ['maxPool1', 'maxPool2d', [3, 3, 2]],
      ['flatten1', 'flatten', [18]],
      ['dense1', 'dense', [3]],
    ],
  );
  const conv = trace.layers[0]!.output;
  assert.equal(conv.channels!.length, 2);
  assert.equal(conv.channels![0]!.shade.length, 6);
  assert.ok(conv.channels!.every((c) => c.min >= 0 && c.zeros >= 0 && c.zeros <= 1)); // after ReLU
  assert.deepEqual(trace.output, network.predict(input));
  assert.ok(Math.abs(trace.output.reduce((a, b) => a + b) - 1) < 1e-12);
  assert.equal(trace.loss.fusedWith, 'softmax');
  assert.ok(Math.abs(trace.loss.value + Math.log(trace.output[1]!)) < 1e-12);
  assert.equal(trace.predicted.name, ['a', 'b', 'c'][trace.predicted.index]);
  // Max pooling passes ∂L/∂a to one cell per window: a term with a non-zero ∂L/∂z is its window's maximum.
  const w = trace.weight!;
  assert.equal(w.terms, 36);
  const routed = w.top.filter((t) => t.gradient !== 0);
  assert.ok(routed.length > 0 && routed.length <= 9);
  for (const t of routed) assert.match(t.upstream.text, /is the maximum of its window/);
  const conv1 = trace.layers[0]!;
  assert.ok(w.top.filter((t) => t.gradient === 0).some((t) => /not the maximum|· 0|f'\(z\)/.test(t.upstream.text) || t.upstream.derivative === 0));
  assert.ok(conv1.gradient.norm > 0);
});

test('text, markdown and JSON views hold the promised parts', () => {
  const { network, input, target } = setup({
    inputShape: [5, 5, 1],
    layers: [
      { type: 'conv2d', filters: 2, kernelSize: 3 },
      { type: 'avgPool2d', poolSize: 2, padding: 'same' },
      { type: 'flatten' },
      { units: 2, activation: 'softmax' },
    ],
  });
  const trace = explainLayers(network, input, target, { loss: LOSS, weight: 'conv1[f=1,ky=1,kx=2,c=0]', maxTerms: 2 });
  const text = formatExplainText(trace);
  for (const part of [
    'Input [5, 5, 1]',
    'conv1 (conv2d)  [5, 5, 1] → [3, 3, 2]',
    'avgPool1',
    'dense1',
    'zeros',
    'c0',
    'c1',
    'Prediction',
    'loss',
    'Parameter conv1[f=1,ky=1,kx=2,c=0]',
    '9 terms',
    'the 2 largest',
    'the other 7 terms',
    'total Σ',
    'they agree',
    'Gradients of every parameter record',
  ]) {
    assert.ok(text.includes(part), `text has ${part}`);
  }
  const shadeRows = text.split('\n').filter((line) => /^\s+\|[ .:\-=+*#%@]{3}\|/.test(line));
  assert.ok(shadeRows.length >= 3, 'the maps are drawn');
  const markdown = formatExplainMarkdown(trace, { title: 'A CNN' });
  for (const part of [
    '# A CNN',
    '## Layers',
    '| layer | type |',
    '### conv1 (conv2d)',
    '```text',
    '## Prediction',
    '## Parameter `conv1[f=1,ky=1,kx=2,c=0]`',
    'how ∂L/∂z arose',
    'they agree',
  ]) {
    assert.ok(markdown.includes(part), `markdown has ${part}`);
  }
  const json = JSON.parse(formatExplainJson(trace)) as LayerExplainTrace;
  assert.equal(json.format, 'neurite-explain-layers');
  assert.deepEqual(json.layers[0]!.output.channels![1]!.shade, trace.layers[0]!.output.channels![1]!.shade);
  assert.equal(json.weight!.total, trace.weight!.total);
  assert.equal(json.weight!.top.length, 2);
  assert.equal(typeof json.weight!.top[0]!.upstream.text, 'string');
  assert.deepEqual(
    json.parameters.map((p) => p.layer),
    ['conv1.weights', 'conv1.bias', 'dense1.weights', 'dense1.bias'],
  );
});

test('feature maps: shades from min to max, block means beyond 28 cells a side', () => {
  const small = summarizeValues([0, 1, 2, 3], [2, 2, 1]);
  assert.deepEqual(small.channels![0]!.shade, [' -', '*@']);
  assert.equal(small.zeros, 0.25);
  const big = summarizeValues(
    new Float64Array(56 * 56).map((_, i) => i % 56),
    [56, 56, 1],
  );
  assert.equal(big.channels![0]!.downsample, 2);
  assert.equal(big.channels![0]!.shade.length, 28);
  assert.equal(big.channels![0]!.shade[0]!.length, 28);
  assert.deepEqual(summarizeValues([0.5, 0], [2]).values, [0.5, 0]);
});

test('parameter names: conv, dense (also the seed’s w/b numbering), batch norm, layers[i]; a wrong one lists the valid ranges', () => {
  const { network, input, target } = setup({
    inputShape: [4, 4, 1],
    layers: [{ type: 'conv2d', filters: 2, kernelSize: 2 }, { type: 'batchNorm' }, { type: 'flatten' }, { units: 3 }, { units: 2, activation: 'softmax' }],
  });
  const name = (weight: string) => explainLayers(network, input, target, { loss: LOSS, weight }).weight!;
  assert.equal(name('layers[0][c=0,kx=1,ky=0,f=1]').name, 'conv1[f=1,ky=0,kx=1,c=0]');
  assert.equal(name('conv1[f=1,ky=0,kx=1,c=0]').offset, ((1 * 2 + 0) * 2 + 1) * 1 + 0);
  const w5 = name('w5');
  assert.deepEqual([w5.name, w5.seedName], ['dense1[j=0,i=4]', 'w5']);
  assert.equal(name('dense2[j=1,i=2]').seedName, `w${18 * 3 + 3 + 2 + 1}`);
  assert.equal(name('b4').name, 'dense2.bias[j=0]');
  assert.equal(name('batchNorm1.beta[c=1]').parameter, 'layers.1.beta');
  const bad = (weight: string, why: RegExp) =>
    assert.throws(
      () => explainLayers(network, input, target, { loss: LOSS, weight }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'INVALID_ARGUMENT');
        assert.match(e.message, why);
        assert.match(e.message, /conv1\[f=0\.\.1,ky=0\.\.1,kx=0\.\.1,c=0\.\.0\], conv1\.bias\[f=0\.\.1\], batchNorm1\.gamma\[c=0\.\.1\]/);
        return true;
      },
    );
  bad('conv3[f=0,ky=0,kx=0,c=0]', /there is no layer conv3/);
  bad('conv1[f=2,ky=0,kx=0,c=0]', /f=2 is out of range 0\.\.1/);
  bad('conv1[f=0,ky=0,kx=0]', /needs c=0\.\.0/);
  bad('conv1[f=0,ky=0,kx=0,c=0,z=1]', /z is not an index/);
  bad('conv1(f=0)', /written layer\[index=value/);
  bad('flatten1[i=0]', /has no parameters/);
  bad('batchNorm1[c=0]', /batchNorm1\.gamma and batchNorm1\.beta/);
  bad('w999', /w1\.\.w60/);
  assert.throws(() => explainLayers(network, input.slice(1), target), { code: 'SHAPE_MISMATCH' });
});

test('an output layer not fused with its loss: ∂L/∂z = ∂L/∂y_pred · f′(z), from the loss', () => {
  const { network, input, target } = setup({
    inputShape: [3, 3, 1],
    layers: [{ type: 'conv2d', filters: 1, kernelSize: 2 }, { type: 'flatten' }, { units: 2, activation: 'sigmoid' }],
  });
  const trace = explainLayers(network, input, target, { loss: 'mse', weight: 'dense1[j=1,i=2]' });
  const term = trace.weight!.top[0]!;
  assert.equal(trace.loss.fusedWith, null);
  assert.equal(term.upstream.via, 'loss');
  assert.equal(term.upstream.dOutput, trace.loss.gradient[1]);
  assert.ok(Math.abs(term.gradient - term.upstream.dOutput! * term.upstream.derivative!) < 1e-15);
  assert.match(formatExplainText(trace), /∂L\/∂z = ∂L\/∂a · f'\(z\) = \S+ · \S+; the loss: ∂L\/∂y_pred\[1\] = /);
  assert.ok(trace.weight!.agrees);
});
