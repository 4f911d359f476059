import type { Matrix } from '../tensor/matrix.js';
import type { LayerType } from './layer-types.js';
import { Pool2D, poolLayerType, type Pool2DOptions, type PoolBuffers } from './pool2d.js';

/**
 * Average pooling over each channel of an image `[h, w, c]` (channels last): each output is the mean of the
 * inputs under its window (`poolSize`, moved by `strides`, default `poolSize`). With 'same' padding the mean is
 * over the real cells only (the count excludes padding: TensorFlow's rule, ONNX's `count_include_pad = 0`). For
 * window W(oy, ox) holding n(oy, ox) real cells:
 *
 *   forward:  out[oy, ox, c] = (1 / n(oy, ox)) Σ_{(y, x) ∈ W(oy, ox)} x[y, x, c]
 *   backward: ∂L/∂x[y, x, c] = Σ_{(oy, ox): (y, x) ∈ W(oy, ox)} ∂L/∂out[oy, ox, c] / n(oy, ox)
 *             (∂out/∂x = 1 / n for every input under the window; overlapping windows add up)
 *
 * No parameters. Sums are taken in float64 and rounded once.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * const network = Network.create({ inputShape: [2, 3, 1], layers: [{ type: 'avgPool2d', poolSize: 2, padding: 'same' }, { type: 'flatten' }] });
 * console.log(network.predict([1, 2, 3, 4, 5, 6])); // [3, 4.5]: the second window holds two real cells
 * ```
 */
export class AvgPool2D extends Pool2D {
  readonly type = 'avgPool2d';
  /** n(oy, ox), the real cells under each output position's window. */
  private readonly counts: Float64Array;
  /** One position's channel sums. */
  private readonly sums: Float64Array;

  constructor(options: Pool2DOptions) {
    super('AvgPool2D', options);
    const { outHeight, outWidth } = this.geometry;
    this.counts = new Float64Array(outHeight * outWidth);
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        this.counts[oy * outWidth + ox] = (this.rowEnd[oy]! - this.rowStart[oy]!) * (this.colEnd[ox]! - this.colStart[ox]!);
      }
    }
    this.sums = new Float64Array(this.geometry.channels);
  }

  protected pool(x: Matrix, { out }: PoolBuffers): void {
    const { rowStart, rowEnd, colStart, colEnd, inputSize, outputSize, counts, sums } = this;
    const { width, channels: c, outHeight, outWidth } = this.geometry;
    const xs = x.data;
    const os = out.data;
    for (let r = 0; r < x.rows; r++) {
      const xo = r * inputSize;
      let o = r * outputSize;
      for (let oy = 0, q = 0; oy < outHeight; oy++) {
        const y0 = rowStart[oy]!;
        const y1 = rowEnd[oy]!;
        for (let ox = 0; ox < outWidth; ox++, q++, o += c) {
          const x0 = colStart[ox]!;
          const x1 = colEnd[ox]!;
          sums.fill(0);
          for (let y = y0; y < y1; y++) {
            for (let p = xo + (y * width + x0) * c, end = xo + (y * width + x1) * c; p < end; p += c) {
              for (let k = 0; k < c; k++) sums[k] += xs[p + k]!;
            }
          }
          const n = counts[q]!;
          for (let k = 0; k < c; k++) os[o + k] = sums[k]! / n; // out = Σ x / n
        }
      }
    }
  }

  protected unpool(dOut: Matrix, { dX }: PoolBuffers): void {
    const { rowStart, rowEnd, colStart, colEnd, inputSize, outputSize, counts } = this;
    const { width, channels: c, outHeight, outWidth } = this.geometry;
    const g = dOut.data;
    const dx = dX.data;
    for (let r = 0; r < this.lastRows; r++) {
      const xo = r * inputSize;
      let o = r * outputSize;
      for (let oy = 0, q = 0; oy < outHeight; oy++) {
        const y0 = rowStart[oy]!;
        const y1 = rowEnd[oy]!;
        for (let ox = 0; ox < outWidth; ox++, q++, o += c) {
          const x0 = colStart[ox]!;
          const x1 = colEnd[ox]!;
          const n = counts[q]!;
          for (let y = y0; y < y1; y++) {
            for (let p = xo + (y * width + x0) * c, end = xo + (y * width + x1) * c; p < end; p += c) {
              for (let k = 0; k < c; k++) dx[p + k] += g[o + k]! / n; // ∂L/∂x += ∂L/∂out / n
            }
          }
        }
      }
    }
  }
}

/** The `avgPool2d` layer type (./layer-types.ts). @internal */
export const avgPool2dType: LayerType = poolLayerType((options) => new AvgPool2D(options));
