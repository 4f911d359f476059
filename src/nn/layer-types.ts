import type { ActivationLike } from '../activations/registry.js';
import { NeuriteError, requireInteger } from '../errors.js';
import type { Rng } from '../init/rng.js';
import type { DType } from '../tensor/matrix.js';
import { conv2dType, type Conv2DFields } from './conv2d-type.js';
import { Dense } from './dense.js';
import { embeddingType } from './embedding-type.js';
import { Dropout, requireDropoutRate } from './dropout.js';
import { avgPool2dType } from './avg-pool2d.js';
import { batchNormType } from './batch-norm-type.js';
import { Flatten } from './flatten.js';
import { globalAvgPool2dType } from './global-avg-pool2d.js';
import type { Layer } from './layer.js';
import type { LayerFactory } from './layer-registry.js';
import { maxPool2dType } from './max-pool2d.js';
import type { DenseLayerSpec, DropoutLayerSpec, LayerSpec, NetworkSpec, ReshapeLayerSpec } from './network-spec.js';
import type { Padding } from './conv-geometry.js';
import { Reshape, reshapeMismatch } from './reshape.js';
import { gruType, lstmType, simpleRnnType } from './recurrent-type.js';
import { timeDistributedType } from './time-distributed-type.js';
import { formatShape, requireShape, shapeSize, type Shape } from './shape.js';

/** A spec's own fields once checked: what a layer type's shape rule and builder read. */
export interface LayerFields {
  units?: number;
  rate?: number;
  shape?: Shape;
  conv?: Conv2DFields;
  /** maxPool2d, avgPool2d: the window `[height, width]`, its strides and its padding. */
  poolSize?: readonly [number, number];
  strides?: readonly [number, number];
  padding?: Padding;
  /** batchNorm */
  momentum?: number;
  epsilon?: number;
  /** simpleRnn, lstm, gru: every step's state `[T, units]` rather than the last `[units]`. */
  returnSequences?: boolean;
  /** embedding */
  embedding?: { vocabularySize: number; dimensions: number; paddingId?: number };
}

/** What `Network.create` tells a layer type's builder: the planned shapes, the network's spec, the generator. */
export interface SpecContext {
  spec: LayerSpec;
  inputShape: Shape;
  outputShape: Shape;
  network: NetworkSpec;
  rng: Rng;
  dtype: DType;
}

/**
 * Everything the library knows of one built-in layer type, in one place: the checks of its spec's fields
 * (`at` is `layers[2]`), the shape it gives from the shape it takes (a SHAPE_MISMATCH naming `name`
 * otherwise; the model file's validation uses the same rule), how `Network.create` builds it from a spec, and
 * how `Network.fromJSON` rebuilds it from its `toJSON()`. A new layer type is one more entry here.
 */
export interface LayerType {
  fields(spec: LayerSpec, at: string): LayerFields;
  outputShape(name: string, input: Shape, fields: LayerFields): Shape;
  fromSpec(context: SpecContext): Layer;
  fromJSON: LayerFactory;
  /** Set (to the reason) for a type that can only be a network's first layer. */
  firstOnly?: string;
}

const dense: LayerType = {
  fields: (spec, at) => ({ units: requireInteger(`${at}.units`, (spec as DenseLayerSpec).units) }),
  outputShape(name, input, { units }) {
    if (input.length !== 1) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `${name} takes a row of features [n] but gets ${formatShape(input)}; put a flatten layer ({ type: 'flatten' }) before it to make it [${shapeSize(input)}]`,
        { expected: '[n]', actual: [...input] },
      );
    }
    return Object.freeze([units!]);
  },
  fromSpec({ spec, inputShape, outputShape, network, rng, dtype }) {
    const layer = spec as DenseLayerSpec;
    return new Dense({
      inputShape,
      units: outputShape[0]!,
      activation: layer.activation ?? 'sigmoid',
      dtype,
      // undefined → Dense picks defaultInitializerFor(activation)
      initializer: layer.initializer ?? network.initializer,
      biasInitializer: layer.biasInitializer ?? network.biasInitializer ?? 'zeros',
      rng,
    });
  },
  fromJSON(json, { dtype }) {
    const inputs = json['inputs'] as number;
    const units = json['units'] as number;
    const w = json['weights'] as number[];
    const rows: number[][] = [];
    for (let j = 0; j < units; j++) rows.push(w.slice(j * inputs, (j + 1) * inputs));
    return new Dense({ inputs, units, activation: json['activation'] as ActivationLike, weights: rows, bias: json['bias'] as number[], dtype });
  },
};

const dropout: LayerType = {
  fields: (spec, at) => ({ rate: requireDropoutRate(`${at}.rate`, (spec as DropoutLayerSpec).rate) }),
  outputShape: (_name, input) => input,
  fromSpec: ({ spec, inputShape, dtype }) => new Dropout({ inputShape, rate: (spec as DropoutLayerSpec).rate, dtype }),
  fromJSON: (json, { inputShape, dtype }) =>
    new Dropout({ inputs: json['inputs'] as number, inputShape: inputShape ?? undefined, rate: json['rate'] as number, dtype }),
};

const flatten: LayerType = {
  fields: () => ({}),
  outputShape: (_name, input) => Object.freeze([shapeSize(input)]),
  fromSpec: ({ inputShape, dtype }) => new Flatten({ inputShape, dtype }),
  fromJSON: (_json, { inputShape, path, dtype }) => new Flatten({ inputShape: knownInput(inputShape, 'flatten', path), dtype }),
};

const reshape: LayerType = {
  fields: (spec, at) => ({ shape: requireShape(`${at}.shape`, (spec as ReshapeLayerSpec).shape) }),
  outputShape(name, input, { shape }) {
    if (shapeSize(shape!) !== shapeSize(input)) throw reshapeMismatch(name, input, shape!);
    return shape!;
  },
  fromSpec: ({ inputShape, outputShape, dtype }) => new Reshape({ inputShape, shape: outputShape, dtype }),
  fromJSON: (json, { inputShape, path, dtype }) => new Reshape({ inputShape: knownInput(inputShape, 'reshape', path), shape: json['shape'] as Shape, dtype }),
};

function knownInput(inputShape: Shape | null, type: string, path: string): Shape {
  if (inputShape === null) {
    throw new NeuriteError('MODEL_FORMAT', `${path}: a ${type} layer needs the shape of its input: record the network's "inputShape"`, { path });
  }
  return inputShape;
}

/** The built-in layer types by name, in the order messages list them. @internal */
export const BUILT_IN_LAYERS: ReadonlyMap<string, LayerType> = new Map([
  ['dense', dense],
  ['dropout', dropout],
  ['flatten', flatten],
  ['reshape', reshape],
  ['conv2d', conv2dType],
  ['maxPool2d', maxPool2dType],
  ['avgPool2d', avgPool2dType],
  ['globalAvgPool2d', globalAvgPool2dType],
  ['batchNorm', batchNormType],
  ['simpleRnn', simpleRnnType],
  ['lstm', lstmType],
  ['gru', gruType],
  ['embedding', embeddingType],
  ['timeDistributed', timeDistributedType],
]);
