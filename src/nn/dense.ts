import { resolveActivation, type ActivationLike } from '../activations/registry.js';
import type { Activation } from '../activations/activation.js';
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
import { activate, activateBackward, affine, copyInPays, inputGradient, parameterGradients } from './ops.js';

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
 * which is the seed's ∂L/∂w = ∂L/∂out · ∂out/∂sum · ∂sum/∂w for every weight of the batch at once. Each
 * formula is one line of `forward` or `backward`: an operation of ./ops.ts, which alone chooses how it runs
 * on the network's backend (the reference loops for small work, else the backend's kernel).
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
  /** The last forward pass: its input X, its rows, and its buffers (Z and A; backward writes ∂L/∂Z and ∂L/∂X there). */
  private lastInput: Matrix | null = null;
  /** The rows of `last` (-1 while there is none, so that a batch's rows match only a buffer that exists). */
  private lastRows = -1;
  private last: BatchBuffers | null = null;

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
    const backend = ctx.backend;
    const rows = x.rows;
    const buf = rows === this.lastRows ? this.last! : this.buffersFor(rows, backend);
    // While training, X is read again by the weight gradient: copy it into the backend's memory once.
    const input = ctx.training === true && copyInPays(backend, x, this.outputSize) ? this.copyIn(x, buf, backend) : x;
    if (buf !== this.last) {
      this.last = buf;
      this.lastRows = rows;
    }
    this.lastInput = input;
    affine(backend, input, this.weights, this.bias, buf.z); // Z = X · Wᵀ + b
    activate(backend, this.activation, buf.z, buf.a); // A = f(Z)
    return buf.a;
  }

  /** ∂L/∂A in, ∂L/∂X out: first through the activation, then through the weighted sum. */
  backward(dA: Matrix, ctx: BackwardContext): Matrix | null {
    if (this.last === null) throw new NeuriteError('INVALID_ARGUMENT', 'Dense.backward was called before forward');
    const { z, a, dZ } = this.last;
    activateBackward(ctx.backend, this.activation, z, a, dA, dZ); // ∂L/∂Z = ∂L/∂A ⊙ f'(Z)
    return this.backwardFromPreActivation(dZ, ctx);
  }

  /** ∂L/∂Z in (already through the activation, as a fused loss gives it), ∂L/∂X out. */
  backwardFromPreActivation(dZ: Matrix, ctx: BackwardContext): Matrix | null {
    const x = this.lastInput;
    if (!x) throw new NeuriteError('INVALID_ARGUMENT', 'Dense.backward was called before forward');
    const backend = ctx.backend;
    parameterGradients(backend, dZ, x, this.weightGrad, this.biasGrad); // ∂L/∂W = ∂L/∂Zᵀ · X,  ∂L/∂b = Σ_rows ∂L/∂Z
    if (!ctx.needInputGradient) return null;
    const dX = this.last!.dX;
    inputGradient(backend, dZ, this.weights, dX); // ∂L/∂X = ∂L/∂Z · W
    return dX;
  }

  /**
   * The buffers of a one-row pass of `x`, made the layer's last pass as `forward(x)` makes them, without
   * computing anything: the one-sample training path (./row-path.ts) fills them itself, with the same values.
   * @internal
   */
  rowPass(x: Matrix, backend: Backend): { z: Matrix; a: Matrix; dZ: Matrix; dX: Matrix } {
    const buf = this.lastRows === 1 ? this.last! : this.buffersFor(1, backend);
    this.last = buf;
    this.lastRows = 1;
    this.lastInput = x;
    return buf;
  }

  /** The pre-activations Z and activations A of the last forward pass (what `explain` shows). */
  lastValues(): { input: Matrix; z: Matrix; a: Matrix } {
    const { z, a } = this.lastBuffers();
    return { input: this.lastInput!, z, a };
  }

  /** The ∂L/∂Z buffer for the current batch, where a fused loss writes its gradient. */
  preActivationGradient(): Matrix {
    return this.lastBuffers().dZ;
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

  /** `x` copied into the backend's memory (a buffer made once per batch shape), or `x` when of another precision. */
  private copyIn(x: Matrix, buf: BatchBuffers, backend: Backend): Matrix {
    if (x.dtype !== this.dtype) return x;
    const staged = buf.staged ?? (buf.staged = new Matrix(x.rows, x.cols, allocateFor(backend, this.dtype, x.rows * x.cols)));
    staged.data.set(x.data);
    return staged;
  }

  private lastBuffers(): BatchBuffers {
    if (this.last === null) throw new NeuriteError('INVALID_ARGUMENT', 'No forward pass has run on this layer yet');
    return this.last;
  }

  /** The buffers for a batch of `rows`, made once per batch shape (in `backend`'s memory when it has one). */
  private buffersFor(rows: number, backend: Backend): BatchBuffers {
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
