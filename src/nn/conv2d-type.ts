import type { ActivationLike } from '../activations/registry.js';
import { NeuriteError, describe, requireInteger } from '../errors.js';
import type { InitializerLike } from '../init/registry.js';
import { requirePadding, requirePair, windowGeometry, type Padding, type Pair } from './conv-geometry.js';
import { Conv2D } from './conv2d.js';
import type { LayerFields, LayerType } from './layer-types.js';
import type { Shape } from './shape.js';

/** A 2-D convolution over images `[h, w, c]` (see `Conv2D`); it gives `[oh, ow, filters]`. */
export interface Conv2DLayerSpec {
  type: 'conv2d';
  /** Filters (output channels). */
  filters: number;
  /** `k` for a k × k kernel, or `[kh, kw]`. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /** Default `'valid'` (no padding); `'same'` pads with zeros so that out = ceil(in / stride). */
  padding?: Padding;
  /** Default 1. */
  dilation?: number | [number, number];
  /** Default `'relu'`. */
  activation?: ActivationLike;
  /** Default true. */
  useBias?: boolean;
  /** Default: the network's `initializer`, else `defaultInitializerFor(activation)`. */
  initializer?: InitializerLike;
  biasInitializer?: InitializerLike;
}

/** A convolution's checked fields (the spec's and the model file's, which use the same names). */
export interface Conv2DFields {
  filters: number;
  kernelSize: Pair;
  strides: Pair;
  dilation: Pair;
  padding: Padding;
}

/** A conv2d spec's (or its JSON's) own fields, checked; `at` is `layers[0]`. @internal */
export function conv2dFields(spec: object, at: string): Conv2DFields {
  const s = spec as Partial<Record<keyof Conv2DLayerSpec, unknown>>;
  if (s.useBias !== undefined && typeof s.useBias !== 'boolean') {
    throw new NeuriteError('INVALID_ARGUMENT', `${at}.useBias must be true or false, got ${describe(s.useBias)}`, {
      field: `${at}.useBias`,
      actual: s.useBias,
    });
  }
  return {
    filters: requireInteger(`${at}.filters`, s.filters),
    kernelSize: requirePair(`${at}.kernelSize`, s.kernelSize),
    strides: requirePair(`${at}.strides`, s.strides, 1),
    dilation: requirePair(`${at}.dilation`, s.dilation, 1),
    padding: requirePadding(`${at}.padding`, s.padding),
  };
}

/** The shape a convolution gives: `[oh, ow, filters]` from `[h, w, c]` (a SHAPE_MISMATCH naming `name` otherwise). @internal */
export function conv2dOutputShape(name: string, input: Shape, { conv }: LayerFields): Shape {
  const { filters, kernelSize, strides, dilation, padding } = conv!;
  const g = windowGeometry(name, input, kernelSize, strides, dilation, padding);
  return Object.freeze([g.outHeight, g.outWidth, filters]);
}

/** The conv2d layer type: its spec's checks, its shape rule, and its builds from a spec and from JSON. @internal */
export const conv2dType: LayerType = {
  fields: (spec, at) => ({ conv: conv2dFields(spec, at) }),
  outputShape: conv2dOutputShape,
  fromSpec({ spec, inputShape, network, rng, dtype }) {
    const layer = spec as Conv2DLayerSpec;
    return new Conv2D({
      inputShape,
      filters: layer.filters,
      kernelSize: layer.kernelSize,
      strides: layer.strides,
      padding: layer.padding,
      dilation: layer.dilation,
      activation: layer.activation ?? 'relu',
      useBias: layer.useBias,
      dtype,
      initializer: layer.initializer ?? network.initializer,
      biasInitializer: layer.biasInitializer ?? network.biasInitializer ?? 'zeros',
      rng,
    });
  },
  fromJSON: (json, { dtype }) =>
    new Conv2D({
      inputShape: json['inputShape'] as Shape,
      filters: json['filters'] as number,
      kernelSize: json['kernelSize'] as Pair,
      strides: json['strides'] as Pair,
      padding: json['padding'] as Padding,
      dilation: json['dilation'] as Pair,
      activation: json['activation'] as ActivationLike,
      useBias: json['useBias'] as boolean,
      weights: json['weights'] as number[],
      bias: json['bias'] as number[],
      dtype,
    }),
};
