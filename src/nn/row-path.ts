import type { Activation } from '../activations/activation.js';
import type { Backend, DenseRowRun } from '../backend/backend.js';
import { NeuriteError, describe } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { MeanSquaredError } from '../losses/mse.js';
import { allocate, Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import { Dense } from './dense.js';
import { DenseRowKernel } from './dense-row-kernel.js';
import { Dropout } from './dropout.js';
import type { Layer } from './layer.js';
import { smallRow } from './ops.js';

/**
 * The one-sample fast path of `Network.predictInto` through a small network of dense layers (the seed's
 * 2-2-1): the batch path's own arithmetic (the reference loops of ../backend/js/small-loops.ts: each sum
 * started at 0, accumulated in index order, rounded once when stored in the layer's precision; elementwise
 * activations through their `f`, which agrees with their `forward`) without its per-layer calls, checks and
 * buffers, which cost more than the few multiply-adds. `RowPath.for` is where it is chosen: when every layer
 * is a Dense whose one-row product is small on the backend (`smallRow` in ./ops.ts) or a dropout (skipped).
 * The results are the batch path's, bit for bit. It leaves the layers' buffers (`lastValues()`) and
 * `lastOutput` alone.
 */
export class RowPath {
  /** Each layer's parameters, activations `a` and, for an activation over the whole row (softmax), its `z`. */
  private readonly steps: { w: FloatArray; b: FloatArray; act: Activation; a: FloatArray; z: FloatArray | null; inputs: number; units: number }[];
  private readonly float32: boolean;
  private readonly inputs: number;
  private readonly outputs: number;

  private constructor(dense: Dense[], dtype: DType) {
    this.float32 = dtype === 'float32';
    this.inputs = dense[0]!.inputSize;
    this.outputs = dense[dense.length - 1]!.outputSize;
    this.steps = dense.map((layer) => {
      const { weights: w, bias: b, activation: act, inputSize: inputs, outputSize: units } = layer;
      return { w, b, act, inputs, units, a: allocate(dtype, units), z: act.elementwise ? null : allocate(dtype, units) };
    });
  }

  /** The path for these layers on `backend`, or null when one of them needs the batch path. */
  static for(layers: readonly Layer[], dtype: DType, backend: Backend): RowPath | null {
    const dense: Dense[] = [];
    for (const layer of layers) {
      const proto: unknown = Object.getPrototypeOf(layer);
      if (proto === Dropout.prototype) continue; // the identity at inference
      if (proto !== Dense.prototype || !smallRow(backend, layer.inputSize, layer.outputSize)) return null;
      dense.push(layer as Dense);
    }
    return dense.length === 0 ? null : new RowPath(dense, dtype);
  }

  /** Network.predictInto: the outputs for one sample, written into `output`. */
  predictInto(sample: ArrayLike<number>, output: FloatArray | number[]): void {
    if (!this.predict(sample, output)) checkSample(sample, output, this.inputs, this.outputs);
  }

  /**
   * The outputs for one sample, written into `output`; false, with nothing written, unless `sample` is as many
   * finite numbers as the network has inputs and `output` has room (the caller then says what is wrong).
   */
  predict(sample: ArrayLike<number>, output: FloatArray | number[]): boolean {
    const n = this.inputs;
    if (sample == null || sample.length !== n || output == null || !(output.length >= this.outputs)) return false;
    // x − x is 0 for a finite number, NaN for ±Infinity and NaN: one test after the loop.
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const v = sample[i];
      bad += typeof v === 'number' ? v - v : NaN;
    }
    if (bad !== 0) return false;
    // Every value read is rounded to the network's precision, as the batch path's buffers store it: the sample,
    // and each z = sum + b before f(z) (the layers' activations are stored rounded).
    const float32 = this.float32;
    const steps = this.steps;
    let input = sample;
    for (let l = 0; l < steps.length; l++) {
      const { w, b, act, a, z, inputs, units } = steps[l]!;
      let j = 0;
      // With f elementwise, two units a turn: their f (an exp, say) then run side by side.
      for (; z === null && j + 1 < units; j += 2) {
        const o = j * inputs;
        let s0 = 0;
        let s1 = 0;
        for (let p = 0; p < inputs; p++) {
          const x = float32 ? Math.fround(input[p]!) : input[p]!;
          s0 += x * w[o + p]!;
          s1 += x * w[o + inputs + p]!;
        }
        const z0 = s0 + b[j]!;
        const z1 = s1 + b[j + 1]!;
        a[j] = act.f(float32 ? Math.fround(z0) : z0);
        a[j + 1] = act.f(float32 ? Math.fround(z1) : z1);
      }
      for (; j < units; j++) {
        let sum = 0;
        for (let p = 0, o = j * inputs; p < inputs; p++) sum += (float32 ? Math.fround(input[p]!) : input[p]!) * w[o + p]!;
        const v = sum + b[j]!;
        if (z !== null) z[j] = v;
        else a[j] = act.f(float32 ? Math.fround(v) : v);
      }
      if (z !== null) act.forward(z, a, 1, units);
      input = a;
    }
    for (let j = 0; j < input.length; j++) output[j] = input[j]!;
    return true;
  }
}

