/**
 * What a convolutional network sees: one sample's feature maps layer by layer, and the first layer's
 * filters, as plain numbers and as pixels. Pure functions over the library (no DOM, no Node), so the
 * training report (PNG images, ./conv-sections.ts) and the playground's image mode (canvases) draw the same
 * pictures from the same numbers.
 */
import { getBackend } from '../backend/index.js';
import type { Conv2D } from '../nn/conv2d.js';
import type { ForwardContext } from '../nn/layer.js';
import type { Network } from '../nn/network.js';
import { Matrix } from '../tensor/matrix.js';
import { COLORS } from './charts.js';

/** The layer types whose outputs are drawn as feature maps. */
const MAP_TYPES = new Set(['conv2d', 'maxPool2d', 'avgPool2d']);

/** One image-shaped value: the input, or a conv or pool layer's output, for one sample. */
export interface FeatureMap {
  /** The layer's index in `network.layers` (0-based); -1 for the input. */
  layer: number;
  /** The layer's type (`conv2d`, `maxPool2d`, `avgPool2d`), or `input`. */
  type: string;
  /** [height, width, channels]. */
  shape: [number, number, number];
  /** h·w·c values, channels last: value (y, x, c) at (y·w + x)·c + c. */
  values: number[];
}

/** One sample through a network, layer by layer. */
export interface FeatureMapTrace {
  /** The input image, then the output of every conv2d, maxPool2d and avgPool2d layer, in order. */
  maps: FeatureMap[];
  /** The network's output for the sample (the class probabilities of a softmax classifier). */
  output: number[];
}

/** Whether a network takes images and starts with a convolution: the networks whose filters are drawn. */
export function startsWithConv(network: Network): boolean {
  return network.inputShape.length === 3 && network.layers[0]?.type === 'conv2d';
}

/**
 * Runs one sample (its network inputs, preprocessed: one row of h·w·c values) through the network in
 * inference mode, keeping the input image and every conv and pool layer's output. Null for a network
 * that does not take images.
 */
export function featureMaps(network: Network, sample: ArrayLike<number>): FeatureMapTrace | null {
  const shape = network.inputShape;
  if (shape.length !== 3) return null;
  const ctx: ForwardContext = { training: false, backend: network.backend ?? getBackend() };
  let x = Matrix.from([Array.from(sample)], network.dtype, 'sample');
  const maps: FeatureMap[] = [{ layer: -1, type: 'input', shape: [shape[0]!, shape[1]!, shape[2]!], values: Array.from(x.data) }];
  network.layers.forEach((layer, i) => {
    x = layer.forward(x, ctx);
    const out = layer.outputShape;
    // The output is the layer's reused buffer: copy it out.
    if (MAP_TYPES.has(layer.type) && out.length === 3)
      maps.push({ layer: i, type: layer.type, shape: [out[0]!, out[1]!, out[2]!], values: Array.from(x.data) });
  });
  return { maps, output: Array.from(x.data) };
}

/**
 * One channel of a feature map as gray pixels (h·w bytes), on the scale of the whole map: the smallest value
 * of any channel black, the largest white (all equal: black). One scale per layer shows which channels
 * respond most, and still draws a 1 × 1 map.
 */
export function mapPixels(map: FeatureMap, channel: number): Uint8Array {
  const [h, w, c] = map.shape;
  const out = new Uint8Array(h * w);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of map.values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return out;
  for (let p = 0; p < h * w; p++) out[p] = Math.round((255 * (map.values[p * c + channel]! - lo)) / (hi - lo));
  return out;
}

/** The first conv layer's filters: weights filters × kh × kw × c, each filter's in (ky, kx, c) order. */
export interface ConvFilters {
  /** The layer's index in `network.layers`. */
  layer: number;
  count: number;
  kernelSize: [number, number];
  channels: number;
  weights: number[];
}

/** The filters of the network's first layer when it is a conv2d layer, else null. */
export function firstFilters(network: Network): ConvFilters | null {
  if (!startsWithConv(network)) return null;
  const conv = network.layers[0] as Conv2D;
  return {
    layer: 0,
    count: conv.filters,
    kernelSize: [conv.kernelSize[0], conv.kernelSize[1]],
    channels: conv.inputShape[2]!,
    weights: Array.from(conv.weights),
  };
}

/** The weight w[f, ky, kx, c] of a filter set (the order of Conv2D.weights). */
export function filterWeight(filters: ConvFilters, f: number, ky: number, kx: number, c: number): number {
  const [kh, kw] = filters.kernelSize;
  return filters.weights[((f * kh + ky) * kw + kx) * filters.channels + c]!;
}

/** The largest |w| of filter f: its colours are scaled by it, so every filter uses the full range. */
export function filterScale(filters: ConvFilters, f: number): number {
  const size = filters.kernelSize[0] * filters.kernelSize[1] * filters.channels;
  let max = 0;
  for (let i = f * size; i < (f + 1) * size; i++) max = Math.max(max, Math.abs(filters.weights[i]!));
  return max;
}

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const POSITIVE = rgb(COLORS.positive);
const NEGATIVE = rgb(COLORS.negative);

/**
 * A weight as a diverging colour: white for 0, blue (the charts' positive colour) up to +scale, orange
 * (negative) down to −scale: t = w / scale, colour = white + |t| · (end − white).
 */
export function weightColor(w: number, scale: number): [number, number, number] {
  const t = scale > 0 ? Math.max(-1, Math.min(1, w / scale)) : 0;
  const end = t >= 0 ? POSITIVE : NEGATIVE;
  return end.map((e) => Math.round(255 + Math.abs(t) * (e - 255))) as [number, number, number];
}
