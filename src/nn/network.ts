import { getBackend, jsBackend } from '../backend/index.js';
import type { Backend, DenseRowRun } from '../backend/backend.js';
import { NeuriteError, describe } from '../errors.js';
import { Rng } from '../init/rng.js';
import type { Loss } from '../losses/loss.js';
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import { Dense } from './dense.js';
import type { BackwardContext, ForwardContext, Layer, StateArray, LayerJSON, Parameter } from './layer.js';
import { layersFromJSON } from './layer-registry.js';
import { buildLayers, checkLayerChain, planLayers, type NetworkSpec } from './network-spec.js';
import { RowPath, TrainPath, checkSample } from './row-path.js';
import type { Shape } from './shape.js';

export type {
  BatchNormLayerSpec,
  DenseLayerSpec,
  DropoutLayerSpec,
  FlattenLayerSpec,
  GlobalAvgPool2DLayerSpec,
  LayerSpec,
  NetworkSpec,
  Pool2DLayerSpec,
  ReshapeLayerSpec,
} from './network-spec.js';

/**
 * A {@link Network} as JSON: its precision, the shape of one input sample, and its layers, weights included,
 * each with the shape of its output. The shapes are optional on reading (JSON from before they were recorded).
 */
export interface NetworkJSON {
  dtype: DType;
  inputShape?: number[];
  layers: LayerJSON[];
}

/** Something an optimizer can update from the parameters' gradients (on the network's backend, when it uses one). */
export interface ParameterUpdater {
  step(params: Parameter[], backend?: Backend): void;
  /**
   * Optional: η when this optimizer's next step of `params` is the plain w ← w − η·g, which the network may
   * then take itself in the pass that computes the gradients, counting it with `countStep`; NaN otherwise.
   */
  plainStepRate?(params: Parameter[]): number;
  /** Optional, with `plainStepRate`: counts a step that the network took. */
  countStep?(params: Parameter[], steps?: number): void;
}

/**
 * A feedforward network: layers applied in order ("feedforward", as the seed says), and backpropagation,
 * which walks them in reverse, each layer turning ∂L/∂(its output) into ∂L/∂(its input).
 *
 * @example
 * ```ts
 * import { Matrix, MeanSquaredError, Network, SGD } from 'neurite';
 * const network = Network.create({
 *   inputs: 2,
 *   layers: [{ units: 2, activation: 'sigmoid' }, { units: 1, activation: 'sigmoid' }],
 *   seed: 42,
 *   dtype: 'float64',
 * });
 * const x = Matrix.from([[-2, -1], [25, 6], [17, 4], [-15, -6]], 'float64');
 * const y = Matrix.from([[1], [0], [0], [1]], 'float64');
 * const loss = new MeanSquaredError();
 * const sgd = new SGD({ learningRate: 0.1 });
 * for (let epoch = 0; epoch < 1000; epoch++) network.trainStep(x, y, loss, sgd);
 * console.log(network.predict([-7, -3])); // ≈ [0.92]: Emily, female
 * const copy = Network.fromJSON(JSON.parse(JSON.stringify(network.toJSON()))); // the same weights, bit for bit
 * ```
 */
export class Network {
  readonly layers: Layer[];
  readonly dtype: DType;
  /** The kernels this network runs on; defaults to the library's current backend. */
  backend: Backend | null = null;
  /** The output of the latest forward pass (a reused buffer), or null before the first. */
  lastOutput: Matrix | null = null;

  private params: Parameter[] | null = null;
  private states: StateArray[] | null = null;
  private learned: FloatArray[] | null = null;
  private lossGrad = new Map<number, Matrix>();
  // Contexts reused on every call (the hot loop allocates nothing); their backend is set per call.
  private readonly inferContext: ForwardContext = { training: false, backend: jsBackend };
  private readonly trainContext: ForwardContext = { training: true, backend: jsBackend };
  private readonly innerBackward: BackwardContext = { backend: jsBackend, needInputGradient: true };
  private readonly firstBackward: BackwardContext = { backend: jsBackend, needInputGradient: false };
  /** predictInto's one-row input, made on first use. */
  private single: Matrix | null = null;
  private lastLossGrad: Matrix | null = null;
  /** The last loss `fusedOutput` was asked about, and its answer. */
  private fusedLoss: Loss | null = null;
  private fusedLayer: Dense | null = null;
  /** The one-sample path (./row-path.ts) for `rowBackend`, or null where the batch path is needed. */
  private rowPath: RowPath | null = null;
  private rowBackend: Backend | null = null;
  /** The one-sample training path (./row-path.ts) for `trainBackend`, or null where the batch path is needed. */
  private trainPath: TrainPath | null = null;
  /** Whether the last one-sample pass also took the optimizer's plain step (see `trainStep`). */
  private stepped = false;
  private trainBackend: Backend | null = null;

