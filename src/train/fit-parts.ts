import { allocateFor } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, requireNumber } from '../errors.js';
import type { Rng } from '../init/rng.js';
import type { Network } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Matrix } from '../tensor/matrix.js';
import { holdOut, toMatrix, type MatrixLike } from './data.js';
import type { EpochLog, FitOptions } from './fit.js';
import type { createMetric } from '../metrics/metric.js';

// The parts of {@link fit} that need none of a run's state: the matrices it trains on, the batch buffers, and
// the errors it ends with.

/** The training and validation matrices: validationData as given, or validationSplit's rows held out at random. */
export function trainingData(
  network: Network,
  xData: MatrixLike,
  yData: MatrixLike,
  options: FitOptions,
  rng: Rng,
): { x: Matrix; y: Matrix; validation: [Matrix, Matrix] | null } {
  let x = toMatrix(xData, network.dtype, 'x');
  let y = toMatrix(yData, network.dtype, 'y');
  checkShapes(network, x, y, 'training');
  let validation: [Matrix, Matrix] | null = null;
  if (options.validationData) {
    validation = [toMatrix(options.validationData[0], network.dtype, 'validation x'), toMatrix(options.validationData[1], network.dtype, 'validation y')];
    checkShapes(network, validation[0], validation[1], 'validation');
  } else if (options.validationSplit !== undefined && options.validationSplit !== 0) {
    const fraction = requireNumber('validationSplit', options.validationSplit, { min: 0, max: 1, exclusiveMin: true });
    const split = holdOut(x, y, fraction, rng);
    [x, y] = split.train;
    validation = split.validation;
  }
  return { x, y, validation };
}

/** The reused batch buffers, the input ones in the backend's memory where it has one (its kernels read them in place). */
export function batchBuffers(
  backend: Backend,
  x: Matrix,
  y: Matrix,
  batchSize: number,
): { batches: number; fullBatch: readonly [Matrix, Matrix]; tailBatch: readonly [Matrix, Matrix]; order: Uint32Array } {
  const rows = x.rows;
  const inputs = (count: number) => new Matrix(count, x.cols, allocateFor(backend, x.dtype, count * x.cols));
  const fullBatch = [inputs(Math.min(batchSize, rows)), Matrix.zeros(Math.min(batchSize, rows), y.cols, y.dtype)] as const;
  const tail = rows % batchSize;
  const tailBatch = tail > 0 && rows > batchSize ? ([inputs(tail), Matrix.zeros(tail, y.cols, y.dtype)] as const) : fullBatch;
  return { batches: Math.ceil(rows / batchSize), fullBatch, tailBatch, order: Uint32Array.from({ length: rows }, (_, i) => i) };
}

function checkShapes(network: Network, x: Matrix, y: Matrix, what: string): void {
  if (x.rows === 0) throw new NeuriteError('INVALID_ARGUMENT', `The ${what} data has no rows`);
  if (x.cols !== network.inputSize) {
    throw new NeuriteError('SHAPE_MISMATCH', `The ${what} inputs have ${x.cols} columns; the network expects ${network.inputSize}`, {
      expected: network.inputSize,
      actual: x.cols,
    });
  }
  if (y.rows !== x.rows) {
    throw new NeuriteError('SHAPE_MISMATCH', `The ${what} data has ${x.rows} input rows but ${y.rows} target rows`, { expected: x.rows, actual: y.rows });
  }
  if (y.cols !== network.outputSize) {
    throw new NeuriteError('SHAPE_MISMATCH', `The ${what} targets have ${y.cols} columns; the network outputs ${network.outputSize}`, {
      expected: network.outputSize,
      actual: y.cols,
    });
  }
}

export function collect(metrics: ReturnType<typeof createMetric>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of metrics) out[m.name] = m.result();
  return out;
}

export function diverged(epoch: number, batch: number, value: number, optimizer: Optimizer, history: EpochLog[]): NeuriteError {
  const lr = optimizer.learningRate;
  return new NeuriteError(
    'DIVERGED',
    `Training diverged at epoch ${epoch}, batch ${batch}: the loss became ${value}. ` +
      `Try a smaller learning rate (now ${lr}; e.g. ${lr / 10}). The network keeps its last finite weights.`,
    { epoch, batch, loss: value, learningRate: lr, history },
  );
}

export function aborted(epoch: number, batch: number, history: EpochLog[], signal: AbortSignal): NeuriteError {
  return new NeuriteError('ABORTED', `Training was aborted at epoch ${epoch}, batch ${batch}`, { epoch, batch, history, reason: signal.reason });
}
