import type { ActivationLike } from '../activations/registry.js';
import { getBackend, jsBackend } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, describe, requireInteger } from '../errors.js';
import type { InitializerLike } from '../init/registry.js';
import { Rng } from '../init/rng.js';
import type { Loss } from '../losses/loss.js';
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import { Dense } from './dense.js';
import { Dropout, requireDropoutRate } from './dropout.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { RowPath, checkSample } from './row-path.js';

/** A fully connected layer (`type` may be omitted: dense is the default). */
export interface DenseLayerSpec {
  type?: 'dense';
  units: number;
  activation?: ActivationLike;
  /** Default: the network's `initializer`, else `defaultInitializerFor(activation)`. */
  initializer?: InitializerLike;
  biasInitializer?: InitializerLike;
}

/** Inverted dropout on the previous layer's outputs (as wide as they are). */
export interface DropoutLayerSpec {
  type: 'dropout';
  /** The probability that a value is zeroed while training, in [0, 1). */
  rate: number;
}

/** One layer of a {@link NetworkSpec}: a dense layer (the default type) or dropout. */
export type LayerSpec = DenseLayerSpec | DropoutLayerSpec;

/** The shape of a network for {@link Network.create}: inputs, layers, seed, precision and initializers. */
export interface NetworkSpec {
  /** Features per sample. */
  inputs: number;
  /** Layers from the first hidden one to the output. */
  layers: LayerSpec[];
  /** Seed of the xoshiro128** generator that draws the initial weights (default 42). */
  seed?: number;
  dtype?: DType;
  /**
   * Initializer for every layer's weights that names none (default: per layer, from its activation by
   * `defaultInitializerFor`; the seed's demo asks for its standard normal with `'normal'`).
   */
  initializer?: InitializerLike;
  biasInitializer?: InitializerLike;
}

/** A {@link Network} as JSON: its precision and its layers, weights included. */
export interface NetworkJSON {
  dtype: DType;
  layers: LayerJSON[];
}

/** Something an optimizer can update from the parameters' gradients (on the network's backend, when it uses one). */
export interface ParameterUpdater {
  step(params: Parameter[], backend?: Backend): void;
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

  constructor(layers: Layer[]) {
    if (!Array.isArray(layers) || layers.length === 0) {
      throw new NeuriteError('INVALID_ARGUMENT', `A network needs at least one layer, got ${describe(layers)}`);
    }
    const dtype = layers[0]!.dtype;
    for (let i = 1; i < layers.length; i++) {
      const prev = layers[i - 1]!;
      const layer = layers[i]!;
      if (layer.inputSize !== prev.outputSize) {
        throw new NeuriteError('SHAPE_MISMATCH', `Layer ${i} expects ${layer.inputSize} inputs but layer ${i - 1} gives ${prev.outputSize}`, {
          expected: prev.outputSize,
          actual: layer.inputSize,
          field: `layers.${i}`,
        });
      }
      if (layer.dtype !== dtype) {
        throw new NeuriteError('INVALID_ARGUMENT', `Layer ${i} is ${layer.dtype} but layer 0 is ${dtype}; use one precision`);
      }
    }
    this.layers = layers;
    this.dtype = dtype;
  }

