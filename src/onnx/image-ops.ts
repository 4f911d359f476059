import type { BatchNorm } from '../nn/batch-norm.js';
import type { Conv2D } from '../nn/conv2d.js';
import type { Layer } from '../nn/layer.js';
import type { Pool2D } from '../nn/pool2d.js';
import type { FloatArray } from '../tensor/matrix.js';
import { activationExport } from './activation-ops.js';
import type { GraphBuilder } from './graph-builder.js';
import type { OnnxAttribute } from './onnx-messages.js';

/**
 * The image layers in ONNX. neurite keeps an image channels last, [batch, h, w, c]; ONNX's Conv, MaxPool,
 * AveragePool, GlobalAveragePool and BatchNormalization read channels first, [batch, c, h, w]. So the value
 * flowing through the graph carries its layout: a Transpose (perm [0, 3, 1, 2]) goes in front of the first
 * layer that needs channels first, usually right at the graph's input, and one back (perm [0, 2, 3, 1]) in
 * front of the first layer that reads neurite's own (y, x, c) order: a flatten or reshape before a dense layer,
 * or the graph's output. The exported graph takes exactly neurite's input and gives exactly its output.
 */
export interface Flow {
  /** The name of the current value. */
  value: string;
  /** Whether its last sample axis (the channels) has been moved to axis 1. */
  channelsFirst: boolean;
}

/** The layer types this file exports. */
export const IMAGE_LAYER_TYPES = ['conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'batchNorm'];

/** `finite(values, what)`: the exporter's check that a parameter holds no NaN or infinity. */
export type FiniteCheck = (values: FloatArray, what: string) => FloatArray;

/** What one image layer became: the new flow, words for the graph's doc string, a conv's activation name. */
export interface ExportedImageLayer {
  flow: Flow;
  words: string;
  activation?: string;
}

/** Appends the ops of one image layer (a type of IMAGE_LAYER_TYPES) to the graph. */
export function exportImageLayer(g: GraphBuilder, layer: Layer, flow: Flow, where: string, finite: FiniteCheck): ExportedImageLayer {
  switch (layer.type) {
    case 'conv2d':
      return conv(g, layer as Conv2D, flow, where, finite);
    case 'maxPool2d':
    case 'avgPool2d':
      return pool(g, layer as Pool2D, flow);
    case 'globalAvgPool2d': {
      // [batch, c, h, w] → GlobalAveragePool → [batch, c, 1, 1] → Flatten → [batch, c], neurite's [c].
      const pooled = g.op('GlobalAveragePool', [channelsFirst(g, flow, layer.inputShape.length)]);
      return { flow: { value: g.op('Flatten', [pooled], [{ name: 'axis', type: 'int', value: 1 }]), channelsFirst: false }, words: 'global average pool' };
    }
    default:
      return batchNorm(g, layer as BatchNorm, flow, where, finite);
  }
}

/**
 * Z = conv(X, W) + b, then the activation. neurite's weights are [filters, kh, kw, c] (each filter in the
 * (ky, kx, c) order of an im2col patch row); ONNX's are [M, C, kH, kW]:
 *   W_onnx[f][c][ky][kx] = weights[((f·kh + ky)·kw + kx)·C + c]
 * Padding: neurite's padTop/padLeft before, and after whatever the last window reaches past the input,
 *   after = max(0, (out − 1)·s + (k − 1)·d + 1 − in − before)
 * (for 'same' that is total − before; for 'valid' 0), so ONNX's floor((in + pads − ((k − 1)·d + 1)) / s) + 1
 * gives neurite's output size.
 */
function conv(g: GraphBuilder, layer: Conv2D, flow: Flow, where: string, finite: FiniteCheck): ExportedImageLayer {
  const [h, w, c] = layer.inputShape as [number, number, number];
  const [kh, kw] = layer.kernelSize;
  const f = layer.filters;
  const weights = finite(layer.weights, `${where}.weights`);
  const transposed = new Float64Array(weights.length);
  for (let o = 0; o < f; o++) {
    for (let ch = 0; ch < c; ch++) {
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) transposed[((o * c + ch) * kh + ky) * kw + kx] = weights[((o * kh + ky) * kw + kx) * c + ch]!;
      }
    }
  }
  const inputs = [channelsFirst(g, flow, 3), g.constant(`${where}.weights`, [f, c, kh, kw], transposed)];
  if (layer.useBias) inputs.push(g.constant(`${where}.bias`, [f], finite(layer.bias, `${where}.bias`)));
  const [oh, ow] = layer.outputShape as [number, number, number];
  const z = g.op('Conv', inputs, [
    { name: 'dilations', type: 'ints', value: [...layer.dilation] },
    { name: 'group', type: 'int', value: 1 },
    { name: 'kernel_shape', type: 'ints', value: [kh, kw] },
    { name: 'pads', type: 'ints', value: pads([h, w], [oh, ow], [kh, kw], layer.strides, layer.dilation, [layer.padTop, layer.padLeft]) },
    { name: 'strides', type: 'ints', value: [...layer.strides] },
  ]);
  const { spec, mapping } = activationExport(layer.activation, `${where}.activation`);
  if (mapping.kind === 'elementwise') {
    const value = mapping.emit(g, z, spec, `${where}.activation`);
    return { flow: { value, channelsFirst: true }, words: `conv ${kh}×${kw}×${f} (${spec.name})`, activation: spec.name };
  }
  // A row-wise activation (softmax) acts on each output position's filters, the last axis of neurite's order.
  const value = mapping.emit(g, channelsLast(g, { value: z, channelsFirst: true }, 3), spec, `${where}.activation`);
  return { flow: { value, channelsFirst: false }, words: `conv ${kh}×${kw}×${f} (${spec.name})`, activation: spec.name };
}

