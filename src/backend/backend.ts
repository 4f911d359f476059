import type { FloatArray } from '../tensor/matrix.js';

/**
 * The kernels every layer is built from: pure functions over row-major typed arrays.
 * The JavaScript backend (`js/`) is the readable reference and the spec; a faster backend must pass the
 * same shared test suite. All output arrays are written, never read (no accumulation), unless stated.
 *
 * Where fast paths are chosen: layers and optimizers never test sizes or backends. They are written in the
 * operations of `src/nn/ops.ts` (affine, activate, the gradients) and `sgdStep` (src/optim/sgd.ts), one line
 * per formula; each operation is the one place that picks its variant: the reference loops (for small work,
 * `src/backend/js/small-loops.ts`, or an activation's own loop), or this backend's kernel. What is small is
 * the backend's to say, since the cost of a call is its own: `smallProducts` and `smallElementwise` below.
 * A backend's own choices between its kernels (the WebAssembly backend hands products under its `minWork`
 * to the JavaScript reference, and shares large ones between threads) stay inside its methods.
 *
 * How a fast path is added: write the kernel as a method of the backend (optional when the reference has
 * none, with the reference's results bit for bit, returning false where it cannot run); declare the sizes
 * below which calling it does not pay; call it from the one operation that computes that formula; test it
 * against the reference (test/backend-exact.test.ts) on every backend.
 */
