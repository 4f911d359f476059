import type { FloatArray } from '../../tensor/matrix.js';
import type { Backend, WindowGeometry } from '../backend.js';
import type { WasmHeap } from './heap.js';

/** The layer kernels' exports (see assembly/kernels.ts); every pointer is a byte offset into the memory. */
export interface LayerKernels {
  packB(b: number, dst: number, k: number, n: number, sp: number, sj: number, s0: number, s1: number): void;
  convPadded(x: number, padded: number, packed: number, z: number, bias: number, ...geometryFiltersRelu: number[]): void;
  padImages(
    x: number,
    padded: number,
    samples: number,
    height: number,
    width: number,
    c: number,
    ph: number,
    pw: number,
    padTop: number,
    padLeft: number,
  ): void;
  convWeightGradT(padded: number, packed: number, out: number, ...geometryAndFilters: number[]): void;
  lstmStepForward(zx: number, zh: number, c: number, h: number, hPrev: number, cells: number, out: number, rows: number, u: number, T: number, t: number): void;
  lstmStepFused(
    hxIn: number,
    hxOut: number,
    ldhx: number,
    K: number,
    packed: number,
    bias: number,
    c: number,
    out: number,
    ldout: number,
    x: number,
    ldx: number,
    F: number,
    rows: number,
    u: number,
  ): void;
  lstmStepBackward(zx: number, cells: number, dH: number, dC: number, dZ: number, dZStep: number, rows: number, u: number, T: number, t: number): void;
}

/**
 * A convolution's sizes for `samples` images: K values per patch, the images' values, the output positions
 * of all of them, and the zero-bordered image (ph × pw) every window fits inside (as im2colPadded makes it).
 */
function sizes(g: WindowGeometry, samples: number) {
  const { height: h, width: w, channels: c, kernelHeight: kh, kernelWidth: kw, strideY: sy, strideX: sx, padTop, padLeft, outHeight: oh, outWidth: ow } = g;
  return {
    K: kh * kw * c,
    inputs: samples * h * w * c,
    positions: samples * oh * ow,
    ph: Math.max(h + padTop, (oh - 1) * sy + kh),
    pw: Math.max(w + padLeft, (ow - 1) * sx + kw),
  };
}

/** Bytes of B packed into zero-padded strips of 8 columns. */
export function packedBytes(k: number, n: number): number {
  return 32 * k * ((n + 7) >> 3);
}

/**
 * The WebAssembly backend's kernels for one layer's whole step (src/backend/backend.ts says what each
 * computes): the convolution without patches and the LSTM's steps. `threaded()`: whether helper threads
 * share the products now.
 */
