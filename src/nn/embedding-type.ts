import { requireInteger } from '../errors.js';
import { NeuriteError } from '../errors.js';
import type { InitializerLike } from '../init/registry.js';
import { Embedding, requirePaddingId } from './embedding.js';
import type { LayerType } from './layer-types.js';
import { formatShape, type Shape } from './shape.js';

/** Token ids → vectors (see `Embedding`): `[T]` ids give `[T, dimensions]`. It must be the network's first layer. */
export interface EmbeddingLayerSpec {
  type: 'embedding';
  /** How many ids there are: every id is an integer in [0, vocabularySize). */
  vocabularySize: number;
  /** The length of each token's vector. */
  dimensions: number;
  /** The id of padding: its row is zeros and learns nothing (PyTorch's `padding_idx`). */
  paddingId?: number;
  /** Default `'normal'`: N(0, 1), as PyTorch's. */
  initializer?: InitializerLike;
}

/** The `embedding` layer type (./layer-types.ts): `[T]` → `[T, dimensions]`, first layer only. @internal */
export const embeddingType: LayerType = {
  fields(spec, at) {
    const { vocabularySize, dimensions, paddingId } = spec as EmbeddingLayerSpec;
    const vocabulary = requireInteger(`${at}.vocabularySize`, vocabularySize);
    return {
      embedding: {
        vocabularySize: vocabulary,
        dimensions: requireInteger(`${at}.dimensions`, dimensions),
        ...(paddingId !== undefined ? { paddingId: requirePaddingId(`${at}.paddingId`, paddingId, vocabulary) } : {}),
      },
    };
  },
  outputShape(name, input, { embedding }) {
    if (input.length !== 1) {
      throw new NeuriteError('SHAPE_MISMATCH', `${name} takes a sequence of token ids [timeSteps] but gets ${formatShape(input)}`, {
        expected: '[timeSteps]',
        actual: [...input],
      });
    }
    return Object.freeze([input[0]!, embedding!.dimensions]);
  },
  firstOnly: 'it reads token ids, which have no gradient to pass back, so it must be the first layer (its input is the ids)',
  fromSpec: ({ spec, inputShape, rng, dtype }) => {
    const { vocabularySize, dimensions, paddingId, initializer } = spec as EmbeddingLayerSpec;
    return new Embedding({
      inputShape,
      vocabularySize,
      dimensions,
      ...(paddingId !== undefined ? { paddingId } : {}),
      initializer: initializer ?? 'normal',
      rng,
      dtype,
    });
  },
  fromJSON: (json, { dtype }) =>
    new Embedding({
      inputShape: json['inputShape'] as Shape,
      vocabularySize: json['vocabularySize'] as number,
      dimensions: json['dimensions'] as number,
      ...(json['paddingId'] !== undefined ? { paddingId: json['paddingId'] as number } : {}),
      embeddings: json['embeddings'] as number[],
      dtype,
    }),
};