export interface Backend {
  readonly name: string;
  /** C[m×n] = A[m×k] · B[k×n]: the input gradient ∂L/∂Z · W. */
  matmul(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number): void;
  /** C[m×n] = Aᵀ · B for A[k×m], B[k×n]: the weight gradient ∂L/∂Zᵀ · X. */
  matmulTransA(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number): void;
  /**
   * C[m×n] = A · Bᵀ (+ bias[n] on every row, when given) for A[m×k], B[n×k]: the forward pass X · Wᵀ + b
   * (weights are stored one row per neuron, W[units×inputs]). The bias is added after the dot product.
   */
  matmulTransB(a: FloatArray, b: FloatArray, c: FloatArray, m: number, k: number, n: number, bias?: FloatArray): void;
  /** out[n] = Σ_rows A[m×n]: the bias gradient. */
  sumRows(a: FloatArray, out: FloatArray, m: number, n: number): void;
  /**
   * Optional: float32 storage that this backend reads and writes in place, where every other array is copied
   * in and out on each call (the WebAssembly backend's own memory). Layers allocate their weights and batch
   * buffers here when the backend offers it; any other backend still accepts these arrays as ordinary ones.
   */
  allocateFloat32?(length: number): Float32Array;
  /**
   * Optional, with `allocateFloat32`: gives one of its arrays back now instead of when it is collected, for
   * memory a caller allocates afresh on every call (fit's training set in the backend's memory). Neither the
   * array nor any view of its memory may be used afterwards.
   */
  releaseFloat32?(array: Float32Array): void;
  /**
   * Optional: products of at most this many multiply-adds (m·k·n) are small on this backend: a call costs
   * more than the arithmetic, and this backend's results for them are the reference's (`sumRows` included,
   * for a bias gradient beside such a product), so the operations compute them with the reference's loops
   * instead of calling it (the seed's tiny network). Absent: nothing is small, every product is a call. A backend made by spreading
   * `jsBackend` inherits the reference's 256: set your own when your products give other results.
   */
  readonly smallProducts?: number;
  /**
   * Optional: elementwise steps (an activation, the SGD step) over at most this many values are small on this
   * backend: the operations run the JavaScript loop instead of calling `activationForward`,
   * `activationBackward` or `subtractScaled` (their results are the same; only the cost differs). Absent:
   * every step the backend has a kernel for is a call.
   */
  readonly smallElementwise?: number;
  /**
   * Optional: a = f(z) over `length` values for the built-in activation `name` ("sigmoid" or "relu"), with
   * exactly the results of that activation's own `forward`. Returns false, having written nothing, when this
   * backend has no such kernel for these arrays; the caller then runs the activation's loop.
   */
  activationForward?(name: string, z: FloatArray, a: FloatArray, length: number): boolean;
  /** Optional: ∂L/∂z from ∂L/∂a, as `activationForward` is to the activation's `backward` (dZ may be dA). */
  activationBackward?(name: string, z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, length: number): boolean;
  /**
   * Optional: w ← w − s·g for every element, each value exactly as JavaScript computes it (in float64,
   * rounded once when stored): the plain SGD step. Returns false, having written nothing, when it cannot.
   */
  subtractScaled?(w: FloatArray, g: FloatArray, s: number): boolean;
  /**
   * Optional: the one-row pass of a small network of dense layers (src/nn/row-path.ts's TrainPath, whose
   * values it gives bit for bit), a call for a whole pass or for many training steps (`DenseRowRun`). Null
   * when it cannot: an array that does not live in this backend's memory, say.
   */
  denseRowKernel?(layers: readonly DenseRowLayer[], x: FloatArray, y: FloatArray, dA: FloatArray): DenseRowRun | null;
  /**
   * Optional: what helper threads need to take a share of this backend's large kernels (`useThreads` from
   * `neurite/threads` starts them); absent where the backend cannot share its work.
   */
  readonly threading?: Threading;
  /** Optional: true when `array` lives in this backend's own memory, where its kernels use it in place. */
  owns?(array: FloatArray): boolean;
  /**
   * Optional: a convolution's patches, exactly the values of `im2col` in src/nn/im2col.ts (a copy: the same
   * bits), for `samples` images of `geometry`'s input. Returns false, having written nothing, when it cannot.
   */
  im2col?(x: FloatArray, samples: number, geometry: WindowGeometry, patches: FloatArray): boolean;
  /**
   * Optional: Z = im2col(X) · Wᵀ + b for `samples` images of `geometry` (W [filters × kh·kw·c], b [filters],
   * Z [samples·positions × filters]) without writing the patches, for inference; with `relu`, max(Z, 0) as
   * `activationForward('relu')` computes it, into `out`. float32, within rounding of `im2col` and
   * `matmulTransB` (the same sums, in the same order where both take four positions at a time). False,
   * having written nothing, when it cannot (or when the patches' path would share the work between threads).
   */
  convolve?(x: FloatArray, samples: number, geometry: WindowGeometry, weights: FloatArray, bias: FloatArray, out: FloatArray, relu: boolean): boolean;
  /**
   * Optional: a convolution's ∂L/∂W [filters × kh·kw·c] = ∂L/∂Zᵀ · im2col(X) for `samples` images of `geometry`
   * (∂L/∂Z [samples·positions × filters]) without writing the patches: float32, the values of `matmulTransA`
   * on the patches bit for bit. False, having written nothing, when it cannot.
   */
  convolutionWeightGradient?(x: FloatArray, samples: number, geometry: WindowGeometry, dZ: FloatArray, gW: FloatArray): boolean;
  /**
   * Optional: a convolution's ∂L/∂X [samples × h·w·c] from ∂L/∂Z [samples·positions × filters] and its weights
   * W [filters × kh·kw·c] without the patches' gradient: float32, exactly col2im(∂L/∂Z · W) (`matmul`, then
   * `col2im`) bit for bit. False, having written nothing, when it cannot (strides or dilation other than 1).
   */
  convolutionInputGradient?(dZ: FloatArray, samples: number, geometry: WindowGeometry, weights: FloatArray, dX: FloatArray): boolean;
  /** Optional: ∂L/∂X from the patches' gradients, exactly the values of `col2im` in src/nn/im2col.ts; false when it cannot. */
  col2im?(dPatches: FloatArray, samples: number, geometry: WindowGeometry, dX: FloatArray): boolean;
  /**
   * Optional: max pooling of `samples` images of `geometry`'s input over 2×2 windows at stride 2 from the
   * top-left corner (every window whole: 2·outHeight ≤ height, 2·outWidth ≤ width), exactly MaxPool2D's
   * values and argmax indices (each maximum's index within its image). False, having written nothing, when it cannot.
   */
  maxPool2x2?(x: FloatArray, samples: number, geometry: WindowGeometry, out: FloatArray, argmax: Int32Array): boolean;
  /**
   * Optional: ∂L/∂X [samples × h·w·c] of that pooling from ∂L/∂out and its argmax, exactly MaxPool2D's values:
   * 0 + ∂L/∂out at each window's chosen cell, 0 everywhere else. False, having written nothing, when it cannot.
   */
  maxUnpool2x2?(dOut: FloatArray, samples: number, geometry: WindowGeometry, argmax: Int32Array, dX: FloatArray): boolean;
  /**
   * Optional: one forward step t of the LSTM cell for `rows` samples, all still inside their sequences
   * (src/nn/lstm.ts's `stepForward`, on the layer's buffers in place: zx [rows·T × 4u] gets the gates, c and
   * h [rows × u] the new state, hPrev and cells [rows·T × u] h_{t−1} and c_t, `out` h_t when not null), in
   * float32 within rounding of the layer's loop. hPrev and cells null (inference): only c, h and `out` are
   * written, nothing kept for backward. False, having written nothing, when it cannot.
   */
  lstmStepForward?(
    zx: FloatArray,
    zh: FloatArray,
    c: FloatArray,
    h: FloatArray,
    hPrev: FloatArray | null,
    cells: FloatArray | null,
    out: FloatArray | null,
    rows: number,
    units: number,
    timeSteps: number,
    t: number,
  ): boolean;
  /**
   * Optional: one inference step of the LSTM (src/nn/lstm-inference.ts) for `rows` samples, its product and cell
   * in one pass: hxIn's rows (`hxStride` values apart) hold [h_{t−1} | x_t]; `weights` holds [U | W] and `bias` b
   * by groups of four units (for every p, the gates i, f, g, o of the group's units, 16 values; `bias` 16 per
   * group); c [rows × units] moves on in place; h_t goes into the first `units` values of hxOut's rows and, when
   * `out` is not null, to out[outOffset + n·outStride]; when `x` is not null, the `features` values at
   * x[xOffset + n·xStride] go after h_t in hxOut's row n. With an odd `rows`, hxIn, hxOut and c hold one spare
   * row past them. float32, the values of the product and the step kernel it replaces, bit for bit. False,
   * having written nothing, when it cannot.
   */
  lstmStepFused?(
    hxIn: FloatArray,
    hxOut: FloatArray,
    hxStride: number,
    weights: FloatArray,
    bias: FloatArray,
    c: FloatArray,
    x: FloatArray | null,
    xOffset: number,
    xStride: number,
    features: number,
    out: FloatArray | null,
    outOffset: number,
    outStride: number,
    rows: number,
    units: number,
  ): boolean;
  /** Optional: backward through step t of the LSTM cell (src/nn/lstm.ts's `stepBackward`), as `lstmStepForward` is to its forward. */
  lstmStepBackward?(
    zx: FloatArray,
    cells: FloatArray,
    dH: FloatArray,
    dC: FloatArray,
    dZ: FloatArray,
    dZStep: FloatArray,
    rows: number,
    units: number,
    timeSteps: number,
    t: number,
  ): boolean;
}

