import { resolveActivation, type ActivationLike } from '../activations/registry.js';
import type { Activation } from '../activations/activation.js';
import { ReLU } from '../activations/relu.js';
import { Sigmoid } from '../activations/sigmoid.js';
import { allocateFor, getBackend } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, describe, requireInteger } from '../errors.js';
import { defaultInitializerFor } from '../init/defaults.js';
import type { InitializerLike } from '../init/registry.js';
import { resolveInitializer } from '../init/registry.js';
import { Rng } from '../init/rng.js';
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { rowInputShape, type Shape } from './shape.js';
import { smallForward, smallInputGradient, smallParameterGradients } from './small-dense.js';

/**
 * Products of at most this many multiply-adds (rows · inputs · units) are computed in the layer with the
 * reference's loops (./small-dense.ts) when the backend's results for them are the reference's anyway
 * (`Backend.referenceUpTo`): for the seed's 2-2-1 network the call costs more than the arithmetic.
 */
const SMALL_WORK = 256;

/** Activations over fewer values than this stay in the activation's own loop (no backend call). */
const MIN_BACKEND_ACTIVATION = 64;

/**
 * The name under which a backend may have a kernel for this activation (`Backend.activationForward`): only
 * the library's own sigmoid and ReLU objects, never a subclass or a registered replacement.
 */
function builtinKernel(activation: Activation): string | null {
  const proto: unknown = Object.getPrototypeOf(activation);
  return proto === Sigmoid.prototype ? 'sigmoid' : proto === ReLU.prototype ? 'relu' : null;
}

/** Options of {@link Dense}. */
export interface DenseOptions {
  /** Inputs per neuron (short for `inputShape: [inputs]`). */
  inputs?: number;
  /** The shape of one input sample: a dense layer takes a row, `[inputs]` (flatten an image first). */
  inputShape?: Shape;
  /** Neurons in the layer. */
  units: number;
  /** Defaults to the seed's sigmoid. */
  activation?: ActivationLike;
  dtype?: DType;
  /** Explicit weights, one row per neuron (units × inputs), as the seed writes each neuron's w. */
  weights?: ArrayLike<ArrayLike<number>>;
  /** Explicit biases, one per neuron. */
  bias?: ArrayLike<number>;
  /**
   * How to draw weights when none are given (default: chosen from the activation by `defaultInitializerFor`:
   * He for ReLU-like activations, Glorot otherwise; the seed's standard normal is `'normal'`).
   */
  initializer?: InitializerLike;
  /** How to draw biases when none are given (default: zeros). */
  biasInitializer?: InitializerLike;
  rng?: Rng;
}

interface BatchBuffers {
  z: Matrix;
  a: Matrix;
  dZ: Matrix;
  dX: Matrix;
  /** A copy of the training input in the backend's memory, when the input lives elsewhere (made on demand). */
  staged: Matrix | null;
}

/**
 * A fully connected layer of `units` neurons, each the seed's neuron: out = f(w · x + b).
 * For a batch X[rows × inputs] and weights W[units × inputs] (row j = neuron j's weights):
 *
 *   forward:  Z = X · Wᵀ + b,   A = f(Z)
 *   backward: ∂L/∂Z = ∂L/∂A ⊙ f'(Z)             (∂out/∂sum)
 *             ∂L/∂W = ∂L/∂Zᵀ · X                 (∂sum/∂w = x)
 *             ∂L/∂b = Σ_rows ∂L/∂Z               (∂sum/∂b = 1)
 *             ∂L/∂X = ∂L/∂Z · W                  (∂sum/∂x = w, passed to the layer below)
 *
 * which is the seed's ∂L/∂w = ∂L/∂out · ∂out/∂sum · ∂sum/∂w for every weight of the batch at once.
 *
 * @example
 * ```ts
 * import { Dense, Network } from 'neurite';
 * // The seed's network: every neuron w = [0, 1], b = 0; weights are one row per neuron.
 * const hidden = new Dense({ inputs: 2, units: 2, weights: [[0, 1], [0, 1]], bias: [0, 0], dtype: 'float64' });
 * const output = new Dense({ inputs: 2, units: 1, weights: [[0, 1]], bias: [0], dtype: 'float64' });
 * const network = new Network([hidden, output]);
 * console.log(network.predict([2, 3])); // [0.7216325609518421]
 * ```
 */
export class Dense implements Layer {
  readonly type = 'dense';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly activation: Activation;
  /** W[units × inputs], row-major. */
  readonly weights: FloatArray;
  readonly bias: FloatArray;
  readonly weightGrad: FloatArray;
  readonly biasGrad: FloatArray;

  private readonly buffers = new Map<number, BatchBuffers>();
  /** The buffers of the last batch shape, looked up without the map while the batch size stays the same. */
  private current: BatchBuffers | null = null;
  private currentRows = -1;
  private lastInput: Matrix | null = null;
  private lastRows = 0;
  /** See `builtinKernel`. */
  private readonly kernel: string | null;

