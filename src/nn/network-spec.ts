import type { ActivationLike } from '../activations/registry.js';
import { NeuriteError, describe, requireInteger } from '../errors.js';
import type { InitializerLike } from '../init/registry.js';
import type { Rng } from '../init/rng.js';
import type { DType } from '../tensor/matrix.js';
import type { Conv2DLayerSpec } from './conv2d-type.js';
import type { EmbeddingLayerSpec } from './embedding-type.js';
import type { Layer } from './layer.js';
import type { GRULayerSpec, LSTMLayerSpec, SimpleRNNLayerSpec } from './recurrent-type.js';
import { BUILT_IN_LAYERS, type LayerFields, type LayerType } from './layer-types.js';
import { formatShape, requireShape, sameShape, type Shape } from './shape.js';
import type { TimeDistributedLayerSpec } from './time-distributed-type.js';

/** A fully connected layer (`type` may be omitted: dense is the default). It takes a row: `[n]`. */
export interface DenseLayerSpec {
  type?: 'dense';
  units: number;
  activation?: ActivationLike;
  /** Default: the network's `initializer`, else `defaultInitializerFor(activation)`. */
  initializer?: InitializerLike;
  biasInitializer?: InitializerLike;
}

/** Inverted dropout on the previous layer's outputs (any shape; the output has the same). */
export interface DropoutLayerSpec {
  type: 'dropout';
  /** The probability that a value is zeroed while training, in [0, 1). */
  rate: number;
}

/** Declares the previous layer's output a row: `[h, w, c]` → `[h · w · c]` (see `Flatten`). */
export interface FlattenLayerSpec {
  type: 'flatten';
}

/** Declares the previous layer's output another shape of as many values (see `Reshape`). */
export interface ReshapeLayerSpec {
  type: 'reshape';
  /** The shape of one sample coming out, e.g. `[4, 4, 1]`. */
  shape: Shape;
}

/**
 * Max or average pooling over each channel of an image `[h, w, c]` (see `MaxPool2D`, `AvgPool2D`): gives
 * `[oh, ow, c]`.
 */
export interface Pool2DLayerSpec {
  type: 'maxPool2d' | 'avgPool2d';
  /** The window's `[height, width]`; `2` is short for `[2, 2]`. */
  poolSize: number | [number, number];
  /** How far the window moves (default: `poolSize`). */
  strides?: number | [number, number];
  /** 'valid' (default) or 'same' (padded to ceil(size / stride) outputs; padded cells are never values). */
  padding?: 'valid' | 'same';
}

/** The mean of each channel of an image: `[h, w, c]` → `[c]` (see `GlobalAvgPool2D`). */
export interface GlobalAvgPool2DLayerSpec {
  type: 'globalAvgPool2d';
}

/** Batch normalization of each feature of the last axis (see `BatchNorm`); any shape, the same out. */
export interface BatchNormLayerSpec {
  type: 'batchNorm';
  /** How far one training batch moves the running statistics, in [0, 1] (default 0.1). */
  momentum?: number;
  /** Added to the variance, > 0 (default 1e-5). */
  epsilon?: number;
}

/**
 * One layer of a {@link NetworkSpec}: a dense layer (the default type), dropout, flatten, reshape, conv2d, max
 * or average pooling, global average pooling, batch normalization, a recurrent layer (simpleRnn, lstm, gru), an
 * embedding (first layer only), or a dense layer at every time step.
 */
export type LayerSpec =
  | DenseLayerSpec
  | DropoutLayerSpec
  | FlattenLayerSpec
  | ReshapeLayerSpec
  | Conv2DLayerSpec
  | Pool2DLayerSpec
  | GlobalAvgPool2DLayerSpec
  | BatchNormLayerSpec
  | SimpleRNNLayerSpec
  | LSTMLayerSpec
  | GRULayerSpec
  | EmbeddingLayerSpec
  | TimeDistributedLayerSpec;

/** The shape of a network for {@link Network.create}: its input, layers, seed, precision and initializers. */
export interface NetworkSpec {
  /** Features per sample: short for `inputShape: [inputs]`. Give this or `inputShape`. */
  inputs?: number;
  /** The shape of one sample, e.g. `[28, 28, 1]` for an image (height, width, channels: channels last). */
  inputShape?: Shape;
  /** Layers from the first hidden one to the output. */
  layers: LayerSpec[];
  /** Seed of the xoshiro128** generator that draws the initial weights (default 42). */
  seed?: number;
  dtype?: DType;
  /**
   * Initializer for every layer's weights that names none (default: per layer, from its activation by
   * `defaultInitializerFor`; the seed's demo asks for its standard normal with `'normal'`).
   */
  initializer?: InitializerLike;
  biasInitializer?: InitializerLike;
}

/** One layer of a checked spec: its type, its checked fields, the shape it takes and the shape it gives. */
interface PlannedLayer {
  type: LayerType;
  spec: LayerSpec;
  inputShape: Shape;
  outputShape: Shape;
}