/**
 * Where a window (a convolution's kernel, a pool) visits an image `[height, width, channels]` (channels last),
 * and the image it gives, `[outHeight, outWidth]` (src/nn/conv-geometry.ts works it out). `padTop` and
 * `padLeft` are the zero rows and columns before the image; the window at output (oy, ox), cell (ky, kx)
 * reads input row iy = oy·strideY − padTop + ky·dilationY and column ix = ox·strideX − padLeft + kx·dilationX
 * (a padded cell when outside the image).
 */
export interface WindowGeometry {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideY: number;
  readonly strideX: number;
  readonly dilationY: number;
  readonly dilationX: number;
  readonly padTop: number;
  readonly padLeft: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** A running set of helper threads (made by `neurite/threads`) that a backend hands shares of its work to. */
export interface ThreadPool {
  /** Threads computing a split job: the helpers and the calling thread. */
  readonly threads: number;
  /**
   * Runs job `kind` (one of the *_JOB constants) over `units` units (strips of 8 columns of a product, blocks
   * of 64 rows, blocks of 4 values) on every thread, the calling one running its chunks through `local(start, end)`;
   * returns when all are done. `args` are the job's integer arguments (before a chunk's start and end), `x`
   * its float64 argument. `chunks`: about how many chunks each thread takes (default 2); more, smaller chunks
   * even out a thread that runs late (another process on its core) at the cost of more hand-overs.
   */
  split(kind: number, units: number, args: readonly number[], x: number, local: (start: number, end: number) => void, chunks?: number): void;
  /** Stops the helpers; the pool must not be used afterwards. */
  stop(): Promise<void>;
}

/** A backend's side of helper threads: its compiled kernels, its shared memory, and where a pool plugs in. */
export interface Threading {
  /** The compiled kernels (a `WebAssembly.Module`), which each helper instantiates on `memory`. */
  readonly module: object;
  /** The shared `WebAssembly.Memory` the kernels run on. */
  readonly memory: { readonly buffer: ArrayBufferLike };
  /**
   * A zeroed block of `bytes` (a multiple of 4), reserved while the array is referenced: a view of the shared
   * memory, or an ordinary array when the memory is full.
   */
  reserve(bytes: number): Float32Array;
  /** The pool the backend now splits large jobs with, or null for none. */
  pool: ThreadPool | null;
}

/**
 * Job kinds, as the wasm backend (runShare in wasm/wasm-backend.ts) and the helpers (node/threads.ts) run them
 * with the kernels of wasm/assembly/kernels.ts. PRODUCT_JOB, with arguments a, ra, r8, pa, b, sp, sj, packed,
 * c, m, k, n, bias: strips [s0, s1) of op(B) packed (packB), then the same columns of C (gemmPacked).
 */
export const PRODUCT_JOB = 0;
/** subtractScaled(w + 16·s0, g + 16·s0, 4·(s1 − s0), x): the SGD step on the 4-value blocks [s0, s1). */
export const SUBTRACT_SCALED_JOB = 1;
/** The same arguments: strips [s0, s1) of op(B) packed (packB). */
export const PACK_JOB = 2;
/** The same arguments, op(B) already packed: the rows in blocks [b0, b1) of 64 of C, every column (gemmPacked). */
export const ROWS_JOB = 3;
/**
 * The jobs over runs of images (CONV_JOB, WINDOW_JOB, CONV_INPUT_JOB, POOL_JOB) share their first arguments
 * (setImageRunArgs): input, output, padded, samples, height, width, c, kh, kw, sy, sx, padTop, padLeft, outHeight,
 * outWidth, groups, paddedBytes, the bytes of one image's input and of its output; a share runs [g0, g1) of
 * `groups` runs of consecutive images, each run with its own zero-bordered buffer where the kernel needs one
 * (padded + g · paddedBytes). A convolution's forward pass (convPadded)
 * adds packed, bias, filters, relu.
 */
export const CONV_JOB = 4;
/**
 * A convolution's weight gradient (convWeightGradT), arguments padded, packed, out, samples, ph, pw, c, kh, kw,
 * sy, sx, outHeight, outWidth, filters: its tiles [t0, t1) of 4 patch values × 8 filters.
 */
export const CONV_GRADIENT_JOB = 5;
/** A window kernel with dilation 1 over runs of images (as CONV_JOB): im2colPadded, or col2imPadded after a final 1. */
export const WINDOW_JOB = 6;
/**
 * A convolution's ∂L/∂X at stride 1 over runs of images (convInputPadded), with CONV_JOB's arguments for the
 * convolution it is (∂L/∂Z the image, ∂L/∂X the output; see convolutionInputGradient): packed at 19, the
 * channels of ∂L/∂X at 21.
 */
export const CONV_INPUT_JOB = 7;
/**
 * Max pooling over whole 2×2 windows (maxPool2x2) over runs of images, with CONV_JOB's first arguments (input x,
 * output out; no bordered buffer): argmax at 19, then 0; or its backward pass (maxUnpool2x2) with a final 1, the
 * input being ∂L/∂X and the output ∂L/∂out.
 */
export const POOL_JOB = 8;
/** ReLU's backward kernel over blocks [b0, b1) of 4 values: arguments z, ∂L/∂A, ∂L/∂Z. */
export const RELU_BACKWARD_JOB = 9;

/** One layer of a small dense network as `Backend.denseRowKernel` reads it: its sizes, activation and arrays. */
export interface DenseRowLayer {
  readonly inputs: number;
  readonly units: number;
  readonly activation: 'linear' | 'sigmoid' | 'relu';
  readonly w: FloatArray;
  readonly b: FloatArray;
  readonly gW: FloatArray;
  readonly gb: FloatArray;
  readonly z: FloatArray;
  readonly a: FloatArray;
  readonly dZ: FloatArray;
  /** ∂L/∂X of the layer's input (not written for the first layer). */
  readonly dX: FloatArray;
}

/** A small dense network's one-row kernel (`Backend.denseRowKernel`), for the layers and arrays it was made for. */
export interface DenseRowRun {
  /**
   * The forward pass from x into every layer's Z and A, the mean squared error against y (returned), its
   * gradient into dA and backpropagation into every layer's ∂L/∂Z, ∂L/∂W, ∂L/∂b and (above the first) ∂L/∂X;
   * and then, when `rate` is a number (not NaN) and the loss is finite, the plain SGD step w ← w − rate·g of
   * every weight and bias (as `subtractScaled`).
   */
  pass(rate: number): number;
  /**
   * Training steps from ≤ t < to at batch size 1, counted from the start of an epoch of `period` steps (they
   * may run on into the next epochs), each `pass(rate)` on row order[t − from] of xs and ys (all arrays
   * in the backend's memory). Each step's loss is added to `sum` in order; where an epoch ends, its sum goes
   * to `sums` (one each) and the next epoch's starts at 0. Returns the last, unfinished epoch's sum. Stops at
   * a step whose loss is not finite (`status` 1, no update) or whose update is not finite (`status` 2, its
   * old weights put back); `done` is then that step's t, `loss` its loss. Status 0: all done (`done` = to).
   */
  steps(xs: Float32Array, ys: Float32Array, order: Int32Array, sums: Float64Array, from: number, to: number, period: number, rate: number, sum: number): number;
  readonly done: number;
  readonly status: number;
  readonly loss: number;
}
