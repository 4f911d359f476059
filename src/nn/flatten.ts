import { NeuriteError, describe } from '../errors.js';
import type { DType, Matrix } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { formatShape, requireShape, shapeSize, type Shape } from './shape.js';

/** Options of {@link Flatten}. */
export interface FlattenOptions {
  /** The shape of one sample going in, e.g. `[28, 28, 1]`. */
  inputShape: Shape;
  dtype?: DType;
}

/**
 * Declares a sample of any shape a row: `[h, w, c]` → `[h · w · c]`, so a dense layer can follow an image.
 * A batch row already holds a sample's values in row-major (channels-last) order, so nothing moves:
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
export class Flatten implements Layer {
  readonly type = 'flatten';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;

  constructor(options: FlattenOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Flatten needs { inputShape }, got ${describe(options)}`);
    }
    this.inputShape = requireShape('Flatten inputShape', options.inputShape);
    this.inputSize = shapeSize(this.inputShape);
    this.outputSize = this.inputSize;
    this.outputShape = Object.freeze([this.inputSize]);
    this.dtype = requireDType(options.dtype);
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    return checkWidth(x, this.inputSize, 'Flatten', this.inputShape);
  }

  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null {
    return ctx.needInputGradient ? dOut : null;
  }

  parameters(): Parameter[] {
    return [];
  }

  toJSON(): LayerJSON {
    return { type: this.type };
  }
}

/** `x` when its rows hold one sample of `shape` each; SHAPE_MISMATCH otherwise. @internal */
export function checkWidth(x: Matrix, size: number, layer: string, shape: Shape): Matrix {
  if (x.cols !== size) {
    throw new NeuriteError('SHAPE_MISMATCH', `${layer} layer expects rows of ${size} values (one sample of ${formatShape(shape)}), got ${x.cols}`, {
      expected: size,
      actual: x.cols,
    });
  }
  return x;
}

/** The dtype option of a layer without parameters: float32 (default) or float64, as the network's. @internal */
export function requireDType(dtype: unknown): DType {
  const value = dtype ?? 'float32';
  if (value !== 'float32' && value !== 'float64') {
    throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(value)}`);
  }
  return value;
}
