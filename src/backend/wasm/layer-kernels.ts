import type { FloatArray } from '../../tensor/matrix.js';
import { CONV_GRADIENT_JOB, CONV_INPUT_JOB, CONV_JOB, type Backend, type WindowGeometry } from '../backend.js';
import type { WasmHeap } from './heap.js';

/** How the layer kernels share a job between threads (the backend's pool, when helpers run). */
export interface LayerJobs {
  /** Work (multiply-adds) below which a job stays on the calling thread. */
  readonly minWork: number;
  /**
   * Into how many runs a job over `samples` images doing `work` splits: one on the calling thread; with helpers
   * and enough work a few per thread, so a thread that starts late takes fewer.
   */
  runs(samples: number, work: number): number;
  /** The same for a pass over memory of `values` values (pooling): shared from THREAD_MIN_VALUES values. */
  passRuns(samples: number, values: number): number;
  /** Runs job `kind` (the layers' jobs of ../backend.ts: CONV_JOB … RELU_BACKWARD_JOB) over `units` with `args`; with `share`, on every thread. */
  run(kind: number, units: number, args: readonly number[], share: boolean): void;
}

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
  convWeightGradT(padded: number, packed: number, out: number, ...geometryFiltersTiles: number[]): void;
  convInputPadded(dz: number, padded: number, packed: number, dx: number, ...geometryChannels: number[]): void;
  packFlipped(w: number, dst: number, filters: number, kh: number, kw: number, channels: number): void;
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

/** Bytes of one image inside the zero borders its windows reach (convPadded, im2colPadded, col2imPadded). */
export function paddedImageBytes(g: WindowGeometry): number {
  const { ph, pw } = sizes(g, 1);
  return 4 * ph * pw * g.channels;
}

/**
 * Writes into `a` the arguments a job over runs of images starts with (see CONV_JOB in ../backend.ts): the
 * pointers, the count and geometry, the runs, and the bytes of a bordered image, an image's input and output.
 */
export function setImageRunArgs(
  a: number[],
  input: number,
  output: number,
  padded: number,
  samples: number,
  g: WindowGeometry,
  groups: number,
  inputBytes: number,
  outputBytes: number,
): void {
  a[0] = input;
  a[1] = output;
  a[2] = padded;
  a[3] = samples;
  a[4] = g.height;
  a[5] = g.width;
  a[6] = g.channels;
  a[7] = g.kernelHeight;
  a[8] = g.kernelWidth;
  a[9] = g.strideY;
  a[10] = g.strideX;
  a[11] = g.padTop;
  a[12] = g.padLeft;
  a[13] = g.outHeight;
  a[14] = g.outWidth;
  a[15] = groups;
  a[16] = paddedImageBytes(g);
  a[17] = inputBytes;
  a[18] = outputBytes;
}

/**
 * The convolution that gives a stride-1 convolution's ∂L/∂X (see convInputPadded in assembly/kernels.ts): its
 * image is ∂L/∂Z (outHeight × outWidth × filters) inside a border of kh − 1 − padTop rows and kw − 1 − padLeft
 * columns, its output ∂L/∂X (height × width); null where that border would be negative.
 */
function inputGradientGeometry(g: WindowGeometry, filters: number): WindowGeometry | null {
  const padTop = g.kernelHeight - 1 - g.padTop;
  const padLeft = g.kernelWidth - 1 - g.padLeft;
  if (padTop < 0 || padLeft < 0) return null;
  return { ...g, height: g.outHeight, width: g.outWidth, channels: filters, strideY: 1, strideX: 1, padTop, padLeft, outHeight: g.height, outWidth: g.width };
}

/** Bytes of B packed into zero-padded strips of 8 columns. */
export function packedBytes(k: number, n: number): number {
  return 32 * k * ((n + 7) >> 3);
}

/**
 * The WebAssembly backend's kernels for one layer's whole step (src/backend/backend.ts says what each
 * computes): the convolution without patches and the LSTM's steps. `jobs`: how the convolution's kernels are
 * shared between threads (each image's outputs, each tile of the weight gradient are computed by the same
 * instructions whichever thread takes them: the results do not depend on the number of threads).
 */