/** A layer's one-row buffers (Dense.rowPass): Z, A, ∂L/∂Z and ∂L/∂X. */
type RowBuffers = ReturnType<Dense['rowPass']>;

/**
 * The one-sample path of `Network.computeGradients` (a training step at batch size 1, as the seed trains)
 * through a small network of dense layers: forward, loss and backpropagation in one loop over the layers,
 * with the batch path's arithmetic (the loops of ../backend/js/small-loops.ts for one row, each sum started
 * at 0 and accumulated in index order; the activation's and the loss's own batch functions) without its
 * per-layer calls, contexts and checks. It writes the layers' own buffers (`Dense.rowPass`), so afterwards
 * everything is as the batch path leaves it: every parameter's gradient, each layer's `lastValues()`, the
 * output. `TrainPath.for` is where it is chosen: every layer a Dense whose one-row product is small on the
 * backend (`smallRow`); no dropout (which draws a mask while training), no other layer. Its forward pass
 * alone is `predict(row)`'s (which leaves the layers as `forward` does). Where the backend has a one-row
 * kernel (./dense-row-kernel.ts), a training pass is one call into it, the plain SGD step included.
 */
export class TrainPath {
  /** The last pass's buffers, one entry per layer (the same objects every step once the layers have them). */
  private readonly passes: RowBuffers[];
  private readonly lossGrad: Matrix;
  /** The shapes and precision of a one-row batch this path takes (Network.computeGradients checks them). */
  readonly inputs: number;
  readonly outputs: number;
  readonly float64: boolean;
  /** The output of the last pass (the network's `lastOutput`). */
  output: Matrix | null = null;
  /** Whether the last `gradients` also took the SGD step it was given a rate for (only the kernel does). */
  stepped = false;
  /** The backend's one-row kernel for these layers, which runs a whole pass in one call; null where none holds. */
  private kernel: DenseRowKernel | null;

  private constructor(
    private readonly layers: Dense[],
    dtype: DType,
    backend: Backend,
  ) {
    this.inputs = layers[0]!.inputSize;
    this.outputs = layers[layers.length - 1]!.outputSize;
    this.float64 = dtype === 'float64';
    this.lossGrad = Matrix.zeros(1, this.outputs, dtype);
    this.passes = [];
    this.kernel = DenseRowKernel.for(layers, dtype === 'float32', backend);
  }

  /** The path for these layers on `backend`, or null when one of them needs the batch path. */
  static for(layers: readonly Layer[], dtype: DType, backend: Backend): TrainPath | null {
    for (const layer of layers) {
      if (Object.getPrototypeOf(layer) !== Dense.prototype || !smallRow(backend, layer.inputSize, layer.outputSize)) return null;
    }
    return new TrainPath(layers as Dense[], dtype, backend);
  }

