import type { Activation } from '../activations/activation.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, describe } from '../errors.js';
import { allocate, type DType, type FloatArray } from '../tensor/matrix.js';
import { Dense } from './dense.js';
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