  constructor(layers: Layer[]) {
    if (!Array.isArray(layers) || layers.length === 0) {
      throw new NeuriteError('INVALID_ARGUMENT', `A network needs at least one layer, got ${describe(layers)}`);
    }
    checkLayerChain(layers);
    const dtype = layers[0]!.dtype;
    for (let i = 1; i < layers.length; i++) {
      const layer = layers[i]!;
      if (layer.dtype !== dtype) {
        throw new NeuriteError('INVALID_ARGUMENT', `Layer ${i} is ${layer.dtype} but layer 0 is ${dtype}; use one precision`);
      }
    }
    this.layers = layers;
    this.dtype = dtype;
  }

  /**
   * Builds the layers of a spec, drawing weights from a seeded generator. Every layer's shapes are inferred
   * and checked first (`inputShape`, or `inputs: n` for `[n]`): a mismatch is a SHAPE_MISMATCH that names the
   * layer, before any weight is drawn.
   */
  static create(spec: NetworkSpec): Network {
    const plan = planLayers(spec);
    return new Network(buildLayers(plan, spec, new Rng(spec.seed ?? 42), spec.dtype ?? 'float32'));
  }

  /** The shape of one input sample, e.g. `[28, 28, 1]` or `[4]`. */
  get inputShape(): Shape {
    return this.layers[0]!.inputShape;
  }

  /** The shape of one output sample. */
  get outputShape(): Shape {
    return this.layers[this.layers.length - 1]!.outputShape;
  }

