import type { Backend, DenseRowLayer, DenseRowRun } from '../backend.js';
import type { FloatArray } from '../../tensor/matrix.js';
import type { WasmHeap } from './heap.js';

/** The module's one-row kernels (assembly/kernels.ts). */
export interface RowKernels {
  denseRowPass(plan: number, rate: number): number;
  denseRowSteps(plan: number, xs: number, ys: number, order: number, from: number, to: number, period: number, rate: number, sum: number, sums: number): number;
}

const ACTIVATIONS = { linear: 0, sigmoid: 1, relu: 2 } as const;
/** The plan's header: 8 words, a float64 loss, then 11 words a layer (see assembly/kernels.ts). */
const HEADER_WORDS = 10;
const LAYER_WORDS = 11;

/**
 * The WebAssembly backend's one-row kernel for a small dense network (src/backend/backend.ts says what it
 * computes): the layers' sizes, activations and arrays written once into a plan in the module's memory, which
 * every call then reads. Every array must live in that memory (the layers' own, and the caller's staging).
 */
export function rowKernelMethods(kernels: RowKernels, heap: WasmHeap): Pick<Backend, 'denseRowKernel'> {
  const offset = (array: FloatArray): number => (array instanceof Float32Array ? heap.offsetOf(array) : -1);
  return {
    denseRowKernel(layers: readonly DenseRowLayer[], x: FloatArray, y: FloatArray, dA: FloatArray): DenseRowRun | null {
      if (layers.length === 0) return null;
      const params = layers.reduce((n, { inputs, units }) => n + (inputs + 1) * units, 0);
      const words = HEADER_WORDS + LAYER_WORDS * layers.length;
      // One block: the plan, then the backup of every weight and bias that the training steps keep.
      const block = heap.allocateFloat32(words + params);
      const at = heap.offsetOf(block);
      if (at < 0) return null;
      const plan = new Int32Array(block.buffer, at, words);
      const last = layers[layers.length - 1]!;
      plan.set([layers.length, offset(x), offset(y), offset(dA), last.units, at + 4 * words]);
      for (let l = 0; l < layers.length; l++) {
        const { inputs, units, activation, w, b, gW, gb, z, a, dZ, dX } = layers[l]!;
        const code = ACTIVATIONS[activation];
        if (code === undefined || (l > 0 && inputs !== layers[l - 1]!.units)) return null;
        plan.set(
          [inputs, units, code, offset(w), offset(b), offset(gW), offset(gb), offset(z), offset(a), offset(dZ), offset(dX)],
          HEADER_WORDS + LAYER_WORDS * l,
        );
      }
      // Every array in the module's memory (an offset of −1 is one that is not), and long enough.
      const sizes = [x.length >= layers[0]!.inputs, y.length >= last.units, dA.length >= last.units];
      for (const { inputs, units, w, b, gW, gb, z, a, dZ, dX } of layers) {
        sizes.push(w.length >= inputs * units && gW.length >= inputs * units, b.length >= units && gb.length >= units);
        sizes.push(z.length >= units && a.length >= units && dZ.length >= units && dX.length >= inputs);
      }
      if (plan.some((word) => word < 0) || sizes.includes(false)) return null;
      const lossView = new Float64Array(block.buffer, at + 32, 1);
      // (The block is freed when it is collected: the run holds it, not only views of it.)
      return {
        pass: (rate) => kernels.denseRowPass(block.byteOffset, rate),
        steps(xs, ys, order, sums, from, to, period, rate, sum) {
          const px = heap.offsetOf(xs);
          const py = heap.offsetOf(ys);
          const po = heap.offsetOf(order);
          const ps = heap.offsetOf(sums);
          if (px < 0 || py < 0 || po < 0 || ps < 0 || order.length < to - from || sums.length < Math.floor(to / period)) {
            throw new RangeError('denseRowKernel steps: the rows, their order and the sums must live in the module memory, with room');
          }
          return kernels.denseRowSteps(block.byteOffset, px, py, po, from, to, period, rate, sum, ps);
        },
        get done() {
          return plan[6]!;
        },
        get status() {
          return plan[7]!;
        },
        get loss() {
          return lossView[0]!;
        },
      };
    },
  };
}
