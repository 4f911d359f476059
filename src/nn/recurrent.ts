import { allocateFor, getBackend } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, describe, requireInteger } from '../errors.js';
import { fillOrthogonal } from '../init/orthogonal.js';
import { resolveInitializer, type InitializerLike } from '../init/registry.js';
import { Rng } from '../init/rng.js';
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { affine, inputGradient, parameterGradients } from './ops.js';
import {
  recurrentBuffers,
  recurrentRun,
  sequenceLengths,
  stepBuffers,
  type BufferPlan,
  type RecurrentBuffers,
  type RecurrentRun,
} from './recurrent-buffers.js';
import { copyValues } from './copy-values.js';
import { notASequence, requireFlag } from './recurrent-checks.js';
import { formatShape, requireShape, type Shape } from './shape.js';

/** Options shared by {@link SimpleRNN}, {@link LSTM} and {@link GRU}. */
export interface RecurrentOptions {
  /** One sample: `[timeSteps, features]`. */
  inputShape: Shape;
  units: number;
  /** False (default): the last state `[units]`; true: every step's state `[timeSteps, units]`. */
  returnSequences?: boolean;
  /** True: a sample ends after its last step whose features are not all zero (see docs/sequences.md). */
  maskTrailingZeros?: boolean;
  dtype?: DType;
  /** W [gates·units × features], row-major (row k: gate-unit k's weights over the features). */
  inputWeights?: ArrayLike<number>;
  /** U [gates·units × units], row-major. */
  recurrentWeights?: ArrayLike<number>;
  /** b [gates·units]. */
  bias?: ArrayLike<number>;
  /** How W is drawn when not given (default `glorot_uniform`, fanIn = features, fanOut = gates·units); U is orthogonal. */
  initializer?: InitializerLike;
  rng?: Rng;
}

/**
 * What the last backward pass kept for `explain` when the layer's `keepStateGradients` was on (copies,
 * float64), laid out as {@link RecurrentRun}'s arrays: `stateGradients[(n·T + t)·units + k]` is ∂L/∂h_t (all of
 * it: from the output at t and from step t + 1), `gateGradients[(n·T + t)·G·units + g·units + k]` is ∂L/∂z of
 * gate g's pre-activation on the input side (what W and b multiply), `recurrentGateGradients` the same on the
 * recurrent side (what U multiplies; differs from the input side only for GRU's n gate, scaled by r).
 */
export interface RecurrentGradients {
  stateGradients: Float64Array;
  gateGradients: Float64Array;
  recurrentGateGradients: Float64Array;
}

/**
 * The part the three recurrent layers share: shapes, parameters, buffers, masking, the products (the input
 * projection of every step as ONE product over the batch read as [rows·T × features], the recurrent product
 * once per step over all samples, the weight gradients as one product each over all steps), JSON and
 * `lastRun`. A subclass writes its cell: the fused elementwise loop of one step, forward and backward.
 *
 * @example
 * ```ts
 * import { Network, Recurrent } from 'neurite';
 * const network = Network.create({ inputShape: [5, 2], layers: [{ type: 'gru', units: 3 }, { units: 1 }] });
 * const layer = network.layers[0] as Recurrent;
 * console.log(layer instanceof Recurrent, layer.parameters('gru').map((p) => p.name)); // true, [gru.inputWeights, gru.recurrentWeights, gru.bias, gru.recurrentBias]
 * ```
 */
export abstract class Recurrent implements Layer {
  abstract readonly type: string;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly units: number;
  readonly timeSteps: number;
  readonly features: number;
  readonly returnSequences: boolean;
  readonly maskTrailingZeros: boolean;
  readonly inputWeights: FloatArray;
  readonly recurrentWeights: FloatArray;
  readonly bias: FloatArray;
  readonly inputWeightGrad: FloatArray;
  readonly recurrentWeightGrad: FloatArray;
  readonly biasGrad: FloatArray;
  /** The bias of the per-step recurrent product [G·units]: zeros but GRU's b_hn block (its `recurrentBias` is a view). */
  protected readonly stepBias: FloatArray;
  protected readonly stepBiasGrad: FloatArray;
  /** The per-step array a cell keeps besides its gates: LSTM's cell state c_t, GRU's U_n h_{t−1} + b_hn. */
  protected readonly cellArrays: 'state' | 'candidate' | null = null;
  protected last: RecurrentBuffers | null = null;
  /**
   * True when the last forward pass was for inference only (not training, no `keepValues`): a fused step kernel
   * then keeps only the state, not the gates, c_t and h_{t−1} of every step, so backward and lastRun() refuse.
   */
  protected lean = false;
  /** For explain: when true, backward keeps ∂L/∂h_t of every step (see {@link RecurrentGradients}); off in training. */
  keepStateGradients = false;
  private stateGradients: Float64Array | null = null;
  private lastInput: Matrix | null = null;
  private readonly buffers = new Map<number, RecurrentBuffers>();
  private planned: BufferPlan | null = null;

