import { NeuriteError, describe, requireInteger, requireNumber } from '../errors.js';
import { allocate, Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { formatShape, requireShape, shapeSize, type Shape } from './shape.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** Values per row (short for `inputShape: [inputs]`); the output has the same width. */
  inputs?: number;
  /** The shape of one sample (any shape: dropout acts on each value); the output has the same shape. */
  inputShape?: Shape;
  /** The probability that a value is zeroed while training, in [0, 1). */
  rate: number;
  dtype?: DType;
}

interface BatchBuffers {
  /** m: 0 for a dropped value, 1 / (1 − rate) for a kept one. */
  mask: FloatArray;
  out: Matrix;
  dX: Matrix;
}

/**
 * Inverted dropout (Srivastava et al., 2014): while training, each value is zeroed with probability `rate` and
 * the survivors are scaled by 1 / (1 − rate), so the expected output equals the input and inference needs no
 * rescaling:
 *
 *   forward (training):  out = x ⊙ m,   m_i = 0 with probability rate, else 1 / (1 − rate)
 *   forward (inference): out = x        (the identity; the input matrix itself is returned)
 *   backward:            ∂L/∂x = ∂L/∂out ⊙ m   (∂out/∂x = m, the same mask as the forward pass)
 *
 * No parameters. The mask is drawn from `ctx.rng`, one `rng.uniform()` per value in row-major order, a value
 * dropped when its draw is < rate. So the mask is a pure function of the generator's state: to reuse one mask
 * (a gradient check), pass a clone of the same generator to every call, e.g.
 * `network.computeGradients(x, y, loss, start.clone())`. `lastMask()` shows the mask of the last training pass.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * const network = Network.create({
 *   inputs: 10,
 *   layers: [{ units: 32, activation: 'relu' }, { type: 'dropout', rate: 0.2 }, { units: 1, activation: 'sigmoid' }],
 * });
 * console.log(network.layers.map((layer) => layer.type)); // ['dense', 'dropout', 'dense']
 * ```
 */
export class Dropout implements Layer {
  readonly type = 'dropout';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly rate: number;

  private readonly buffers = new Map<number, BatchBuffers>();
  private lastRows = 0;
  /** Whether the last forward pass applied a mask (training with rate > 0). */
  private masked = false;

  constructor(options: DropoutOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Dropout needs an options object, got ${describe(options)}`);
    }
    this.inputShape = dropoutShape(options.inputs, options.inputShape);
    this.outputShape = this.inputShape;
    this.inputSize = shapeSize(this.inputShape);
    this.outputSize = this.inputSize;
    this.rate = requireDropoutRate('Dropout rate', options.rate);
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    }
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError('SHAPE_MISMATCH', `Dropout layer expects ${this.inputSize} inputs per row, got ${x.cols}`, {
        expected: this.inputSize,
        actual: x.cols,
      });
    }
    this.lastRows = x.rows;
    this.masked = ctx.training && this.rate > 0;
    if (!this.masked) return x;
    const rng = ctx.rng;
    if (!rng) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        'Dropout needs a random generator while training: pass an Rng (e.g. network.computeGradients(x, y, loss, rng) or forward(x, { training: true, rng }))',
        { field: 'rng', expected: 'an Rng', actual: undefined },
      );
    }
    const { mask, out } = this.buffersFor(x.rows);
    const rate = this.rate;
    const scale = 1 / (1 - rate);
    const n = x.rows * x.cols;
    for (let i = 0; i < n; i++) {
      const m = rng.uniform() < rate ? 0 : scale;
      mask[i] = m;
      out.data[i] = x.data[i]! * m;
    }
    return out;
  }

  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null {
    if (!ctx.needInputGradient) return null;
    if (!this.masked) return dOut;
    const { mask, dX } = this.buffersFor(this.lastRows);
    const n = this.lastRows * this.inputSize;
    for (let i = 0; i < n; i++) dX.data[i] = dOut.data[i]! * mask[i]!;
    return dX;
  }

  /** The mask m of the last training pass ([rows, inputs]: 0 or 1 / (1 − rate)), or null after an inference pass. */
  lastMask(): Matrix | null {
    if (!this.masked) return null;
    return new Matrix(this.lastRows, this.inputSize, this.buffersFor(this.lastRows).mask);
  }

  parameters(): Parameter[] {
    return [];
  }

  toJSON(): LayerJSON {
    return { type: this.type, inputs: this.inputSize, rate: this.rate };
  }

  private buffersFor(rows: number): BatchBuffers {
    let buf = this.buffers.get(rows);
    if (!buf) {
      buf = {
        mask: allocate(this.dtype, rows * this.inputSize),
        out: Matrix.zeros(rows, this.inputSize, this.dtype),
        dX: Matrix.zeros(rows, this.inputSize, this.dtype),
      };
      if (this.buffers.size >= 8) this.buffers.clear();
      this.buffers.set(rows, buf);
    }
    return buf;
  }
}

/** `inputShape`, or `[inputs]`; with both, they must hold as many values. */
function dropoutShape(inputs: unknown, inputShape: Shape | undefined): Shape {
  if (inputShape === undefined) return Object.freeze([requireInteger('Dropout inputs', inputs)]);
  const shape = requireShape('Dropout inputShape', inputShape);
  if (inputs !== undefined && inputs !== shapeSize(shape)) {
    throw new NeuriteError('SHAPE_MISMATCH', `Dropout: inputs ${describe(inputs)} and inputShape ${formatShape(shape)} (${shapeSize(shape)} values) disagree`, {
      expected: shapeSize(shape),
      actual: inputs,
    });
  }
  return shape;
}

/**
 * Throws INVALID_ARGUMENT unless `value` is a number in [0, 1): rate 1 would drop everything.
 */
export function requireDropoutRate(name: string, value: unknown): number {
  const rate = requireNumber(name, value, { min: 0, max: 1 });
  if (rate === 1) {
    throw new NeuriteError('INVALID_ARGUMENT', `Invalid ${name}: 1 (expected a number ≥ 0 and < 1; rate 1 would drop every value)`, {
      field: name,
      expected: 'a number in [0, 1)',
      actual: value,
    });
  }
  return rate;
}
