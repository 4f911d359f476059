import type { Activation } from '../activations/activation.js';
import { resolveActivation, type ActivationLike } from '../activations/registry.js';
import { allocateFor, getBackend } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, describe, requireInteger } from '../errors.js';
import { defaultInitializerFor } from '../init/defaults.js';
import { resolveInitializer, type InitializerLike } from '../init/registry.js';
import { Rng } from '../init/rng.js';
import { copyValues } from './copy-values.js';
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import { requirePadding, requirePair, windowGeometry, type Padding, type Pair, type WindowGeometry } from './conv-geometry.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import {
  activate,
  activateBackward,
  affine,
  convolution,
  convolutionGradients,
  convolutionInputGradient,
  inputGradient,
  parameterGradients,
  patchGradients,
  patches,
} from './ops.js';
import { requireShape, shapeSize, type Shape } from './shape.js';

/** Options of {@link Conv2D}. */
export interface Conv2DOptions {
  /** The shape of one input image, `[height, width, channels]` (channels last). */
  inputShape: Shape;
  /** Filters (output channels). */
  filters: number;
  /** The kernel's size: `k` for k × k, or `[kh, kw]`. */
  kernelSize: number | readonly [number, number];
  /** The step between windows: one number or `[sy, sx]` (default 1). */
  strides?: number | readonly [number, number];
  /** `'valid'` (default): windows inside the image; `'same'`: zero padding so that out = ceil(in / stride). */
  padding?: Padding;
  /** The gap between kernel cells: one number or `[dy, dx]` (default 1, a plain kernel). */
  dilation?: number | readonly [number, number];
  /** Default ReLU. */
  activation?: ActivationLike;
  /** Add a bias per filter (default true). */
  useBias?: boolean;
  dtype?: DType;
  /** Explicit weights, filters × kh × kw × c values (filter-major; each filter's in (ky, kx, c) order). */
  weights?: ArrayLike<number>;
  /** Explicit biases, one per filter. */
  bias?: ArrayLike<number>;
  /** Default: `defaultInitializerFor(activation)`, with fanIn = kh·kw·c and fanOut = kh·kw·filters. */
  initializer?: InitializerLike;
  /** Default zeros. */
  biasInitializer?: InitializerLike;
  rng?: Rng;
  /** How messages name the layer (default `Conv2D`; Network.create says `layers[0] (conv2d)`). */
  name?: string;
}

/** One batch size's buffers. The `*Positions` matrices view the same values one output position per row. */
interface BatchBuffers {
  samples: number;
  /** P[(n, oy, ox) × (kh·kw·c)]: the patches (of one chunk of samples at inference on large batches), made when first needed. */
  patches: Matrix | null;
  zPositions: Matrix;
  aPositions: Matrix;
  dZPositions: Matrix;
  z: Matrix;
  a: Matrix;
  dZ: Matrix;
  /** ∂L/∂P and ∂L/∂X, made when first needed. */
  dPatches: Matrix | null;
  dX: Matrix | null;
}

/** Patch values per chunk at inference: a larger batch is convolved a chunk of samples at a time. */
const INFERENCE_PATCH_VALUES = 1 << 21;

/**
 * A 2-D convolution over images `[h, w, c]` (channels last): `filters` kernels of kh × kw × c weights slide over
 * the image, each giving one channel of the output `[oh, ow, filters]` (sizes by `padding`, `strides` and
 * `dilation`; see ./conv-geometry.ts). Every output value is the seed's neuron over one window of the input:
 * out = f(w · x + b), the same w and b at every position. With P the patches (./im2col.ts: one row per
 * output position (n, oy, ox), its window's values in (ky, kx, c) order, zeros for padding) and W[filters ×
 * kh·kw·c], forward and backward are a dense layer's:
 *
 *   forward:  P = im2col(X),  Z = P · Wᵀ + b,  A = f(Z)
 *   backward: ∂L/∂Z = ∂L/∂A ⊙ f'(Z)              (∂out/∂sum)
 *             ∂L/∂W = ∂L/∂Zᵀ · P                 (∂sum/∂w = the input value under w: a weight's gradient is
 *                                                  the sum over output positions of ∂L/∂Z there times it)
 *             ∂L/∂b = Σ_positions ∂L/∂Z          (∂sum/∂b = 1)
 *             ∂L/∂P = ∂L/∂Z · W,  ∂L/∂X = col2im(∂L/∂P)   (each input value collects the gradient of every
 *                                                  patch cell it was copied to)
 *
 * The products are ./ops.ts's operations (the backend's packed SIMD products where it has them); the batch
 * buffers (P, Z, A, ∂L/∂Z, ∂L/∂P, ∂L/∂X) are made once per batch size in the backend's memory and reused.
 *
 * @example
 * ```ts
 * import { Conv2D, Matrix, jsBackend } from 'neurite';
 * // One 2×2 filter that sums its window, over a 3×3 single-channel image: a 2×2 output.
 * const conv = new Conv2D({ inputShape: [3, 3, 1], filters: 1, kernelSize: 2, activation: 'linear', weights: [1, 1, 1, 1], bias: [0], dtype: 'float64' });
 * const x = Matrix.from([[1, 2, 3, 4, 5, 6, 7, 8, 9]], 'float64');
 * console.log(conv.outputShape, Array.from(conv.forward(x, { training: false, backend: jsBackend }).data)); // [2, 2, 1] [12, 16, 24, 28]
 * ```
 */
