import { NeuriteError, describe } from '../errors.js';
import type { DType, Matrix } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { formatShape, requireShape, shapeSize, type Shape } from './shape.js';

/** Options of {@link Reshape}. */
export interface ReshapeOptions {
  /** The shape of one sample going in, e.g. `[16]`. */
  inputShape: Shape;
  /** The shape of one sample coming out, as many values: e.g. `[4, 4, 1]`. */
  shape: Shape;
  dtype?: DType;
}

/**
 * Declares a sample another shape of as many values: `[16]` → `[4, 4, 1]`, `[32, 8]` → `[256]`. A batch row
 * holds a sample's values in row-major (channels-last) order in either shape, so nothing moves:
 *
 *   forward:  out = x                (the input matrix itself is returned; no copy)
 *   backward: ∂L/∂x = ∂L/∂out        (the identity's derivative)
 *
 * No parameters.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * const network = Network.create({ inputs: 16, layers: [{ type: 'reshape', shape: [4, 4, 1] }, { type: 'flatten' }, { units: 2 }] });
 * console.log(network.layers.map((layer) => layer.outputShape)); // [[4, 4, 1], [16], [2]]
 * ```
 */
export class Reshape implements Layer {
  readonly type: string = 'reshape';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;

  constructor(options: ReshapeOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Reshape needs { inputShape, shape }, got ${describe(options)}`);
    }
    this.inputShape = requireShape('Reshape inputShape', options.inputShape);
    this.outputShape = requireShape('Reshape shape', options.shape);
    this.inputSize = shapeSize(this.inputShape);
    this.outputSize = shapeSize(this.outputShape);
    if (this.outputSize !== this.inputSize) throw reshapeMismatch('Reshape layer', this.inputShape, this.outputShape);
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    }
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `${this.type} layer expects rows of ${this.inputSize} values (one sample of ${formatShape(this.inputShape)}), got ${x.cols}`,
        { expected: this.inputSize, actual: x.cols },
      );
    }
    return x;
  }

  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null {
    return ctx.needInputGradient ? dOut : null;
  }

  parameters(): Parameter[] {
    return [];
  }

  toJSON(): LayerJSON {
    return { type: this.type, shape: [...this.outputShape] };
  }
}

/** The SHAPE_MISMATCH of a reshape to a different number of values, naming the layer (`layers[1] (reshape)`). @internal */
export function reshapeMismatch(layer: string, from: Shape, to: Shape): NeuriteError {
  return new NeuriteError(
    'SHAPE_MISMATCH',
    `${layer} cannot reshape ${formatShape(from)} (${shapeSize(from)} values) to ${formatShape(to)} (${shapeSize(to)} values): a reshape keeps every value`,
    { expected: `a shape of ${shapeSize(from)} values`, actual: [...to] },
  );
}
