import type { FloatArray } from '../../tensor/matrix.js';
import {
  PACK_JOB,
  PRODUCT_JOB,
  RELU_BACKWARD_JOB,
  ROWS_JOB,
  SUBTRACT_SCALED_JOB,
  WINDOW_JOB,
  type Backend,
  type Threading,
  type WindowGeometry,
} from '../backend.js';
import { jsBackend } from '../js/js-backend.js';
import { decodeBase64 } from './base64.js';
import { WasmHeap } from './heap.js';
import { KERNELS_WASM, SHARED_MEMORY_FLAG } from './kernels.generated.js';
import { layerKernelMethods, packedBytes, paddedImageBytes, setImageRunArgs, type LayerJobs, type LayerKernels } from './layer-kernels.js';
import { poolKernelMethods } from './pool-kernels.js';
import { rowKernelMethods, type RowKernels } from './row-kernel.js';
import { runShare, type ShareKernels } from './shares.js';

/** The module's exports (see assembly/kernels.ts); every pointer is a byte offset into its memory. */
interface Kernels extends ShareKernels, LayerKernels, RowKernels {
  gemvTransB(a: number, b: number, c: number, m: number, k: number, n: number, bias: number): void;
  sumRows(a: number, out: number, m: number, n: number): void;
  sigmoidForward(z: number, a: number, n: number): void;
  reluForward(z: number, a: number, n: number): void;
  staticDataEnd(): number;
  im2col(x: number, p: number, ...geometry: number[]): void;
  col2im(dp: number, dx: number, ...geometry: number[]): void;
}

/** The default `threadMinWork`: products of fewer multiply-adds stay on the calling thread. */
export const THREAD_MIN_WORK = 1 << 18;
/** Left operands of at least this many values (512 KB) are shared by rows rather than by strips of columns. */
const ROWS_SPLIT_VALUES = 1 << 17;
/**
 * Chunks per thread of a layer kernel's job (a convolution's runs of images or tiles): one run of images
 * each, so that when another process holds one core for a while the other thread takes more of the runs.
 */
const LAYER_CHUNKS = 8;
/** ReLU's backward pass over fewer values than this stays on the calling thread. */
const RELU_THREAD_MIN_VALUES = 1 << 17;
/** Elementwise steps (the SGD update) shorter than this stay on the calling thread. */
const THREAD_MIN_VALUES = 1 << 15;

/** Elementwise steps over at most this many values stay in JavaScript (`smallElementwise`): the call costs more than the loop. */
const SMALL_ELEMENTWISE = 63;

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Products with fewer multiply-adds (m·k·n) than this run on the JavaScript reference: for the seed's tiny
   * network the call into WebAssembly costs more than the arithmetic. Default 4096.
   */
  minWork?: number;
  /** Use a shared memory when the runtime has SharedArrayBuffer (default true). */
  shared?: boolean;
  /**
   * Bytes of layer arrays kept inside the module's memory (default 1 GiB). Past it, layers get ordinary
   * arrays, copied per call: the memory stays bounded even when many networks are made without a pause for
   * the garbage collector's finalizers.
   */
  residentLimit?: number;
  /**
   * Products with fewer multiply-adds (m·k·n) than this stay on the calling thread even when helper threads
   * run (`useThreads` from `neurite/threads`): below it, handing over a share costs more than it saves. Default 262,144.
   */
  threadMinWork?: number;
}

/**
 * True when this runtime can compile WebAssembly with 128-bit SIMD.
 *
 * @example
 * ```ts
 * import { wasmSimdSupported } from 'neurite';
 * console.log(wasmSimdSupported()); // true in Node 20 and current browsers
 * ```
 */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(KERNELS_WASM));
  } catch {
    return false;
  }
}

/** Values of `samples` images of `g`'s input shape. */
function imageValues(samples: number, g: WindowGeometry): number {
  return samples * g.height * g.width * g.channels;
}

/** Values of the patches of `samples` images: one row of kh·kw·c per output position. */
function patchValues(samples: number, g: WindowGeometry): number {
  return samples * g.outHeight * g.outWidth * g.kernelHeight * g.kernelWidth * g.channels;
}