  constructor(
    name: string,
    /** G: gate blocks in every weight and bias array. */
    protected readonly gates: number,
    options: RecurrentOptions,
  ) {
    if (options === null || typeof options !== 'object')
      throw new NeuriteError('INVALID_ARGUMENT', `${name} needs an options object, got ${describe(options)}`);
    this.inputShape = requireShape(`${name} inputShape`, options.inputShape);
    if (this.inputShape.length !== 2) throw notASequence(name, this.inputShape);
    [this.timeSteps, this.features] = this.inputShape as [number, number];
    this.units = requireInteger(`${name} units`, options.units);
    this.returnSequences = requireFlag(`${name} returnSequences`, options.returnSequences);
    this.maskTrailingZeros = requireFlag(`${name} maskTrailingZeros`, options.maskTrailingZeros);
    this.outputShape = Object.freeze(this.returnSequences ? [this.timeSteps, this.units] : [this.units]);
    this.inputSize = this.timeSteps * this.features;
    this.outputSize = this.returnSequences ? this.timeSteps * this.units : this.units;
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64')
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    const { units, features } = this;
    const rows = gates * units;
    const backend = getBackend();
    const array = (n: number) => allocateFor(backend, this.dtype, n);
    [this.inputWeights, this.inputWeightGrad] = [array(rows * features), array(rows * features)];
    [this.recurrentWeights, this.recurrentWeightGrad] = [array(rows * units), array(rows * units)];
    [this.bias, this.biasGrad, this.stepBias, this.stepBiasGrad] = [array(rows), array(rows), array(rows), array(rows)];
    const rng = options.rng ?? new Rng(0);
    const layout = `${gates} gates × ${units} units`;
    if (options.inputWeights !== undefined) copyValues(options.inputWeights, this.inputWeights, `${name} inputWeights`, `${layout} × ${features} features`);
    else resolveInitializer(options.initializer ?? 'glorot_uniform').fill(this.inputWeights, features, rows, rng);
    if (options.recurrentWeights !== undefined)
      copyValues(options.recurrentWeights, this.recurrentWeights, `${name} recurrentWeights`, `${layout} × ${units} units`);
    else fillOrthogonal(this.recurrentWeights, gates, units, rng);
    if (options.bias !== undefined) copyValues(options.bias, this.bias, `${name} bias`, layout);
  }

  /** Inference with nothing kept, a cell's own way when it has one (LSTM's); false: the usual pass runs. */
  protected forwardLean(_x: Matrix, _b: RecurrentBuffers, _backend: Backend): boolean {
    return false;
  }

  /** The fused loop of step t for every sample with t < lengths[n] (`maskedStep` does the others). */
  protected abstract stepForward(b: RecurrentBuffers, t: number, backend: Backend): void;
  /**
   * Backward through step t, ∂L/∂h_t in `b.dH`: writes ∂L/∂Z of the step (input side at row (n, t) of
   * `dZ`, recurrent side there in `dZh` and at row n of `dZStep`), leaves in `dH` the direct part of ∂L/∂h_{t−1}
   * (U's part is added after) and in `dC` ∂L/∂c_{t−1}. Rows with t ≥ lengths[n] are left to `maskedBackward`.
   */
  protected abstract stepBackward(b: RecurrentBuffers, t: number, backend: Backend): void;

