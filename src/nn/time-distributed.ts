import { NeuriteError, describe } from '../errors.js';
import { Matrix, type DType } from '../tensor/matrix.js';
import type { Dense } from './dense.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { formatShape, requireShape, type Shape } from './shape.js';

/** Options of {@link TimeDistributed}. */
export interface TimeDistributedOptions {
  /** The shape of one sample: `[timeSteps, features]`. */
  inputShape: Shape;
  /** The dense layer applied at every step: it takes `[features]`. */
  layer: Dense;
}

/** A matrix seen with other rows and columns over the same memory (`source` is the data it was made for). */
interface View {
  source: Matrix['data'] | null;
  matrix: Matrix | null;
}

/**
 * One dense layer applied at every time step: `[T, F]` → `[T, units]`, the same weights W[units × F] and
 * bias b at each step (Keras's `TimeDistributed(Dense)`, PyTorch's `nn.Linear` on `[batch, T, F]`).
 *
 * A batch [rows × T·F] holds each sample's steps one after another, so read as [rows·T × F] it is the same
 * memory with one step per row: the dense layer runs on that view, one packed product for every step of
 * every sample, and its output [rows·T × units] is the [rows × T·units] result. Nothing is copied, and
 * nothing is allocated per step (the views are made once per batch buffer and reused).
 *
 *   forward:  out[r, t, :] = f(W · x[r, t, :] + b)                       (Dense's forward on [rows·T × F])
 *   backward: ∂L/∂W = Σ_{r, t} ∂L/∂z[r, t, :]ᵀ · x[r, t, :],  ∂L/∂b = Σ_{r, t} ∂L/∂z[r, t, :]
 *             ∂L/∂x[r, t, :] = ∂L/∂z[r, t, :] · W                          (Dense's backward on the same view)
 *
 * Its parameters are the dense layer's, under the same prefix (`layers.1.weights`, `layers.1.bias`).
 *
 * @example
 * ```ts
 * import { Dense, Matrix, TimeDistributed, jsBackend } from 'neurite';
 * const dense = new Dense({ inputs: 2, units: 1, activation: 'linear', weights: [[1, 10]], bias: [0.5] });
 * const layer = new TimeDistributed({ inputShape: [3, 2], layer: dense });
 * const out = layer.forward(Matrix.from([[1, 2, 3, 4, 5, 6]]), { training: false, backend: jsBackend });
 * console.log(layer.outputShape, out.toArray()); // [3, 1] [[21.5, 43.5, 65.5]]
 * ```
 */
export class TimeDistributed implements Layer {
  readonly type = 'timeDistributed';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  /** The dense layer applied at every step. */
  readonly layer: Dense;
  readonly timeSteps: number;

  private readonly stepsIn: View = { source: null, matrix: null };
  private readonly samplesOut: View = { source: null, matrix: null };
  private readonly stepsGrad: View = { source: null, matrix: null };
  private readonly samplesGrad: View = { source: null, matrix: null };

  constructor(options: TimeDistributedOptions) {
    if (options === null || typeof options !== 'object' || options.layer == null || options.layer.type !== 'dense') {
      throw new NeuriteError('INVALID_ARGUMENT', `TimeDistributed needs { inputShape, layer: a Dense layer }, got ${describe(options?.layer ?? options)}`);
    }
    this.inputShape = requireShape('TimeDistributed inputShape', options.inputShape);
    const [timeSteps, features] = this.inputShape;
    if (this.inputShape.length !== 2 || features !== options.layer.inputSize) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `TimeDistributed takes a sequence [timeSteps, ${options.layer.inputSize}] (its dense layer takes ${options.layer.inputSize} features), got ${formatShape(this.inputShape)}`,
        { expected: `[timeSteps, ${options.layer.inputSize}]`, actual: [...this.inputShape] },
      );
    }
    this.layer = options.layer;
    this.timeSteps = timeSteps!;
    this.dtype = options.layer.dtype;
    this.inputSize = timeSteps! * features;
    this.outputShape = Object.freeze([timeSteps!, options.layer.outputSize]);
    this.outputSize = timeSteps! * options.layer.outputSize;
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `TimeDistributed layer expects rows of ${this.inputSize} values (one sample of ${formatShape(this.inputShape)}), got ${x.cols}`,
        { expected: this.inputSize, actual: x.cols },
      );
    }
    const steps = view(this.stepsIn, x, x.rows * this.timeSteps, this.layer.inputSize); // [rows × T·F] read as [rows·T × F]
    const out = this.layer.forward(steps, ctx); // out[r, t, :] = f(W · x[r, t, :] + b)
    return view(this.samplesOut, out, x.rows, this.outputSize);
  }

  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null {
    const steps = view(this.stepsGrad, dOut, dOut.rows * this.timeSteps, this.layer.outputSize);
    const dX = this.layer.backward(steps, ctx); // ∂L/∂W, ∂L/∂b summed over every (r, t); ∂L/∂x per step
    return dX === null ? null : view(this.samplesGrad, dX, dOut.rows, this.inputSize);
  }

  parameters(prefix: string): Parameter[] {
    return this.layer.parameters(prefix);
  }

  toJSON(): LayerJSON {
    return { type: this.type, inputShape: [...this.inputShape], layer: this.layer.toJSON() };
  }
}

/** `m`'s memory as [rows × cols]: the view made last time when `m` holds the same array, else a new one kept. */
function view(cache: View, m: Matrix, rows: number, cols: number): Matrix {
  if (cache.source !== m.data || cache.matrix!.rows !== rows) {
    cache.source = m.data;
    cache.matrix = new Matrix(rows, cols, m.data);
  }
  return cache.matrix!;
}