/**
 * The WebAssembly SIMD backend: register-tiled, packed matrix products (see assembly/kernels.ts) with the
 * bias fused into the forward product, and elementwise kernels (sigmoid, ReLU, ReLU′, the SGD step) whose
 * results are exactly those of the JavaScript they replace. Float32 only: float64 arrays, and work too small
 * to pay for the call, go to the JavaScript reference. Operands that live in the module's memory (allocated through
 * `allocateFloat32`, as layers do) are used in place; any other array is copied in and out for the call.
 *
 * Instantiation is synchronous (`new WebAssembly.Module`), which Node allows for any size. Browsers allow
 * synchronous compilation on the main thread only for small modules (these kernels are about 7 KB); where it
 * is refused, `createWasmBackend` throws and the library stays on the JavaScript backend.
 *
 * @example
 * ```ts
 * import { Network, createWasmBackend, wasmSimdSupported } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 1 }] });
 * if (wasmSimdSupported()) network.backend = createWasmBackend({ shared: false }); // this network only
 * console.log(network.predict([1, 2]).length); // 1
 * ```
 */
export function createWasmBackend(options: WasmBackendOptions = {}): Backend {
  const minWork = options.minWork ?? 4096;
  const shared = (options.shared ?? true) && typeof SharedArrayBuffer === 'function';
  let memory: WebAssembly.Memory;
  let module: WebAssembly.Module;
  if (shared) {
    memory = new WebAssembly.Memory({ initial: 16, maximum: 65536, shared: true });
    const bytes = decodeBase64(KERNELS_WASM);
    bytes[SHARED_MEMORY_FLAG] = 3; // the memory import: a maximum, shared (see scripts/build-wasm.mjs)
    module = new WebAssembly.Module(bytes);
  } else {
    memory = new WebAssembly.Memory({ initial: 16, maximum: 65536 });
    module = new WebAssembly.Module(decodeBase64(KERNELS_WASM));
  }
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Kernels;
  // The heap starts after the module's static data (the exp kernel's constants).
  const heap = new WasmHeap(memory, shared, (kernels.staticDataEnd() + 63) & ~63, options.residentLimit);
  const js = jsBackend;
  const threadMinWork = options.threadMinWork ?? THREAD_MIN_WORK;
  // Helper threads plug in here (neurite/threads).
  const threading: Threading = {
    module,
    memory,
    reserve: (bytes) => heap.allocateFloat32(bytes / 4),
    pool: null,
  };
  /** The job being split between threads: its kind, its arguments (reused: no allocation per call) and step size. */
  let kind = 0;
  const current: number[] = new Array(13).fill(0);
  let scale = 0;
  const share = (start: number, end: number) => runShare(kernels, kind, current, start, end, scale);

  /** ReLU's backward job's arguments, reused. */
  const reluArgs: number[] = [0, 0, 0];
  /** The layer kernels' jobs (layer-kernels.ts): on every thread when helpers run and asked to share. */
  let layerArgs: readonly number[] = current;
  const layerShare = (start: number, end: number) => runShare(kernels, kind, layerArgs, start, end, 0);
  const layerJobs: LayerJobs = {
    minWork: threadMinWork,
    runs(samples, work) {
      const threads = threading.pool?.threads ?? 1;
      return threads > 1 && work >= threadMinWork ? Math.min(samples, LAYER_CHUNKS * threads) : 1;
    },
    passRuns(samples, values) {
      const threads = threading.pool?.threads ?? 1;
      return threads > 1 && values >= THREAD_MIN_VALUES ? Math.min(samples, LAYER_CHUNKS * threads) : 1;
    },
    run(jobKind, units, args, shared) {
      const pool = threading.pool;
      if (pool === null || !shared || units < 2) return runShare(kernels, jobKind, args, 0, units, 0);
      layerArgs = args;
      pool.split((kind = jobKind), units, args, 0, layerShare, LAYER_CHUNKS);
    },
  };

  /** C = A · op(B) (see assembly/kernels.ts and shares.ts), split between threads when large. */

  function product(
    a: number,
    ra: number,
    r8: number,
    pa: number,
    b: number,
    sp: number,
    sj: number,
    packed: number,
    c: number,
    m: number,
    k: number,
    n: number,
    bias: number,
  ): void {
    const args = current;
    args[0] = a;
    args[1] = ra;
    args[2] = r8;
    args[3] = pa;
    args[4] = b;
    args[5] = sp;
    args[6] = sj;
    args[7] = packed;
    args[8] = c;
    args[9] = m;
    args[10] = k;
    args[11] = n;
    args[12] = bias;
    const strips = (n + 7) >> 3;
    const blocks = (m + 63) >> 6;
    const pool = threading.pool;
    if (pool === null || strips < 2 || m * k * n < threadMinWork) {
      runShare(kernels, PRODUCT_JOB, args, 0, strips, 0);
    } else if (blocks < 2 * pool.threads || m * k < ROWS_SPLIT_VALUES) {
      pool.split((kind = PRODUCT_JOB), strips, args, 0, share);
    } else {
      // Many rows: shares of strips would each read all of A. Pack op(B) first (shares of strips), then share
      // blocks of rows, each share reading its rows of A once, as one thread does.
      pool.split((kind = PACK_JOB), strips, args, 0, share);
      pool.split((kind = ROWS_JOB), blocks, args, 0, share);
    }
  }

  const windowArgs: number[] = new Array(20).fill(0);
  /**
   * A window kernel (im2col, col2im) from `input` (`inputs` values) to `output` (`outputs` values). With dilation
   * 1, the padded kernel (kernels.im2colPadded, or col2imPadded `toImages`): it reads through a zero-bordered image in
   * scratch, giving the same values as the `general` kernel without working out a window's edges.
   */
  function windowKernel(
    general: (input: number, output: number, ...geometry: number[]) => void,
    toImages: boolean,
    input: FloatArray,
    inputs: number,
    samples: number,
    g: WindowGeometry,
    output: FloatArray,
    outputs: number,
  ): boolean {
    if (!(input instanceof Float32Array && output instanceof Float32Array)) return false;
    const { height: h, width: w, channels: c, kernelHeight: kh, kernelWidth: kw, strideY: sy, strideX: sx, dilationY: dy, dilationX: dx } = g;
    const { padTop: pt, padLeft: pl, outHeight: oh, outWidth: ow } = g;
    const plain = dy === 1 && dx === 1;
    // With helpers and enough values, the images in runs (as the convolution's), each with its own bordered buffer.
    const groups = plain ? layerJobs.runs(samples, Math.max(inputs, outputs)) : 1;
    const paddedBytes = plain ? paddedImageBytes(g) : 0;
    heap.beginScratch(heap.needs(input, inputs) + heap.needs(output, outputs) + (plain ? groups * paddedBytes + 64 : 0));
    const pi = heap.input(input, inputs);
    const po = heap.output(output, outputs);
    if (plain) {
      setImageRunArgs(windowArgs, pi, po, heap.take(groups * paddedBytes), samples, g, groups, (4 * inputs) / samples, (4 * outputs) / samples);
      windowArgs[19] = toImages ? 1 : 0;
      layerJobs.run(WINDOW_JOB, groups, windowArgs, groups > 1);
    } else {
      general(pi, po, samples, h, w, c, kh, kw, sy, sx, dy, dx, pt, pl, oh, ow);
    }
    heap.finish(output, po, outputs);
    return true;
  }

  const backend: Backend = {
    name: 'wasm',
    // Products under minWork go to the JavaScript reference (below), so they are the reference's: where the
    // reference calls them small, so do we.
    smallProducts: Math.min(js.smallProducts ?? -1, minWork - 1),
    smallElementwise: SMALL_ELEMENTWISE,

    matmul(a, b, c, m, k, n) {
      if (m * k * n < minWork || !(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) {
        return js.matmul(a, b, c, m, k, n);
      }
      heap.beginScratch(heap.needs(a, m * k) + heap.needs(b, k * n) + heap.needs(c, m * n) + packedBytes(k, n));
      const pa = heap.input(a, m * k);
      const pb = heap.input(b, k * n);
      const pc = heap.output(c, m * n);
      const packed = heap.take(packedBytes(k, n));
      product(pa, 4 * k, 32 * k, 4, pb, 4 * n, 4, packed, pc, m, k, n, 0);
      heap.finish(c, pc, m * n);
    },

    matmulTransA(a, b, c, m, k, n) {
      if (m * k * n < minWork || !(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array)) {
        return js.matmulTransA(a, b, c, m, k, n);
      }
      // A few columns of A against many of B over a long k (a convolution's weight gradient: filters × patch values
      // over every position of a batch): packing B would cost more than the product. Cᵀ = Bᵀ · A instead, B read in place and only A packed, then
      // transposed: every value the same sum in the same order (each tile adds over p one step at a time).
      if (m <= 16 && n >= 4 * m && k >= 1024 && (threading.pool === null || m > 8)) {
        heap.beginScratch(heap.needs(a, k * m) + heap.needs(b, k * n) + heap.needs(c, m * n) + packedBytes(k, m) + 4 * m * n + 64);
        const pa = heap.input(a, k * m);
        const pb = heap.input(b, k * n);
        const pc = heap.output(c, m * n);
        const packed = heap.take(packedBytes(k, m));
        const pt = heap.take(4 * m * n);
        product(pb, 4, 32, 4 * n, pa, 4 * m, 4, packed, pt, n, k, m, 0);
        heap.transpose(pt, n, m, pc);
        heap.finish(c, pc, m * n);
        return;
      }
      heap.beginScratch(heap.needs(a, k * m) + heap.needs(b, k * n) + heap.needs(c, m * n) + packedBytes(k, n) + packedBytes(k, m));
      const pa = heap.input(a, k * m);
      const pb = heap.input(b, k * n);
      const pc = heap.output(c, m * n);
      const packed = heap.take(packedBytes(k, n));
      // Aᵀ: element (i, p) of the product's left operand is A[p, i]. A is packed into strips of 8 too, so that
      // the micro-kernel reads it sequentially whatever m is.
      const packedA = heap.take(packedBytes(k, m));
      kernels.packB(pa, packedA, k, m, 4 * m, 4, 0, (m + 7) >> 3);
      product(packedA, 4, 32 * k, 32, pb, 4 * n, 4, packed, pc, m, k, n, 0);
      heap.finish(c, pc, m * n);
    },

    matmulTransB(a, b, c, m, k, n, bias) {
      if (
        m * k * n < minWork ||
        !(a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) ||
        (bias !== undefined && !(bias instanceof Float32Array))
      ) {
        return js.matmulTransB(a, b, c, m, k, n, bias);
      }
      // One or a few rows (a sample at a time): dot products straight from the rows of B beat packing it.
      const direct = m < 4;
      heap.beginScratch(
        heap.needs(a, m * k) + heap.needs(b, n * k) + heap.needs(c, m * n) + (bias ? heap.needs(bias, n) : 0) + (direct ? 0 : packedBytes(k, n)),
      );
      const pa = heap.input(a, m * k);
      const pb = heap.input(b, n * k);
      const pc = heap.output(c, m * n);
      const pbias = bias ? heap.input(bias, n) : 0;
      if (direct) {
        kernels.gemvTransB(pa, pb, pc, m, k, n, pbias);
      } else {
        const packed = heap.take(packedBytes(k, n));
        product(pa, 4 * k, 32 * k, 4, pb, 4, 4 * k, packed, pc, m, k, n, pbias);
      }
      heap.finish(c, pc, m * n);
    },

    // The elementwise kernels cover the first multiple of 4 values; the last few are computed here with the
    // same formula as the JavaScript they replace (Sigmoid and ReLU's loops, sgdUpdate).
    activationForward(name, z, a, length) {
      if (!(z instanceof Float32Array && a instanceof Float32Array)) return false;
      const sigmoid = name === 'sigmoid';
      if (!sigmoid && name !== 'relu') return false;
      const n4 = length & ~3;
      heap.beginScratch(heap.needs(z, n4) + heap.needs(a, n4));
      const pz = heap.input(z, n4);
      const pa = heap.output(a, n4);
      if (sigmoid) kernels.sigmoidForward(pz, pa, n4);
      else kernels.reluForward(pz, pa, n4);
      heap.finish(a, pa, n4);
      for (let i = n4; i < length; i++) {
        const v = z[i]!;
        a[i] = sigmoid ? 1 / (1 + Math.exp(-v)) : v > 0 ? v : 0;
      }
      return true;
    },

    activationBackward(name, z, _a, dA, dZ, length) {
      if (name !== 'relu' || !(z instanceof Float32Array && dA instanceof Float32Array && dZ instanceof Float32Array)) {
        return false;
      }
      const n4 = length & ~3;
      heap.beginScratch(heap.needs(z, n4) + heap.needs(dA, n4) + heap.needs(dZ, n4));
      const e = reluArgs;
      e[0] = heap.input(z, n4);
      e[1] = heap.input(dA, n4);
      e[2] = dZ === dA ? e[1] : heap.output(dZ, n4);
      // Shared only for a layer's worth of images (a CNN's feature maps): below, the hand-over costs more.
      layerJobs.run(RELU_BACKWARD_JOB, n4 >> 2, e, n4 >= RELU_THREAD_MIN_VALUES);
      heap.finish(dZ, e[2], n4);
      for (let i = n4; i < length; i++) dZ[i] = z[i]! > 0 ? dA[i]! : 0;
      return true;
    },

    subtractScaled(w, g, s) {
      const length = w.length;
      if (g.length !== length || !(w instanceof Float32Array && g instanceof Float32Array)) return false;
      const n4 = length & ~3;
      heap.beginScratch(heap.needs(w, n4) + heap.needs(g, n4));
      const pw = heap.input(w, n4);
      const pg = heap.input(g, n4);
      const pool = threading.pool;
      if (pool !== null && n4 >= THREAD_MIN_VALUES) {
        current[0] = pw;
        current[1] = pg;
        scale = s;
        pool.split((kind = SUBTRACT_SCALED_JOB), n4 >> 2, current, s, share);
      } else {
        kernels.subtractScaled(pw, pg, n4, s);
      }
      heap.finish(w, pw, n4);
      for (let i = n4; i < length; i++) w[i] = w[i]! - s * g[i]!;
      return true;
    },

    im2col(x, samples, g, patches) {
      return windowKernel(kernels.im2col, false, x, imageValues(samples, g), samples, g, patches, patchValues(samples, g));
    },

    ...layerKernelMethods(kernels, heap, minWork, layerJobs),

    ...poolKernelMethods(heap, memory, layerJobs),

    ...rowKernelMethods(kernels, heap),

    col2im(dPatches, samples, g, dX) {
      return windowKernel(kernels.col2im, true, dPatches, patchValues(samples, g), samples, g, dX, imageValues(samples, g));
    },

    owns(array) {
      return array instanceof Float32Array && heap.offsetOf(array) >= 0;
    },

    sumRows(a: FloatArray, out: FloatArray, m: number, n: number) {
      if (m * n < minWork || !(a instanceof Float32Array && out instanceof Float32Array)) return js.sumRows(a, out, m, n);
      heap.beginScratch(heap.needs(a, m * n) + heap.needs(out, n));
      const pa = heap.input(a, m * n);
      const po = heap.output(out, n);
      kernels.sumRows(pa, po, m, n);
      heap.finish(out, po, n);
    },
  };
  if (shared) {
    backend.allocateFloat32 = (length: number) => heap.allocateFloat32(length);
    backend.releaseFloat32 = (array: Float32Array) => heap.release(array);
    (backend as { threading?: Threading }).threading = threading;
  }
  return backend;
}
