import type { Embedding } from '../nn/embedding.js';
import type { Layer } from '../nn/layer.js';
import type { Recurrent } from '../nn/recurrent.js';
import type { SimpleRNN } from '../nn/simple-rnn.js';
import type { TimeDistributed } from '../nn/time-distributed.js';
import { activationExport } from './activation-ops.js';
import type { GraphBuilder } from './graph-builder.js';
import type { ExportedImageLayer, FiniteCheck, Flow } from './image-ops.js';
import { RECURRENT_OPERATORS, exportRecurrent } from './recurrent-ops.js';

/**
 * The sequence layers in ONNX. A sequence flows through the graph as neurite holds one, [batch, T, F]
 * (step-major, features last): the recurrent operators' own [T, batch, F] stays inside exportRecurrent.
 */
export const SEQUENCE_LAYER_TYPES = ['embedding', 'timeDistributed', ...Object.keys(RECURRENT_OPERATORS)];

/** Appends the ops of one sequence layer (a type of SEQUENCE_LAYER_TYPES) to the graph; `flow` is channels last. */
export function exportSequenceLayer(g: GraphBuilder, layer: Layer, flow: Flow, where: string, finite: FiniteCheck): ExportedImageLayer {
  if (layer.type === 'embedding')
    return { flow: { value: embedding(g, layer as Embedding, flow.value, where, finite), channelsFirst: false }, words: 'embedding' };
  if (layer.type === 'timeDistributed') return timeDistributed(g, layer as TimeDistributed, flow.value, where, finite);
  const recurrent = layer as Recurrent;
  const value = exportRecurrent(g, recurrent, flow.value, where, finite);
  const activation = layer.type === 'simpleRnn' ? (layer as SimpleRNN).activation : 'tanh';
  const words = `${layer.type} ${recurrent.units}${recurrent.returnSequences ? ' (sequence)' : ''}${recurrent.maskTrailingZeros ? ' (masked)' : ''}`;
  return { flow: { value, channelsFirst: false }, words, activation };
}

/**
 * out[n, t, :] = E[id[n, t], :]: Gather(E, Cast(ids, int64)) along E's rows. The ids arrive as numbers in the
 * graph's float type (neurite's batch matrix holds them so); Cast truncates toward zero, and ONNX Runtime
 * refuses an id outside [0, vocabularySize) as neurite does. neurite reads paddingId as zeros whatever its
 * row holds, so that row is written as zeros.
 */
function embedding(g: GraphBuilder, layer: Embedding, ids: string, where: string, finite: FiniteCheck): string {
  const values = Float64Array.from(finite(layer.embeddings, `${where}.embeddings`));
  const d = layer.dimensions;
  if (layer.paddingId !== null) values.fill(0, layer.paddingId * d, (layer.paddingId + 1) * d);
  const table = g.constant(`${where}.embeddings`, [layer.vocabularySize, d], values);
  const index = g.op('Cast', [ids], [{ name: 'to', type: 'int', value: ONNX_INT64 }]);
  return g.op('Gather', [table, index], [{ name: 'axis', type: 'int', value: 0 }]);
}

/** TensorProto.DataType INT64. */
const ONNX_INT64 = 7;

/**
 * The dense layer at every step, as neurite computes it: the batch [batch, T, F] read as [batch·T, F]
 * (Reshape [−1, F]), Z = X · Wᵀ + b (Gemm, transB = 1), the activation on each row (a softmax over one
 * step's units), then back to [batch, T, units] (Reshape [−1, T, units]).
 */
function timeDistributed(g: GraphBuilder, layer: TimeDistributed, x: string, where: string, finite: FiniteCheck): ExportedImageLayer {
  const dense = layer.layer;
  const rows = g.op('Reshape', [x, g.shapeConstant(`${where}.stepRows`, [-1, dense.inputSize])]);
  const w = g.constant(`${where}.weights`, [dense.outputSize, dense.inputSize], finite(dense.weights, `${where}.weights`));
  const b = g.constant(`${where}.bias`, [dense.outputSize], finite(dense.bias, `${where}.bias`));
  const z = g.op('Gemm', [rows, w, b], [{ name: 'transB', type: 'int', value: 1 }]);
  const { spec, mapping } = activationExport(dense.activation, `${where}.activation`);
  const y = mapping.emit(g, z, spec, `${where}.activation`);
  const value = g.op('Reshape', [y, g.shapeConstant(`${where}.shape`, [-1, layer.timeSteps, dense.outputSize])]);
  return { flow: { value, channelsFirst: false }, words: `${dense.outputSize} (${spec.name}) at every step`, activation: spec.name };
}
