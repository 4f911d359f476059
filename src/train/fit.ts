import { getBackend } from '../backend/index.js';
import { NeuriteError, requireInteger, requireNumber } from '../errors.js';
import { Rng } from '../init/rng.js';
import type { Loss } from '../losses/loss.js';
import { resolveLoss, type LossLike } from '../losses/registry.js';
import type { Network } from '../nn/network.js';
import { addPenaltyGradient, checkRegularization, penalty, type Regularization } from '../nn/regularization.js';
import { Adam } from '../optim/adam.js';
import { clipGradNorm, clipGradValue } from '../optim/clipping.js';
import type { Optimizer } from '../optim/optimizer.js';
import { resolveOptimizer, type OptimizerLike } from '../optim/registry.js';
import type { LearningRateSchedule } from '../optim/schedules.js';
import type { Matrix } from '../tensor/matrix.js';
import { gatherRows, type MatrixLike } from './data.js';
import { EarlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
import { evaluate } from './evaluate.js';
import { createMetric } from '../metrics/metric.js';
import { aborted, batchBuffers, collect, diverged, trainingData } from './fit-parts.js';
import { rowStretch } from './fit-rows.js';
import { WeightGuard } from './weight-guard.js';
import { Yielder } from './yield.js';

/** What one epoch of {@link fit} did: its loss, metrics and learning rate. */
export interface EpochLog {
  /** 0-based, as the seed counts ("Epoch 0 loss: ..."). */
  epoch: number;
  /** Mean training loss over the epoch's batches, weighted by batch size. */
  loss: number;
  /** Training metrics, accumulated over the epoch's batches. */
  metrics: Record<string, number>;
  valLoss?: number;
  valMetrics?: Record<string, number>;
  /** The learning rate of the epoch's last step. */
  learningRate: number;
}

/** Passed to `onBatchEnd` after each step of {@link fit}. */
export interface BatchInfo {
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  batches: number;
  loss: number;
}

/** Hooks into the loop; any may return a promise, which is awaited. */
export interface FitCallbacks {
  onTrainBegin?(info: { epochs: number; batchesPerEpoch: number; trainRows: number; validationRows: number }): void | Promise<void>;
  onEpochBegin?(epoch: number): void | Promise<void>;
  onBatchEnd?(info: BatchInfo): void | Promise<void>;
  /** Return `false` to stop training after this epoch. */
  onEpochEnd?(log: EpochLog): void | boolean | Promise<void | boolean>;
  onTrainEnd?(result: FitResult): void | Promise<void>;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Passes over the training data (default 10). */
  epochs?: number;
  /** Rows per gradient step (default 32; the seed uses 1). */
  batchSize?: number;
  /** Shuffle the rows each epoch (default true; the seed goes in order). */
  shuffle?: boolean;
  /** Seed for shuffling, the validation split and dropout (default 42). Ignored when `rng` is given. */
  seed?: number;
  /** The generator to draw from; pass one to save and restore its state across runs (checkpoints). */
  rng?: Rng;
  /** Default: mean squared error, the seed's loss. */
  loss?: LossLike;
  /**
   * An optimizer object, or a name from the optimizer table ('sgd', 'adam', ...). Default: Adam with
   * η = 0.001. Pass the same optimizer object again to continue with its state.
   */
  optimizer?: OptimizerLike;
  /** Sets the learning rate before every step from the optimizer's step count. */
  schedule?: LearningRateSchedule;
  /** Rescale all gradients together when their global L2 norm exceeds this. */
  clipNorm?: number;
  /** Clamp every gradient value to [−clipValue, clipValue]. */
  clipValue?: number;
  /** L1 and L2 penalties on the weights (not the biases), added to the loss and its gradient. */
  regularization?: Regularization;
  /** Names from the metric table (`metricNames()`, aliases such as 'mae' too, and any `registerMetric` added); results are keyed by these names. */
  metrics?: string[];
  /** Hold out this fraction of the rows (at random, seeded) for validation. */
  validationSplit?: number;
  /** Validation rows given explicitly (instead of validationSplit). */
  validationData?: [MatrixLike, MatrixLike];
  /** Options, `true` for the defaults, or an `EarlyStopping` object (to save and restore its state). */
  earlyStopping?: EarlyStoppingOptions | boolean | EarlyStopping;
  callbacks?: FitCallbacks | FitCallbacks[];
  /** Stops training within one batch; `fit` then rejects with an ABORTED error and the network is usable. */
  signal?: AbortSignal;
  /** Number of the first epoch (when continuing from a checkpoint): epochs run from here to `epochs`. */
  initialEpoch?: number;
  /** How often to let the event loop run, in milliseconds (default 8). */
  yieldEveryMs?: number;
}

/** What {@link fit} resolves to. */
export interface FitResult {
  history: EpochLog[];
  /** Why training ended. */
  stopReason: 'completed' | 'early-stopping' | 'callback';
  /** With early stopping: the epoch whose weights the network has (when restoring best weights). */
  bestEpoch?: number;
}

/** About this many multiply-adds' worth of steps in one stretch of the one-row kernel (well under a millisecond). */
const STRETCH_WORK = 1 << 16;

/**
 * Mini-batch training: for each epoch, shuffle, then for each batch: feedforward, loss, backpropagation,
 * and an optimizer step. Async: it yields to the event loop between batches (at most every few ms), so a
 * progress bar or a web page keeps running.
 *
 * @example
 * ```ts
 * import { Adam, Network, fit } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 7 });
 * const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
 * const y = [[0], [1], [1], [0]];
 * const { history } = await fit(network, x, y, {
 *   epochs: 500,
 *   batchSize: 4,
 *   loss: 'binary_crossentropy',
 *   optimizer: new Adam({ learningRate: 0.05 }),
 *   metrics: ['accuracy'],
 *   callbacks: { onEpochEnd: (log) => { if (log.epoch % 100 === 0) console.log(log.epoch, log.loss); } },
 * });
 * console.log(history.at(-1)?.metrics.accuracy); // 1
 * ```
 */
export async function fit(network: Network, xData: MatrixLike, yData: MatrixLike, options: FitOptions = {}): Promise<FitResult> {
  // The options, checked in this order (the first bad one is the one reported).
  const epochs = requireInteger('epochs', options.epochs ?? 10, 0);
  const batchSize = requireInteger('batchSize', options.batchSize ?? 32, 1);
  const initialEpoch = requireInteger('initialEpoch', options.initialEpoch ?? 0, 0);
  const rng = options.rng ?? new Rng(options.seed ?? 42);
  const loss: Loss = resolveLoss(options.loss ?? 'mse');
  const optimizer: Optimizer = options.optimizer === undefined ? new Adam({ learningRate: 0.001 }) : resolveOptimizer(options.optimizer);
  const schedule = options.schedule;
  const clipNorm = options.clipNorm === undefined ? undefined : requireNumber('clipNorm', options.clipNorm, { min: 0, exclusiveMin: true });
  const clipValue = options.clipValue === undefined ? undefined : requireNumber('clipValue', options.clipValue, { min: 0, exclusiveMin: true });
  const reg = options.regularization ? checkRegularization(options.regularization) : null;
  const regularized = reg !== null && (reg.l1 > 0 || reg.l2 > 0);
  const callbacks = Array.isArray(options.callbacks) ? options.callbacks : options.callbacks ? [options.callbacks] : [];
  const signal = options.signal;

  const { x, y, validation } = trainingData(network, xData, yData, options, rng);
  const metricNames = options.metrics ?? [];
  const trainMetrics = metricNames.map(createMetric);
  const es = options.earlyStopping;
  const stopper = es instanceof EarlyStopping ? es : es === true ? new EarlyStopping() : es ? new EarlyStopping(es) : null;
  const monitor = stopper?.monitor ?? (validation ? 'val_loss' : 'loss');
  if (monitor === 'val_loss' && stopper && !validation) {
    throw new NeuriteError('INVALID_ARGUMENT', 'Early stopping on val_loss needs validationSplit or validationData');
  }
  const rows = x.rows;
  const backend = network.backend ?? getBackend(); // the batches live in its memory; the optimizer steps on its kernels
  const { batches, fullBatch, tailBatch, order } = batchBuffers(backend, x, y, batchSize);
  const guard = new WeightGuard(network);
  const yielder = new Yielder(options.yieldEveryMs ?? 8);
  const history: EpochLog[] = [];

  // The loop's steps are closures over this run's state: module-level steps would pass a state object of 25
  // fields around, which costs a training app's bundle 0.3 KB gzipped (test/bundle.test.ts).
  /**
   * One update: feedforward, loss (plus the penalty), backpropagation, clipping, the scheduled rate and the
   * optimizer's step. A loss or weight that is not finite ends training with DIVERGED, the weights restored.
   */
  const trainBatch = (bx: Matrix, by: Matrix, epoch: number, b: number): number => {
    guard.save(); // before the forward pass, which moves a batch norm's running statistics
    let value = network.computeGradients(bx, by, loss, rng);
    const params = network.parameters();
    if (regularized) {
      value += penalty(params, reg!);
      addPenaltyGradient(params, reg!);
    }
    if (!Number.isFinite(value)) {
      guard.restore();
      throw diverged(epoch, b, value, optimizer, history);
    }
    if (clipNorm !== undefined) clipGradNorm(params, clipNorm);
    if (clipValue !== undefined) clipGradValue(params, clipValue);
    if (schedule) optimizer.learningRate = schedule.rateAt(optimizer.iterations);
    optimizer.step(params, backend);
    if (!guard.finite()) {
      guard.restore();
      throw diverged(epoch, b, NaN, optimizer, history);
    }
    return value;
  };

  /** The epoch's row order (shuffled unless told not to) and its metrics reset. */
  const beginEpoch = (): void => {
    if (options.shuffle !== false) {
      // Each epoch's order depends only on the generator's state, so a run resumed at an epoch boundary
      // (same state) visits the rows exactly as an unbroken one.
      for (let i = 0; i < rows; i++) order[i] = i;
      rng.shuffle(order);
    }
    for (let i = 0; i < trainMetrics.length; i++) trainMetrics[i]!.reset();
    lossSum = 0;
  };

  /** Batch b of the epoch's order, gathered into the reused batch buffers. */
  const gatherBatch = (b: number): readonly [Matrix, Matrix] => {
    const start = b * batchSize;
    const pair = start + batchSize <= rows ? fullBatch : tailBatch;
    gatherRows(x, order, start, pair[0]);
    gatherRows(y, order, start, pair[1]);
    return pair;
  };

  /** The epoch's log, with the validation scores, added to the history. */
  const endEpoch = (epoch: number, meanLoss: number): EpochLog => {
    const log: EpochLog = { epoch, loss: meanLoss, metrics: collect(trainMetrics), learningRate: optimizer.learningRate };
    if (validation) {
      const result = evaluate(network, validation[0], validation[1], { loss, metrics: metricNames, batchSize: Math.max(batchSize, 256) });
      log.valLoss = result.loss;
      log.valMetrics = result.metrics;
    }
    history.push(log);
    return log;
  };

  // Where the loop stands: the epoch, its next batch, and its loss so far.
  let epoch = initialEpoch;
  let b = 0;
  let lossSum = 0;
  let stopReason: FitResult['stopReason'] = 'completed';

  /** Batch b of the epoch: gathered, trained on, its loss and metrics added to the epoch's. */
  const runBatch = (): number => {
    if (signal?.aborted) throw aborted(epoch, b, history, signal);
    // (Indexing, not destructuring: the iterator protocol allocates, every batch.)
    const pair = gatherBatch(b);
    const by = pair[1];
    const value = trainBatch(pair[0], by, epoch, b);
    lossSum += value * by.rows;
    if (trainMetrics.length > 0) {
      const pred = network.lastOutput!; // the batch's predictions, before this step's update
      for (let i = 0; i < trainMetrics.length; i++) trainMetrics[i]!.update(pred.data, by.data, by.rows, by.cols);
    }
    return value;
  };

  /** Logs the epoch; true when early stopping ends training (it records the epoch before any callback runs). */
  const finishEpoch = (): boolean => {
    const log = endEpoch(epoch, lossSum / rows);
    return stopper !== null && stopper.update(epoch, monitor === 'val_loss' ? log.valLoss! : log.loss, network);
  };

  // Batches of one row with nothing between the gradients and the step: stretches of steps in the network's
  // one-row kernel where it holds (./fit-rows.ts; the same values), about STRETCH_WORK multiply-adds' worth
  // between two looks at the clock. Whole epochs at a time where nothing happens between them (the rows in
  // the same order every epoch, no validation, no early stopping): each is then logged as finishEpoch does.
  const stretchSteps = Math.max(1, Math.floor(STRETCH_WORK / (network.parameters().reduce((n, p) => n + p.value.length, 0) + 16)));
  const plain = !regularized && clipNorm === undefined && clipValue === undefined && !schedule;
  let stretch =
    plain && batchSize === 1 && trainMetrics.length === 0 && callbacks.length === 0
      ? rowStretch(network, x, y, fullBatch, loss, optimizer, backend, stretchSteps)
      : null;
  const across = options.shuffle === false && stopper === null && !validation;
  const runStretch = (): void => {
    const run = stretch!;
    if (signal?.aborted) throw aborted(epoch, b, history, signal);
    const ahead = across && b === 0 ? Math.max(1, Math.min(epochs - epoch, Math.floor(stretchSteps / batches))) : 1;
    const end = ahead > 1 ? ahead * batches : Math.min(batches, b + stretchSteps);
    const sum = run.run(order, b, end, batches, lossSum);
    if (run.lost) {
      run.release();
      stretch = null;
      return;
    }
    guard.stale(); // the weights moved on past the guard's copy
    const done = run.done;
    const ended = Math.floor(done / batches);
    for (let k = 0; k < ended; k++) {
      lossSum = run.sums[k]!;
      // The stretch's last epoch, ended with it, is finished by the loop below as any other.
      if (k === ended - 1 && !run.failed && done === end) {
        b = batches;
        return;
      }
      finishEpoch();
      epoch++;
      beginEpoch();
    }
    lossSum = sum;
    b = done - ended * batches;
    if (run.failed) throw diverged(epoch, b, run.loss, optimizer, history);
  };

  /**
   * Without callbacks, nothing is awaited but the event loop's turns: the batches and epochs between two turns
   * run in this one synchronous call. (A long loop inside an async function stays in V8's unoptimized tiers:
   * it cannot be replaced by optimized code while it runs, and fit is called once.) True when training is over.
   */
  const runUntilDue = (): boolean => {
    for (; epoch < epochs; epoch++, b = 0) {
      if (b === 0) beginEpoch();
      while (b < batches) {
        if (stretch !== null) runStretch();
        else {
          runBatch();
          b++;
        }
        if (yielder.due()) return false;
      }
      if (finishEpoch()) {
        stopReason = 'early-stopping';
        return true;
      }
      if (yielder.due()) {
        epoch++;
        b = 0;
        return false;
      }
    }
    return true;
  };

  for (const cb of callbacks) await cb.onTrainBegin?.({ epochs, batchesPerEpoch: batches, trainRows: rows, validationRows: validation?.[0].rows ?? 0 });
  if (callbacks.length === 0) {
    try {
      while (!runUntilDue()) {
        await yielder.yield();
        guard.stale(); // the event loop ran other code, which may have changed the weights
      }
    } finally {
      stretch?.release(); // its memory, for fit's next call: finished, stopped early, diverged or aborted
    }
  }
  for (; callbacks.length > 0 && epoch < epochs; epoch++) {
    for (let i = 0; i < callbacks.length; i++) await callbacks[i]!.onEpochBegin?.(epoch);
    beginEpoch();
    for (b = 0; b < batches; b++) {
      const value = runBatch();
      for (let i = 0; i < callbacks.length; i++) {
        const cb = callbacks[i]!;
        if (cb.onBatchEnd) await cb.onBatchEnd({ epoch, batch: b, batches, loss: value });
      }
      // Where other code runs (callbacks, the event loop), the weights may change: the guard copies them again.
      guard.stale();
      if (yielder.due()) await yielder.yield();
    }
    const earlyStop = finishEpoch();
    const log = history[history.length - 1]!;
    let stop = false;
    for (let i = 0; i < callbacks.length; i++) if ((await callbacks[i]!.onEpochEnd?.(log)) === false) stop = true;
    if (stop || earlyStop) {
      stopReason = stop ? 'callback' : 'early-stopping';
      break;
    }
    if (yielder.due()) {
      await yielder.yield();
      guard.stale();
    }
  }
  if (stopper) stopper.restore(network);
  const result: FitResult = { history, stopReason };
  if (stopper && stopper.bestEpoch >= 0) result.bestEpoch = stopper.bestEpoch;
  for (const cb of callbacks) await cb.onTrainEnd?.(result);
  return result;
}