  forward(x: Matrix, ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError('SHAPE_MISMATCH', `${this.type} layer expects ${this.inputSize} inputs per row (${formatShape(this.inputShape)}), got ${x.cols}`, {
        expected: this.inputSize,
        actual: x.cols,
      });
    }
    const backend = ctx.backend;
    const b = (this.last = this.buffersFor(x.rows, backend));
    this.lastInput = x;
    this.lean = !ctx.training && ctx.keepValues !== true;
    b.shortest = sequenceLengths(x, this.timeSteps, this.features, this.maskTrailingZeros, b.lengths);
    if (this.lean && this.forwardLean(x, b, backend)) return b.out;
    stepBuffers(backend, b, this.plan());
    affine(backend, this.stepRows(x, this.features), this.inputWeights, this.bias, b.zx); // W x_t + b for every step: one product
    b.h.data.fill(0); // h_{−1} = 0 (and c_{−1} = 0)
    b.c.fill(0);
    for (let t = 0; t < this.timeSteps; t++) {
      affine(backend, b.h, this.recurrentWeights, this.stepBias, b.zh); // U h_{t−1} (+ b_hn) for every sample: one product
      this.stepForward(b, t, backend);
      if (this.maskTrailingZeros) for (let n = 0; n < b.rows; n++) if (t >= b.lengths[n]!) this.maskedStep(b, n, t);
    }
    return b.out;
  }

  backward(dOut: Matrix, ctx: BackwardContext): Matrix | null {
    const b = this.keptBuffers();
    const backend = ctx.backend;
    const { units, timeSteps: T } = this;
    const rows = b.rows;
    const G = this.gates * units;
    const dZ = (b.dZ ??= this.matrix(backend, rows * T, G));
    const dZh = (b.dZh ??= this.separateRecurrentGradient() ? this.matrix(backend, rows * T, G) : dZ);
    const dZStep = (b.dZStep ??= this.matrix(backend, rows, G));
    const dHRec = (b.dHRec ??= this.matrix(backend, rows, units));
    const { dH, dC } = b;
    const d = dOut.data;
    if (this.returnSequences) dH.fill(0);
    else dH.set(d.subarray(0, rows * units)); // ∂L/∂h_{T−1} = ∂L/∂out
    dC.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      for (let n = 0; n < rows; n++) {
        if (t >= b.lengths[n]!) continue;
        // ∂L/∂h_t += ∂L/∂out_t: the output at step t is h_t itself
        if (this.returnSequences) for (let k = 0, s = n * units, q = (n * T + t) * units; k < units; k++) dH[s + k] = dH[s + k]! + d[q + k]!;
      }
      if (this.keepStateGradients) this.keepStateGradient(b, t);
      this.stepBackward(b, t, backend);
      if (this.maskTrailingZeros) for (let n = 0; n < rows; n++) if (t >= b.lengths[n]!) this.maskedBackward(b, n, t);
      if (t === 0) break; // h_{−1} is a constant: no gradient goes further
      inputGradient(backend, dZStep, this.recurrentWeights, dHRec); // ∂L/∂h_{t−1} += ∂L/∂Z_tʰ · U
      const r = dHRec.data;
      for (let i = 0; i < rows * units; i++) dH[i] = dH[i]! + r[i]!;
    }
    parameterGradients(backend, dZ, this.stepRows(this.lastInput!, this.features), this.inputWeightGrad, this.biasGrad); // ∂L/∂W = Σ_t ∂L/∂Z_tᵀ x_t, ∂L/∂b = Σ_t ∂L/∂Z_t
    parameterGradients(backend, dZh, b.hPrev, this.recurrentWeightGrad, this.stepBiasGrad); // ∂L/∂U = Σ_t ∂L/∂Z_tʰᵀ h_{t−1}
    if (!ctx.needInputGradient) return null;
    const dX = (b.dX ??= this.matrix(backend, rows, this.inputSize));
    inputGradient(backend, dZ, this.inputWeights, this.stepRows(dX, this.features)); // ∂L/∂x_t = ∂L/∂Z_t · W
    return dX;
  }

  /** What the last forward pass kept, per step (see {@link RecurrentRun}); copies, for explain. */
  lastRun(): RecurrentRun {
    return recurrentRun(this.keptBuffers(), this.lastInput!, this.timeSteps, this.units, this.gates, this.cellArrays);
  }

  /** What the last backward pass kept with `keepStateGradients` on (see {@link RecurrentGradients}); copies, for explain. */
  lastGradients(): RecurrentGradients {
    const b = this.lastBuffers();
    const kept = this.stateGradients;
    if (kept === null || b.dZ === null || kept.length !== b.rows * this.timeSteps * this.units)
      throw new NeuriteError('INVALID_ARGUMENT', `No backward pass with keepStateGradients on has run on this ${this.type} layer`);
    return { stateGradients: Float64Array.from(kept), gateGradients: Float64Array.from(b.dZ.data), recurrentGateGradients: Float64Array.from(b.dZh!.data) };
  }

  /** Copies ∂L/∂h_t of every sample (in `b.dH` before step t's backward) to row (n, t). */
  private keepStateGradient(b: RecurrentBuffers, t: number): void {
    const { units, timeSteps: T } = this;
    if (t === T - 1) this.stateGradients = new Float64Array(b.rows * T * units);
    for (let n = 0; n < b.rows; n++) this.stateGradients!.set(b.dH.subarray(n * units, (n + 1) * units), (n * T + t) * units);
  }

  parameters(prefix: string): Parameter[] {
    const G = this.gates * this.units;
    return [
      { name: `${prefix}.inputWeights`, kind: 'weight', shape: [G, this.features], value: this.inputWeights, grad: this.inputWeightGrad },
      { name: `${prefix}.recurrentWeights`, kind: 'weight', shape: [G, this.units], value: this.recurrentWeights, grad: this.recurrentWeightGrad },
      { name: `${prefix}.bias`, kind: 'bias', shape: [1, G], value: this.bias, grad: this.biasGrad },
    ];
  }

  toJSON(): LayerJSON {
    return {
      type: this.type,
      inputShape: [...this.inputShape],
      units: this.units,
      returnSequences: this.returnSequences,
      maskTrailingZeros: this.maskTrailingZeros,
      inputWeights: Array.from(this.inputWeights),
      recurrentWeights: Array.from(this.recurrentWeights),
      bias: Array.from(this.bias),
    };
  }

  /** True for GRU, whose recurrent side of ∂L/∂Z differs from the input side (the reset gate scales U_n h). */
  protected separateRecurrentGradient(): boolean {
    return this.cellArrays === 'candidate';
  }

  /** Step t of sample n is past its end: the state is carried unchanged, the output is 0. */
  private maskedStep(b: RecurrentBuffers, n: number, t: number): void {
    const { units, timeSteps: T } = this;
    const G = this.gates * units;
    const q = (n * T + t) * units;
    const state = n * units;
    b.hPrev.data.set(b.h.data.subarray(state, state + units), q);
    b.zx.data.fill(0, (n * T + t) * G, (n * T + t + 1) * G);
    if (this.returnSequences) b.out.data.fill(0, q, q + units);
    if (this.cellArrays === 'state') b.cells.set(b.c.subarray(state, state + units), q);
    else b.cells.fill(0, q, q + units);
  }

  /** Backward through a step past the sample's end: no gradient for the weights; ∂L/∂h and ∂L/∂c pass unchanged. */
  private maskedBackward(b: RecurrentBuffers, n: number, t: number): void {
    const G = this.gates * this.units;
    const row = (n * this.timeSteps + t) * G;
    b.dZ!.data.fill(0, row, row + G);
    b.dZh!.data.fill(0, row, row + G);
    b.dZStep!.data.fill(0, n * G, (n + 1) * G);
  }

  /** A batch [rows × T·F] read as [rows·T × F]: the same memory, one row per (sample, step). */
  private stepRows(m: Matrix, width: number): Matrix {
    return new Matrix((m.rows * m.cols) / width, width, m.data);
  }

  /** The last pass's buffers, which must hold every step's values (a training pass, or one with `keepValues`). */
  private keptBuffers(): RecurrentBuffers {
    const b = this.lastBuffers();
    if (this.lean) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `The last forward pass of this ${this.type} layer was for inference and kept no per-step values; run it with training: true or keepValues: true before backward or lastRun()`,
      );
    }
    return b;
  }

  private lastBuffers(): RecurrentBuffers {
    if (this.last === null) throw new NeuriteError('INVALID_ARGUMENT', `No forward pass has run on this ${this.type} layer yet`);
    return this.last;
  }

  private matrix(backend: Backend, rows: number, cols: number): Matrix {
    return new Matrix(rows, cols, allocateFor(backend, this.dtype, rows * cols));
  }
  private buffersFor(rows: number, backend: Backend): RecurrentBuffers {
    let b = this.buffers.get(rows);
    if (b !== undefined) return b;
    b = recurrentBuffers(backend, rows, this.plan());
    if (this.buffers.size >= 8) this.buffers.clear(); // a few batch sizes recur; don't grow without bound
    this.buffers.set(rows, b);
    return b;
  }

  /** What this layer's buffers are made for (once: a subclass's `cellArrays` is set after this constructor runs). */
  private plan(): BufferPlan {
    return (this.planned ??= {
      dtype: this.dtype,
      timeSteps: this.timeSteps,
      units: this.units,
      width: this.gates * this.units,
      cellArrays: this.cellArrays,
      returnSequences: this.returnSequences,
    });
  }
}
