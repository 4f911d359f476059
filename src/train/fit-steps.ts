import { NeuriteError } from '../errors.js';
import type { Rng } from '../init/rng.js';
import type { Loss } from '../losses/loss.js';
import type { Network } from '../nn/network.js';
import { addPenaltyGradient, penalty, type Regularization } from '../nn/regularization.js';
import { clipGradNorm, clipGradValue } from '../optim/clipping.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { LearningRateSchedule } from '../optim/schedules.js';
import type { Matrix } from '../tensor/matrix.js';
import { gatherRows } from './data.js';
import type { EarlyStopping } from './early-stopping.js';
import { evaluate } from './evaluate.js';
import type { MetricAccumulator } from './metric.js';
import type { WeightGuard } from './weight-guard.js';
import type { Yielder } from './yield.js';
import type { EpochLog, FitCallbacks, FitResult } from './fit.js';

/**
 * The named steps of {@link fit}'s loop: one epoch of batches, one batch's update, and the end of an epoch
 * (validation, early stopping, callbacks). `fit` builds a {@link FitRun} once, then calls these in order.
 */

/** Everything one call of `fit` works with, resolved and checked once before the first epoch. */
export interface FitRun {
  network: Network;
  /** The training rows (after any validation split). */
  x: Matrix;
  y: Matrix;
  validation: [Matrix, Matrix] | null;
  batchSize: number;
  batches: number;
  /** Reused batch buffers: full batches, and the last, shorter one (the same pair when there is none). */
  fullBatch: readonly [Matrix, Matrix];
  tailBatch: readonly [Matrix, Matrix];
  /** The epoch's row order (shuffled in place). */
  order: Uint32Array;
  shuffle: boolean;
  rng: Rng;
  loss: Loss;
  optimizer: Optimizer;
  schedule: LearningRateSchedule | undefined;
  clipNorm: number | undefined;
  clipValue: number | undefined;
  /** Null when there is no penalty (both rates 0). */
  regularization: Regularization | null;
  metricNames: string[];
  trainMetrics: MetricAccumulator[];
  stopper: EarlyStopping | null;
  monitor: 'loss' | 'val_loss';
  callbacks: FitCallbacks[];
  signal: AbortSignal | undefined;
  guard: WeightGuard;
  yielder: Yielder;
  history: EpochLog[];
}

/**
 * Lets the event loop run (call it when `run.yielder.due()`, so the hot loop awaits nothing otherwise); the
 * weights may change meanwhile, so the guard copies them again.
 */
export async function yieldToHost(run: FitRun): Promise<void> {
  await run.yielder.yield();
  run.guard.stale();
}

/** onEpochBegin, then the epoch's row order: each epoch's order depends only on the generator's state. */
export async function beginEpoch(run: FitRun, epoch: number): Promise<void> {
  const { callbacks, order } = run;
  for (let i = 0; i < callbacks.length; i++) await callbacks[i]!.onEpochBegin?.(epoch);
  if (run.shuffle) {
    // So a run resumed at an epoch boundary (same state) visits the rows exactly as an unbroken one.
    for (let i = 0; i < order.length; i++) order[i] = i;
    run.rng.shuffle(order);
  }
  for (let i = 0; i < run.trainMetrics.length; i++) run.trainMetrics[i]!.reset();
}

/** Every batch of one epoch, in `run.order`. Returns the sum over batches of loss × batch rows. */
export async function runEpoch(run: FitRun, epoch: number): Promise<number> {
  const { x, y, batchSize, batches, callbacks, trainMetrics, signal } = run;
  const rows = x.rows;
  let lossSum = 0;
  for (let b = 0; b < batches; b++) {
    if (signal?.aborted) throw aborted(epoch, b, run.history, signal);
    const start = b * batchSize;
    // (Indexing, not destructuring: in an async function the iterator protocol allocates, every batch.)
    const pair = start + batchSize <= rows ? run.fullBatch : run.tailBatch;
    const bx = pair[0];
    const by = pair[1];
    gatherRows(x, run.order, start, bx);
    gatherRows(y, run.order, start, by);

    const value = trainBatch(run, bx, by, epoch, b);
    lossSum += value * bx.rows;
    if (trainMetrics.length > 0) {
      const pred = run.network.lastOutput!; // the batch's predictions, before this step's update
      for (let i = 0; i < trainMetrics.length; i++) trainMetrics[i]!.update(pred.data, by.data, by.rows, by.cols);
    }
    for (let i = 0; i < callbacks.length; i++) {
      const cb = callbacks[i]!;
      if (cb.onBatchEnd) await cb.onBatchEnd({ epoch, batch: b, batches, loss: value });
    }
    // Where other code runs (callbacks, the event loop), the weights may change: the guard copies them again.
    if (callbacks.length > 0) run.guard.stale();
    if (run.yielder.due()) await yieldToHost(run);
  }
  return lossSum;
}