/** MaxPool ignores padded cells; AveragePool with count_include_pad = 0 divides by the real cells only. */
function pool(g: GraphBuilder, layer: Pool2D, flow: Flow): ExportedImageLayer {
  const [h, w] = layer.inputShape as [number, number, number];
  const [oh, ow] = layer.outputShape as [number, number, number];
  const [ph, pw] = layer.poolSize;
  const max = layer.type === 'maxPool2d';
  const attributes: OnnxAttribute[] = [
    { name: 'kernel_shape', type: 'ints', value: [ph, pw] },
    { name: 'pads', type: 'ints', value: pads([h, w], [oh, ow], [ph, pw], layer.strides, [1, 1], [layer.padTop, layer.padLeft]) },
    { name: 'strides', type: 'ints', value: [...layer.strides] },
  ];
  if (!max) attributes.unshift({ name: 'count_include_pad', type: 'int', value: 0 });
  const value = g.op(max ? 'MaxPool' : 'AveragePool', [channelsFirst(g, flow, 3)], attributes);
  return { flow: { value, channelsFirst: true }, words: `${max ? 'max' : 'average'} pool ${ph}×${pw}` };
}

/**
 * Inference: y = (x − runningMean) / √(runningVar + ε) · γ + β for each feature of the last axis, which ONNX's
 * BatchNormalization reads at axis 1: a channel of an image, a unit of a row.
 */
function batchNorm(g: GraphBuilder, layer: BatchNorm, flow: Flow, where: string, finite: FiniteCheck): ExportedImageLayer {
  const rank = layer.inputShape.length;
  const n = layer.inputShape[rank - 1]!;
  const x = rank > 1 ? channelsFirst(g, flow, rank) : flow.value;
  const value = g.op(
    'BatchNormalization',
    [
      x,
      g.constant(`${where}.gamma`, [n], finite(layer.gamma, `${where}.gamma`)),
      g.constant(`${where}.beta`, [n], finite(layer.beta, `${where}.beta`)),
      g.constant(`${where}.runningMean`, [n], finite(layer.runningMean, `${where}.runningMean`)),
      g.constant(`${where}.runningVar`, [n], finite(layer.runningVar, `${where}.runningVar`)),
    ],
    [{ name: 'epsilon', type: 'float', value: layer.epsilon }],
  );
  return { flow: { value, channelsFirst: rank > 1 }, words: 'batch norm' };
}

/** ONNX's pads [top, left, bottom, right]: neurite's before, and what the last window reaches past the input. */
function pads(
  input: readonly [number, number],
  output: readonly [number, number],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilation: readonly [number, number],
  before: readonly [number, number],
): number[] {
  const after = [0, 1].map((a) => Math.max(0, (output[a]! - 1) * strides[a]! + (kernel[a]! - 1) * dilation[a]! + 1 - input[a]! - before[a]!));
  return [before[0], before[1], after[0]!, after[1]!];
}

/**
 * The value with the channels at axis 1: a Transpose moving a sample's last axis (of `sampleRank`) there,
 * unless it is there already. For an image, perm [0, 3, 1, 2] (NHWC → NCHW).
 */
export function channelsFirst(g: GraphBuilder, flow: Flow, sampleRank: number): string {
  if (flow.channelsFirst) return flow.value;
  const perm = [0, sampleRank, ...Array.from({ length: sampleRank - 1 }, (_, i) => i + 1)];
  return g.op('Transpose', [flow.value], [{ name: 'perm', type: 'ints', value: perm }]);
}

/** The value in neurite's own order (channels last): the inverse Transpose, perm [0, 2, 3, 1] for an image. */
export function channelsLast(g: GraphBuilder, flow: Flow, sampleRank: number): string {
  if (!flow.channelsFirst) return flow.value;
  const perm = [0, ...Array.from({ length: sampleRank - 1 }, (_, i) => i + 2), 1];
  return g.op('Transpose', [flow.value], [{ name: 'perm', type: 'ints', value: perm }]);
}
