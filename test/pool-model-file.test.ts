import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, Network, parseModel, Rng, serializeModel, type DType, type ModelParts } from '../src/index.js';
import { parseTable, Preprocessor } from '../src/data/index.js';
import type { BatchNorm } from '../src/nn/batch-norm.js';
import { throwsNeurite } from './helpers/numeric.js';

/**
 * A 12-feature table's model: dense → reshape [2, 3, 2] → batchNorm → max pool → avg pool → global average →
 * batchNorm → dense, after one training pass (which moves the running statistics away from 0 and 1).
 */
function imageModel(dtype: DType): ModelParts {
  const rng = new Rng(3);
  const header = [...Array.from({ length: 12 }, (_, i) => `p${i}`), 'y'].join(',');
  const rows = Array.from({ length: 8 }, (_, r) => [...Array.from({ length: 12 }, () => rng.normal().toFixed(3)), r % 2].join(','));
  const preprocessing = Preprocessor.fit(parseTable([header, ...rows].join('\n'), { file: 'pixels.csv' }), { target: 'y', task: 'regression' });
  const network = Network.create({
    inputs: 12,
    layers: [
      { units: 12, activation: 'relu' },
      { type: 'reshape', shape: [2, 3, 2] },
      { type: 'batchNorm', momentum: 0.25 },
      { type: 'maxPool2d', poolSize: [2, 2], strides: [1, 2], padding: 'same' },
      { type: 'avgPool2d', poolSize: 2, padding: 'same' },
      { type: 'globalAvgPool2d' },
      { type: 'batchNorm' },
      { units: 1, activation: 'linear' },
    ],
    dtype,
  });
  const x = Matrix.zeros(6, 12, dtype);
  for (let i = 0; i < x.data.length; i++) x.data[i] = rng.normal();
  network.forward(x, { training: true });
  return { network, preprocessing, training: { epochs: 1 } };
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`a network of pooling and batch-norm layers goes through the model file (${dtype}): same predictions, running statistics kept`, () => {
    const model = imageModel(dtype);
    const text = serializeModel(model);
    const loaded = parseModel(text);
    assert.equal(serializeModel(loaded), text, 'the text is stable');
    assert.deepEqual(
      loaded.network.layers.map((l) => [l.type, l.outputShape]),
      model.network.layers.map((l) => [l.type, l.outputShape]),
    );
    const [a, b] = [model.network.layers[2] as BatchNorm, loaded.network.layers[2] as BatchNorm];
    assert.ok(a.runningMean.some((v) => v !== 0));
    assert.deepEqual(Array.from(b.runningMean), Array.from(a.runningMean));
    assert.deepEqual(Array.from(b.runningVar), Array.from(a.runningVar));
    const sample = Array.from({ length: 12 }, (_, i) => Math.sin(i));
    assert.deepEqual(loaded.network.predict(sample), model.network.predict(sample));
  });
}

/** The model file of `imageModel`, parsed, changed by `edit` (given network.layers), and written back. */
function edited(edit: (layers: Record<string, unknown>[]) => void): string {
  const json = JSON.parse(serializeModel(imageModel('float64')));
  edit(json.network.layers);
  return JSON.stringify(json);
}

test('a model file with a bad pooling or batch-norm layer is refused with its JSON path', () => {
  const cases: [(layers: Record<string, unknown>[]) => void, RegExp][] = [
    [(l) => (l[2]!['gamma'] = [1, 2, 3]), /network\.layers\[2\]\.gamma: expected 2 numbers \(one per feature of the last axis of \[2, 3, 2\]\), got 3/],
    [(l) => (l[2]!['beta'] = [1]), /network\.layers\[2\]\.beta: expected 2 numbers/],
    [(l) => (l[6]!['runningMean'] = [0, 0, 0]), /network\.layers\[6\]\.runningMean: expected 2 numbers/],
    [(l) => (l[6]!['runningVar'] = [1, -0.5]), /network\.layers\[6\]\.runningVar\[1\]: expected a variance ≥ 0, got -0\.5/],
    [(l) => (l[2]!['epsilon'] = 0), /network\.layers\[2\]\.epsilon: expected a number > 0, got 0/],
    [(l) => (l[2]!['epsilon'] = -1e-5), /network\.layers\[2\]\.epsilon: expected a number > 0/],
    [(l) => (l[2]!['momentum'] = 1.5), /network\.layers\[2\]\.momentum: expected a number in \[0, 1\], got 1\.5/],
    [(l) => delete l[2]!['runningVar'], /network\.layers\[2\]\.runningVar: is missing/],
    [(l) => (l[2]!['extra'] = 1), /network\.layers\[2\]\.extra: unknown key/],
    [(l) => (l[2]!['inputShape'] = [3, 2, 2]), /network\.layers\[2\]\.inputShape: layer 2 records \[3, 2, 2\] as its input but layer 1 gives \[2, 3, 2\]/],
    [(l) => (l[3]!['poolSize'] = [2, 0]), /network\.layers\[3\]\.poolSize\[1\]: expected an integer ≥ 1, got 0/],
    [(l) => (l[3]!['poolSize'] = 2), /network\.layers\[3\]\.poolSize: expected \[height, width\]/],
    [(l) => (l[3]!['strides'] = [1]), /network\.layers\[3\]\.strides: expected \[height, width\]/],
    [(l) => (l[4]!['padding'] = 'full'), /network\.layers\[4\]\.padding: expected one of "valid", "same", got "full"/],
    [
      (l) => ((l[4]!['poolSize'] = [3, 3]), (l[4]!['padding'] = 'valid')),
      /network\.layers\[4\]: layers\[4\] \(avgPool2d\): its window spans 3 values of the height but the input has 2/,
    ],
    [(l) => (l[5]!['outputShape'] = [3]), /network\.layers\[5\]\.outputShape: records \[3\] but the layer gives \[2\]/],
    [(l) => (l[5]!['inputShape'] = [4]), /network\.layers\[5\]\.inputShape: layer 5 records \[4\] as its input but layer 4 gives \[1, 1, 2\]/],
    [(l) => (l[5]!['inputShape'] = [2, 0]), /network\.layers\[5\]\.inputShape: expected a shape .*dimension 1 is 0/],
  ];
  cases.forEach(([edit, message], i) => {
    const text = edited(edit);
    assert.throws(() => parseModel(text), { code: 'MODEL_FORMAT', message }, `case ${i}`);
  });
});

test('a float32 model file whose running variance overflows float32 is refused where it says so', () => {
  const json = JSON.parse(serializeModel(imageModel('float32')));
  json.network.layers[2].runningVar = [1, 1e39];
  throwsNeurite(() => parseModel(JSON.stringify(json)), 'MODEL_FORMAT', /network\.layers\[2\]\.runningVar\[1\]: is out of range for float32/);
});
