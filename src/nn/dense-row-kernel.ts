import { Linear } from '../activations/linear.js';
import { ReLU } from '../activations/relu.js';
import { Sigmoid } from '../activations/sigmoid.js';
import type { Backend, DenseRowLayer, DenseRowRun } from '../backend/backend.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Dense } from './dense.js';

/** A layer's one-row buffers (Dense.rowPass): Z, A, ∂L/∂Z and ∂L/∂X. */
type RowBuffers = ReturnType<Dense['rowPass']>;

/**
 * The one-sample path's passes (./row-path.ts, TrainPath) as one call of the backend's one-row kernel
 * (`Backend.denseRowKernel`): the same values, bit for bit, written into the same buffers. Where it holds:
 * float32 layers whose activations are the library's own linear, sigmoid or ReLU, on a backend with such a
 * kernel and its own memory, where the layers keep their weights. Worth it where JavaScript costs most: the
 * first few thousand steps of a process, before V8 has optimized the path's loops, and fit's many steps in
 * one call (src/train/fit-rows.ts). Warm, one step costs about what the JavaScript path costs (bench/row-kernel.mjs).
 */
export class DenseRowKernel {
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private readonly dA: Float32Array;
  private readonly inputs: number;
  private readonly outputs: number;
  /** The layers' buffers the plan was made for, and the kernel for them (null: none yet, or none holds). */
  private planned: RowBuffers[] = [];
  private kernel: DenseRowRun | null = null;

  private constructor(
    private readonly layers: readonly Dense[],
    private readonly activations: readonly DenseRowLayer['activation'][],
    private readonly backend: Backend,
    allocate: (length: number) => Float32Array,
  ) {
    this.inputs = layers[0]!.inputSize;
    this.outputs = layers[layers.length - 1]!.outputSize;
    this.x = allocate(this.inputs);
    this.y = allocate(this.outputs);
    this.dA = allocate(this.outputs);
  }

  /** The kernel for these layers on `backend`, or null where it does not hold (see the class). */
  static for(layers: readonly Dense[], float32: boolean, backend: Backend): DenseRowKernel | null {
    const allocate = backend.allocateFloat32;
    if (!float32 || backend.denseRowKernel === undefined || allocate === undefined || layers.length === 0) return null;
    const activations: DenseRowLayer['activation'][] = [];
    for (const layer of layers) {
      const proto: unknown = Object.getPrototypeOf(layer.activation);
      if (proto === Sigmoid.prototype) activations.push('sigmoid');
      else if (proto === ReLU.prototype) activations.push('relu');
      else if (proto === Linear.prototype) activations.push('linear');
      else return null;
    }
    return new DenseRowKernel(layers, activations, backend, (n) => allocate.call(backend, n));
  }

  /**
   * Runs the training pass of the row `x` against `y` through the layers' buffers `passes` (as `rowPass`
   * returned them for this step): the mean squared error (returned) and every gradient, and then, when `rate`
   * is not NaN and the loss is finite, the plain SGD step with that rate. Returns undefined, having written
   * nothing, when the kernel cannot take these buffers.
   */
  run(passes: readonly RowBuffers[], x: FloatArray, y: FloatArray, rate: number): number | undefined {
    const kernel = this.kernelFor(passes);
    if (kernel === null) return undefined;
    const xs = this.x;
    for (let i = 0; i < this.inputs; i++) xs[i] = x[i]!;
    const ys = this.y;
    for (let i = 0; i < this.outputs; i++) ys[i] = y[i]!;
    return kernel.pass(rate);
  }

  /** The kernel for the layers' buffers `passes` (made again when they changed), or null where none holds. */
  kernelFor(passes: readonly RowBuffers[]): DenseRowRun | null {
    const planned = this.planned;
    let same = planned.length === passes.length;
    for (let l = 0; same && l < passes.length; l++) same = planned[l] === passes[l];
    if (!same) this.plan(passes);
    return this.kernel;
  }

  private plan(passes: readonly RowBuffers[]): void {
    const entries = this.layers.map((layer, l) => {
      const { z, a, dZ, dX } = passes[l]!;
      const { inputSize: inputs, outputSize: units, weights: w, bias: b, weightGrad: gW, biasGrad: gb } = layer;
      return { inputs, units, activation: this.activations[l]!, w, b, gW, gb, z: z.data, a: a.data, dZ: dZ.data, dX: dX.data };
    });
    this.kernel = this.backend.denseRowKernel!(entries, this.x, this.y, this.dA);
    this.planned = passes.slice();
  }
}
