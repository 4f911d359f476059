import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Matrix, Network, NeuriteError, parseModel, serializeModel, type DType, type Layer, type LayerJSON, type ModelParts } from '../src/index.js';
import { parseTable, predictTable, Preprocessor } from '../src/data/index.js';
import { registerLayer, unregisterLayer } from '../src/nn/layer-registry.js';
import { DATA } from './helpers/paths.js';

function irisModel(dtype: DType, seed = 5): ModelParts {
  const table = parseTable(readFileSync(DATA + 'iris.csv', 'utf8'), { file: 'iris.csv' });
  const preprocessing = Preprocessor.fit(table, { target: 'species' });
  const network = Network.create({
    inputs: preprocessing.inputWidth,
    layers: [{ units: 5 }, { units: 3 }],
    dtype,
    seed,
    biasInitializer: 'normal',
  });
  return {
    network,
    preprocessing,
    training: { seed, epochs: 0, library: '0.1.0', date: '2025-01-01T00:00:00.000Z', metrics: { loss: 0.5 }, loss: { name: 'mse' } },
  };
}

function sameBits(a: Network, b: Network): void {
  const pa = a.parameters();
  const pb = b.parameters();
  assert.equal(pa.length, pb.length);
  pa.forEach((p, i) => {
    const q = pb[i]!;
    assert.equal(p.value.constructor, q.value.constructor, `${p.name} precision`);
    assert.deepEqual(
      new Uint8Array(p.value.buffer, p.value.byteOffset, p.value.byteLength),
      new Uint8Array(q.value.buffer, q.value.byteOffset, q.value.byteLength),
      `${p.name} bit for bit`,
    );
  });
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`save → load is bit-exact in ${dtype}, and so is save → load → save`, () => {
    const model = irisModel(dtype);
    // weights that JSON.stringify would not keep: -0, subnormals, extremes of the precision
    const w = model.network.parameters()[0]!.value;
    w[0] = -0;
    w[1] = dtype === 'float32' ? 1.401298464324817e-45 : 5e-324;
    w[2] = dtype === 'float32' ? 3.4028234663852886e38 : 1.7976931348623157e308;
    w[3] = dtype === 'float32' ? Math.fround(0.1) : 0.1;
    w[4] = dtype === 'float32' ? Math.fround(1 / 3) : 1 / 3;
    const text = serializeModel(model);
    const loaded = parseModel(text);
    assert.equal(loaded.network.dtype, dtype);
    sameBits(model.network, loaded.network);
    assert.ok(Object.is(loaded.network.parameters()[0]!.value[0], -0), '-0 survives');
    assert.equal(serializeModel(loaded), text, 'the text is stable');
    assert.deepEqual(loaded.preprocessing.toJSON(), model.preprocessing.toJSON());
    assert.deepEqual(loaded.training, model.training);
  });
}

test('a loaded model predicts exactly what the original predicts', () => {
  const model = irisModel('float64');
  const loaded = parseModel(serializeModel(model));
  const table = parseTable('sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.1,5.6,2.4\n', model.preprocessing.readOptions());
  const a = predictTable(model, table);
  const b = predictTable(loaded, table, { batchSize: 1 });
  assert.deepEqual(a, b);
  assert.ok(a.task === 'classification' && a.labels.length === 2 && a.probabilities[0]!.length === 3);
});

