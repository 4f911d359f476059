import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { MODEL_FORMAT_VERSION, Network, NeuriteError, parseModel, serializeModel } from '../src/index.js';
import { parseTable, predictTable } from '../src/data/index.js';
import { ROOT } from './helpers/paths.js';

// Model files of format version 1 (before shapes were recorded), written by the CLI of that time
// (`neurite train data/iris.csv --target species --epochs 5`, and data/houses-synthetic.csv with
// `--hidden 8 --dropout 0.2`), with the predictions that version made from them on a few rows.
const FIXTURES = ROOT + 'test/fixtures/';
const expected = JSON.parse(readFileSync(FIXTURES + 'model-v1-expected.json', 'utf8')) as Record<
  'iris' | 'houses',
  { csv: string; prediction: { task: string; labels?: string[]; indices?: number[]; probabilities?: number[][]; values?: number[] } }
>;

function fixture(name: 'iris' | 'houses'): string {
  return readFileSync(FIXTURES + `model-v1-${name}.json`, 'utf8');
}

/** Typed arrays as plain arrays, as the expected predictions were written. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)));
}

for (const name of ['iris', 'houses'] as const) {
  test(`the version-1 ${name} model file loads, infers its shapes, and predicts what version 1 predicted`, () => {
    const text = fixture(name);
    assert.equal(JSON.parse(text).version, 1);
    const model = parseModel(text, { file: `model-v1-${name}.json` });
    const network = model.network;
    assert.deepEqual(network.inputShape, [network.inputSize]);
    for (const layer of network.layers) assert.ok(layer.inputShape.length === 1 && layer.outputShape.length === 1, `${layer.type} shapes`);
    const table = parseTable(expected[name].csv, model.preprocessing.readOptions());
    assert.deepEqual(plain(predictTable(model, table)), expected[name].prediction);
  });
}

test('a version-1 model saved again is version 2, records its shapes, and predicts the same', () => {
  const model = parseModel(fixture('houses'));
  const text = serializeModel(model);
  const json = JSON.parse(text);
  assert.equal(json.version, MODEL_FORMAT_VERSION);
  assert.equal(MODEL_FORMAT_VERSION, 2);
  assert.deepEqual(json.network.inputShape, [9]);
  assert.deepEqual(
    json.network.layers.map((l: { type: string; outputShape: number[] }) => [l.type, l.outputShape]),
    [
      ['dense', [8]],
      ['dropout', [8]],
      ['dense', [1]],
    ],
  );
  const again = parseModel(text);
  const table = parseTable(expected.houses.csv, again.preprocessing.readOptions());
  assert.deepEqual(plain(predictTable(again, table)), expected.houses.prediction);
});

/** A version-2 file of a flatten network (the iris network, its 4 inputs read as a 2×2 sample), to break in one place. */
function flattenModel(): Record<string, any> {
  const model = parseModel(fixture('iris'));
  const old = model.network;
  const json = old.toJSON();
  // The iris network's 4 inputs, declared as a 2×2 image and flattened first.
  const network = Network.fromJSON({ ...json, inputShape: [2, 2], layers: [{ type: 'flatten' }, ...json.layers] });
  return JSON.parse(serializeModel({ ...model, network }));
}

test('a version-2 file of a flatten network loads', () => {
  const json = flattenModel();
  assert.deepEqual(json.network.inputShape, [2, 2]);
  assert.deepEqual(json.network.layers[0], { type: 'flatten', outputShape: [4] });
  const model = parseModel(JSON.stringify(json));
  assert.deepEqual(model.network.inputShape, [2, 2]);
  const table = parseTable(expected.iris.csv, model.preprocessing.readOptions());
  assert.deepEqual(plain(predictTable(model, table)), expected.iris.prediction);
});

const lies: { name: string; edit: (json: Record<string, any>) => void; path: string; message: RegExp }[] = [
  {
    name: 'an inputShape of another size',
    edit: (j) => (j['network'].inputShape = [3, 2]),
    path: 'network.layers[0].outputShape',
    message: /records \[4\] but the layer gives \[6\]/,
  },
  {
    name: 'an inputShape of another rank before a dense layer',
    edit: (j) => {
      j['network'].inputShape = [2, 2];
      j['network'].layers.shift();
    },
    path: 'network.layers[0]',
    message: /layers\[0\] \(dense\) takes a row of features \[n\] but gets \[2, 2\]; put a flatten layer/,
  },
  {
    name: "a layer's outputShape that is not what it gives",
    edit: (j) => (j['network'].layers[1].outputShape = [33]),
    path: 'network.layers[1].outputShape',
    message: /records \[33\] but the layer gives \[32\]/,
  },
  {
    name: 'an outputShape of another rank',
    edit: (j) => (j['network'].layers[0].outputShape = [2, 2]),
    path: 'network.layers[0].outputShape',
    message: /records \[2, 2\] but the layer gives \[4\]/,
  },
  {
    name: 'an outputShape that is not a shape',
    edit: (j) => (j['network'].layers[2].outputShape = [16, -1]),
    path: 'network.layers[2].outputShape',
    message: /expected a shape .*dimension 1 is -1/,
  },
  {
    name: 'an absurd inputShape, refused before allocating',
    edit: (j) => (j['network'].inputShape = [100000, 100000, 3]),
    path: 'network.inputShape',
    message: /holds 30000000000 values per sample; the limit is 268435456/,
  },
  { name: 'no inputShape in version 2', edit: (j) => delete j['network'].inputShape, path: 'network.inputShape', message: /is missing/ },
  { name: 'no outputShape in version 2', edit: (j) => delete j['network'].layers[3].outputShape, path: 'network.layers[3].outputShape', message: /is missing/ },
  {
    name: 'a flatten layer in a version-1 file without shapes',
    edit: (j) => {
      j['version'] = 1;
      delete j['network'].inputShape;
      for (const layer of j['network'].layers) delete layer.outputShape;
    },
    path: 'network.layers[0]',
    message: /layers\[0\] \(flatten\) needs the shape of its input, and the file records none/,
  },
  {
    name: 'a reshape to another size',
    edit: (j) => j['network'].layers.splice(1, 0, { type: 'reshape', shape: [3, 1], outputShape: [3, 1] }),
    path: 'network.layers[1].shape',
    message: /layers\[1\] \(reshape\) cannot reshape \[4\] \(4 values\) to \[3, 1\] \(3 values\)/,
  },
  {
    name: 'a flatten layer with an unknown key',
    edit: (j) => (j['network'].layers[0].axis = 1),
    path: 'network.layers[0].axis',
    message: /unknown key; expected only type, outputShape/,
  },
  {
    name: 'a dense layer whose inputs disagree with the shape before it',
    edit: (j) => {
      j['network'].inputShape = [5];
      j['network'].layers.shift();
    },
    path: 'network.layers[0].inputs',
    message: /layer 0 takes 4 inputs but the network's inputShape is \[5\]/,
  },
];

for (const lie of lies) {
  test(`a model file with ${lie.name} is refused at ${lie.path}`, () => {
    const json = flattenModel();
    lie.edit(json);
    assert.throws(
      () => parseModel(JSON.stringify(json)),
      (error: unknown) => {
        assert.ok(error instanceof NeuriteError, String(error));
        assert.equal(error.code, 'MODEL_FORMAT');
        assert.equal(error.details.path, lie.path, error.message);
        assert.match(error.message, lie.message);
        return true;
      },
    );
  });
}