export class Conv2D implements Layer {
  readonly type = 'conv2d';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly filters: number;
  readonly kernelSize: Pair;
  readonly strides: Pair;
  readonly dilation: Pair;
  readonly padding: Padding;
  readonly padTop: number;
  readonly padLeft: number;
  readonly activation: Activation;
  readonly useBias: boolean;
  /** W[filters × (kh·kw·c)], each filter's weights in (ky, kx, c) order (the order of a patch row). */
  readonly weights: FloatArray;
  /** One per filter (zeros, and not a parameter, without a bias). */
  readonly bias: FloatArray;
  readonly weightGrad: FloatArray;
  readonly biasGrad: FloatArray;
  /** Where windows fall: sizes, strides, dilation and padding (./conv-geometry.ts). */
  readonly geometry: WindowGeometry;
  /** Values per patch: kh·kw·c. */
  readonly patchSize: number;

  private readonly positions: number;
  private readonly buffers = new Map<number, BatchBuffers>();
  private last: BatchBuffers | null = null;
  private lastInput: Matrix | null = null;
  /** True after an inference pass that kept nothing for backward (the patches were not written): backward refuses. */
  private lean = false;
  /** Whether the last forward pass wrote the patches P (else backward computes ∂L/∂W without them, or writes them). */
  private patchesWritten = false;

