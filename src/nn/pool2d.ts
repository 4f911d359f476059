import type { Backend } from '../backend/backend.js';
import { allocateFor } from '../backend/index.js';
import { NeuriteError, describe } from '../errors.js';
import { Matrix, type DType } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import type { LayerFields, LayerType } from './layer-types.js';
import type { Pool2DLayerSpec } from './network-spec.js';
import { requirePadding, requirePair, windowGeometry, type Padding, type Pair, type WindowGeometry } from './conv-geometry.js';
import { requireShape, shapeSize, type Shape } from './shape.js';

/** Pooling windows are not dilated. */
const NO_DILATION: Pair = Object.freeze([1, 1] as const);

/** Options of {@link MaxPool2D} and {@link AvgPool2D}. */
export interface Pool2DOptions {
  /** The image going in, `[h, w, c]` (channels last). */
  inputShape: Shape;
  /** The window's `[height, width]`; `2` is short for `[2, 2]`. */
  poolSize: number | readonly [number, number];
  /** How far the window moves, `[down, across]` (default: `poolSize`, windows side by side). */
  strides?: number | readonly [number, number];
  /** 'valid' (default): windows inside the image; 'same': padded to give ceil(size / stride) outputs per axis. */
  padding?: Padding;
  dtype?: DType;
}

/** The buffers of one batch size: the output, ∂L/∂x, and (max pooling) where each output's maximum was. */
export interface PoolBuffers {
  out: Matrix;
  dX: Matrix;
  /** Max pooling: per output value, the index within the input row of the value it took. */
  argmax: Int32Array | null;
  /** The float32 block argmax views (in the backend's memory where it has one, so its kernels use argmax in place); kept so the block lives as long as the view. */
  argmaxBlock: Float32Array | null;
}

/**
 * What max and average pooling share: the geometry of a window of `poolSize` moved by `strides` over each
 * channel of an image `[h, w, c]` (channels last), giving `[oh, ow, c]`, and the batch buffers. Padding
 * ('same') only places the windows: a padded cell is never a value (max pooling skips it; average pooling
 * divides by the number of real cells), so each window is clipped to the image once, here: output row oy reads
 * input rows [rowStart[oy], rowEnd[oy]), output column ox input columns [colStart[ox], colEnd[ox]).
 */
export abstract class Pool2D implements Layer {
  abstract readonly type: 'maxPool2d' | 'avgPool2d';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
  /** Padded rows above the image ('same'; 0 for 'valid'). */
  readonly padTop: number;
  /** Padded columns left of the image. */
  readonly padLeft: number;

  /** Where the windows fall (./conv-geometry.ts): kernel `poolSize`, stride `strides`, no dilation. */
  protected readonly geometry: WindowGeometry;
  protected readonly rowStart: Int32Array;
  protected readonly rowEnd: Int32Array;
  protected readonly colStart: Int32Array;
  protected readonly colEnd: Int32Array;
  /** The rows of the last forward pass (-1 before the first). */
  protected lastRows = -1;
  private readonly buffers = new Map<number, PoolBuffers>();