  get inputSize(): number {
    return this.layers[0]!.inputSize;
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1]!.outputSize;
  }

  private get kernels(): Backend {
    return this.backend ?? getBackend();
  }

  /** Feedforward a batch [rows × inputs] → [rows × outputs]. The result is a reused buffer: copy it to keep it. */
  forward(x: Matrix, options?: { training?: boolean; rng?: Rng }): Matrix {
    return (this.lastOutput = this.run(x, options?.training ?? false, options?.rng, this.kernels));
  }

  /** The forward pass, the one loop over the layers: each turns its input into its output, on `backend`. */
  private run(x: Matrix, training: boolean, rng: Rng | undefined, backend: Backend): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError('SHAPE_MISMATCH', `The network expects ${this.inputSize} inputs per row, got ${x.cols}`, {
        expected: this.inputSize,
        actual: x.cols,
      });
    }
    if (x.dtype !== this.dtype) {
      throw new NeuriteError('INVALID_ARGUMENT', `The input is ${x.dtype} but the network is ${this.dtype}; build the matrix with the network's dtype`);
    }
    const ctx = training ? this.trainContext : this.inferContext;
    ctx.rng = rng;
    ctx.backend = backend;
    let out = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) out = layers[i]!.forward(out, ctx);
    return out;
  }

  /**
   * Predictions for one sample, written into `output` (length ≥ the network's outputs) without allocating:
   * the fast path for calling a trained network again and again. Returns `output`. It is not a forward pass
   * for `lastOutput`, which it leaves alone (as it may leave the layers' last values).
   */
  predictInto<T extends FloatArray | number[]>(input: ArrayLike<number>, output: T): T {
    const backend = this.kernels;
    const path = backend === this.rowBackend ? this.rowPath : this.pathFor(backend);
    if (path !== null) path.predictInto(input, output);
    else this.predictRow(input, output, backend);
    return output;
  }

  /** predictInto through the forward pass: the sample as a batch of one row. */
  private predictRow(input: ArrayLike<number>, output: FloatArray | number[], backend: Backend): void {
    const n = this.inputSize;
    const x = this.single ?? (this.single = Matrix.zeros(1, n, this.dtype));
    const data = x.data;
    if (input == null || input.length !== n || output == null || !(output.length >= this.outputSize)) checkSample(input, output, n, this.outputSize);
    for (let i = 0; i < n; i++) {
      const v = input[i]!;
      if (!Number.isFinite(v)) checkSample(input, output, n, this.outputSize);
      data[i] = v;
    }
    const result = this.run(x, false, undefined, backend).data;
    for (let j = 0; j < result.length; j++) output[j] = result[j]!;
  }

  /**
   * Predictions for one sample (an array of numbers → an array of outputs) or many (rows → rows).
   * Inputs are checked: the right length, every value a finite number.
   */
  predict(input: ArrayLike<number>): number[];
  predict(input: ArrayLike<ArrayLike<number>> | Matrix): number[][];
  predict(input: ArrayLike<number> | ArrayLike<ArrayLike<number>> | Matrix): number[] | number[][] {
    // One sample of finite numbers through the one-sample path's forward pass where it holds: the same values,
    // the layers' buffers and `lastOutput` as `forward` leaves them, no matrix made per call. Anything else
    // goes the way below, which says what is wrong with it.
    if (input != null && typeof (input as ArrayLike<unknown>)[0] === 'number') {
      const backend = this.backend ?? getBackend();
      const path = backend === this.trainBackend ? this.trainPath : this.trainPathFor(backend);
      if (path !== null && (input as ArrayLike<number>).length === path.inputs) {
        const x = this.single ?? (this.single = Matrix.zeros(1, path.inputs, this.dtype));
        let bad = 0; // x − x: 0 for a finite number, NaN for ±Infinity and NaN
        for (let i = 0; i < path.inputs; i++) {
          const v = (input as ArrayLike<unknown>)[i];
          bad += typeof v === 'number' ? v - v : NaN;
          x.data[i] = v as number;
        }
        if (bad === 0) {
          const out = (this.lastOutput = path.forward(x, backend).a).data;
          const result: number[] = [];
          for (let j = 0; j < out.length; j++) result.push(out[j]!);
          return result;
        }
      }
    }
    if (input instanceof Matrix) return this.forward(this.checkMatrix(input)).toArray();
    if (input == null || typeof (input as ArrayLike<unknown>).length !== 'number') {
      throw new NeuriteError('INVALID_ARGUMENT', `predict needs an array of ${this.inputSize} numbers or an array of rows, got ${describe(input)}`);
    }
    const first = (input as ArrayLike<unknown>)[0];
    const single = typeof first !== 'object' || first === null;
    const rows = single ? [input as ArrayLike<number>] : (input as ArrayLike<ArrayLike<number>>);
    for (let r = 0; r < rows.length; r++) {
      const len = rows[r]?.length;
      if (len !== this.inputSize) {
        const where = single ? 'The input' : `Input row ${r}`;
        throw new NeuriteError('SHAPE_MISMATCH', `${where} has ${len ?? 'no'} values; the network expects ${this.inputSize}`, {
          expected: this.inputSize,
          actual: len,
          row: single ? undefined : r,
        });
      }
    }
    const out = this.forward(Matrix.from(rows, this.dtype)).toArray();
    return single ? out[0]! : out;
  }

  /**
   * Forward, loss, and backpropagation: fills every parameter's gradient for this batch and returns the loss.
   * When the loss is fused with the output activation (cross-entropy with softmax or sigmoid), the gradient
   * starts at the output layer's weighted sums instead of its activations.
   */
  computeGradients(x: Matrix, y: Matrix, loss: Loss, rng?: Rng): number {
    return this.gradients(x, y, loss, rng, NaN);
  }

  /** computeGradients; given a rate (not NaN), the one-sample path may take the plain SGD step too (`stepped`). */
  private gradients(x: Matrix, y: Matrix, loss: Loss, rng: Rng | undefined, rate: number): number {
    this.stepped = false;
    const backend = this.backend ?? getBackend();
    if (x.rows === 1 && y.rows === 1) {
      // One sample with the right shapes: the one-sample path where it holds (the same results, bit for bit).
      // (Few calls here: the seed's job runs this 4,000 times, much of it before V8 has optimized anything.)
      const path = backend === this.trainBackend ? this.trainPath : this.trainPathFor(backend);
      if (path !== null && x.cols === path.inputs && y.cols === path.outputs && x.data instanceof Float64Array === path.float64) {
        this.trainContext.backend = backend; // as `run` leaves it: trainStep's optimizer steps on it
        const fused = loss === this.fusedLoss ? this.fusedLayer !== null : this.fusedOutput(loss) !== null;
        const value = path.gradients(x, y, loss, fused, backend, rate);
        this.lastOutput = path.output;
        this.stepped = path.stepped;
        return value;
      }
    }
    return this.batchGradients(x, y, loss, rng, backend);
  }

  /** computeGradients through every layer's own forward and backward (any batch, any layer). */
  private batchGradients(x: Matrix, y: Matrix, loss: Loss, rng: Rng | undefined, backend: Backend): number {
    const out = (this.lastOutput = this.run(x, true, rng, backend));
    if (y.rows !== out.rows || y.cols !== out.cols) {
      throw new NeuriteError('SHAPE_MISMATCH', `Targets are [${y.rows}, ${y.cols}] but the network outputs [${out.rows}, ${out.cols}]`, {
        expected: [out.rows, out.cols],
        actual: [y.rows, y.cols],
      });
    }
    const last = this.layers[this.layers.length - 1]!;
    const fused = this.fusedOutput(loss);
    let value: number;
    let grad: Matrix | null;
    if (fused) {
      const { z, a } = fused.lastValues();
      value = loss.forwardFromLogits!(z.data, y.data, y.rows, y.cols);
      const dZ = fused.preActivationGradient();
      loss.backwardFromLogits!(z.data, a.data, y.data, dZ.data, y.rows, y.cols);
      grad = fused.backwardFromPreActivation(dZ, this.backwardContext(backend, this.layers.length > 1));
    } else {
      value = loss.forward(out.data, y.data, y.rows, y.cols);
      const dOut = this.lossGradient(out.rows, out.cols);
      loss.backward(out.data, y.data, dOut.data, y.rows, y.cols);
      grad = last.backward(dOut, this.backwardContext(backend, this.layers.length > 1));
    }
    for (let i = this.layers.length - 2; i >= 0; i--) {
      grad = this.layers[i]!.backward(grad!, this.backwardContext(backend, i > 0));
    }
    return value;
  }

  /**
   * fit's steps at batch size 1 through the one-sample path's kernel (TrainPath.rowSteps), for the one-row
   * batch matrices bx and by that fit gathers rows into; null where the kernel does not hold.
   * @internal
   */
  rowKernel(bx: Matrix, by: Matrix, loss: Loss): DenseRowRun | null {
    const backend = this.backend ?? getBackend();
    const path = backend === this.trainBackend ? this.trainPath : this.trainPathFor(backend);
    if (path === null || bx.rows !== 1 || by.rows !== 1 || bx.cols !== path.inputs || by.cols !== path.outputs) return null;
    const run = path.rowSteps(bx, by, loss, this.fusedOutput(loss) !== null, backend);
    if (run !== null) {
      this.trainContext.backend = backend;
      this.lastOutput = path.output;
    }
    return run;
  }

  private backwardContext(backend: Backend, needInputGradient: boolean): BackwardContext {
    const ctx = needInputGradient ? this.innerBackward : this.firstBackward;
    ctx.backend = backend;
    return ctx;
  }

  /** One step of training on one batch: gradients by backpropagation, then the optimizer's update. */
  trainStep(x: Matrix, y: Matrix, loss: Loss, optimizer: ParameterUpdater, rng?: Rng): number {
    const params = this.parameters();
    // A plain SGD step may be taken by the one-sample path's kernel, in the pass that computes the gradients
    // (the same values: w ← w − η·g once the gradients are complete); the optimizer then only counts it.
    const rate = x.rows === 1 && optimizer.countStep !== undefined ? (optimizer.plainStepRate?.(params) ?? NaN) : NaN;
    const value = this.gradients(x, y, loss, rng, rate);
    if (this.stepped) optimizer.countStep!(params);
    // The backend the gradients were computed on, as `run` left it (no second look-up: this is per step).
    else optimizer.step(params, this.trainContext.backend);
    return value;
  }

  /** The mean loss on a batch, without training. */
  loss(x: Matrix, y: Matrix, loss: Loss): number {
    const out = this.forward(x);
    const fused = this.fusedOutput(loss);
    if (fused) return loss.forwardFromLogits!(fused.lastValues().z.data, y.data, y.rows, y.cols);
    return loss.forward(out.data, y.data, y.rows, y.cols);
  }

  /** Every weight and bias with its gradient, in layer order: layers.0.weights, layers.0.bias, ... */
  parameters(): Parameter[] {
    if (!this.params) this.params = this.layers.flatMap((layer, i) => layer.parameters(`layers.${i}`));
    return this.params;
  }

  /** Every layer's state arrays (a batch norm's running statistics: learned while training, not by gradient), in layer order. */
  stateArrays(): StateArray[] {
    if (!this.states) this.states = this.layers.flatMap((layer, i) => layer.stateArrays?.(`layers.${i}`) ?? []);
    return this.states;
  }

  /**
   * Everything the network has learned, as arrays: each parameter's values, then each state array. What is saved
   * and put back to restore a state (early stopping's best epoch, a diverged step undone, copyWeightsFrom).
   */
  learnedArrays(): FloatArray[] {
    if (!this.learned) this.learned = [...this.parameters().map((p) => p.value), ...this.stateArrays().map((s) => s.value)];
    return this.learned;
  }

  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.value.length, 0);
  }

  /** A deep copy with the same weights (and no shared buffers). */
  clone(): Network {
    const copy = Network.fromJSON(this.toJSON());
    copy.backend = this.backend;
    return copy;
  }

  /** Copies every parameter value (and state array: a batch norm's running statistics) from a network of the same architecture. */
  copyWeightsFrom(other: Network): void {
    const mine = this.learnedArrays();
    const theirs = other.learnedArrays();
    if (mine.length !== theirs.length || mine.some((values, i) => values.length !== theirs[i]!.length)) {
      throw new NeuriteError('SHAPE_MISMATCH', 'copyWeightsFrom needs a network with the same architecture');
    }
    mine.forEach((values, i) => values.set(theirs[i]!));
  }

  toJSON(): NetworkJSON {
    return {
      dtype: this.dtype,
      inputShape: [...this.inputShape],
      layers: this.layers.map((layer) => ({ ...layer.toJSON(), outputShape: [...layer.outputShape] })),
    };
  }

  /** Rebuilds a network from `toJSON()` output. Model files go through the validating loader in `io/` first. */
  static fromJSON(json: NetworkJSON): Network {
    if (json === null || typeof json !== 'object' || !Array.isArray(json.layers)) {
      throw new NeuriteError('MODEL_FORMAT', 'A network JSON needs a "layers" array', { path: 'layers' });
    }
    return new Network(layersFromJSON(json));
  }

  /** predictInto's one-sample fast path on `backend` (./row-path.ts decides where it holds), or null. */
  private pathFor(backend: Backend): RowPath | null {
    if (backend !== this.rowBackend) {
      this.rowPath = RowPath.for(this.layers, this.dtype, backend);
      this.rowBackend = backend;
    }
    return this.rowPath;
  }

  /** computeGradients' one-sample path on `backend` (./row-path.ts decides where it holds), or null. */
  private trainPathFor(backend: Backend): TrainPath | null {
    this.trainPath = TrainPath.for(this.layers, this.dtype, backend);
    this.trainBackend = backend;
    return this.trainPath;
  }

  private fusedOutput(loss: Loss): Dense | null {
    // Asked every step with the same loss: remember the answer for it.
    if (loss === this.fusedLoss) return this.fusedLayer;
    this.fusedLayer = fusedOutputLayer(this.layers, loss);
    this.fusedLoss = loss;
    return this.fusedLayer;
  }

  private checkMatrix(x: Matrix): Matrix {
    const data = x.data;
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        const row = Math.floor(i / x.cols);
        throw new NeuriteError('NON_FINITE', `Input row ${row}, column ${i % x.cols} is ${data[i]}; expected a finite number`, {
          row,
          column: i % x.cols,
        });
      }
    }
    return x;
  }

  private lossGradient(rows: number, cols: number): Matrix {
    const last = this.lastLossGrad;
    if (last !== null && last.rows === rows) return last;
    let m = this.lossGrad.get(rows);
    if (!m) {
      m = Matrix.zeros(rows, cols, this.dtype);
      if (this.lossGrad.size >= 8) this.lossGrad.clear();
      this.lossGrad.set(rows, m);
    }
    this.lastLossGrad = m;
    return m;
  }
}

/**
 * The output layer whose activation `loss` fuses with (softmax with the categorical cross-entropy, sigmoid with
 * the binary one), so the gradient starts at ∂L/∂z = ŷ − y; null when there is none. The training step and
 * `explain` both ask this, so they take the same path.
 * @internal
 */
export function fusedOutputLayer(layers: readonly Layer[], loss: Loss): Dense | null {
  const last = layers[layers.length - 1];
  if (
    last instanceof Dense &&
    loss.fusedActivation !== undefined &&
    last.activation.name === loss.fusedActivation &&
    loss.forwardFromLogits &&
    loss.backwardFromLogits
  ) {
    return last;
  }
  return null;
}