  constructor(options: Conv2DOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Conv2D needs an options object, got ${describe(options)}`);
    }
    const name = options.name ?? 'Conv2D';
    this.inputShape = requireShape(`${name} inputShape`, options.inputShape);
    this.filters = requireInteger(`${name} filters`, options.filters);
    this.kernelSize = requirePair(`${name} kernelSize`, options.kernelSize);
    this.strides = requirePair(`${name} strides`, options.strides, 1);
    this.dilation = requirePair(`${name} dilation`, options.dilation, 1);
    this.padding = requirePadding(`${name} padding`, options.padding);
    const g = (this.geometry = windowGeometry(name, this.inputShape, this.kernelSize, this.strides, this.dilation, this.padding));
    this.padTop = g.padTop;
    this.padLeft = g.padLeft;
    this.outputShape = Object.freeze([g.outHeight, g.outWidth, this.filters]);
    this.inputSize = shapeSize(this.inputShape);
    this.outputSize = shapeSize(this.outputShape);
    this.positions = g.outHeight * g.outWidth;
    this.patchSize = g.kernelHeight * g.kernelWidth * g.channels;
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    }
    this.activation = resolveActivation(options.activation ?? 'relu');
    this.useBias = options.useBias ?? true;
    if (typeof this.useBias !== 'boolean') throw new NeuriteError('INVALID_ARGUMENT', `${name} useBias must be true or false, got ${describe(this.useBias)}`);
    const size = this.filters * this.patchSize;
    const backend = getBackend();
    this.weights = allocateFor(backend, this.dtype, size);
    this.bias = allocateFor(backend, this.dtype, this.filters);
    this.weightGrad = allocateFor(backend, this.dtype, size);
    this.biasGrad = allocateFor(backend, this.dtype, this.filters);

    const rng = options.rng ?? new Rng(0);
    const fanIn = this.patchSize;
    const fanOut = g.kernelHeight * g.kernelWidth * this.filters;
    if (options.weights !== undefined)
      copyValues(
        options.weights,
        this.weights,
        `${name} weights`,
        `filters × kh × kw × c = ${this.filters} × ${g.kernelHeight} × ${g.kernelWidth} × ${g.channels}`,
      );
    else resolveInitializer(options.initializer ?? defaultInitializerFor(this.activation)).fill(this.weights, fanIn, fanOut, rng);
    if (!this.useBias) {
      if (options.bias !== undefined && options.bias.length > 0) throw new NeuriteError('INVALID_ARGUMENT', `${name} has useBias: false but was given biases`);
    } else if (options.bias !== undefined) copyValues(options.bias, this.bias, `${name} bias`, 'one per filter');
    else resolveInitializer(options.biasInitializer ?? 'zeros').fill(this.bias, fanIn, fanOut, rng);
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError('SHAPE_MISMATCH', `Conv2D layer expects ${this.inputSize} inputs per row, got ${x.cols}`, {
        expected: this.inputSize,
        actual: x.cols,
      });
    }
    const backend = ctx.backend;
    const samples = x.rows;
    let buf = this.last;
    if (buf === null || buf.z.rows !== samples || (ctx.training && buf.samples < samples)) buf = this.last = this.buffersFor(samples, ctx.training, backend);
    this.lastInput = x;
    // Z without writing P where the backend can (backward then does without P too, or writes it then); an
    // inference pass that keeps nothing applies ReLU as it stores and keeps no Z
    this.lean = !ctx.training && ctx.keepValues !== true;
    this.patchesWritten = false;
    const { weights, bias, geometry } = this;
    if (convolution(backend, this.activation, x.data, samples, geometry, weights, bias, buf.zPositions, buf.aPositions, !this.lean)) return buf.a;
    if (buf.samples < samples) this.forwardInChunks(x, buf, backend);
    else {
      this.patchesWritten = true;
      const p = this.patchesOf(buf, backend);
      patches(backend, x.data, samples, this.geometry, p.data); // P = im2col(X)
      affine(backend, p, this.weights, this.bias, buf.zPositions); // Z = P · Wᵀ + b
      activate(backend, this.activation, buf.zPositions, buf.aPositions); // A = f(Z)
    }
    return buf.a;
  }

  /** ∂L/∂A in, ∂L/∂X out: through the activation, then through the convolution. */
  backward(dA: Matrix, ctx: BackwardContext): Matrix | null {
    const buf = this.lastBuffers();
    // (Only the data of ∂L/∂A is read: one sample per row or one position per row, the values are the same.)
    activateBackward(ctx.backend, this.activation, buf.zPositions, buf.aPositions, dA, buf.dZPositions); // ∂L/∂Z = ∂L/∂A ⊙ f'(Z)
    return this.backwardFromPreActivation(buf.dZ, ctx);
  }

  /** ∂L/∂Z in (the buffer of `preActivationGradient()`), ∂L/∂X out. */
  backwardFromPreActivation(dZSamples: Matrix, ctx: BackwardContext): Matrix | null {
    const buf = this.lastBuffers();
    if (buf.samples < buf.z.rows || this.lean)
      throw new NeuriteError('INVALID_ARGUMENT', 'Conv2D.backward needs a forward pass with training: true (or keepValues: true)');
    if (dZSamples !== buf.dZ) buf.dZ.data.set(dZSamples.data);
    const backend = ctx.backend;
    const dZ = buf.dZPositions;
    const x = this.lastInput!.data;
    if (this.patchesWritten || !convolutionGradients(backend, x, buf.samples, this.geometry, dZ, this.weightGrad, this.biasGrad)) {
      const p = this.patchesOf(buf, backend);
      if (!this.patchesWritten) patches(backend, x, buf.samples, this.geometry, p.data); // P = im2col(X), not written by forward
      this.patchesWritten = true;
      parameterGradients(backend, dZ, p, this.weightGrad, this.biasGrad); // ∂L/∂W = ∂L/∂Zᵀ · P,  ∂L/∂b = Σ ∂L/∂Z
    }
    if (!ctx.needInputGradient) return null;
    const dX = buf.dX ?? (buf.dX = this.matrix(backend, buf.samples, this.inputSize));
    if (convolutionInputGradient(backend, dZ, buf.samples, this.geometry, this.weights, dX.data)) return dX; // the same, without ∂L/∂P
    const dPatches = buf.dPatches ?? (buf.dPatches = this.matrix(backend, buf.samples * this.positions, this.patchSize));
    inputGradient(backend, dZ, this.weights, dPatches); // ∂L/∂P = ∂L/∂Z · W
    patchGradients(backend, dPatches.data, buf.samples, this.geometry, dX.data); // ∂L/∂X = col2im(∂L/∂P)
    return dX;
  }

  /** The last forward pass's input, pre-activations Z and activations A, one sample per row (what `explain` shows; a pass with training or keepValues). */
  lastValues(): { input: Matrix; z: Matrix; a: Matrix } {
    const { z, a } = this.lastBuffers();
    if (this.lean)
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        'The last forward pass of this Conv2D layer was for inference and kept no values; run it with training: true or keepValues: true',
      );
    return { input: this.lastInput!, z, a };
  }

  /** The ∂L/∂Z buffer for the current batch (one sample per row), where a fused loss would write its gradient. */
  preActivationGradient(): Matrix {
    return this.lastBuffers().dZ;
  }

  parameters(prefix: string): Parameter[] {
    const weights: Parameter = { name: `${prefix}.weights`, kind: 'weight', shape: [this.filters, this.patchSize], value: this.weights, grad: this.weightGrad };
    if (!this.useBias) return [weights];
    return [weights, { name: `${prefix}.bias`, kind: 'bias', shape: [1, this.filters], value: this.bias, grad: this.biasGrad }];
  }

  toJSON(): LayerJSON {
    return {
      type: this.type,
      inputShape: [...this.inputShape],
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dilation: [...this.dilation],
      activation: this.activation.toJSON(),
      useBias: this.useBias,
      weights: Array.from(this.weights),
      bias: this.useBias ? Array.from(this.bias) : [],
    };
  }

  /** Inference on a batch larger than the patch buffer: a chunk of samples at a time, through views of the buffers. */
  private forwardInChunks(x: Matrix, buf: BatchBuffers, backend: Backend): void {
    const { positions, filters } = this;
    const all = this.patchesOf(buf, backend);
    for (let start = 0; start < x.rows; start += buf.samples) {
      const count = Math.min(buf.samples, x.rows - start);
      const rows = count * positions;
      const p = count === buf.samples ? all : new Matrix(rows, this.patchSize, all.data.subarray(0, rows * this.patchSize));
      const z = new Matrix(rows, filters, buf.z.data.subarray(start * this.outputSize, (start + count) * this.outputSize));
      const a = new Matrix(rows, filters, buf.a.data.subarray(start * this.outputSize, (start + count) * this.outputSize));
      patches(backend, x.data.subarray(start * this.inputSize, (start + count) * this.inputSize), count, this.geometry, p.data);
      affine(backend, p, this.weights, this.bias, z);
      activate(backend, this.activation, z, a);
    }
  }

  private lastBuffers(): BatchBuffers {
    if (this.last === null) throw new NeuriteError('INVALID_ARGUMENT', 'No forward pass has run on this Conv2D layer yet');
    return this.last;
  }

  /** The patches' buffer: the kernels that read windows in place never need it, so it is made on first use. */
  private patchesOf(buf: BatchBuffers, backend: Backend): Matrix {
    return (buf.patches ??= this.matrix(backend, buf.samples * this.positions, this.patchSize));
  }

  private matrix(backend: Backend, rows: number, cols: number): Matrix {
    return new Matrix(rows, cols, allocateFor(backend, this.dtype, rows * cols));
  }

  /**
   * The buffers for a batch of `samples`, made once per batch size. At inference a large batch gets patches
   * for a chunk of samples only (P is kh·kw·c values per output position: many times the image).
   */
  private buffersFor(samples: number, training: boolean, backend: Backend): BatchBuffers {
    const chunk = training ? samples : Math.min(samples, Math.max(1, Math.floor(INFERENCE_PATCH_VALUES / (this.positions * this.patchSize))));
    let buf = this.buffers.get(samples);
    if (buf !== undefined && buf.samples >= chunk) return buf;
    const positions = samples * this.positions;
    const z = buf?.z ?? this.matrix(backend, samples, this.outputSize);
    const a = buf?.a ?? this.matrix(backend, samples, this.outputSize);
    const dZ = buf?.dZ ?? this.matrix(backend, samples, this.outputSize);
    const view = (m: Matrix) => new Matrix(positions, this.filters, m.data);
    buf = {
      samples: chunk,
      patches: null,
      zPositions: view(z),
      aPositions: view(a),
      dZPositions: view(dZ),
      z,
      a,
      dZ,
      dPatches: null,
      dX: buf?.dX ?? null,
    };
    if (this.buffers.size >= 8) this.buffers.clear(); // a few batch sizes recur; don't grow without bound
    this.buffers.set(samples, buf);
    return buf;
  }
}
