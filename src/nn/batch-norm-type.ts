import { BatchNorm, requireBatchNormEpsilon, requireBatchNormMomentum } from './batch-norm.js';
import type { LayerType } from './layer-types.js';
import type { BatchNormLayerSpec } from './network-spec.js';
import type { Shape } from './shape.js';

/** The `batchNorm` layer type (./layer-types.ts): any shape in, the same shape out. @internal */
export const batchNormType: LayerType = {
  fields(spec, at) {
    const { momentum, epsilon } = spec as BatchNormLayerSpec;
    return { momentum: requireBatchNormMomentum(`${at}.momentum`, momentum), epsilon: requireBatchNormEpsilon(`${at}.epsilon`, epsilon) };
  },
  outputShape: (_name, input) => input,
  fromSpec: ({ spec, inputShape, dtype }) => {
    const { momentum, epsilon } = spec as BatchNormLayerSpec;
    return new BatchNorm({ inputShape, momentum, epsilon, dtype });
  },
  fromJSON: (json, { dtype }) =>
    new BatchNorm({
      inputShape: json['inputShape'] as Shape,
      momentum: json['momentum'] as number,
      epsilon: json['epsilon'] as number,
      gamma: json['gamma'] as number[],
      beta: json['beta'] as number[],
      runningMean: json['runningMean'] as number[],
      runningVar: json['runningVar'] as number[],
      dtype,
    }),
};