  /**
   * Fills every parameter's gradient for the one-row batch (x, y) and returns the loss, as
   * `Network.computeGradients` does; `fused` says whether the loss starts at the output's weighted sums.
   * Given a `rate`, the backend's kernel may go on to take the plain SGD step w ← w − rate·g when the loss is
   * finite, in the same call; `stepped` then says it did.
   * The caller has checked the shapes and the precision (`inputs`, `outputs`, `float64`); `output` is then
   * the output.
   */
  gradients(x: Matrix, y: Matrix, loss: Loss, fused: boolean, backend: Backend, rate = NaN): number {
    // The whole step in the backend's kernel where it holds.
    this.stepped = false;
    const kernel = this.kernelTaking(loss, fused, y);
    if (kernel !== null) {
      const value = kernel.run(this.rowPasses(x, backend), x.data, y.data, rate);
      if (value !== undefined) {
        this.output = this.passes[this.layers.length - 1]!.a;
        this.stepped = rate === rate && value - value === 0; // as the kernel decides
        return value;
      }
      this.kernel = null; // its buffers are not the kernel's to use: the loops below from now on
    }
    return this.loopGradients(x, y, loss, fused, backend);
  }

  /** `gradients` in JavaScript loops. */
  private loopGradients(x: Matrix, y: Matrix, loss: Loss, fused: boolean, backend: Backend): number {
    const layers = this.layers;
    const passes = this.passes;
    const count = layers.length;
    const last = this.forward(x, backend);
    const cols = this.outputs;
    let value: number;
    let l = count - 1;
    let dZ: FloatArray;
    if (fused) {
      // ∂L/∂z = ŷ − y straight from the loss (cross-entropy with its softmax or sigmoid).
      value = loss.forwardFromLogits!(last.z.data, y.data, 1, cols);
      dZ = last.dZ.data;
      loss.backwardFromLogits!(last.z.data, last.a.data, y.data, dZ, 1, cols);
    } else {
      value = loss.forward(last.a.data, y.data, 1, cols);
      const dA = this.lossGrad.data;
      loss.backward(last.a.data, y.data, dA, 1, cols);
      // ∂L/∂Z = ∂L/∂A ⊙ f'(Z), by the activation's own batch function (as `activateBackward` gives it).
      dZ = last.dZ.data;
      layers[l]!.activation.backward(last.z.data, last.a.data, dA, dZ, 1, cols);
    }
    // Backward, layer by layer: ∂L/∂W = ∂L/∂Zᵀ · X, ∂L/∂b = ∂L/∂Z, then ∂L/∂X = ∂L/∂Z · W for the layer below.
    for (;;) {
      const layer = layers[l]!;
      const xs = l > 0 ? passes[l - 1]!.a.data : x.data;
      const gW = layer.weightGrad;
      const gb = layer.biasGrad;
      const inputs = layer.inputSize;
      const units = layer.outputSize;
      for (let j = 0, o = 0; j < units; j++, o += inputs) {
        const d = dZ[j]!;
        // 0 + v, as the reference's sums start at 0 (which turns a −0 into +0).
        for (let p = 0; p < inputs; p++) gW[o + p] = 0 + d * xs[p]!;
        gb[j] = 0 + d;
      }
      if (l === 0) break;
      const dX = passes[l]!.dX.data;
      const w = layer.weights;
      for (let p = 0; p < inputs; p++) {
        let sum = 0;
        for (let j = 0; j < units; j++) sum += dZ[j]! * w[j * inputs + p]!;
        dX[p] = sum;
      }
      l--;
      const below = passes[l]!;
      dZ = below.dZ.data;
      layers[l]!.activation.backward(below.z.data, below.a.data, dX, dZ, 1, inputs);
    }
    return value;
  }

