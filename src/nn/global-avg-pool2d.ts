import { NeuriteError, describe } from '../errors.js';
import { Matrix, type DType } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import type { LayerType } from './layer-types.js';
import { requireImageShape } from './pool-geometry.js';
import { requireShape, type Shape } from './shape.js';

/** Options of {@link GlobalAvgPool2D}. */
export interface GlobalAvgPool2DOptions {
  /** The image going in, `[h, w, c]` (channels last). */
  inputShape: Shape;
  dtype?: DType;
}

/**
 * The mean of each channel over the whole image: `[h, w, c]` → `[c]`, the usual last step of a convolutional
 * network before its dense output (no flatten needed). With n = h · w positions:
 *
 *   forward:  out[c] = (1 / n) Σ_{y, x} x[y, x, c]
 *   backward: ∂L/∂x[y, x, c] = ∂L/∂out[c] / n      (∂out/∂x = 1 / n at every position)
 *
 * No parameters. Sums are taken in float64 and rounded once.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * const network = Network.create({ inputShape: [2, 2, 2], layers: [{ type: 'globalAvgPool2d' }] });
 * console.log(network.predict([1, 10, 2, 20, 3, 30, 4, 40])); // [2.5, 25]
 * ```
 */
export class GlobalAvgPool2D implements Layer {
  readonly type = 'globalAvgPool2d';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;

  private readonly positions: number;
  private readonly sums: Float64Array;
  private readonly buffers = new Map<number, { out: Matrix; dX: Matrix }>();
  private lastRows = -1;

  constructor(options: GlobalAvgPool2DOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `GlobalAvgPool2D needs { inputShape }, got ${describe(options)}`);
    }
    const [h, w, c] = requireImageShape('GlobalAvgPool2D', requireShape('GlobalAvgPool2D inputShape', options.inputShape));
    this.inputShape = Object.freeze([h, w, c]);
    this.outputShape = Object.freeze([c]);
    this.positions = h * w;
    this.inputSize = h * w * c;
    this.outputSize = c;
    this.sums = new Float64Array(c);
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    }
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError('SHAPE_MISMATCH', `globalAvgPool2d layer expects rows of ${this.inputSize} values, got ${x.cols}`, {
        expected: this.inputSize,
        actual: x.cols,
      });
    }
    const { out } = this.buffersFor(x.rows);
    this.lastRows = x.rows;
    const { sums, positions: n, outputSize: c } = this;
    const xs = x.data;
    for (let r = 0, p = 0; r < x.rows; r++) {
      sums.fill(0);
      for (let end = p + this.inputSize; p < end; p += c) for (let k = 0; k < c; k++) sums[k] += xs[p + k]!;
      for (let k = 0; k < c; k++) out.data[r * c + k] = sums[k]! / n; // out[c] = Σ x[·, ·, c] / n
    }
    return out;
  }

  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null {
    if (!ctx.needInputGradient) return null;
    if (this.lastRows < 0) throw new NeuriteError('INVALID_ARGUMENT', 'globalAvgPool2d.backward was called before forward');
    const { dX } = this.buffersFor(this.lastRows);
    const { positions: n, outputSize: c } = this;
    const g = dOut.data;
    const dx = dX.data;
    for (let r = 0, p = 0; r < this.lastRows; r++) {
      for (let end = p + this.inputSize; p < end; p += c) for (let k = 0; k < c; k++) dx[p + k] = g[r * c + k]! / n; // ∂L/∂x = ∂L/∂out / n
    }
    return dX;
  }

  parameters(): Parameter[] {
    return [];
  }

  toJSON(): LayerJSON {
    return { type: this.type, inputShape: [...this.inputShape] };
  }

  private buffersFor(rows: number): { out: Matrix; dX: Matrix } {
    let buf = this.buffers.get(rows);
    if (!buf) {
      buf = { out: Matrix.zeros(rows, this.outputSize, this.dtype), dX: Matrix.zeros(rows, this.inputSize, this.dtype) };
      if (this.buffers.size >= 8) this.buffers.clear();
      this.buffers.set(rows, buf);
    }
    return buf;
  }
}

/** The `globalAvgPool2d` layer type (./layer-types.ts). @internal */
export const globalAvgPool2dType: LayerType = {
  fields: () => ({}),
  outputShape: (name, input) => Object.freeze([requireImageShape(name, input)[2]]),
  fromSpec: ({ inputShape, dtype }) => new GlobalAvgPool2D({ inputShape, dtype }),
  fromJSON: (json, { dtype }) => new GlobalAvgPool2D({ inputShape: json['inputShape'] as Shape, dtype }),
};
