import type { Backend } from '../backend/backend.js';
import type { Loss } from '../losses/loss.js';
import type { Network } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Matrix } from '../tensor/matrix.js';
import { gatherRows } from './data.js';

/** At most this many values of a training set are copied into the backend's memory for the steps below. */
const MAX_VALUES = 1 << 22;

/** A stretch of fit's steps (see `rowStretch`). */
export interface RowStretch {
  /**
   * Steps from ≤ t < to, counted from the start of the current epoch (of `period` steps; they may run on
   * into the next epochs, which see the rows in the same `order`): each step's loss is added to `sum` in
   * order, as fit sums them; where an epoch ends, its sum goes to `sums` and the next starts at 0. Returns the
   * last, unfinished epoch's sum. When a step's loss is not finite, or its update leaves a weight that is not,
   * it stops there with the weights as before that step: `failed` is then true, `done` that step's t and
   * `loss` its loss (NaN for an update that was not finite). Otherwise `done` is `to`.
   */
  run(order: Uint32Array, from: number, to: number, period: number, sum: number): number;
  /** True when the kernel no longer held for the network (nothing was run): fit's own loop goes on. */
  lost: boolean;
  failed: boolean;
  done: number;
  loss: number;
  /** The sums of the epochs that ended in the last run, in order. */
  readonly sums: Float64Array;
  /** Gives the stretch's memory back to the backend (fit's next call reuses it); the stretch is then `lost` for good. */
  release(): void;
}

/**
 * fit's batches of one row as stretches of steps in the network's one-row kernel (Network.rowKernel), the
 * plain SGD step included: the values of fit's own loop (gather the row, computeGradients, check the loss,
 * the optimizer's step, check the weights) bit for bit, with no JavaScript between the steps of a stretch.
 * The caller takes it only where that loop has nothing else to do: batch size 1, no regularization, clipping,
 * schedule, metrics or callbacks. Null where it does not hold: another loss or optimizer (SGD with momentum,
 * Adam), layers the kernel cannot take, a float64 network, a training set too large to copy into the
 * backend's memory. A stretch leaves the layers, the batch matrices `pair` and the optimizer's counts as
 * fit's loop leaves them after its last step. `longest` is the most steps a stretch will take.
 */
export function rowStretch(
  network: Network,
  x: Matrix,
  y: Matrix,
  pair: readonly [Matrix, Matrix],
  loss: Loss,
  optimizer: Optimizer,
  backend: Backend,
  longest: number,
): RowStretch | null {
  const allocate = backend.allocateFloat32;
  const params = network.parameters();
  const rows = x.rows;
  if (allocate === undefined || pair[0].rows !== 1 || rows * (x.cols + y.cols) + longest > MAX_VALUES) return null;
  if (!(x.data instanceof Float32Array && y.data instanceof Float32Array) || optimizer.plainStepRate === undefined || optimizer.countStep === undefined)
    return null;
  if (!(optimizer.plainStepRate(params) >= 0) || network.rowKernel(pair[0], pair[1], loss) === null) return null;
  // The training set, the rows' order and the epochs' sums, in the backend's memory where the kernel reads them.
  const xs = allocate.call(backend, rows * x.cols);
  const ys = allocate.call(backend, rows * y.cols);
  const orderBlock = allocate.call(backend, longest);
  const sumsBlock = allocate.call(backend, 2 * (longest + 1));
  if (![xs, ys, orderBlock, sumsBlock].every((array) => backend.owns?.(array) === true)) return null;
  xs.set(x.data.subarray(0, rows * x.cols));
  ys.set(y.data.subarray(0, rows * y.cols));
  const steps = new Int32Array(orderBlock.buffer, orderBlock.byteOffset, longest);
  let released = false;
  const stretch: RowStretch & { keep: Float32Array[] } = {
    lost: false,
    failed: false,
    done: 0,
    loss: 0,
    sums: new Float64Array(sumsBlock.buffer, sumsBlock.byteOffset, longest + 1),
    keep: [orderBlock, sumsBlock], // blocks are freed when collected: the stretch holds them, not only views
    release() {
      stretch.lost = true;
      if (released) return;
      released = true;
      for (const block of [xs, ys, orderBlock, sumsBlock]) backend.releaseFloat32?.(block);
    },
    run(order, from, to, period, sum) {
      if (released) return sum; // `lost` since its release
      const kernel = network.rowKernel(pair[0], pair[1], loss);
      const rate = optimizer.plainStepRate!(params);
      // (Code run between two stretches may have moved the network to another backend: fit's own loop then.)
      stretch.lost = kernel === null || !(rate >= 0) || to - from > longest;
      if (kernel === null || stretch.lost) return sum;
      for (let t = from; t < to; t++) steps[t - from] = order[t % period]!;
      const total = kernel.steps(xs, ys, steps, stretch.sums, from, to, period, rate, sum);
      const done = kernel.done;
      stretch.failed = kernel.status !== 0;
      stretch.done = done;
      stretch.loss = kernel.status === 1 ? kernel.loss : NaN;
      // (fit's own loop counts a step whose update it then takes back: status 2.)
      optimizer.countStep!(params, done - from + (kernel.status === 2 ? 1 : 0));
      // The batch matrices as the last step's gather leaves them (the failed step's, when one failed).
      const last = stretch.failed ? done : done - 1;
      gatherRows(x, order, last % period, pair[0]);
      gatherRows(y, order, last % period, pair[1]);
      return total;
    },
  };
  return stretch;
}