  /**
   * The forward pass of one row `x` into the layers' own buffers (as `forward` leaves them, bit for bit):
   * the pass of the last layer, whose A is the output.
   */
  forward(x: Matrix, backend: Backend): RowBuffers {
    // (Not on the kernel: a forward pass alone, warm, runs faster in JavaScript than a call into the module.)
    const layers = this.layers;
    const passes = this.passes;
    const count = layers.length;
    const float32 = !this.float64;
    let input = x;
    // Z = X · Wᵀ + b, A = f(Z), layer by layer.
    for (let l = 0; l < count; l++) {
      const layer = layers[l]!;
      const pass = layer.rowPass(input, backend);
      passes[l] = pass;
      const xs = input.data;
      const w = layer.weights;
      const b = layer.bias;
      const z = pass.z.data;
      const a = pass.a.data;
      const act = layer.activation;
      const inputs = layer.inputSize;
      const units = layer.outputSize;
      let j = 0;
      // f of z as stored (rounded to the layer's precision): an elementwise activation's `f` agrees with its
      // `forward`. Two units a turn, from the values in hand: their f (an exp, say) then run side by side.
      for (; act.elementwise && j + 1 < units; j += 2) {
        const o = j * inputs;
        let s0 = 0;
        let s1 = 0;
        for (let p = 0; p < inputs; p++) {
          const v = xs[p]!;
          s0 += v * w[o + p]!;
          s1 += v * w[o + inputs + p]!;
        }
        const z0 = float32 ? Math.fround(s0 + b[j]!) : s0 + b[j]!;
        const z1 = float32 ? Math.fround(s1 + b[j + 1]!) : s1 + b[j + 1]!;
        z[j] = z0;
        z[j + 1] = z1;
        a[j] = act.f(z0);
        a[j + 1] = act.f(z1);
      }
      for (let o = j * inputs; j < units; j++, o += inputs) {
        let sum = 0;
        for (let p = 0; p < inputs; p++) sum += xs[p]! * w[o + p]!;
        z[j] = sum + b[j]!;
        if (act.elementwise) a[j] = act.f(z[j]!);
      }
      if (!act.elementwise) act.forward(z, a, 1, units);
      input = pass.a;
    }
    const last = passes[count - 1]!;
    this.output = last.a;
    return last;
  }

  /**
   * fit's training steps at batch size 1 through the backend's kernel (`DenseRowRun.steps`), or null where it
   * does not hold for this loss: the layers are left as a pass of the row matrix `bx` leaves them (whose data
   * the caller fills with the last step's row), `output` is the output.
   */
  rowSteps(bx: Matrix, by: Matrix, loss: Loss, fused: boolean, backend: Backend): DenseRowRun | null {
    const kernel = this.kernelTaking(loss, fused, by);
    if (kernel === null || !(bx.data instanceof Float32Array)) return null;
    const passes = this.rowPasses(bx, backend);
    this.output = passes[passes.length - 1]!.a;
    return kernel.kernelFor(passes);
  }

  /**
   * The kernel where it takes a step with this loss and these targets: the library's own mean squared error,
   * not fused, float32 targets (the kernel reads them in the network's precision); else null.
   */
  private kernelTaking(loss: Loss, fused: boolean, y: Matrix): DenseRowKernel | null {
    const takes = !fused && Object.getPrototypeOf(loss) === MeanSquaredError.prototype && y.data instanceof Float32Array;
    return takes ? this.kernel : null;
  }

  /** Each layer's one-row buffers for the row x, as the forward pass leaves the layers (`lastValues`, `lastInput`). */
  private rowPasses(x: Matrix, backend: Backend): RowBuffers[] {
    const layers = this.layers;
    const passes = this.passes;
    let input = x;
    for (let l = 0; l < layers.length; l++) input = (passes[l] = layers[l]!.rowPass(input, backend)).a;
    return passes;
  }
}

/** Throws unless `input` is one sample for Network.predictInto: its length, room in `output`, every value finite. */
export function checkSample(input: ArrayLike<number>, output: ArrayLike<number>, inputs: number, outputs: number): void {
  if (input == null || input.length !== inputs) {
    throw new NeuriteError('SHAPE_MISMATCH', `The input has ${input?.length ?? 'no'} values; the network expects ${inputs}`, {
      expected: inputs,
      actual: input?.length,
    });
  }
  if (output == null || !(output.length >= outputs)) {
    throw new NeuriteError('SHAPE_MISMATCH', `The output needs room for ${outputs} values, got ${describe(output)}`, {
      expected: outputs,
      actual: output?.length,
    });
  }
  for (let i = 0; i < inputs; i++) {
    const v = input[i];
    if (!Number.isFinite(v)) {
      throw new NeuriteError('NON_FINITE', `Input value ${i} is ${describe(v)}; expected a finite number`, { column: i, actual: v });
    }
  }
}
