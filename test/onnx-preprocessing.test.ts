import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Network } from '../src/index.js';
import { Preprocessor, parseTable, type InputJSON, type PreprocessorJSON, type TargetJSON } from '../src/data/index.js';
import { buildOnnxModel, exportOnnx, onnxPreprocessingOptions } from '../src/onnx/index.js';
import { runOnnx } from './helpers/onnx.js';

// A model's preprocessing as exportOnnx options, and the output denormalization that undoes a standardized target.

const CLASSES: TargetJSON = { name: 'y', task: 'classification', kind: 'categorical', classes: ['a', 'b', 'c'], encoding: 'one-hot' };

function preprocessor(inputs: InputJSON[], target: TargetJSON = CLASSES): Preprocessor {
  const json: PreprocessorJSON = { inputs, target, missing: 'error' };
  return Preprocessor.fromJSON(json);
}

test('standard scaling: one (mean, std) per network input, one-hot columns pass through as 0 and 1; names and labels', () => {
  const pre = preprocessor([
    { name: 'w', kind: 'numeric', scaling: 'standard', offset: 150, scale: 20, fill: 150 },
    { name: 'color', kind: 'categorical', categories: ['blue', 'red'], fill: 'red' },
    { name: 'h', kind: 'numeric', scaling: 'standard', offset: 66, scale: 1, fill: 66 },
  ]);
  assert.deepEqual(onnxPreprocessingOptions(pre), {
    featureNames: ['w', 'color=blue', 'color=red', 'h'],
    inputNormalization: { kind: 'standard', mean: [150, 0, 0, 66], std: [20, 1, 1, 1] },
    labels: ['a', 'b', 'c'],
  });
});

test('min-max scaling: min = offset, max = offset + scale, so that max − min is the stored scale (a constant column: 1)', () => {
  const table = parseTable('x,k,y\n-2,5,a\n6,5,b\n0.1,5,a\n', {});
  const pre = Preprocessor.fit(table, { target: 'y', scaling: 'minmax' });
  const options = onnxPreprocessingOptions(pre);
  assert.deepEqual(options.inputNormalization, { kind: 'minmax', min: [-2, 5], max: [6, 6] });
  assert.deepEqual(options.labels, ['a', 'b']);
  // Where offset + scale rounds (a minimum of 1e20 with the constant column's scale 1), the exact standard form is used.
  const rounded = preprocessor([{ name: 'big', kind: 'numeric', scaling: 'minmax', offset: 1e20, scale: 1, fill: 1e20 }]);
  assert.deepEqual(onnxPreprocessingOptions(rounded).inputNormalization, { kind: 'standard', mean: [1e20], std: [1] });
  // The graph computes exactly what the preprocessor does: (x − offset) / scale.
  const network = Network.create({ inputs: 2, layers: [{ units: 1, activation: 'linear' }], seed: 1, dtype: 'float64' });
  const model = buildOnnxModel(network, { ...options, dtype: 'float64' });
  const range = model.graph.initializers.find((t) => t.name === 'preprocess.range')!;
  assert.deepEqual(
    Array.from(range.values),
    pre.inputs.map((input) => (input.kind === 'numeric' ? input.scale : NaN)),
  );
});

test('no numeric scaling (one-hot only, or scaling none): no normalization in the graph', () => {
  const pre = preprocessor([
    { name: 'n', kind: 'numeric', scaling: 'none', offset: 0, scale: 1, fill: 3 },
    { name: 'c', kind: 'categorical', categories: ['x', 'y'], fill: 'x' },
  ]);
  assert.equal(onnxPreprocessingOptions(pre).inputNormalization, undefined);
});

test('a standardized regression target becomes outputDenormalization { mean: offset, std: scale }; raw targets none', () => {
  const inputs: InputJSON[] = [{ name: 'x', kind: 'numeric', scaling: 'none', offset: 0, scale: 1, fill: 0 }];
  const standardized = preprocessor(inputs, { name: 'price', task: 'regression', kind: 'numeric', standardized: true, offset: 300, scale: 140 });
  assert.deepEqual(onnxPreprocessingOptions(standardized), { featureNames: ['x'], outputDenormalization: { mean: [300], std: [140] } });
  const raw = preprocessor(inputs, { name: 'price', task: 'regression', kind: 'numeric', standardized: false, offset: 0, scale: 1 });
  assert.deepEqual(onnxPreprocessingOptions(raw), { featureNames: ['x'] });
});

test('outputDenormalization: Mul and Add after the last layer; ONNX Runtime gives output · std + mean', async () => {
  const network = Network.create({
    inputs: 2,
    layers: [
      { units: 3, activation: 'tanh' },
      { units: 2, activation: 'sigmoid' },
    ],
    seed: 5,
    dtype: 'float64',
  });
  const denorm = { mean: [300, -2], std: [140, 0.5] };
  const model = buildOnnxModel(network, { outputDenormalization: denorm, dtype: 'float64' });
  assert.deepEqual(
    model.graph.nodes.slice(-2).map((n) => [n.opType, n.inputs[1]]),
    [
      ['Mul', 'postprocess.std'],
      ['Add', 'postprocess.mean'],
    ],
  );
  assert.equal(model.graph.nodes.at(-1)!.outputs[0], 'output');
  const props = new Map(model.metadataProps!.map((p) => [p.key, p.value]));
  assert.equal(props.get('neurite.denormalization'), 'standard');
  assert.equal(props.get('neurite.output'), 'values', 'a sigmoid output scaled to other units is no longer a probability');
  assert.equal(new Map(buildOnnxModel(network).metadataProps!.map((p) => [p.key, p.value])).get('neurite.denormalization'), 'none');

  const rows = [
    [0.5, -1],
    [2, 3],
    [-4, 0],
  ];
  const got = await runOnnx(exportOnnx(network, { outputDenormalization: denorm, dtype: 'float64' }), rows, { dtype: 'float64' });
  const expected = network.predict(rows).map((row) => row.map((v, k) => v * denorm.std[k]! + denorm.mean[k]!));
  got.forEach((row, r) => row.forEach((v, k) => assert.ok(Math.abs(v - expected[r]![k]!) <= 1e-12 * Math.abs(expected[r]![k]!), `${v} vs ${expected[r]![k]}`)));
});

test('outputDenormalization is checked: one finite value per output, std > 0', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 1 }], seed: 1 });
  const cases: [unknown, string, RegExp][] = [
    [{ mean: [1, 2], std: [1] }, 'SHAPE_MISMATCH', /outputDenormalization\.mean must have 1 values \(one per network output\)/],
    [{ mean: [1], std: [0] }, 'INVALID_ARGUMENT', /outputDenormalization: std\[0\] is 0; expected a standard deviation > 0/],
    [{ mean: [NaN], std: [1] }, 'NON_FINITE', /outputDenormalization\.mean\[0\] is NaN/],
    [null, 'INVALID_ARGUMENT', /outputDenormalization must be \{ mean, std \}/],
  ];
  for (const [value, code, message] of cases) {
    assert.throws(() => exportOnnx(network, { outputDenormalization: value as never }), { code, message });
  }
});
