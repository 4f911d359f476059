import assert from 'node:assert/strict';
import { test } from 'node:test';
import onnxProto from 'onnx-proto';
import { Dense, Dropout, Network, Rng, activationNames, resolveActivation, type Activation } from '../src/index.js';
import { exportOnnx, onnxActivationNames } from '../src/onnx/index.js';
import { ALL_ACTIVATIONS } from './helpers/activations.js';

// The exported bytes decoded by an independent decoder (onnx-proto: ONNX's schema compiled by protobufjs),
// then checked against what the ONNX IR spec requires of a model.
const { onnx } = onnxProto;
const has = (message: object, field: string): boolean => Object.hasOwn(message, field);

// The decoded model as plain objects (protobufjs `toObject`: int64 as numbers, absent fields absent).
interface Attribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats: number[];
  ints: number[];
}
interface Node {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute: Attribute[];
}
interface Tensor {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}
interface Dim {
  dimValue?: number;
  dimParam?: string;
}
interface ValueInfo {
  name: string;
  docString?: string;
  type?: { tensorType?: { elemType: number; shape?: { dim: Dim[] } } };
}
interface Graph {
  name: string;
  node: Node[];
  initializer: Tensor[];
  input: ValueInfo[];
  output: ValueInfo[];
}
interface Model {
  irVersion?: number;
  opsetImport: { domain?: string; version?: number }[];
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  graph?: Graph;
  metadataProps: { key: string; value: string }[];
}

/** The operators the exporter may emit, all in the default domain at opset 13. */
const OPSET_13_OPS = new Set([
  'Gemm',
  'Sub',
  'Div',
  'Mul',
  'Add',
  'Neg',
  'Abs',
  'Min',
  'Exp',
  'Log',
  'Identity',
  'Sigmoid',
  'Tanh',
  'Relu',
  'LeakyRelu',
  'Elu',
  'Softplus',
  'Softmax',
]);

function everyActivation(): { network: Network; activations: Activation[] } {
  const rng = new Rng(2);
  const activations = ALL_ACTIVATIONS.map((spec) => resolveActivation(spec));
  const sizes = [4, 7, 6, 5, 7, 6, 5, 7, 6, 3];
  const layers = activations.map((a, i) => new Dense({ inputs: sizes[i]!, units: sizes[i + 1]!, activation: a, rng }));
  return { network: new Network([layers[0]!, new Dropout({ inputs: 7, rate: 0.5 }), ...layers.slice(1)]), activations };
}

function decode(bytes: Uint8Array): Model & { graph: Graph } {
  const message = onnx.ModelProto.decode(bytes);
  assert.equal(onnx.ModelProto.verify(message), null);
  const model = onnx.ModelProto.toObject(message, { longs: Number, arrays: true, defaults: false }) as Model;
  assert.ok(model.graph, 'the model has a graph');
  return model as Model & { graph: Graph };
}

test('the model has an IR version, an opset import of 13, a producer and a graph', () => {
  const { network } = everyActivation();
  const model = decode(exportOnnx(network, { producerVersion: '1.2.3' }));
  assert.ok(has(model, 'irVersion'));
  assert.equal(Number(model.irVersion), 7);
  assert.equal(model.opsetImport.length, 1);
  assert.ok(has(model.opsetImport[0]!, 'version'));
  assert.equal(model.opsetImport[0]!.domain, '');
  assert.equal(Number(model.opsetImport[0]!.version), 13);
  assert.equal(model.producerName, 'neurite');
  assert.equal(model.producerVersion, '1.2.3');
  assert.match(model.docString ?? '', /^neurite network: 4 → 7 \(sigmoid\) → dropout → 6 \(linear\) → .* → 3 \(softmax\)$/);
  assert.ok(model.graph.name !== '');
});

test('inputs and outputs are typed float tensors of shape [batch, features] with a dynamic batch dimension', () => {
  const { network } = everyActivation();
  for (const [dtype, code] of [
    ['float32', 1],
    ['float64', 11],
  ] as const) {
    const graph = decode(exportOnnx(network, { dtype, inputName: 'features', outputName: 'probabilities' })).graph!;
    const check = (info: ValueInfo, name: string, size: number) => {
      assert.equal(info.name, name);
      assert.ok(info.type?.tensorType, `${name} is a tensor`);
      assert.equal(info.type!.tensorType!.elemType, code);
      const dims = info.type!.tensorType!.shape!.dim;
      assert.equal(dims.length, 2);
      assert.equal(dims[0]!.dimParam, 'batch');
      assert.ok(!has(dims[0]!, 'dimValue'));
      assert.equal(Number(dims[1]!.dimValue), size);
    };
    assert.equal(graph.input.length, 1);
    assert.equal(graph.output.length, 1);
    check(graph.input[0]!, 'features', 4);
    check(graph.output[0]!, 'probabilities', 3);
    for (const tensor of graph.initializer) assert.equal(tensor.dataType, code);
  }
});