  constructor(name: string, options: Pool2DOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `${name} needs { inputShape, poolSize }, got ${describe(options)}`);
    }
    const input = requireShape(`${name} inputShape`, options.inputShape);
    this.poolSize = requirePair(`${name} poolSize`, options.poolSize);
    this.strides = requirePair(`${name} strides`, options.strides, this.poolSize);
    this.padding = requirePadding(`${name} padding`, options.padding);
    const g = (this.geometry = windowGeometry(name, input, this.poolSize, this.strides, NO_DILATION, this.padding));
    const { height: h, width: w, channels: c } = g;
    this.inputShape = Object.freeze([h, w, c]);
    this.padTop = g.padTop;
    this.padLeft = g.padLeft;
    this.outputShape = Object.freeze([g.outHeight, g.outWidth, c]);
    this.inputSize = h * w * c;
    this.outputSize = shapeSize(this.outputShape);
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    }
    [this.rowStart, this.rowEnd] = clippedWindows(g.outHeight, this.strides[0], this.poolSize[0], this.padTop, h);
    [this.colStart, this.colEnd] = clippedWindows(g.outWidth, this.strides[1], this.poolSize[1], this.padLeft, w);
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `${this.type} layer expects rows of ${this.inputSize} values (one image of [${this.inputShape.join(', ')}]), got ${x.cols}`,
        { expected: this.inputSize, actual: x.cols },
      );
    }
    const buf = this.buffersFor(x.rows, ctx.backend);
    this.lastRows = x.rows;
    this.pool(x, buf, ctx.backend);
    return buf.out;
  }

  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null {
    if (!ctx.needInputGradient) return null; // no parameters: nothing else to compute
    if (this.lastRows < 0) throw new NeuriteError('INVALID_ARGUMENT', `${this.type}.backward was called before forward`);
    const buf = this.buffersFor(this.lastRows, ctx.backend);
    if (!this.unpoolByKernel(dOut, buf, ctx.backend)) {
      buf.dX.data.fill(0);
      this.unpool(dOut, buf);
    }
    return buf.dX;
  }

  /** out from x, for the batch of `buf` (on `backend` where it has a kernel for it). */
  protected abstract pool(x: Matrix, buf: PoolBuffers, backend: Backend): void;
  /** ∂L/∂x (buf.dX, zeroed) from ∂L/∂out. */
  protected abstract unpool(dOut: Matrix, buf: PoolBuffers): void;
  /** ∂L/∂x (every value of buf.dX written) by the backend's kernel, with unpool's values; false where it has none. */
  protected unpoolByKernel(_dOut: Matrix, _buf: PoolBuffers, _backend: Backend): boolean {
    return false;
  }

  parameters(): Parameter[] {
    return [];
  }

  toJSON(): LayerJSON {
    return { type: this.type, inputShape: [...this.inputShape], poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding };
  }

  /** The buffers for a batch of `rows`, made once per batch size (in the backend's memory where it has one: the next layer reads them there). */
  private buffersFor(rows: number, backend: Backend): PoolBuffers {
    let buf = this.buffers.get(rows);
    if (!buf) {
      const block = this.type === 'maxPool2d' ? (allocateFor(backend, 'float32', rows * this.outputSize) as Float32Array) : null;
      buf = {
        out: new Matrix(rows, this.outputSize, allocateFor(backend, this.dtype, rows * this.outputSize)),
        dX: new Matrix(rows, this.inputSize, allocateFor(backend, this.dtype, rows * this.inputSize)),
        argmax: block && new Int32Array(block.buffer, block.byteOffset, block.length),
        argmaxBlock: block,
      };
      if (this.buffers.size >= 8) this.buffers.clear(); // a few batch sizes recur; don't grow without bound
      this.buffers.set(rows, buf);
    }
    return buf;
  }
}

/** Per output position along one axis, the first and one-past-last input index its window covers inside the image. */
function clippedWindows(out: number, stride: number, size: number, padBefore: number, extent: number): [Int32Array, Int32Array] {
  const start = new Int32Array(out);
  const end = new Int32Array(out);
  for (let o = 0; o < out; o++) {
    const first = o * stride - padBefore;
    start[o] = Math.max(first, 0);
    end[o] = Math.min(first + size, extent);
  }
  return [start, end];
}

/** The descriptor (./layer-types.ts) of a pooling type: its spec's fields, its shape rule, its builds. @internal */
export function poolLayerType(make: (options: Pool2DOptions) => Pool2D): LayerType {
  const fields = (spec: Pool2DLayerSpec, at: string): LayerFields => {
    const poolSize = requirePair(`${at}.poolSize`, spec.poolSize);
    return {
      poolSize,
      strides: requirePair(`${at}.strides`, spec.strides, poolSize),
      padding: requirePadding(`${at}.padding`, spec.padding),
    };
  };
  return {
    fields: (spec, at) => fields(spec as Pool2DLayerSpec, at),
    outputShape(name, input, { poolSize, strides, padding }) {
      const g = windowGeometry(name, input, poolSize!, strides!, NO_DILATION, padding!);
      return Object.freeze([g.outHeight, g.outWidth, g.channels]);
    },
    fromSpec: ({ inputShape, spec, dtype }) => {
      const { poolSize, strides, padding } = spec as Pool2DLayerSpec;
      return make({ inputShape, poolSize, strides, padding, dtype });
    },
    fromJSON: (json, { dtype }) =>
      make({
        inputShape: json['inputShape'] as Shape,
        poolSize: json['poolSize'] as Pair,
        strides: json['strides'] as Pair,
        padding: json['padding'] as Padding,
        dtype,
      }),
  };
}
