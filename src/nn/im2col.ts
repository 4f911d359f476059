import type { FloatArray } from '../tensor/matrix.js';
import type { WindowGeometry } from './conv-geometry.js';

/*
 * A convolution as one matrix product. Each output position (sample n, oy, ox) reads a patch of the input:
 * kh × kw cells of c channels. Laid out one patch per row, in (ky, kx, c) order,
 *
 *   P[(n, oy, ox), (ky, kx, c)] = X[n, oy·sy − padTop + ky·dy, ox·sx − padLeft + kx·dx, c]   (0 in the padding)
 *
 * the convolution Z[(n, oy, ox), f] = Σ_(ky,kx,c) P[(n, oy, ox), (ky, kx, c)] · W[f, (ky, kx, c)] + b[f] is
 * Z = P · Wᵀ + b: a dense layer's product, with the patches as its rows. Backward, a value of X sits in every
 * patch whose window covers it, so its gradient is the sum of those patch cells' gradients: col2im adds each
 * cell of ∂L/∂P back onto the input position it was copied from.
 *
 * Channels last makes the copies short contiguous runs: the c channels of a cell are adjacent, and with
 * dilation 1 so are the kw cells of one kernel row (kw·c values). The loops below copy those runs and write
 * zeros for padded cells; the bounds of each window row are worked out once per output position, not per
 * value. Nothing is allocated.
 */

/** P[(n, oy, ox), (ky, kx, c)] ← X: `samples` images of `g`'s input shape → rows of kh·kw·c values. */
export function im2col(x: FloatArray, samples: number, g: WindowGeometry, patches: FloatArray): void {
  const { height, width, channels: c, kernelHeight: kh, kernelWidth: kw, strideY, strideX, dilationY: dy, dilationX: dx } = g;
  const rowLength = width * c;
  const imageLength = height * rowLength;
  const cellRun = kw * c; // values of one kernel row in a patch
  const step = dx * c; // input values between the cells of a kernel row
  let o = 0;
  for (let n = 0; n < samples; n++) {
    const image = n * imageLength;
    for (let oy = 0; oy < g.outHeight; oy++) {
      const top = oy * strideY - g.padTop;
      for (let ox = 0; ox < g.outWidth; ox++) {
        const left = ox * strideX - g.padLeft;
        // The cells kx ∈ [first, end) of each kernel row fall inside the image's columns (all, away from the edges).
        const edge = left < 0 || left + (kw - 1) * dx >= width;
        const first = edge ? firstInside(left, kw, dx) : 0;
        const end = edge ? endInside(left, width, first, kw, dx) : kw;
        const before = first * c; // padded values at the start of each kernel row
        const after = cellRun - end * c; // and at its end
        for (let ky = 0; ky < kh; ky++) {
          const iy = top + ky * dy;
          if (iy < 0 || iy >= height) {
            for (let i = 0; i < cellRun; i++) patches[o + i] = 0;
            o += cellRun;
            continue;
          }
          for (let i = 0; i < before; i++) patches[o + i] = 0;
          o += before;
          let from = image + iy * rowLength + (left + first * dx) * c;
          if (dx === 1) {
            // The cells are adjacent: one run of (end − first)·c values.
            const run = (end - first) * c;
            for (let i = 0; i < run; i++) patches[o + i] = x[from + i]!;
            o += run;
          } else {
            for (let kx = first; kx < end; kx++, from += step, o += c) {
              for (let i = 0; i < c; i++) patches[o + i] = x[from + i]!;
            }
          }
          for (let i = 0; i < after; i++) patches[o + i] = 0;
          o += after;
        }
      }
    }
  }
}

/**
 * ∂L/∂X ← ∂L/∂P: the transpose of im2col. `dX` is zeroed, then each patch cell's gradient is added onto the
 * input value it was copied from (padded cells have none and are skipped). Patches are visited in row order,
 * so each input gradient is summed in the order (n, oy, ox, ky, kx).
 */
export function col2im(dPatches: FloatArray, samples: number, g: WindowGeometry, dX: FloatArray): void {
  const { height, width, channels: c, kernelHeight: kh, kernelWidth: kw, strideY, strideX, dilationY: dy, dilationX: dx } = g;
  const rowLength = width * c;
  const imageLength = height * rowLength;
  const cellRun = kw * c;
  const step = dx * c;
  dX.fill(0, 0, samples * imageLength);
  let o = 0;
  for (let n = 0; n < samples; n++) {
    const image = n * imageLength;
    for (let oy = 0; oy < g.outHeight; oy++) {
      const top = oy * strideY - g.padTop;
      for (let ox = 0; ox < g.outWidth; ox++) {
        const left = ox * strideX - g.padLeft;
        const edge = left < 0 || left + (kw - 1) * dx >= width;
        const first = edge ? firstInside(left, kw, dx) : 0;
        const end = edge ? endInside(left, width, first, kw, dx) : kw;
        for (let ky = 0; ky < kh; ky++, o += cellRun) {
          const iy = top + ky * dy;
          if (iy < 0 || iy >= height) continue;
          let to = image + iy * rowLength + (left + first * dx) * c;
          let p = o + first * c;
          if (dx === 1) {
            const run = (end - first) * c;
            for (let i = 0; i < run; i++) dX[to + i] += dPatches[p + i]!;
          } else {
            for (let kx = first; kx < end; kx++, to += step, p += c) {
              for (let i = 0; i < c; i++) dX[to + i] += dPatches[p + i]!;
            }
          }
        }
      }
    }
  }
}

/** The first cell kx of a kernel row starting at column `left` with left + kx·dx ≥ 0. */
function firstInside(left: number, kw: number, dx: number): number {
  return left >= 0 ? 0 : Math.min(kw, Math.ceil(-left / dx));
}

/** One past the last cell kx (at least `first`) with left + kx·dx < width. */
function endInside(left: number, width: number, first: number, kw: number, dx: number): number {
  return Math.max(first, Math.min(kw, left >= width ? 0 : Math.floor((width - 1 - left) / dx) + 1));
}
