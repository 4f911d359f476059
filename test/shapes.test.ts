import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Adam,
  Dense,
  Dropout,
  jsBackend,
  Matrix,
  MeanSquaredError,
  Network,
  NeuriteError,
  parseModel,
  Rng,
  serializeModel,
  CategoricalCrossEntropy,
  type FloatArray,
  type Initializer,
} from '../src/index.js';
import { parseTable, Preprocessor } from '../src/data/index.js';
import { Flatten } from '../src/nn/flatten.js';
import { Reshape } from '../src/nn/reshape.js';
import { formatShape, MAX_SHAPE_SIZE, requireShape, sameShape, shapeSize } from '../src/nn/shape.js';
import { throwsNeurite } from './helpers/numeric.js';

/** An initializer that counts its calls: Network.create must not reach it when a shape does not fit. */
function countingInitializer(): Initializer & { calls: number } {
  return {
    name: 'counting',
    calls: 0,
    fill(out: FloatArray) {
      this.calls++;
      out.fill(0.1);
    },
    toJSON: () => ({ name: 'counting' }),
  };
}

/** The error `fn` throws, which must be a NeuriteError with `code`. */
function neuriteError(fn: () => unknown, code: string): NeuriteError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail('expected an error');
}

test('shape helpers: size, format, equality, and validation before allocating', () => {
  assert.equal(shapeSize([28, 28, 1]), 784);
  assert.equal(shapeSize([7]), 7);
  assert.equal(formatShape([28, 28, 1]), '[28, 28, 1]');
  assert.ok(sameShape([4, 4, 1], [4, 4, 1]));
  assert.ok(!sameShape([16], [4, 4]));
  assert.ok(!sameShape([4, 4], [4, 4, 1]));
  const shape = requireShape('inputShape', [2, 3]);
  assert.deepEqual(shape, [2, 3]);
  assert.ok(Object.isFrozen(shape));
  for (const [bad, why] of [
    [[], /at least one dimension/],
    [[2, 0], /dimension 1 is 0/],
    [[2, -1], /dimension 1 is -1/],
    [[1.5], /dimension 0 is 1.5/],
    [['3'], /dimension 0 is "3"/],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1], /9 dimensions/],
    [[65536, 65536], /holds 4294967296 values per sample; the limit is 268435456/],
    [16, /got 16/],
  ] as const) {
    throwsNeurite(() => requireShape('inputShape', bad), 'INVALID_ARGUMENT', why);
  }
  assert.equal(MAX_SHAPE_SIZE, 2 ** 28);
});

test('Network.create infers every layer shape from inputShape; inputs: n is [n]', () => {
  const network = Network.create({
    inputShape: [4, 4, 1],
    layers: [
      { type: 'dropout', rate: 0.1 },
      { type: 'reshape', shape: [2, 8] },
      { type: 'flatten' },
      { units: 5, activation: 'relu' },
      { type: 'reshape', shape: [5, 1] },
      { type: 'flatten' },
      { units: 3 },
    ],
  });
  assert.deepEqual(
    network.layers.map((l) => [l.type, l.inputShape, l.outputShape, l.inputSize, l.outputSize]),
    [
      ['dropout', [4, 4, 1], [4, 4, 1], 16, 16],
      ['reshape', [4, 4, 1], [2, 8], 16, 16],
      ['flatten', [2, 8], [16], 16, 16],
      ['dense', [16], [5], 16, 5],
      ['reshape', [5], [5, 1], 5, 5],
      ['flatten', [5, 1], [5], 5, 5],
      ['dense', [5], [3], 5, 3],
    ],
  );
  assert.deepEqual(network.inputShape, [4, 4, 1]);
  assert.deepEqual(network.outputShape, [3]);
  assert.equal(network.inputSize, 16);
  const short = Network.create({ inputs: 3, layers: [{ units: 2 }] });
  assert.deepEqual(short.inputShape, [3]);
  assert.deepEqual(Network.create({ inputs: 3, inputShape: [3], layers: [{ units: 2 }] }).inputShape, [3]);
});

