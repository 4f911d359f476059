import { NeuriteError, describe } from '../errors.js';
import type { DType } from '../tensor/matrix.js';
import type { LayerJSON } from './layer.js';
import { Reshape } from './reshape.js';
import { requireShape, shapeSize, type Shape } from './shape.js';

/** Options of {@link Flatten}. */
export interface FlattenOptions {
  /** The shape of one sample going in, e.g. `[28, 28, 1]`. */
  inputShape: Shape;
  dtype?: DType;
}

/**
 * Declares a sample of any shape a row: `[h, w, c]` → `[h · w · c]`, so a dense layer can follow an image.
 * It is the reshape to `[size]`: a batch row already holds a sample's values in row-major (channels-last)
 * order, so nothing moves:
 *
 *   forward:  out = x                (the input matrix itself is returned; no copy)
 *   backward: ∂L/∂x = ∂L/∂out        (the identity's derivative; ∂L/∂out is passed on as it is)
 *
 * No parameters.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * const network = Network.create({ inputShape: [4, 4, 1], layers: [{ type: 'flatten' }, { units: 3, activation: 'softmax' }] });
 * console.log(network.layers[0]!.outputShape, network.layers[1]!.inputShape); // [16] [16]
 * ```
 */
export class Flatten extends Reshape {
  override readonly type: string = 'flatten';

  constructor(options: FlattenOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Flatten needs { inputShape }, got ${describe(options)}`);
    }
    const inputShape = requireShape('Flatten inputShape', options.inputShape);
    super({ inputShape, shape: [shapeSize(inputShape)], dtype: options.dtype });
  }

  override toJSON(): LayerJSON {
    return { type: this.type };
  }
}