test('the model file is readable JSON: one key per line, weights on one line', () => {
  const text = serializeModel(irisModel('float32'));
  assert.match(text, /^\{\n {2}"format": "neurite-model",\n {2}"version": 2,\n/);
  assert.match(text, /\n {8}"weights": \[[^\n]+\],\n/);
  assert.ok(text.endsWith('}\n'));
});

test('serializing refuses non-finite weights and mismatched parts', () => {
  const model = irisModel('float32');
  model.network.parameters()[1]!.value[2] = NaN;
  assert.throws(
    () => serializeModel(model),
    (e: unknown) => e instanceof NeuriteError && e.code === 'NON_FINITE' && e.details.path === 'network.layers[0].bias[2]',
  );
  const other = irisModel('float32');
  const wrong = { ...other, network: Network.create({ inputs: 3, layers: [{ units: 3 }] }) };
  assert.throws(
    () => serializeModel(wrong),
    (e: unknown) => e instanceof NeuriteError && e.code === 'SHAPE_MISMATCH' && /takes 3 inputs but the preprocessing makes 4/.test(e.message),
  );
  assert.throws(() => serializeModel({ ...other, training: { constructor: 1 } as never }), /cannot be saved/);
});

/** The JSON of a good model, to break in one place. */
function goodJSON(): Record<string, any> {
  return JSON.parse(serializeModel(irisModel('float32')));
}

function mutated(edit: (json: Record<string, any>) => void): string {
  const json = goodJSON();
  edit(json);
  return JSON.stringify(json);
}

const cases: { name: string; text: () => string; path: string; message: RegExp; line?: number; column?: number }[] = [
  { name: 'not JSON', text: () => 'hello', path: '', message: /not valid JSON at line 1, column 1/, line: 1, column: 1 },
  { name: 'empty', text: () => '', path: '', message: /not valid JSON.*truncated/ },
  {
    name: 'truncated',
    text: () => serializeModel(irisModel('float32')).slice(0, 200),
    path: '',
    message: /not valid JSON at line \d+, column \d+: the text ends inside .*\(the text ends early/,
  },
  {
    name: 'a syntax error on line 3',
    text: () => '{\n  "format": "neurite-model",\n  "version": 1,,\n}',
    path: '',
    message: /at line 3, column 16/,
    line: 3,
    column: 16,
  },
  { name: 'an array at the top', text: () => '[1, 2]', path: '', message: /expected an object, got an array/ },
  {
    name: 'another format',
    text: () => mutated((j) => (j['format'] = 'keras')),
    path: 'format',
    message: /not a neurite model: expected "format": "neurite-model", got "keras"/,
  },
  { name: 'no format', text: () => '{"version": 1}', path: 'format', message: /not a neurite model/ },
  {
    name: 'a newer version',
    text: () => mutated((j) => (j['version'] = 3)),
    path: 'version',
    message: /format version 3, made by a newer neurite.*Upgrade neurite/,
  },
  { name: 'a version that is text', text: () => mutated((j) => (j['version'] = '1')), path: 'version', message: /expected a format version/ },
  { name: 'an unknown top-level key', text: () => mutated((j) => (j['extra'] = 1)), path: 'extra', message: /unknown key/ },
  { name: 'no network', text: () => mutated((j) => delete j['network']), path: 'network', message: /is missing/ },
  { name: 'a bad dtype', text: () => mutated((j) => (j['network'].dtype = 'float16')), path: 'network.dtype', message: /expected one of "float32", "float64"/ },
  { name: 'no layers', text: () => mutated((j) => (j['network'].layers = [])), path: 'network.layers', message: /at least 1 item/ },
  {
    name: 'an unknown layer type',
    text: () => mutated((j) => (j['network'].layers[1].type = 'capsule')),
    path: 'network.layers[1].type',
    message: /unknown layer type "capsule"; this version of neurite knows dense/,
  },
  {
    name: 'weights of the wrong length',
    text: () => mutated((j) => j['network'].layers[1].weights.pop()),
    path: 'network.layers[1].weights',
    message: /expected 15 numbers \(3 units × 5 inputs/,
  },
  {
    name: 'a weight that is text',
    text: () => mutated((j) => (j['network'].layers[0].weights[7] = '0.5')),
    path: 'network.layers[0].weights[7]',
    message: /expected a finite number, got "0.5"/,
  },
  {
    name: 'an infinite weight (1e999)',
    text: () => serializeModel(irisModel('float32')).replace(/"bias": \[[^,\]]+/, '"bias": [1e999'),
    path: 'network.layers[0].bias[0]',
    message: /Infinity is not a finite number/,
  },
  {
    name: 'a weight beyond the float32 range in a float32 model',
    text: () => mutated((j) => (j['network'].layers[0].weights[3] = -3.5e38)),
    path: 'network.layers[0].weights[3]',
    message: /out of range for float32 \(it became -Infinity\)/,
  },
  {
    name: 'a weight that is null',
    text: () => mutated((j) => (j['network'].layers[0].bias[1] = null)),
    path: 'network.layers[0].bias[1]',
    message: /expected a finite number, got null/,
  },
  {
    name: 'layers that do not chain',
    text: () => mutated((j) => (j['network'].layers[1].inputs = 4)),
    path: 'network.layers[1].inputs',
    message: /layer 1 takes 4 inputs but layer 0 gives 5 outputs/,
  },
  {
    name: 'a layer declaring a billion units',
    text: () => mutated((j) => (j['network'].layers[0].units = 1e9)),
    path: 'network.layers[0].units',
    message: /1000000000 is larger than the limit 50000000/,
  },
  {
    name: 'one layer with too many parameters',
    text: () =>
      mutated((j) => {
        j['network'].layers[0].units = 10_000;
        j['network'].layers[0].inputs = 10_000;
      }),
    path: 'network.layers[0]',
    message: /declares 100010000 parameters \(10000 units × 10000 inputs \+ 10000 biases\).*the limit is 50000000/,
  },
  {
    name: 'too many parameters in all',
    text: () =>
      mutated((j) => {
        Object.assign(j['network'].layers[0], { units: 7_000, inputs: 4_000 });
        Object.assign(j['network'].layers[1], { units: 4_000, inputs: 7_000 });
      }),
    path: 'network.layers[1]',
    message: /declares 28004000 parameters .* 56011000 so far in the network; the limit is 50000000/,
  },
  {
    name: 'an unknown activation',
    text: () => mutated((j) => (j['network'].layers[0].activation = { name: 'swish' })),
    path: 'network.layers[0].activation',
    message: /Unknown activation "swish"/,
  },
  {
    name: 'a negative unit count',
    text: () => mutated((j) => (j['network'].layers[0].units = -2)),
    path: 'network.layers[0].units',
    message: /expected an integer ≥ 1, got -2/,
  },
  {
    name: 'a fractional unit count',
    text: () => mutated((j) => (j['network'].layers[0].units = 2.5)),
    path: 'network.layers[0].units',
    message: /expected an integer, got 2.5/,
  },
  {
    name: 'preprocessing wider than the network',
    text: () => mutated((j) => j['preprocessing'].inputs.push({ name: 'extra', kind: 'numeric', scaling: 'none', offset: 0, scale: 1, fill: 0 })),
    path: 'network.layers[0].inputs',
    message: /the network takes 4 inputs but the preprocessing makes 5 features/,
  },
  {
    name: 'more classes than outputs',
    text: () => mutated((j) => j['preprocessing'].target.classes.push('unknown')),
    path: 'network.layers[1].units',
    message: /the network gives 3 outputs but 4 classes need 4 outputs/,
  },
  {
    name: 'a zero scale',
    text: () => mutated((j) => (j['preprocessing'].inputs[2].scale = 0)),
    path: 'preprocessing.inputs[2].scale',
    message: /expected a number > 0, got 0/,
  },
  {
    name: 'duplicate classes',
    text: () => mutated((j) => (j['preprocessing'].target.classes[2] = 'setosa')),
    path: 'preprocessing.target.classes[2]',
    message: /"setosa" appears twice/,
  },
  {
    name: 'a bad missing policy',
    text: () => mutated((j) => (j['preprocessing'].missing = 'ignore')),
    path: 'preprocessing.missing',
    message: /expected one of "error", "drop", "mean"/,
  },
  { name: 'a training seed that is text', text: () => mutated((j) => (j['training'].seed = 'abc')), path: 'training.seed', message: /expected an integer/ },
  {
    name: 'a training loss that is a number',
    text: () => mutated((j) => (j['training'].loss = 3)),
    path: 'training.loss',
    message: /expected a loss name or a spec \{ "name": \.\.\., options \}, got 3/,
  },
  {
    name: 'a training loss spec without a name',
    text: () => mutated((j) => (j['training'].loss = { delta: 1 })),
    path: 'training.loss.name',
    message: /expected a string/,
  },
  { name: 'an empty training loss name', text: () => mutated((j) => (j['training'].loss = '')), path: 'training.loss', message: /expected a non-empty string/ },
  {
    name: '__proto__ at the top',
    text: () => serializeModel(irisModel('float32')).replace('{\n', '{\n  "__proto__": {"polluted": true},\n'),
    path: '__proto__',
    message: /the key "__proto__" is not allowed/,
  },
  {
    name: '__proto__ deep inside',
    text: () => serializeModel(irisModel('float32')).replace('"metrics": {', '"metrics": {"__proto__": {"isAdmin": true}, '),
    path: 'training.metrics.__proto__',
    message: /"__proto__" is not allowed/,
  },
  {
    name: 'constructor in a layer',
    text: () => mutated((j) => (j['network'].layers[0].constructor = { prototype: {} })),
    path: 'network.layers[0].constructor',
    message: /"constructor" is not allowed/,
  },
  {
    name: 'prototype in the training data',
    text: () => mutated((j) => (j['training'].prototype = 1)),
    path: 'training.prototype',
    message: /"prototype" is not allowed/,
  },
  {
    name: 'nesting too deep',
    text: () => mutated((j) => (j['training'].deep = JSON.parse('['.repeat(100) + ']'.repeat(100)))),
    path: 'training.deep' + '[0]'.repeat(63),
    message: /nested more than 64 levels/,
  },
];

for (const c of cases) {
  test(`a bad model file: ${c.name} → MODEL_FORMAT at ${c.path || '(root)'}`, () => {
    assert.throws(
      () => parseModel(c.text()),
      (error: unknown) => {
        assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
        assert.equal(error.code, 'MODEL_FORMAT', error.message);
        assert.equal(error.details.path, c.path, error.message);
        assert.match(error.message, c.message);
        if (c.line !== undefined) assert.equal(error.details.line, c.line);
        if (c.column !== undefined) assert.equal(error.details.column, c.column);
        return true;
      },
    );
  });
}

test('nothing is polluted by a __proto__ key, even when it is refused', () => {
  const text = '{"__proto__": {"polluted": "yes"}, "format": "neurite-model"}';
  assert.throws(
    () => parseModel(text),
    (e: unknown) => e instanceof NeuriteError && e.code === 'MODEL_FORMAT',
  );
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('size limits can be lowered, and a text over the limit is refused before parsing', () => {
  const text = serializeModel(irisModel('float32'));
  assert.throws(
    () => parseModel(text, { limits: { maxTextLength: 100 } }),
    (e: unknown) => e instanceof NeuriteError && e.code === 'MODEL_FORMAT' && /characters long; the limit is 100/.test(e.message),
  );
  assert.throws(
    () => parseModel(text, { limits: { maxParameters: 20 } }),
    (e: unknown) => e instanceof NeuriteError && e.details.path === 'network.layers[0]',
  );
  assert.throws(
    () => parseModel(text, { limits: { maxLayers: 1 } }),
    (e: unknown) => e instanceof NeuriteError && e.details.path === 'network.layers',
  );
  assert.throws(
    () => parseModel(42 as never),
    (e: unknown) => e instanceof NeuriteError && e.code === 'MODEL_FORMAT',
  );
});

test('a regression model round-trips with its target scaling', () => {
  const table = parseTable('x,y\n1,10\n2,20\n3,35\n4,41\n5,55.5\n');
  const preprocessing = Preprocessor.fit(table, { target: 'y' });
  const network = Network.create({ inputs: 1, layers: [{ units: 2 }, { units: 1, activation: 'linear' }], dtype: 'float64', seed: 1 });
  const model: ModelParts = { network, preprocessing, training: {} };
  const loaded = parseModel(serializeModel(model));
  assert.deepEqual(predictTable(loaded, table), predictTable(model, table));
  const wrong = JSON.parse(serializeModel(model));
  wrong.preprocessing.target.scale = -1;
  assert.throws(
    () => parseModel(JSON.stringify(wrong)),
    (e: unknown) => e instanceof NeuriteError && e.details.path === 'preprocessing.target.scale',
  );
});

/** A layer type another file might register: multiplies by a constant, any width. */
class Scale implements Layer {
  readonly type = 'test-scale';
  constructor(
    readonly inputSize: number,
    readonly factor: number,
    readonly dtype: DType,
  ) {}
  get outputSize(): number {
    return this.inputSize;
  }
  get inputShape(): number[] {
    return [this.inputSize];
  }
  get outputShape(): number[] {
    return [this.inputSize];
  }
  forward(x: Matrix): Matrix {
    return new Matrix(
      x.rows,
      x.cols,
      x.data.map((v) => v * this.factor),
    );
  }
  backward(): Matrix | null {
    return null;
  }
  parameters() {
    return [];
  }
  toJSON(): LayerJSON {
    return { type: this.type, size: this.inputSize, factor: this.factor };
  }
}

test('layer types registered in the layer registry load through their factory; their failures become MODEL_FORMAT', () => {
  registerLayer('test-scale', (json, { dtype }) => {
    if (typeof json['factor'] !== 'number') throw new TypeError('factor is not a number');
    return new Scale(json['size'] as number, json['factor'], dtype);
  });
  try {
    const base = irisModel('float64');
    const [first, second] = base.network.layers;
    const network = new Network([first!, new Scale(5, 2, 'float64'), second!]);
    const model = { ...base, network };
    const loaded = parseModel(serializeModel(model));
    assert.equal(loaded.network.layers[1]!.type, 'test-scale');
    const table = parseTable('sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n', base.preprocessing.readOptions());
    assert.deepEqual(predictTable(loaded, table), predictTable(model, table));

    const json = JSON.parse(serializeModel(model));
    json.network.layers[1].factor = 'two';
    assert.throws(
      () => parseModel(JSON.stringify(json)),
      (e: unknown) =>
        e instanceof NeuriteError &&
        e.code === 'MODEL_FORMAT' &&
        e.details.path === 'network.layers[1]' &&
        /cannot build this test-scale layer: factor is not a number/.test(e.message),
    );
    json.network.layers[1].factor = 2;
    json.network.layers[1].size = 4;
    assert.throws(
      () => parseModel(JSON.stringify(json)),
      (e: unknown) =>
        e instanceof NeuriteError && e.details.path === 'network.layers[1].outputShape' && /records \[5\] but the layer gives \[4\]/.test(e.message),
    );
    delete json.network.layers[1].outputShape;
    assert.throws(
      () => parseModel(JSON.stringify(json)),
      (e: unknown) => e instanceof NeuriteError && e.details.path === 'network.layers[1].outputShape' && /is missing/.test(e.message),
    );
    json.version = 1;
    assert.throws(
      () => parseModel(JSON.stringify(json)),
      (e: unknown) => e instanceof NeuriteError && e.details.path === 'network.layers[1]' && /layer 1 takes \[4\] but layer 0 gives \[5\]/.test(e.message),
    );
  } finally {
    unregisterLayer('test-scale');
  }
});

test('a column called __proto__ survives the whole pipeline', () => {
  const table = parseTable('__proto__,y\n1,a\n2,b\n3,a\n');
  const preprocessing = Preprocessor.fit(table, { target: 'y' });
  const options = preprocessing.readOptions();
  assert.ok(Object.hasOwn(options.columns!, '__proto__'));
  const network = Network.create({ inputs: 1, layers: [{ units: 1 }] });
  const loaded = parseModel(serializeModel({ network, preprocessing, training: {} }));
  const fresh = parseTable('__proto__\n2\n', loaded.preprocessing.readOptions());
  assert.equal(predictTable(loaded, fresh).task, 'classification');
});