export function layerKernelMethods(
  kernels: LayerKernels,
  heap: WasmHeap,
  minWork: number,
  jobs: LayerJobs,
): Pick<Backend, 'convolve' | 'convolutionWeightGradient' | 'convolutionInputGradient' | 'lstmStepForward' | 'lstmStepFused' | 'lstmStepBackward'> {
  /** Where a float32 array lives in this memory, or −1 (another type, or outside it). */
  const at = (array: FloatArray): number => (array instanceof Float32Array ? heap.offsetOf(array) : -1);
  // Each job's arguments, reused (no allocation per call).
  const convArgs: number[] = new Array(23).fill(0);
  const gradientArgs: number[] = new Array(14).fill(0);
  const inputArgs: number[] = new Array(22).fill(0);
  // Each layer's geometry → the convolution its ∂L/∂X is (made once per layer, not per call).
  const inputGeometries = new WeakMap<WindowGeometry, WindowGeometry | null>();
  return {
    convolve(x, samples, g, weights, bias, z, relu) {
      if (!(x instanceof Float32Array && weights instanceof Float32Array && bias instanceof Float32Array && z instanceof Float32Array)) return false;
      if (g.dilationY !== 1 || g.dilationX !== 1) return false;
      const { K, inputs, positions } = sizes(g, samples);
      const filters = bias.length;
      if (positions * K * filters < minWork) return false; // the patches' product would be the reference's: so is this
      const outputs = positions * filters;
      const groups = jobs.runs(samples, positions * K * filters);
      const paddedBytes = paddedImageBytes(g);
      heap.beginScratch(
        heap.needs(x, inputs) +
          heap.needs(weights, filters * K) +
          heap.needs(bias, filters) +
          heap.needs(z, outputs) +
          packedBytes(K, filters) +
          groups * paddedBytes +
          64,
      );
      const pi = heap.input(x, inputs);
      const pWeights = heap.input(weights, filters * K);
      const pb = heap.input(bias, filters);
      const pz = heap.output(z, outputs);
      const packed = heap.take(packedBytes(K, filters));
      kernels.packB(pWeights, packed, K, filters, 4, 4 * K, 0, (filters + 7) >> 3); // Wᵀ [K × filters] in strips of 8 filters
      const a = convArgs;
      setImageRunArgs(a, pi, pz, heap.take(groups * paddedBytes), samples, g, groups, (4 * inputs) / samples, (4 * outputs) / samples);
      a[19] = packed;
      a[20] = pb;
      a[21] = filters;
      a[22] = relu ? 1 : 0;
      jobs.run(CONV_JOB, groups, a, groups > 1);
      heap.finish(z, pz, outputs);
      return true;
    },

    convolutionWeightGradient(x, samples, g, dZ, gW) {
      if (!(x instanceof Float32Array && dZ instanceof Float32Array && gW instanceof Float32Array)) return false;
      if (g.dilationY !== 1 || g.dilationX !== 1) return false;
      const { K, inputs, positions: rows, ph, pw } = sizes(g, samples);
      const filters = gW.length / K;
      if (rows * K * filters < minWork) return false;
      const paddedBytes = 4 * samples * ph * pw * g.channels;
      // ∂L/∂Z of exactly 8 filters is already its one strip of 8: read in place, not packed.
      const packs = filters !== 8;
      heap.beginScratch(
        heap.needs(x, inputs) +
          heap.needs(dZ, rows * filters) +
          heap.needs(gW, filters * K) +
          paddedBytes +
          (packs ? packedBytes(rows, filters) : 0) +
          4 * K * filters +
          192,
      );
      const pi = heap.input(x, inputs);
      const pd = heap.input(dZ, rows * filters);
      const pg = heap.output(gW, filters * K);
      const padded = heap.take(paddedBytes);
      const packed = packs ? heap.take(packedBytes(rows, filters)) : pd;
      const transposed = heap.take(4 * K * filters);
      const { height, width, channels, kernelHeight, kernelWidth, strideY, strideX, padTop, padLeft, outHeight, outWidth } = g;
      kernels.padImages(pi, padded, samples, height, width, channels, ph, pw, padTop, padLeft);
      if (packs) kernels.packB(pd, packed, rows, filters, 4 * filters, 4, 0, (filters + 7) >> 3); // ∂L/∂Z in strips of 8 filters
      const a = gradientArgs;
      a[0] = padded;
      a[1] = packed;
      a[2] = transposed;
      a[3] = samples;
      a[4] = ph;
      a[5] = pw;
      a[6] = channels;
      a[7] = kernelHeight;
      a[8] = kernelWidth;
      a[9] = strideY;
      a[10] = strideX;
      a[11] = outHeight;
      a[12] = outWidth;
      a[13] = filters;
      // Tiles of 4 patch values × 8 filters; shared between threads when the job is large.
      const tiles = ((filters + 7) >> 3) * ((K + 3) >> 2);
      jobs.run(CONV_GRADIENT_JOB, tiles, a, rows * K * filters >= jobs.minWork);
      heap.transpose(transposed, K, filters, pg); // Gᵀ [K × filters] → ∂L/∂W [filters × K]
      heap.finish(gW, pg, filters * K);
      return true;
    },

    convolutionInputGradient(dZ, samples, g, weights, dX) {
      if (!(dZ instanceof Float32Array && weights instanceof Float32Array && dX instanceof Float32Array)) return false;
      if (g.strideY !== 1 || g.strideX !== 1 || g.dilationY !== 1 || g.dilationX !== 1) return false;
      const { K, inputs, positions } = sizes(g, samples);
      const filters = weights.length / K;
      if (positions * K * filters < minWork) return false;
      let t = inputGeometries.get(g);
      if (t === undefined || (t !== null && t.channels !== filters)) inputGeometries.set(g, (t = inputGradientGeometry(g, filters)));
      if (t === null) return false;
      const channels = g.channels;
      const groups = jobs.runs(samples, positions * K * filters);
      const paddedBytes = paddedImageBytes(t);
      const flippedBytes = packedBytes(g.kernelHeight * g.kernelWidth * filters, channels); // W flipped: kh·kw·filters rows, strips of 8 channels
      heap.beginScratch(
        heap.needs(dZ, positions * filters) + heap.needs(weights, filters * K) + heap.needs(dX, inputs) + flippedBytes + groups * paddedBytes + 64,
      );
      const pd = heap.input(dZ, positions * filters);
      const pWeights = heap.input(weights, filters * K);
      const px = heap.output(dX, inputs);
      const packed = heap.take(flippedBytes);
      kernels.packFlipped(pWeights, packed, filters, g.kernelHeight, g.kernelWidth, channels);
      const a = inputArgs;
      setImageRunArgs(a, pd, px, heap.take(groups * paddedBytes), samples, t, groups, (4 * positions * filters) / samples, (4 * inputs) / samples);
      a[19] = packed;
      a[21] = channels;
      jobs.run(CONV_INPUT_JOB, groups, a, groups > 1);
      heap.finish(dX, px, inputs);
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
