import { NeuriteError } from '../errors.js';
import type { Dense } from './dense.js';
import type { LayerJSON } from './layer.js';
import { BUILT_IN_LAYERS, type LayerType } from './layer-types.js';
import type { DenseLayerSpec } from './network-spec.js';
import { formatShape, type Shape } from './shape.js';
import { TimeDistributed } from './time-distributed.js';

/** A dense layer applied at every time step (see `TimeDistributed`): `[T, F]` → `[T, units]`. */
export interface TimeDistributedLayerSpec {
  type: 'timeDistributed';
  /** The dense layer (its `units`, `activation`, initializers), applied to each step's `[F]` features. */
  layer: DenseLayerSpec;
}

// The dense type's own rules build the inner layer: looked up when called, as ./layer-types.ts lists both.
const dense = (): LayerType => BUILT_IN_LAYERS.get('dense')!;

/** The `timeDistributed` layer type (./layer-types.ts): a dense layer's shape rule at every step. @internal */
export const timeDistributedType: LayerType = {
  fields(spec, at) {
    const inner = (spec as TimeDistributedLayerSpec).layer;
    if (inner === null || typeof inner !== 'object' || (inner.type !== undefined && inner.type !== 'dense')) {
      throw new NeuriteError('INVALID_ARGUMENT', `${at}.layer must be a dense layer spec ({ units, activation? }), got ${JSON.stringify(inner)}`, {
        field: `${at}.layer`,
      });
    }
    return dense().fields(inner, `${at}.layer`);
  },
  outputShape(name, input, fields) {
    if (input.length !== 2) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `${name} takes a sequence [timeSteps, features] but gets ${formatShape(input)}; a recurrent layer before it needs returnSequences: true`,
        { expected: '[timeSteps, features]', actual: [...input] },
      );
    }
    return Object.freeze([input[0]!, dense().outputShape(name, [input[1]!], fields)[0]!]);
  },
  fromSpec(context) {
    const [steps, features] = context.inputShape;
    const spec = (context.spec as TimeDistributedLayerSpec).layer;
    const inner = dense().fromSpec({ ...context, spec, inputShape: [features!], outputShape: [context.outputShape[1]!] }) as Dense;
    return new TimeDistributed({ inputShape: [steps!, features!], layer: inner });
  },
  fromJSON(json, context) {
    const inputShape = json['inputShape'] as Shape;
    const inner = dense().fromJSON(json['layer'] as LayerJSON, { ...context, inputShape: [inputShape[1]!] }) as Dense;
    return new TimeDistributed({ inputShape, layer: inner });
  },
};