  /** Builds dense (and dropout) layers from sizes, drawing weights from a seeded generator. */
  static create(spec: NetworkSpec): Network {
    if (spec === null || typeof spec !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Network.create needs a spec object, got ${describe(spec)}`);
    }
    let inputs = requireInteger('inputs', spec.inputs);
    if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
      throw new NeuriteError('INVALID_ARGUMENT', `A network needs at least one layer in "layers", got ${describe(spec.layers)}`);
    }
    const rng = new Rng(spec.seed ?? 42);
    const dtype = spec.dtype ?? 'float32';
    const layers = spec.layers.map((layer, i): Layer => {
      if (layer?.type === 'dropout') {
        return new Dropout({ inputs, rate: requireDropoutRate(`layers[${i}].rate`, layer.rate), dtype });
      }
      const type: unknown = layer?.type;
      if (type !== undefined && type !== 'dense') {
        throw new NeuriteError('INVALID_ARGUMENT', `layers[${i}].type: unknown layer type ${describe(type)}; expected "dense" (the default) or "dropout"`, {
          field: `layers[${i}].type`,
          expected: ['dense', 'dropout'],
          actual: type,
        });
      }
      const units = requireInteger(`layers[${i}].units`, layer?.units);
      const dense = new Dense({
        inputs,
        units,
        activation: layer.activation ?? 'sigmoid',
        dtype,
        // undefined → Dense picks defaultInitializerFor(activation)
        initializer: layer.initializer ?? spec.initializer,
        biasInitializer: layer.biasInitializer ?? spec.biasInitializer ?? 'zeros',
        rng,
      });
      inputs = units;
      return dense;
    });
    return new Network(layers);
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
    const out = (this.lastOutput = this.run(x, true, rng, this.kernels));
    if (y.rows !== out.rows || y.cols !== out.cols) {
      throw new NeuriteError('SHAPE_MISMATCH', `Targets are [${y.rows}, ${y.cols}] but the network outputs [${out.rows}, ${out.cols}]`, {
        expected: [out.rows, out.cols],
        actual: [y.rows, y.cols],
      });
    }
    const last = this.layers[this.layers.length - 1]!;
    const backend = this.kernels;
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

  private backwardContext(backend: Backend, needInputGradient: boolean): BackwardContext {
    const ctx = needInputGradient ? this.innerBackward : this.firstBackward;
    ctx.backend = backend;
    return ctx;
  }

  /** One step of training on one batch: gradients by backpropagation, then the optimizer's update. */
  trainStep(x: Matrix, y: Matrix, loss: Loss, optimizer: ParameterUpdater, rng?: Rng): number {
    const value = this.computeGradients(x, y, loss, rng);
    optimizer.step(this.parameters(), this.kernels);
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

  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.value.length, 0);
  }

  /** A deep copy with the same weights (and no shared buffers). */
  clone(): Network {
    const copy = Network.fromJSON(this.toJSON());
    copy.backend = this.backend;
    return copy;
  }

  /** Copies every parameter value from a network of the same architecture. */
  copyWeightsFrom(other: Network): void {
    const mine = this.parameters();
    const theirs = other.parameters();
    if (mine.length !== theirs.length || mine.some((p, i) => p.value.length !== theirs[i]!.value.length)) {
      throw new NeuriteError('SHAPE_MISMATCH', 'copyWeightsFrom needs a network with the same architecture');
    }
    mine.forEach((p, i) => p.value.set(theirs[i]!.value));
  }

  toJSON(): NetworkJSON {
    return { dtype: this.dtype, layers: this.layers.map((layer) => layer.toJSON()) };
  }

  /** Rebuilds a network from `toJSON()` output. Model files go through the validating loader in `io/` first. */
  static fromJSON(json: NetworkJSON): Network {
    if (json === null || typeof json !== 'object' || !Array.isArray(json.layers)) {
      throw new NeuriteError('MODEL_FORMAT', 'A network JSON needs a "layers" array', { path: 'layers' });
    }
    const dtype = json.dtype ?? 'float32';
    return new Network(json.layers.map((layer, i) => layerFromJSON(layer, dtype, `layers.${i}`)));
  }

  /** predictInto's one-sample fast path on `backend` (./row-path.ts decides where it holds), or null. */
  private pathFor(backend: Backend): RowPath | null {
    if (backend !== this.rowBackend) {
      this.rowPath = RowPath.for(this.layers, this.dtype, backend);
      this.rowBackend = backend;
    }
    return this.rowPath;
  }

  private fusedOutput(loss: Loss): Dense | null {
    // Asked every step with the same loss: remember the answer for it.
    if (loss === this.fusedLoss) return this.fusedLayer;
    this.fusedLayer = this.findFusedOutput(loss);
    this.fusedLoss = loss;
    return this.fusedLayer;
  }

  private findFusedOutput(loss: Loss): Dense | null {
    const last = this.layers[this.layers.length - 1];
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
 * Layer types that `Network.fromJSON` can rebuild; other layer files add themselves here.
 *
 * @example
 * ```ts
 * import { Network, layerFactories } from 'neurite';
 * console.log(Object.keys(layerFactories)); // ['dense', 'dropout']: the layer types Network.fromJSON rebuilds
 * const network = Network.create({ inputs: 2, layers: [{ units: 3 }, { type: 'dropout', rate: 0.5 }, { units: 1 }] });
 * const copy = Network.fromJSON(network.toJSON());
 * ```
 */
export const layerFactories: Record<string, (json: LayerJSON, dtype: DType, path: string) => Layer> = {
  dense: (json, dtype) => {
    const inputs = json['inputs'] as number;
    const units = json['units'] as number;
    const w = json['weights'] as number[];
    const rows: number[][] = [];
    for (let j = 0; j < units; j++) rows.push(w.slice(j * inputs, (j + 1) * inputs));
    return new Dense({ inputs, units, activation: json['activation'] as ActivationLike, dtype, weights: rows, bias: json['bias'] as number[] });
  },
  dropout: (json, dtype) => new Dropout({ inputs: json['inputs'] as number, rate: json['rate'] as number, dtype }),
};

function layerFromJSON(json: LayerJSON, dtype: DType, path: string): Layer {
  const type = json?.type;
  const factory = typeof type === 'string' && Object.hasOwn(layerFactories, type) ? layerFactories[type] : undefined;
  if (!factory) {
    throw new NeuriteError('MODEL_FORMAT', `${path}.type: unknown layer type ${describe(type)}; expected one of ${Object.keys(layerFactories).join(', ')}`, {
      path: `${path}.type`,
    });
  }
  return factory(json, dtype, path);
}