test('every shape mismatch in a spec names the layer, the expected and the actual shape, before any weight is drawn', () => {
  const cases: { layers: unknown[]; inputShape?: number[]; inputs?: number; code: string; pattern: RegExp; expected?: unknown; actual?: unknown }[] = [
    {
      inputShape: [28, 28, 1],
      layers: [{ units: 4 }, { units: 2 }],
      code: 'SHAPE_MISMATCH',
      pattern:
        /^layers\[0\] \(dense\) takes a row of features \[n\] but gets \[28, 28, 1\]; put a flatten layer \(\{ type: 'flatten' \}\) before it to make it \[784\]$/,
      expected: '[n]',
      actual: [28, 28, 1],
    },
    {
      inputs: 16,
      layers: [{ units: 8 }, { type: 'reshape', shape: [2, 4] }, { units: 2 }],
      code: 'SHAPE_MISMATCH',
      pattern:
        /^layers\[2\] \(dense\) takes a row of features \[n\] but gets \[2, 4\]; put a flatten layer \(\{ type: 'flatten' \}\) before it to make it \[8\]$/,
      expected: '[n]',
      actual: [2, 4],
    },
    {
      inputShape: [4, 4, 1],
      layers: [{ type: 'flatten' }, { units: 4 }, { type: 'reshape', shape: [3, 1] }],
      code: 'SHAPE_MISMATCH',
      pattern: /^layers\[2\] \(reshape\) cannot reshape \[4\] \(4 values\) to \[3, 1\] \(3 values\): a reshape keeps every value$/,
      expected: 'a shape of 4 values',
      actual: [3, 1],
    },
    {
      inputs: 4,
      inputShape: [2, 2],
      layers: [{ units: 1 }],
      code: 'SHAPE_MISMATCH',
      pattern: /inputs: 4 \(short for \[4\]\) and inputShape: \[2, 2\] disagree/,
      expected: [4],
      actual: [2, 2],
    },
    { inputShape: [4, 0], layers: [{ units: 1 }], code: 'INVALID_ARGUMENT', pattern: /inputShape must be a shape .*dimension 1 is 0/ },
    { inputShape: [2], layers: [{ units: 3 }, { type: 'reshape', shape: [] }], code: 'INVALID_ARGUMENT', pattern: /layers\[1\]\.shape must be a shape/ },
    { inputs: 2, layers: [{ units: 3 }, { units: 2, type: 'conv' }], code: 'INVALID_ARGUMENT', pattern: /layers\[1\]\.type: unknown layer type "conv"/ },
  ];
  for (const c of cases) {
    const initializer = countingInitializer();
    const spec = { inputs: c.inputs, inputShape: c.inputShape, layers: c.layers, initializer, biasInitializer: initializer } as never;
    const error = neuriteError(() => Network.create(spec), c.code);
    assert.match(error.message, c.pattern);
    if (c.expected !== undefined) assert.deepEqual(error.details.expected, c.expected);
    if (c.actual !== undefined) assert.deepEqual(error.details.actual, c.actual);
    assert.equal(initializer.calls, 0, `no weight drawn before: ${error.message}`);
  }
  // The same spec, fixed, draws its weights.
  const initializer = countingInitializer();
  Network.create({ inputShape: [28, 28, 1], layers: [{ type: 'flatten' }, { units: 4 }, { units: 2 }], initializer, biasInitializer: initializer });
  assert.equal(initializer.calls, 4);
});

test('the Network constructor checks consecutive shapes and names both layers', () => {
  const flatten = new Flatten({ inputShape: [2, 3] });
  const dense = new Dense({ inputs: 6, units: 2 });
  assert.equal(new Network([flatten, dense]).layers.length, 2);
  const error = neuriteError(() => new Network([new Reshape({ inputShape: [6], shape: [2, 3] }), dense]), 'SHAPE_MISMATCH');
  assert.match(error.message, /^layers\[1\] \(dense\) takes \[6\] but layers\[0\] \(reshape\) gives \[2, 3\]; put a flatten layer between them$/);
  assert.deepEqual(error.details.expected, [2, 3]);
  assert.deepEqual(error.details.actual, [6]);
  const wrongSize = neuriteError(() => new Network([new Dense({ inputs: 2, units: 3 }), new Reshape({ inputShape: [4], shape: [2, 2] })]), 'SHAPE_MISMATCH');
  assert.match(wrongSize.message, /^layers\[1\] \(reshape\) takes \[4\] but layers\[0\] \(dense\) gives \[3\]$/);
  const legacy = { type: 'legacy', inputSize: 6, outputSize: 6, dtype: 'float32' } as never;
  throwsNeurite(() => new Network([legacy, dense]), 'INVALID_ARGUMENT', /layers\[0\] \(legacy\) does not declare its inputShape and outputShape/);
});