test('nodes are in topological order, every value is defined once, attributes carry their type', () => {
  const { network } = everyActivation();
  const graph = decode(exportOnnx(network, { inputNormalization: { kind: 'standard', mean: [1, 2, 3, 4], std: [1, 1, 2, 2] } })).graph!;
  const defined = new Set<string>(graph.input.map((i) => i.name));
  for (const tensor of graph.initializer) {
    assert.ok(tensor.name !== '' && !defined.has(tensor.name), `initializer ${tensor.name} has a fresh name`);
    defined.add(tensor.name);
  }
  const nodeNames = new Set<string>();
  const used = new Set<string>();
  for (const node of graph.node) {
    assert.ok(OPSET_13_OPS.has(node.opType), `${node.opType} is an opset-13 operator the exporter may use`);
    assert.ok(!node.domain, 'the default domain (ai.onnx)');
    assert.ok(!nodeNames.has(node.name), `node names are unique (${node.name})`);
    nodeNames.add(node.name);
    for (const input of node.input) {
      assert.ok(defined.has(input), `${node.name} reads ${input}, defined earlier`);
      used.add(input);
    }
    for (const output of node.output) {
      assert.ok(!defined.has(output), `${output} is assigned once`);
      defined.add(output);
    }
    for (const attribute of node.attribute) {
      assert.ok(attribute.name !== '' && has(attribute, 'type'), `${node.name}: attributes have a name and a type`);
      const field = ({ 1: 'f', 2: 'i', 3: 's', 6: 'floats', 7: 'ints' } as Record<number, keyof Attribute>)[attribute.type];
      assert.ok(field, `attribute type ${attribute.type}`);
      const value = attribute[field];
      assert.ok(Array.isArray(value) ? value.length > 0 : value !== undefined, `${node.name}.${attribute.name} holds its ${field}`);
    }
  }
  assert.ok(defined.has(graph.output[0]!.name), 'the output is computed');
  for (const name of defined) assert.ok(used.has(name) || name === graph.output[0]!.name, `${name} is used`);
  // Each Dense is one Gemm with transB = 1; Softmax acts on the last axis.
  assert.equal(graph.node.filter((n) => n.opType === 'Gemm').length, 9);
  for (const gemm of graph.node.filter((n) => n.opType === 'Gemm')) {
    assert.deepEqual(
      gemm.attribute.map((a) => [a.name, Number(a.i)]),
      [['transB', 1]],
    );
  }
  const softmax = graph.node.find((n) => n.opType === 'Softmax')!;
  assert.equal(Number(softmax.attribute[0]!.i), -1);
  assert.deepEqual(
    graph.node.slice(0, 2).map((n) => n.opType),
    ['Sub', 'Div'],
  );
});

test('initializers hold the weights bit for bit, W[units × inputs] as neurite stores them', () => {
  const { network } = everyActivation();
  const graph = decode(exportOnnx(network)).graph!;
  const byName = new Map(graph.initializer.map((t) => [t.name, t]));
  network.layers.forEach((layer, i) => {
    if (!(layer instanceof Dense)) return;
    for (const [field, values, dims] of [
      ['weights', layer.weights, [layer.outputSize, layer.inputSize]],
      ['bias', layer.bias, [layer.outputSize]],
    ] as const) {
      const tensor = byName.get(`layers.${i}.${field}`)!;
      assert.ok(tensor, `layers.${i}.${field} is an initializer`);
      assert.deepEqual(tensor.dims.map(Number), dims);
      assert.equal(tensor.rawData.length, values.length * 4);
      const raw = tensor.rawData;
      const floats = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
      assert.deepEqual(floats, Float32Array.from(values));
    }
  });
});

test('labels, feature names and the output kind are metadata properties with distinct keys', () => {
  const { network } = everyActivation();
  const labels = ['setosa', 'versicolor', 'virginica'];
  const features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
  const model = decode(
    exportOnnx(network, {
      labels,
      featureNames: features,
      metadata: { author: 'test' },
      inputNormalization: { kind: 'minmax', min: [0, 0, 0, 0], max: [8, 5, 7, 3] },
    }),
  );
  const props = new Map(model.metadataProps.map((p) => [p.key, p.value]));
  assert.equal(props.size, model.metadataProps.length);
  assert.deepEqual(JSON.parse(props.get('neurite.labels')!), labels);
  assert.deepEqual(JSON.parse(props.get('neurite.features')!), features);
  assert.equal(props.get('neurite.output'), 'probabilities');
  assert.equal(props.get('neurite.normalization'), 'minmax');
  assert.equal(props.get('author'), 'test');
  assert.match(model.graph.output[0]!.docString ?? '', /probabilities for: setosa, versicolor, virginica/);
});

test('a linear output is marked as values; a network of only dropout still has its output computed', () => {
  const rng = new Rng(1);
  const regression = new Network([new Dense({ inputs: 2, units: 1, activation: 'linear', rng })]);
  const model = decode(exportOnnx(regression));
  assert.equal(model.metadataProps.find((p) => p.key === 'neurite.output')!.value, 'values');
  assert.deepEqual(
    model.graph!.node.map((n) => n.opType),
    ['Gemm'],
  );
  const identity = decode(exportOnnx(new Network([new Dropout({ inputs: 3, rate: 0.5 })]))).graph!;
  assert.deepEqual(
    identity.node.map((n) => [n.opType, n.input[0], n.output[0]]),
    [['Identity', 'input', 'output']],
  );
});

test('every activation the exporter knows is covered by these tests', () => {
  assert.deepEqual([...onnxActivationNames()].sort(), ALL_ACTIVATIONS.map((a) => a.name).sort());
});

test('every activation neurite registers has an ONNX export', () => {
  const missing = activationNames().filter((name) => !onnxActivationNames().includes(name));
  assert.deepEqual(missing, [], `add these to src/onnx/activation-ops.ts (and to ALL_ACTIVATIONS): ${missing.join(', ')}`);
});
