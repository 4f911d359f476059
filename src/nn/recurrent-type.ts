import { requireInteger } from '../errors.js';
import type { InitializerLike } from '../init/registry.js';
import type { LayerFields, LayerType, SpecContext } from './layer-types.js';
import type { LayerBuildContext } from './layer-registry.js';
import type { LayerJSON } from './layer.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { Recurrent, RecurrentOptions } from './recurrent.js';
import { recurrentOutputShape, requireFlag } from './recurrent-checks.js';
import type { Shape } from './shape.js';
import { SimpleRNN, requireRnnActivation } from './simple-rnn.js';

/** What the recurrent layers' specs share (see `LSTM`); they take a sequence `[timeSteps, features]`. */
interface RecurrentSpecFields {
  units: number;
  /** False (default): the last state `[units]`; true: every step's `[timeSteps, units]` (for another recurrent layer). */
  returnSequences?: boolean;
  /** True: steps after a sample's last step whose features are not all zero are padding (default false). */
  maskTrailingZeros?: boolean;
  /** The input weights' initializer (default `glorot_uniform`; the recurrent weights are orthogonal). */
  initializer?: InitializerLike;
}

/** A long short-term memory layer (see `LSTM`). */
export interface LSTMLayerSpec extends RecurrentSpecFields {
  type: 'lstm';
}

/** A gated recurrent unit layer (see `GRU`). */
export interface GRULayerSpec extends RecurrentSpecFields {
  type: 'gru';
}

/** The plain recurrent layer h_t = f(W x_t + U h_{t−1} + b) (see `SimpleRNN`). */
export interface SimpleRNNLayerSpec extends RecurrentSpecFields {
  type: 'simpleRnn';
  /** 'tanh' (default) or 'relu'. */
  activation?: 'tanh' | 'relu';
}

/** The checked fields of a recurrent spec (or its JSON: the same names). */
function recurrentFields(spec: object, at: string): LayerFields {
  const s = spec as Partial<RecurrentSpecFields>;
  requireFlag(`${at}.maskTrailingZeros`, s.maskTrailingZeros);
  if ((spec as { type?: unknown }).type === 'simpleRnn') requireRnnActivation(`${at}.activation`, (spec as SimpleRNNLayerSpec).activation);
  return { units: requireInteger(`${at}.units`, s.units), returnSequences: requireFlag(`${at}.returnSequences`, s.returnSequences) };
}

/** The options a recurrent layer is built with from a spec. */
function specOptions({ spec, inputShape, outputShape, network, rng, dtype }: SpecContext): RecurrentOptions {
  const s = spec as unknown as RecurrentSpecFields;
  return {
    inputShape,
    units: s.units,
    returnSequences: outputShape.length === 2,
    maskTrailingZeros: s.maskTrailingZeros,
    initializer: s.initializer ?? network.initializer,
    rng,
    dtype,
  };
}

/** The options a recurrent layer is rebuilt with from its JSON. */
function jsonOptions(json: LayerJSON, { dtype }: LayerBuildContext): RecurrentOptions {
  return {
    inputShape: json['inputShape'] as Shape,
    units: json['units'] as number,
    returnSequences: json['returnSequences'] as boolean,
    maskTrailingZeros: json['maskTrailingZeros'] as boolean,
    inputWeights: json['inputWeights'] as number[],
    recurrentWeights: json['recurrentWeights'] as number[],
    bias: json['bias'] as number[],
    dtype,
  };
}

function recurrentType(build: (options: RecurrentOptions, source: Record<string, unknown>) => Recurrent): LayerType {
  return {
    fields: recurrentFields,
    outputShape: (name, input, { units, returnSequences }) => recurrentOutputShape(name, input, units!, returnSequences === true),
    fromSpec: (context) => build(specOptions(context), context.spec as unknown as Record<string, unknown>),
    fromJSON: (json, context) => build(jsonOptions(json, context), json),
  };
}

/** The `lstm` layer type (./layer-types.ts). @internal */
export const lstmType = recurrentType((options) => new LSTM(options));

/** The `gru` layer type. @internal */
export const gruType = recurrentType((options, source) => new GRU({ ...options, recurrentBias: source['recurrentBias'] as number[] | undefined }));

/** The `simpleRnn` layer type. @internal */
export const simpleRnnType = recurrentType((options, source) => new SimpleRNN({ ...options, activation: source['activation'] as 'tanh' | 'relu' | undefined }));