test('layer constructors: Dense takes rank 1, Dropout any shape, Reshape keeps the size', () => {
  assert.deepEqual(new Dense({ inputShape: [5], units: 2 }).inputShape, [5]);
  assert.deepEqual(new Dense({ inputs: 5, units: 2 }).outputShape, [2]);
  throwsNeurite(() => new Dense({ inputShape: [2, 3], units: 2 }), 'SHAPE_MISMATCH', /Dense takes a row of features \[n\], got \[2, 3\]; flatten it first/);
  throwsNeurite(() => new Dense({ inputs: 5, inputShape: [6], units: 2 }), 'SHAPE_MISMATCH', /inputs 5 and inputShape \[6\] disagree/);
  const dropout = new Dropout({ inputShape: [2, 3], rate: 0.5 });
  assert.deepEqual([dropout.inputShape, dropout.outputShape, dropout.inputSize], [[2, 3], [2, 3], 6]);
  assert.deepEqual(new Dropout({ inputs: 6, inputShape: [2, 3], rate: 0.5 }).inputShape, [2, 3]);
  throwsNeurite(() => new Dropout({ inputs: 5, inputShape: [2, 3], rate: 0.5 }), 'SHAPE_MISMATCH', /inputs 5 and inputShape \[2, 3\] \(6 values\) disagree/);
  const error = neuriteError(() => new Reshape({ inputShape: [4, 4, 1], shape: [5, 3] }), 'SHAPE_MISMATCH');
  assert.match(error.message, /^Reshape layer cannot reshape \[4, 4, 1\] \(16 values\) to \[5, 3\] \(15 values\)/);
  assert.deepEqual(error.details.actual, [5, 3]);
  throwsNeurite(() => new Flatten({ inputShape: [0] }), 'INVALID_ARGUMENT', /Flatten inputShape must be a shape/);
  throwsNeurite(() => new Flatten(null as never), 'INVALID_ARGUMENT', /Flatten needs \{ inputShape \}/);
  throwsNeurite(() => new Flatten({ inputShape: [2], dtype: 'int8' as never }), 'INVALID_ARGUMENT', /dtype must be/);
});

test('flatten and reshape are the identity on data: forward returns the input, backward passes dOut through', () => {
  const rng = new Rng(4);
  for (const layer of [new Flatten({ inputShape: [2, 3, 2], dtype: 'float64' }), new Reshape({ inputShape: [12], shape: [3, 4], dtype: 'float64' })]) {
    const x = Matrix.from(
      Array.from({ length: 5 }, () => Array.from({ length: 12 }, () => rng.normal())),
      'float64',
    );
    const before = Array.from(x.data);
    for (const training of [false, true]) {
      assert.equal(layer.forward(x, { training, backend: jsBackend }), x, `${layer.type} forward returns its input`);
    }
    assert.deepEqual(Array.from(x.data), before, 'and leaves it as it was');
    const dOut = Matrix.from([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]], 'float64');
    assert.equal(layer.backward(dOut, { backend: jsBackend, needInputGradient: true }), dOut);
    assert.equal(layer.backward(dOut, { backend: jsBackend, needInputGradient: false }), null);
    assert.deepEqual(layer.parameters(), []);
    throwsNeurite(() => layer.forward(Matrix.zeros(1, 11, 'float64'), { training: false, backend: jsBackend }), 'SHAPE_MISMATCH', /expects rows of 12 values/);
  }
  assert.deepEqual(new Flatten({ inputShape: [2, 3] }).toJSON(), { type: 'flatten' });
  assert.deepEqual(new Reshape({ inputShape: [6], shape: [3, 2] }).toJSON(), { type: 'reshape', shape: [3, 2] });
});

/** 4×4 one-channel images: a bright left half is class 0, a bright right half class 1, with noise. */
function halves(rows: number, rng: Rng): { x: number[][]; y: number[][] } {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const right = r % 2;
    const image: number[] = [];
    for (let row = 0; row < 4; row++) for (let col = 0; col < 4; col++) image.push((col >= 2 ? right : 1 - right) + 0.3 * rng.normal());
    x.push(image);
    y.push(right ? [0, 1] : [1, 0]);
  }
  return { x, y };
}

test('a [4, 4, 1] → flatten → dense network trains, and its gradients are backpropagation through the flatten', () => {
  const network = Network.create({
    inputShape: [4, 4, 1],
    layers: [{ type: 'flatten' }, { units: 6, activation: 'tanh' }, { units: 2, activation: 'softmax' }],
    seed: 5,
    dtype: 'float64',
  });
  const { x, y } = halves(40, new Rng(6));
  const X = Matrix.from(x, 'float64');
  const Y = Matrix.from(y, 'float64');
  const loss = new CategoricalCrossEntropy();
  const optimizer = new Adam({ learningRate: 0.05 });
  const first = network.trainStep(X, Y, loss, optimizer);
  let last = first;
  for (let epoch = 0; epoch < 60; epoch++) last = network.trainStep(X, Y, loss, optimizer);
  assert.ok(last < first / 4, `loss ${first} → ${last}`);
  const predictions = network.predict(x);
  const correct = predictions.filter((p, i) => (p[1]! > p[0]! ? 1 : 0) === (y[i]![1] === 1 ? 1 : 0)).length;
  assert.ok(correct >= 36, `${correct} of 40 right`);
  // The same network without the flatten computes the same function and the same gradients.
  const plain = new Network(network.layers.slice(1));
  network.computeGradients(X, Y, loss);
  const withFlatten = network.parameters().map((p) => Array.from(p.grad));
  plain.computeGradients(X, Y, loss);
  assert.deepEqual(
    plain.parameters().map((p) => Array.from(p.grad)),
    withFlatten,
  );
});