/**
 * Network.create in two steps: first every layer's shapes are inferred and checked (this function: nothing
 * is allocated, no weight is drawn), then the layers are built (`buildLayers`). A shape that does not fit is
 * a SHAPE_MISMATCH naming the layer (`layers[2] (dense)`), the shape it expects and the shape it got.
 * What each type checks and gives is its entry in ./layer-types.ts.
 * @internal
 */
export function planLayers(spec: NetworkSpec): PlannedLayer[] {
  if (spec === null || typeof spec !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `Network.create needs a spec object, got ${describe(spec)}`);
  }
  let shape = networkInputShape(spec.inputs, spec.inputShape);
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    throw new NeuriteError('INVALID_ARGUMENT', `A network needs at least one layer in "layers", got ${describe(spec.layers)}`);
  }
  return spec.layers.map((layer, i) => {
    const planned = planLayer(layer, i, shape);
    shape = planned.outputShape;
    return planned;
  });
}

/** The network's input shape from `inputs` (short for `[inputs]`) and/or `inputShape`, which must agree. */
function networkInputShape(inputs: unknown, inputShape: unknown): Shape {
  if (inputShape === undefined) return Object.freeze([requireInteger('inputs', inputs)]);
  const shape = requireShape('inputShape', inputShape);
  if (inputs !== undefined && !(shape.length === 1 && shape[0] === inputs)) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `inputs: ${describe(inputs)} (short for [${describe(inputs)}]) and inputShape: ${formatShape(shape)} disagree; give one of them`,
      { field: 'inputShape', expected: [inputs], actual: [...shape] },
    );
  }
  return shape;
}

function planLayer(layer: LayerSpec, i: number, inputShape: Shape): PlannedLayer {
  const kind: unknown = layer?.type ?? 'dense';
  const type = typeof kind === 'string' ? BUILT_IN_LAYERS.get(kind) : undefined;
  if (type === undefined) {
    const names = [...BUILT_IN_LAYERS.keys()];
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `layers[${i}].type: unknown layer type ${describe(kind)}; expected "dense" (the default), ${names
        .slice(1, -1)
        .map((n) => `"${n}"`)
        .join(', ')} or "${names.at(-1)}"`,
      { field: `layers[${i}].type`, expected: names, actual: kind },
    );
  }
  const fields = type.fields(layer, `layers[${i}]`);
  if (type.firstOnly !== undefined && i > 0) throw notFirst(`layers[${i}]`, kind as string, type.firstOnly);
  const outputShape = type.outputShape(`layers[${i}] (${kind as string})`, inputShape, fields);
  return { type, spec: layer, inputShape, outputShape };
}

/** The error of a layer that can only come first (`why`: its type's `firstOnly`) placed later. @internal */
export function notFirst(at: string, kind: string, why: string): NeuriteError {
  return new NeuriteError('INVALID_ARGUMENT', `${at} (${kind}) is not the first layer; ${why}`, { field: at });
}

/**
 * The shape a built-in layer gives from the shape it takes (shared by Network.create and the model file's
 * validation): dense `[units]` from a row `[n]`, dropout the same shape, flatten `[size]`, reshape `shape`
 * of the same size. Anything else is a SHAPE_MISMATCH naming the layer (`name`), expected and actual.
 * @internal
 */
export function layerOutputShape(name: string, kind: string, input: Shape, fields: LayerFields): Shape {
  return BUILT_IN_LAYERS.get(kind)!.outputShape(name, input, fields);
}

/** The layers of a plan from `planLayers`, weights drawn from `rng` in layer order. @internal */
export function buildLayers(plan: PlannedLayer[], network: NetworkSpec, rng: Rng, dtype: DType): Layer[] {
  return plan.map(({ type, spec, inputShape, outputShape }) => type.fromSpec({ spec, inputShape, outputShape, network, rng, dtype }));
}

/**
 * Throws SHAPE_MISMATCH unless each layer takes the shape the one before it gives (and every layer declares
 * its shapes), naming both layers: `layers[2] (dense) takes [16] but layers[1] (reshape) gives [4, 4]`.
 * @internal
 */
export function checkLayerChain(layers: readonly Layer[]): void {
  layers.forEach((layer, i) => {
    if (!Array.isArray(layer.inputShape) || !Array.isArray(layer.outputShape)) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `layers[${i}] (${String(layer.type)}) does not declare its inputShape and outputShape; every layer must (see the Layer interface)`,
        { field: `layers[${i}]` },
      );
    }
    const previous = layers[i - 1];
    const firstOnly = BUILT_IN_LAYERS.get(layer.type)?.firstOnly;
    if (firstOnly !== undefined && i > 0) throw notFirst(`layers[${i}]`, layer.type, firstOnly);
    if (previous !== undefined && !sameShape(layer.inputShape, previous.outputShape)) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `layers[${i}] (${layer.type}) takes ${formatShape(layer.inputShape)} but layers[${i - 1}] (${previous.type}) gives ${formatShape(previous.outputShape)}` +
          (layer.inputShape.length === 1 && previous.outputShape.length > 1 && layer.inputSize === previous.outputSize
            ? '; put a flatten layer between them'
            : ''),
        { field: `layers.${i}`, expected: [...previous.outputShape], actual: [...layer.inputShape] },
      );
    }
  });
}