export function layerKernelMethods(
  kernels: LayerKernels,
  heap: WasmHeap,
  minWork: number,
  threaded: () => boolean,
): Pick<Backend, 'convolve' | 'convolutionWeightGradient' | 'lstmStepForward' | 'lstmStepFused' | 'lstmStepBackward'> {
  /** Where a float32 array lives in this memory, or −1 (another type, or outside it). */
  const at = (array: FloatArray): number => (array instanceof Float32Array ? heap.offsetOf(array) : -1);
  return {
    convolve(x, samples, g, weights, bias, z, relu) {
      if (!(x instanceof Float32Array && weights instanceof Float32Array && bias instanceof Float32Array && z instanceof Float32Array)) return false;
      // Threads share the products of the patches' path; this kernel runs on the calling thread.
      if (g.dilationY !== 1 || g.dilationX !== 1 || (threaded() && samples > 1)) return false;
      const { K, inputs, positions, ph, pw } = sizes(g, samples);
      const filters = bias.length;
      if (positions * K * filters < minWork) return false; // the patches' product would be the reference's: so is this
      const outputs = positions * filters;
      const paddedBytes = 4 * ph * pw * g.channels;
      heap.beginScratch(
        heap.needs(x, inputs) +
          heap.needs(weights, filters * K) +
          heap.needs(bias, filters) +
          heap.needs(z, outputs) +
          packedBytes(K, filters) +
          paddedBytes +
          64,
      );
      const pi = heap.input(x, inputs);
      const pWeights = heap.input(weights, filters * K);
      const pb = heap.input(bias, filters);
      const pz = heap.output(z, outputs);
      const packed = heap.take(packedBytes(K, filters));
      kernels.packB(pWeights, packed, K, filters, 4, 4 * K, 0, (filters + 7) >> 3); // Wᵀ [K × filters] in strips of 8 filters
      const { height, width, channels, kernelHeight, kernelWidth, strideY, strideX, padTop, padLeft, outHeight, outWidth } = g;
      const padded = heap.take(paddedBytes);
      kernels.convPadded(
        pi,
        padded,
        packed,
        pz,
        pb,
        samples,
        height,
        width,
        channels,
        kernelHeight,
        kernelWidth,
        strideY,
        strideX,
        padTop,
        padLeft,
        outHeight,
        outWidth,
        filters,
        relu ? 1 : 0,
      );
      heap.finish(z, pz, outputs);
      return true;
    },

    convolutionWeightGradient(x, samples, g, dZ, gW) {
      if (!(x instanceof Float32Array && dZ instanceof Float32Array && gW instanceof Float32Array)) return false;
      if (g.dilationY !== 1 || g.dilationX !== 1 || threaded()) return false;
      const { K, inputs, positions: rows, ph, pw } = sizes(g, samples);
      const filters = gW.length / K;
      if (rows * K * filters < minWork) return false;
      const paddedBytes = 4 * samples * ph * pw * g.channels;
      heap.beginScratch(
        heap.needs(x, inputs) + heap.needs(dZ, rows * filters) + heap.needs(gW, filters * K) + paddedBytes + packedBytes(rows, filters) + 4 * K * filters + 192,
      );
      const pi = heap.input(x, inputs);
      const pd = heap.input(dZ, rows * filters);
      const pg = heap.output(gW, filters * K);
      const padded = heap.take(paddedBytes);
      const packed = heap.take(packedBytes(rows, filters));
      const transposed = heap.take(4 * K * filters);
      const { height, width, channels, kernelHeight, kernelWidth, strideY, strideX, padTop, padLeft, outHeight, outWidth } = g;
      kernels.padImages(pi, padded, samples, height, width, channels, ph, pw, padTop, padLeft);
      kernels.packB(pd, packed, rows, filters, 4 * filters, 4, 0, (filters + 7) >> 3); // ∂L/∂Z in strips of 8 filters
      kernels.convWeightGradT(padded, packed, transposed, samples, ph, pw, channels, kernelHeight, kernelWidth, strideY, strideX, outHeight, outWidth, filters);
      heap.transpose(transposed, K, filters, pg); // Gᵀ [K × filters] → ∂L/∂W [filters × K]
      heap.finish(gW, pg, filters * K);
      return true;
    },

    // The LSTM's fused steps work on the layer's buffers in place: they are made in this memory
    // (allocateFloat32), so nothing is copied; an array that is not is left to the layer's loop.
    lstmStepForward(zx, zh, c, h, hPrev, cells, out, rows, units, T, t) {
      const po = out === null ? 0 : at(out);
      const lean = hPrev === null || cells === null; // inference: nothing kept for backward (0 to the kernel)
      const pp = lean ? 0 : at(hPrev);
      const pc = lean ? 0 : at(cells);
      if (units % 4 !== 0 || Math.min(at(zx), at(zh), at(c), at(h), pp, pc, po) < 0) return false;
      kernels.lstmStepForward(at(zx), at(zh), at(c), at(h), pp, pc, po, rows, units, T, t);
      return true;
    },

    lstmStepFused(hxIn, hxOut, hxStride, weights, bias, c, x, xOffset, xStride, features, out, outOffset, outStride, rows, units) {
      const px = x === null ? 0 : at(x);
      const po = out === null ? 0 : at(out);
      if (units % 4 !== 0 || Math.min(at(hxIn), at(hxOut), at(weights), at(bias), at(c), px, po) < 0) return false;
      kernels.lstmStepFused(
        at(hxIn),
        at(hxOut),
        4 * hxStride,
        hxStride,
        at(weights),
        at(bias),
        at(c),
        po === 0 ? 0 : po + 4 * outOffset,
        4 * outStride,
        px === 0 ? 0 : px + 4 * xOffset,
        4 * xStride,
        features,
        rows,
        units,
      );
      return true;
    },

    lstmStepBackward(zx, cells, dH, dC, dZ, dZStep, rows, units, T, t) {
      if (units % 4 !== 0 || Math.min(at(zx), at(cells), at(dH), at(dC), at(dZ), at(dZStep)) < 0) return false;
      kernels.lstmStepBackward(at(zx), at(cells), at(dH), at(dC), at(dZ), at(dZStep), rows, units, T, t);
      return true;
    },
  };
}
