import type { Backend, WindowGeometry } from '../backend/backend.js';
import type { FloatArray, Matrix } from '../tensor/matrix.js';
import { maxPoolPairs, maxUnpoolPairs } from './ops.js';
import type { LayerType } from './layer-types.js';
import { Pool2D, poolLayerType, type Pool2DOptions, type PoolBuffers } from './pool2d.js';

/**
 * Max pooling over each channel of an image `[h, w, c]` (channels last): each output is the largest input
 * under its window, which is `poolSize` high and wide and moves by `strides` (default: `poolSize`). With
 * 'same' padding the padded cells are never chosen (they are not values). For window W(oy, ox) of output
 * (oy, ox) and channel c:
 *
 *   forward:  out[oy, ox, c] = max_{(y, x) ∈ W(oy, ox)} x[y, x, c]      (argmax remembered: the first in (ky, kx) order)
 *   backward: ∂L/∂x[y, x, c] = Σ_{(oy, ox): argmax = (y, x)} ∂L/∂out[oy, ox, c]
 *             (∂out/∂x is 1 for the chosen input, 0 for the others; overlapping windows add up)
 *
 * A tie goes to the first maximum in the window's row-major (ky, kx) order, and a NaN wins (it propagates;
 * the last NaN), as in PyTorch. No parameters; the argmax indices live in an Int32Array made once per batch size.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * const network = Network.create({ inputShape: [4, 4, 1], layers: [{ type: 'maxPool2d', poolSize: 2 }, { type: 'flatten' }] });
 * console.log(network.predict([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])); // [6, 8, 14, 16]
 * ```
 */
export class MaxPool2D extends Pool2D {
  readonly type = 'maxPool2d';

  /** The geometry of whole 2×2 windows at stride 2 from the corner (the usual pooling, a backend's kernel), else null. */
  private readonly pairs: WindowGeometry | null;

  constructor(options: Pool2DOptions) {
    super('MaxPool2D', options);
    const { height, width, outHeight, outWidth, padTop, padLeft } = this.geometry;
    const whole = padTop === 0 && padLeft === 0 && 2 * outHeight <= height && 2 * outWidth <= width;
    const two = this.poolSize.every((n) => n === 2) && this.strides.every((n) => n === 2);
    this.pairs = two && whole ? this.geometry : null; // kernel 2 × 2, stride 2, dilation 1, no padding before
  }

  protected pool(x: Matrix, { out, argmax }: PoolBuffers, backend: Backend): void {
    if (this.pairs !== null && maxPoolPairs(backend, x, this.pairs, out, argmax!)) return;
    const { rowStart, rowEnd, colStart, colEnd, inputSize, outputSize } = this;
    const { width, channels: c, outHeight, outWidth } = this.geometry;
    const xs = x.data;
    const os = out.data;
    const arg = argmax!;
    const line = width * c;
    for (let r = 0; r < x.rows; r++) {
      const xo = r * inputSize;
      let o = r * outputSize;
      for (let oy = 0; oy < outHeight; oy++) {
        const y0 = rowStart[oy]!;
        const y1 = rowEnd[oy]!;
        for (let ox = 0; ox < outWidth; ox++, o += c) {
          const x0 = colStart[ox]!;
          const x1 = colEnd[ox]!;
          const first = xo + (y0 * width + x0) * c;
          if (y1 - y0 === 2 && x1 - x0 === 2) {
            // A full 2 × 2 window (the usual pooling): a tournament of its four cells, first pair then second.
            for (let k = 0, i0 = first; k < c; k++, i0++) {
              const i2 = i0 + line;
              const i = later(later(i0, i0 + c, xs), later(i2, i2 + c, xs), xs);
              os[o + k] = xs[i]!;
              arg[o + k] = i - xo;
            }
            continue;
          }
          for (let k = 0; k < c; k++) arg[o + k] = first + k; // the first real cell starts every channel's maximum
          for (let y = y0; y < y1; y++) {
            for (let p = xo + (y * width + x0) * c, end = p + (x1 - x0) * c; p < end; p += c) {
              if (p === first) continue;
              for (let k = 0; k < c; k++) arg[o + k] = later(arg[o + k]!, p + k, xs);
            }
          }
          for (let k = 0; k < c; k++) {
            const i = arg[o + k]!;
            os[o + k] = xs[i]!;
            arg[o + k] = i - xo;
          }
        }
      }
    }
  }

  protected override unpoolByKernel(dOut: Matrix, { dX, argmax }: PoolBuffers, backend: Backend): boolean {
    return this.pairs !== null && maxUnpoolPairs(backend, dOut, this.pairs, argmax!, dX);
  }

  protected unpool(dOut: Matrix, { dX, argmax }: PoolBuffers): void {
    const { inputSize, outputSize } = this;
    const g = dOut.data;
    const dx = dX.data;
    const arg = argmax!;
    for (let r = 0, i = 0; r < this.lastRows; r++) {
      const xo = r * inputSize;
      for (let end = i + outputSize; i < end; i++) dx[xo + arg[i]!] += g[i]!; // ∂L/∂x[argmax] += ∂L/∂out
    }
  }
}

/** The `maxPool2d` layer type (./layer-types.ts). @internal */
export const maxPool2dType: LayerType = poolLayerType((options) => new MaxPool2D(options));

/**
 * Of two cells, the index of the maximum: `j` (the later one in (ky, kx) order) when x[j] > x[i] or x[j] is
 * NaN, else `i`. Chosen by arithmetic on the indices, not by a branch: which of two values is larger is a coin
 * toss the processor cannot predict, and a mispredicted branch costs more than the whole comparison.
 */
function later(i: number, j: number, xs: FloatArray): number {
  const v = xs[j]!;
  return i + ((j - i) & -(+(v > xs[i]!) | +(v !== v)));
}