test('a flatten network round-trips through toJSON/fromJSON and through the model file (version 2, shapes recorded)', () => {
  const network = Network.create({
    inputShape: [4, 4, 1],
    layers: [{ type: 'flatten' }, { units: 5, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, { units: 2, activation: 'softmax' }],
    seed: 8,
  });
  const json = JSON.parse(JSON.stringify(network.toJSON()));
  assert.deepEqual(json.inputShape, [4, 4, 1]);
  assert.deepEqual(
    json.layers.map((l: { type: string; outputShape: number[] }) => [l.type, l.outputShape]),
    [
      ['flatten', [16]],
      ['dense', [5]],
      ['dropout', [5]],
      ['dense', [2]],
    ],
  );
  const copy = Network.fromJSON(json);
  assert.deepEqual(copy.inputShape, [4, 4, 1]);
  const { x } = halves(6, new Rng(2));
  assert.deepEqual(copy.predict(x), network.predict(x));
  assert.deepEqual(copy.toJSON(), network.toJSON());
  throwsNeurite(() => Network.fromJSON({ ...json, inputShape: undefined }), 'MODEL_FORMAT', /layers\.0: a flatten layer needs the shape of its input/);
  assert.deepEqual(Network.fromJSON({ ...json, inputShape: [2, 8] }).inputShape, [2, 8]); // any 16 values flatten to [16]
  throwsNeurite(
    () => Network.fromJSON({ ...json, inputShape: [17] }),
    'SHAPE_MISMATCH',
    /^layers\[1\] \(dense\) takes \[16\] but layers\[0\] \(flatten\) gives \[17\]$/,
  );
  const dense = Network.fromJSON({ ...json, inputShape: [16], layers: json.layers.slice(1) });
  assert.deepEqual(dense.inputShape, [16]);
  throwsNeurite(
    () => Network.fromJSON({ ...json, inputShape: [4, 4], layers: json.layers.slice(1) }),
    'MODEL_FORMAT',
    /^inputShape: records \[4, 4\] but layers\[0\] \(dense\) takes \[16\]$/,
  );

  const header = Array.from({ length: 16 }, (_, i) => `p${i}`).join(',');
  const { x: rows, y } = halves(10, new Rng(3));
  const csv = `${header},label\n${rows.map((r, i) => `${r.join(',')},${y[i]![1] ? 'right' : 'left'}`).join('\n')}\n`;
  const preprocessing = Preprocessor.fit(parseTable(csv), { target: 'label', scaling: 'none', binaryEncoding: 'one-hot' });
  const text = serializeModel({ network, preprocessing, training: { epochs: 0 } });
  const file = JSON.parse(text);
  assert.equal(file.version, 2);
  assert.deepEqual(file.network.inputShape, [4, 4, 1]);
  const loaded = parseModel(text);
  assert.deepEqual(loaded.network.inputShape, [4, 4, 1]);
  assert.deepEqual(
    loaded.network.layers.map((l) => l.type),
    ['flatten', 'dense', 'dropout', 'dense'],
  );
  assert.deepEqual(loaded.network.predict(x), network.predict(x));
  assert.equal(serializeModel(loaded), text);
});

test('a reshape inside a network changes nothing in what it computes', () => {
  const network = Network.create({
    inputs: 6,
    layers: [{ units: 4, activation: 'tanh' }, { type: 'reshape', shape: [2, 2] }, { type: 'flatten' }, { units: 1, activation: 'linear' }],
    seed: 1,
    dtype: 'float64',
  });
  const plain = new Network([network.layers[0]!, network.layers[3]!]);
  const x = Matrix.from([[0.1, -0.2, 0.3, 0.5, -1, 2]], 'float64');
  const y = Matrix.from([[0.7]], 'float64');
  const loss = new MeanSquaredError();
  assert.deepEqual(network.predict(x), plain.predict(x));
  const a = network.computeGradients(x, y, loss);
  const ga = network.parameters().map((p) => Array.from(p.grad));
  const b = plain.computeGradients(x, y, loss);
  assert.equal(a, b);
  assert.deepEqual(
    plain.parameters().map((p) => Array.from(p.grad)),
    ga,
  );
});