  constructor(options: DenseOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Dense needs an options object, got ${describe(options)}`);
    }
    this.inputShape = rowInputShape('Dense', options.inputs, options.inputShape);
    this.inputSize = this.inputShape[0]!;
    this.outputSize = requireInteger('Dense units', options.units);
    this.outputShape = Object.freeze([this.outputSize]);
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    }
    this.activation = resolveActivation(options.activation ?? 'sigmoid');
    this.kernel = builtinKernel(this.activation);
    const size = this.inputSize * this.outputSize;
    // In the default backend's memory where it has one (the WebAssembly backend then reads them in place).
    const backend = getBackend();
    this.weights = allocateFor(backend, this.dtype, size);
    this.bias = allocateFor(backend, this.dtype, this.outputSize);
    this.weightGrad = allocateFor(backend, this.dtype, size);
    this.biasGrad = allocateFor(backend, this.dtype, this.outputSize);

    const rng = options.rng ?? new Rng(0);
    if (options.weights !== undefined) {
      copyRows(options.weights, this.weights, this.outputSize, this.inputSize, 'Dense weights');
    } else {
      resolveInitializer(options.initializer ?? defaultInitializerFor(this.activation)).fill(this.weights, this.inputSize, this.outputSize, rng);
    }
    if (options.bias !== undefined) {
      copyVector(options.bias, this.bias, this.outputSize, 'Dense bias');
    } else {
      resolveInitializer(options.biasInitializer ?? 'zeros').fill(this.bias, this.inputSize, this.outputSize, rng);
    }
  }

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError('SHAPE_MISMATCH', `Dense layer expects ${this.inputSize} inputs per row, got ${x.cols}`, {
        expected: this.inputSize,
        actual: x.cols,
      });
    }
    const rows = x.rows;
    const backend = ctx.backend;
    const buf = this.currentRows === rows ? this.current! : this.buffersFor(rows, backend);
    const work = rows * this.inputSize * this.outputSize;
    if (work <= SMALL_WORK && work <= (backend.referenceUpTo ?? 0)) {
      smallForward(x.data, this.weights, this.bias, buf.z.data, rows, this.inputSize, this.outputSize);
    } else {
      // While training, an input from outside the backend's memory (the user's batch) is copied in once here
      // rather than once by each product that reads it (this one and the weight gradient's).
      if (ctx.training && backend.allocateFloat32 !== undefined && backend.owns !== undefined && !backend.owns(x.data)) {
        x = this.stage(x, buf, backend);
      }
      backend.matmulTransB(x.data, this.weights, buf.z.data, rows, this.inputSize, this.outputSize, this.bias);
    }
    const count = rows * this.outputSize;
    const kernel = this.kernel;
    if (count < MIN_BACKEND_ACTIVATION || kernel === null || backend.activationForward?.(kernel, buf.z.data, buf.a.data, count) !== true) {
      this.activation.forward(buf.z.data, buf.a.data, rows, this.outputSize);
    }
    this.lastInput = x;
    this.lastRows = rows;
    return buf.a;
  }

  /** ∂L/∂A in, ∂L/∂X out: first through the activation, then through the weighted sum. */
  backward(dA: Matrix, ctx: BackwardContext): Matrix | null {
    const rows = this.lastRows;
    const buf = this.buffersFor(rows, ctx.backend);
    const count = rows * this.outputSize;
    const kernel = this.kernel;
    if (
      count < MIN_BACKEND_ACTIVATION ||
      kernel === null ||
      ctx.backend.activationBackward?.(kernel, buf.z.data, buf.a.data, dA.data, buf.dZ.data, count) !== true
    ) {
      this.activation.backward(buf.z.data, buf.a.data, dA.data, buf.dZ.data, rows, this.outputSize);
    }
    return this.backwardFromPreActivation(buf.dZ, ctx);
  }

  /** ∂L/∂Z in (already through the activation, as a fused loss gives it), ∂L/∂X out. */
  backwardFromPreActivation(dZ: Matrix, ctx: BackwardContext): Matrix | null {
    const x = this.lastInput;
    if (!x) throw new NeuriteError('INVALID_ARGUMENT', 'Dense.backward was called before forward');
    const rows = this.lastRows;
    const backend = ctx.backend;
    const work = rows * this.inputSize * this.outputSize;
    if (work <= SMALL_WORK && work <= (backend.referenceUpTo ?? 0)) {
      smallParameterGradients(dZ.data, x.data, this.weightGrad, this.biasGrad, rows, this.inputSize, this.outputSize);
      if (!ctx.needInputGradient) return null;
      const dX = this.buffersFor(rows, backend).dX;
      smallInputGradient(dZ.data, this.weights, dX.data, rows, this.inputSize, this.outputSize);
      return dX;
    }
    backend.matmulTransA(dZ.data, x.data, this.weightGrad, this.outputSize, rows, this.inputSize);
    backend.sumRows(dZ.data, this.biasGrad, rows, this.outputSize);
    if (!ctx.needInputGradient) return null;
    const dX = this.buffersFor(rows, backend).dX;
    backend.matmul(dZ.data, this.weights, dX.data, rows, this.outputSize, this.inputSize);
    return dX;
  }

  /**
   * True when a one-row pass of this layer on `backend` is the reference's loops (./small-dense.ts) and the
   * activation's own loop: Network's one-sample path (./row-path.ts) may then compute it itself.
   * @internal
   */
  rowIsReference(backend: Backend): boolean {
    const work = this.inputSize * this.outputSize;
    return work <= SMALL_WORK && work <= (backend.referenceUpTo ?? 0) && this.outputSize < MIN_BACKEND_ACTIVATION;
  }

  /** The pre-activations Z and activations A of the last forward pass (what `explain` shows). */
  lastValues(): { input: Matrix; z: Matrix; a: Matrix } {
    if (!this.lastInput) throw new NeuriteError('INVALID_ARGUMENT', 'No forward pass has run on this layer yet');
    const buf = this.buffersFor(this.lastRows, getBackend());
    return { input: this.lastInput, z: buf.z, a: buf.a };
  }

  /** The ∂L/∂Z buffer for the current batch, where a fused loss writes its gradient. */
  preActivationGradient(): Matrix {
    return this.buffersFor(this.lastRows, getBackend()).dZ;
  }

  parameters(prefix: string): Parameter[] {
    return [
      { name: `${prefix}.weights`, kind: 'weight', shape: [this.outputSize, this.inputSize], value: this.weights, grad: this.weightGrad },
      { name: `${prefix}.bias`, kind: 'bias', shape: [1, this.outputSize], value: this.bias, grad: this.biasGrad },
    ];
  }

  toJSON(): LayerJSON {
    return {
      type: this.type,
      inputs: this.inputSize,
      units: this.outputSize,
      activation: this.activation.toJSON(),
      weights: Array.from(this.weights),
      bias: Array.from(this.bias),
    };
  }

  /** `x` copied into the backend's memory (a buffer made once per batch shape). */
  private stage(x: Matrix, buf: BatchBuffers, backend: Backend): Matrix {
    if (x.dtype !== this.dtype) return x;
    const staged = buf.staged ?? (buf.staged = new Matrix(x.rows, x.cols, allocateFor(backend, this.dtype, x.rows * x.cols)));
    staged.data.set(x.data);
    return staged;
  }

  /** The buffers for a batch of `rows`, made once per batch shape (in `backend`'s memory when it has one). */
  private buffersFor(rows: number, backend: Backend): BatchBuffers {
    if (rows === this.currentRows) return this.current!;
    let buf = this.buffers.get(rows);
    if (!buf) {
      const make = (r: number, c: number) => new Matrix(r, c, allocateFor(backend, this.dtype, r * c));
      buf = {
        z: make(rows, this.outputSize),
        a: make(rows, this.outputSize),
        dZ: make(rows, this.outputSize),
        dX: make(rows, this.inputSize),
        staged: null,
      };
      if (this.buffers.size >= 8) this.buffers.clear(); // a few batch shapes recur; don't grow without bound
      this.buffers.set(rows, buf);
    }
    this.current = buf;
    this.currentRows = rows;
    return buf;
  }
}

function copyRows(rows: ArrayLike<ArrayLike<number>>, out: FloatArray, count: number, width: number, what: string): void {
  if (rows == null || rows.length !== count) {
    throw new NeuriteError('SHAPE_MISMATCH', `${what} must have ${count} rows (one per neuron), got ${describe(rows)}`, {
      expected: count,
      actual: rows?.length,
    });
  }
  for (let r = 0; r < count; r++) {
    const row = rows[r]!;
    if (row == null || row.length !== width) {
      throw new NeuriteError('SHAPE_MISMATCH', `${what} row ${r} must have ${width} values (one per input), got ${describe(row)}`, {
        expected: width,
        actual: row?.length,
      });
    }
    for (let c = 0; c < width; c++) out[r * width + c] = finite(row[c], `${what}[${r}][${c}]`);
  }
}

function copyVector(values: ArrayLike<number>, out: FloatArray, count: number, what: string): void {
  if (values == null || values.length !== count) {
    throw new NeuriteError('SHAPE_MISMATCH', `${what} must have ${count} values, got ${describe(values)}`, {
      expected: count,
      actual: values?.length,
    });
  }
  for (let i = 0; i < count; i++) out[i] = finite(values[i], `${what}[${i}]`);
}

function finite(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NeuriteError('NON_FINITE', `${where} is ${describe(value)}; expected a finite number`, { field: where, actual: value });
  }
  return value;
}
