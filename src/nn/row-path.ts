import type { Activation } from '../activations/activation.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, describe } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { allocate, type DType, type FloatArray, type Matrix } from '../tensor/matrix.js';
import { Dense, type BatchBuffers } from './dense.js';
import { Dropout } from './dropout.js';
import type { Layer } from './layer.js';
import { smallForward, smallInputGradient, smallParameterGradients } from './small-dense.js';

/**
 * One sample at a time through a small network of dense layers (the seed's 2-2-1): the batch path's own
 * arithmetic (./small-dense.ts: each sum started at 0, accumulated in index order, rounded once when stored in
 * the layer's precision) without its per-layer calls, checks and buffer lookups, which cost more than the few
 * multiply-adds. Network uses it for `predictInto` and for one-row `computeGradients` when every dense layer
 * passes `Dense.rowIsReference`; dropout is skipped (the identity at inference, and while training at rate 0).
 * The results are the batch path's, bit for bit; training fills the same buffers (the layers' Z, A, ∂L/∂Z,
 * ∂L/∂X, gradients and last inputs), so `lastValues()` and `lastOutput` say the same afterwards.
 */
export class RowPath {
  /** The last layer's activations after `train` (the network's `lastOutput`). */
  lastOutput: Matrix | null = null;
  private readonly bufs: BatchBuffers[] = [];
  /** `predict`'s view of each layer, with its activations `a` and, for an activation over the whole row (softmax), its `z`. */
  private readonly steps: { w: FloatArray; b: FloatArray; act: Activation; a: FloatArray; z: FloatArray | null; inputs: number; units: number }[];
  private readonly float32: boolean;
  private readonly inputs: number;
  private readonly outputs: number;

  private constructor(
    private readonly dense: Dense[],
    /** Whether the first dense layer is the network's first, whose ∂L/∂x the batch path does not compute. */
    private readonly first: boolean,
    /** False when a dropout layer draws masks while training: training then takes the batch path. */
    readonly trains: boolean,
    dtype: DType,
  ) {
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
    let trains = true;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const proto: unknown = Object.getPrototypeOf(layer);
      if (proto === Dropout.prototype) {
        trains &&= (layer as Dropout).rate === 0;
        continue;
      }
      if (proto !== Dense.prototype || !(layer as Dense).rowIsReference(backend)) return null;
      dense.push(layer as Dense);
    }
    return dense.length === 0 ? null : new RowPath(dense, layers[0] === dense[0], trains, dtype);
  }

  /** Network.predictInto: the outputs for one sample, written into `output`. */
  predictInto(sample: ArrayLike<number>, output: FloatArray | number[]): void {
    const n = this.inputs;
    if (sample == null || sample.length !== n || output == null || !(output.length >= this.outputs)) checkSample(sample, output, n, this.outputs);
    // x − x is 0 for a finite number, NaN for ±Infinity and NaN: one test after the loop (checkSample then says which).
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const v = sample[i];
      bad += typeof v === 'number' ? v - v : NaN;
    }
    if (bad !== 0) checkSample(sample, output, n, this.outputs);
    // Every value read is rounded to the network's precision, as the batch path's buffers store it: the sample,
    // and each z = sum + b before f(z) (the layers' activations are stored rounded).
    const float32 = this.float32;
    const steps = this.steps;
    let input = sample;
    for (let l = 0; l < steps.length; l++) {
      const { w, b, act, a, z, inputs, units } = steps[l]!;
      for (let j = 0; j < units; j++) {
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
  }

  /**
   * Forward, loss and backpropagation for one row, as Network.computeGradients: returns the loss. `dOut` is the
   * network's ∂L/∂output buffer, or null when the loss is fused with the last layer's activation.
   */
  train(x: Matrix, y: Matrix, loss: Loss, dOut: Matrix | null, backend: Backend): number {
    const layers = this.dense;
    const bufs = this.bufs;
    const n = layers.length;
    for (let l = 0; l < n; l++) {
      const { weights, bias, activation, inputSize, outputSize } = layers[l]!;
      const buf = (bufs[l] = layers[l]!.rowBuffers(l === 0 ? x : bufs[l - 1]!.a, backend));
      smallForward((l === 0 ? x : bufs[l - 1]!.a).data, weights, bias, buf.z.data, 1, inputSize, outputSize);
      activation.forward(buf.z.data, buf.a.data, 1, outputSize);
    }
    const { z, a, dZ } = bufs[n - 1]!;
    this.lastOutput = a;
    let dA = dOut?.data ?? dZ.data;
    const value = dOut ? loss.forward(a.data, y.data, 1, y.cols) : loss.forwardFromLogits!(z.data, y.data, 1, y.cols);
    if (dOut) loss.backward(a.data, y.data, dOut.data, 1, y.cols);
    else loss.backwardFromLogits!(z.data, a.data, y.data, dZ.data, 1, y.cols);
    for (let l = n - 1; l >= 0; l--) {
      const { weights, weightGrad, biasGrad, activation, inputSize, outputSize } = layers[l]!;
      const buf = bufs[l]!;
      if (dOut || l < n - 1) activation.backward(buf.z.data, buf.a.data, dA, buf.dZ.data, 1, outputSize);
      smallParameterGradients(buf.dZ.data, (l === 0 ? x : bufs[l - 1]!.a).data, weightGrad, biasGrad, 1, inputSize, outputSize);
      if (l > 0 || !this.first) smallInputGradient(buf.dZ.data, weights, (dA = buf.dX.data), 1, inputSize, outputSize);
    }
    return value;
  }
}

/**
 * Throws unless `input` is one sample for Network.predictInto (its length, room in `output`, every value finite);
 * copies it into `x`, when given, on the way.
 */
export function checkSample(input: ArrayLike<number>, output: ArrayLike<number>, inputs: number, outputs: number, x?: FloatArray): void {
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
    if (x) x[i] = v;
  }
}
