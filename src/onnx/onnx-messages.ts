import { ProtoWriter } from './protobuf.js';

/**
 * The handful of ONNX messages the exporter writes, as plain objects, and their protobuf encoding.
 * Field numbers are those of onnx.proto (ONNX's schema, proto2); only the fields neurite uses are here.
 *
 *   ModelProto          ir_version 1, producer_name 2, producer_version 3, domain 4, model_version 5,
 *                       doc_string 6, graph 7, opset_import 8, metadata_props 14
 *   OperatorSetIdProto  domain 1, version 2
 *   StringStringEntryProto  key 1, value 2
 *   GraphProto          node 1, name 2, initializer 5, doc_string 10, input 11, output 12
 *   NodeProto           input 1, output 2, name 3, op_type 4, attribute 5, doc_string 6, domain 7
 *   AttributeProto      name 1, f 2, i 3, s 4, floats 7, ints 8, type 20
 *   TensorProto         dims 1, data_type 2, name 8, raw_data 9
 *   ValueInfoProto      name 1, type 2, doc_string 3
 *   TypeProto           tensor_type 1 → TypeProto.Tensor: elem_type 1, shape 2
 *   TensorShapeProto    dim 1 → Dimension: dim_value 1, dim_param 2
 */

/** TensorProto.DataType codes. */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;
export const ONNX_DOUBLE = 11;

/** AttributeProto.AttributeType codes. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7, strings: 8 } as const;

/** The tensor element types the exporter writes. */
export type OnnxElemType = 'float32' | 'float64';

/** An ONNX ModelProto as a plain object. */
export interface OnnxModel {
  /** The IR version: 7 goes with opset 13 (ONNX 1.8). */
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph: OnnxGraph;
  metadataProps?: { key: string; value: string }[];
}

/** An ONNX GraphProto: nodes, initializers, inputs and outputs. */
export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  docString?: string;
}

/** An ONNX NodeProto: one operator call. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  /** Empty: the default ONNX operator set (ai.onnx). */
  domain?: string;
  attributes?: OnnxAttribute[];
  docString?: string;
}

/** An ONNX AttributeProto of the kinds the exporter writes. */
export type OnnxAttribute =
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'string'; value: string }
  | { name: string; type: 'floats'; value: number[] }
  | { name: string; type: 'ints'; value: number[] }
  | { name: string; type: 'strings'; value: string[] };

/** A constant tensor (an initializer): weights, biases, normalization statistics, scalar constants, target shapes. */
export interface OnnxTensor {
  name: string;
  /** [] for a scalar. */
  dims: number[];
  /** The graph's float type, or int64 for the target shape of a Reshape node. */
  elemType: OnnxElemType | 'int64';
  /** Row-major values; stored as raw little-endian bytes in `elemType`. */
  values: ArrayLike<number>;
}

/** A graph input or output: a tensor type and a shape whose dimensions are sizes or symbolic names. */
export interface OnnxValueInfo {
  name: string;
  elemType: OnnxElemType;
  /** A number is a fixed size; a string a symbolic (dynamic) dimension such as "batch". */
  shape: (number | string)[];
  docString?: string;
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, model.irVersion);
  w.string(2, model.producerName);
  if (model.producerVersion !== undefined) w.string(3, model.producerVersion);
  if (model.domain !== undefined) w.string(4, model.domain);
  if (model.modelVersion !== undefined) w.int(5, model.modelVersion);
  if (model.docString !== undefined) w.string(6, model.docString);
  w.message(7, encodeGraph(model.graph));
  for (const opset of model.opsetImport) {
    w.message(8, new ProtoWriter().string(1, opset.domain).int(2, opset.version));
  }
  for (const { key, value } of model.metadataProps ?? []) {
    w.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return w.finish();
}

function encodeGraph(graph: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const node of graph.nodes) w.message(1, encodeNode(node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, encodeTensor(tensor));
  if (graph.docString !== undefined) w.string(10, graph.docString);
  for (const input of graph.inputs) w.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) w.message(12, encodeValueInfo(output));
  return w;
}

function encodeNode(node: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  if (node.name !== undefined) w.string(3, node.name);
  w.string(4, node.opType);
  for (const attribute of node.attributes ?? []) w.message(5, encodeAttribute(attribute));
  if (node.docString !== undefined) w.string(6, node.docString);
  if (node.domain !== undefined) w.string(7, node.domain);
  return w;
}

function encodeAttribute(attribute: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, attribute.name);
  switch (attribute.type) {
    case 'float':
      w.float(2, attribute.value);
      break;
    case 'int':
      w.int(3, attribute.value);
      break;
    case 'string':
      w.string(4, attribute.value);
      break;
    case 'floats':
      for (const v of attribute.value) w.float(7, v);
      break;
    case 'ints':
      for (const v of attribute.value) w.int(8, v);
      break;
    case 'strings':
      for (const v of attribute.value) w.string(9, v);
      break;
  }
  // The type discriminator is required since IR version 2.
  return w.int(20, ATTRIBUTE_TYPE[attribute.type]);
}

function encodeTensor(tensor: OnnxTensor): ProtoWriter {
  const w = new ProtoWriter();
  for (const dim of tensor.dims) w.int(1, dim);
  w.int(2, tensor.elemType === 'float64' ? ONNX_DOUBLE : tensor.elemType === 'int64' ? ONNX_INT64 : ONNX_FLOAT);
  w.string(8, tensor.name);
  w.bytes(9, rawLittleEndian(tensor.values, tensor.elemType));
  return w;
}

function encodeValueInfo(info: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of info.shape) {
    const d = new ProtoWriter();
    if (typeof dim === 'number') d.int(1, dim);
    else d.string(2, dim);
    shape.message(1, d);
  }
  const tensorType = new ProtoWriter().int(1, info.elemType === 'float64' ? ONNX_DOUBLE : ONNX_FLOAT).message(2, shape);
  const w = new ProtoWriter().string(1, info.name).message(2, new ProtoWriter().message(1, tensorType));
  if (info.docString !== undefined) w.string(3, info.docString);
  return w;
}

/** raw_data: fixed-width little-endian values (IEEE 754, or two's complement int64), as TensorProto requires whatever the host's byte order. */
function rawLittleEndian(values: ArrayLike<number>, elemType: OnnxElemType | 'int64'): Uint8Array {
  const width = elemType === 'float32' ? 4 : 8;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  if (elemType === 'int64') for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]!), true);
  else if (width === 8) for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  else for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}