/**
 * One update: feedforward, loss (plus the penalty), backpropagation, clipping, the scheduled rate and the
 * optimizer's step. A loss or weight that is not finite ends training with DIVERGED, the weights restored.
 * Returns the batch's loss.
 */
function trainBatch(run: FitRun, bx: Matrix, by: Matrix, epoch: number, b: number): number {
  const { network, optimizer, regularization: reg, guard } = run;
  let value = network.computeGradients(bx, by, run.loss, run.rng);
  const params = network.parameters();
  if (reg !== null) {
    value += penalty(params, reg);
    addPenaltyGradient(params, reg);
  }
  if (!Number.isFinite(value)) throw diverged(epoch, b, value, optimizer, run.history);
  if (run.clipNorm !== undefined) clipGradNorm(params, run.clipNorm);
  if (run.clipValue !== undefined) clipGradValue(params, run.clipValue);
  if (run.schedule) optimizer.learningRate = run.schedule.rateAt(optimizer.iterations);
  guard.save();
  optimizer.step(params);
  if (!guard.finite()) {
    guard.restore();
    throw diverged(epoch, b, NaN, optimizer, run.history);
  }
  return value;
}

/**
 * The epoch's log (training loss and metrics, validation), early stopping, then onEpochEnd. Returns why
 * training stops here, or null to go on.
 */
export async function endEpoch(run: FitRun, epoch: number, lossSum: number): Promise<FitResult['stopReason'] | null> {
  const { network, validation, stopper, callbacks } = run;
  const log: EpochLog = { epoch, loss: lossSum / run.x.rows, metrics: collect(run.trainMetrics), learningRate: run.optimizer.learningRate };
  if (validation) {
    const result = evaluate(network, validation[0], validation[1], { loss: run.loss, metrics: run.metricNames, batchSize: Math.max(run.batchSize, 256) });
    log.valLoss = result.loss;
    log.valMetrics = result.metrics;
  }
  run.history.push(log);
  // Early stopping records the epoch before the callbacks run, so a checkpoint taken in onEpochEnd is whole.
  const earlyStop = stopper !== null && stopper.update(epoch, run.monitor === 'val_loss' ? log.valLoss! : log.loss, network);
  let stop = false;
  for (let i = 0; i < callbacks.length; i++) if ((await callbacks[i]!.onEpochEnd?.(log)) === false) stop = true;
  return stop ? 'callback' : earlyStop ? 'early-stopping' : null;
}

function collect(metrics: MetricAccumulator[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics) out[m.name] = m.result();
  return out;
}

function diverged(epoch: number, batch: number, value: number, optimizer: Optimizer, history: EpochLog[]): NeuriteError {
  const lr = optimizer.learningRate;
  return new NeuriteError(
    'DIVERGED',
    `Training diverged at epoch ${epoch}, batch ${batch}: the loss became ${value}. ` +
      `Try a smaller learning rate (now ${lr}; e.g. ${lr / 10}). The network keeps its last finite weights.`,
    { epoch, batch, loss: value, learningRate: lr, history },
  );
}

function aborted(epoch: number, batch: number, history: EpochLog[], signal: AbortSignal): NeuriteError {
  return new NeuriteError('ABORTED', `Training was aborted at epoch ${epoch}, batch ${batch}`, { epoch, batch, history, reason: signal.reason });
}
