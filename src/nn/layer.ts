import type { Backend } from '../backend/backend.js';
import type { Rng } from '../init/rng.js';
import type { DType, FloatArray, Matrix } from '../tensor/matrix.js';
import type { Shape } from './shape.js';

/** A trainable array and its gradient, flattened through containers like micrograd's `parameters()`. */
export interface Parameter {
  /** e.g. `layers.0.weights` */
  readonly name: string;
  /**
   * Weights take part in weight decay (L1/L2 penalties, AdamW's decay); biases and scales (a normalization's
   * γ, which sets the size of its output as a bias sets its offset) do not.
   */
  readonly kind: 'weight' | 'bias' | 'scale';
  readonly shape: readonly [number, number];
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

/**
 * An array a layer learns while training but not by gradient (a batch norm's running mean and variance,
 * PyTorch's "buffers", Keras's non-trainable weights): saved in the model file, and saved and restored with the weights (early stopping's
 * best epoch, a diverged step undone).
 */
export interface StateArray {
  /** e.g. `layers.1.runningMean` */
  readonly name: string;
  readonly value: FloatArray;
}

/** What a layer's forward pass is told: training or not, the generator for dropout, and the kernels. */
export interface ForwardContext {
  /** True while training: dropout is active, batch norm uses the batch's statistics, and values are kept for the backward pass. */
  training: boolean;
  /**
   * Keep every value a backward pass needs even though `training` is false: explain follows one inference pass
   * (dropout off, batch norm on its running statistics) with backward. Without it an inference pass may keep
   * only what the output needs (the recurrent layers then keep no per-step values).
   */
  keepValues?: boolean;
  /** Drives dropout masks during training. */
  rng?: Rng;
  backend: Backend;
}

/** What a layer's backward pass is told: the kernels, and whether ∂L/∂x is needed. */
export interface BackwardContext {
  backend: Backend;
  /** False for the first layer: nothing uses ∂L/∂x of the network's input, so it is not computed. */
  needInputGradient: boolean;
}

/**
 * One contract for every layer: the shapes it takes and gives, forward, backward (∂L/∂out → ∂L/∂in, filling
 * parameter gradients on the way), its parameters, and its JSON. Layers keep their batch buffers and reuse
 * them: the hot loop allocates nothing.
 *
 * A batch is one `Matrix` (rows × size), each row one sample of `inputShape` with its values in row-major
 * (channels-last) order, so `inputSize` is the product of `inputShape`. A layer that needs the structure (an
 * image's height, width and channels) reads it from its shape; the others see a row of numbers.
 */
export interface Layer {
  readonly type: string;
  /** The shape of one sample going in: `[4]` for a row of features, `[28, 28, 1]` for an image. */
  readonly inputShape: Shape;
  /** The shape of one sample coming out. */
  readonly outputShape: Shape;
  /** Values per sample going in (the product of `inputShape`): the width of a batch row. */
  readonly inputSize: number;
  /** Values per sample coming out (the product of `outputShape`). */
  readonly outputSize: number;
  readonly dtype: DType;
  forward(x: Matrix, ctx: ForwardContext): Matrix;
  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null;
  parameters(prefix: string): Parameter[];
  /** Its state arrays (see {@link StateArray}), named like its parameters; none when absent. */
  stateArrays?(prefix: string): StateArray[];
  toJSON(): LayerJSON;
}

/** A layer as JSON: its `type` and its own fields (weights, activation, ...). */
export interface LayerJSON {
  type: string;
  [field: string]: unknown;
}
