import { NeuriteError, requireInteger } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { resolveLoss, type LossLike } from '../losses/registry.js';
import type { Network } from '../nn/network.js';
import { Matrix } from '../tensor/matrix.js';
import { toMatrix, type MatrixLike } from './data.js';
import { classOfRow } from '../metrics/labels.js';
import { createMetric } from '../metrics/metric.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  loss?: LossLike | Loss;
  metrics?: string[];
  /** Rows per forward pass (default 256), to bound memory on large sets. */
  batchSize?: number;
}

/** What {@link evaluate} returns. */
export interface EvaluateResult {
  rows: number;
  /** Mean loss over all rows. */
  loss: number;
  metrics: Record<string, number>;
}

/**
 * The loss and metrics of a network on data, in batches, without training.
 *
 * @example
 * ```ts
 * import { Network, evaluate } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 1, activation: 'sigmoid' }] });
 * const { loss, metrics } = evaluate(network, [[0, 1], [1, 0]], [[1], [0]], { loss: 'mse', metrics: ['accuracy'] });
 * console.log(loss, metrics.accuracy);
 * ```
 */
export function evaluate(network: Network, xData: MatrixLike, yData: MatrixLike, options: EvaluateOptions = {}): EvaluateResult {
  const x = toMatrix(xData, network.dtype, 'x');
  const y = toMatrix(yData, network.dtype, 'y');
  if (x.rows !== y.rows || x.cols !== network.inputSize || y.cols !== network.outputSize) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `evaluate needs x [rows, ${network.inputSize}] and y [rows, ${network.outputSize}], got [${x.rows}, ${x.cols}] and [${y.rows}, ${y.cols}]`,
    );
  }
  const loss = resolveLoss(options.loss ?? 'mse');
  const batchSize = requireInteger('batchSize', options.batchSize ?? 256, 1);
  const metrics = (options.metrics ?? []).map(createMetric);
  let lossSum = 0;
  for (let start = 0; start < x.rows; start += batchSize) {
    const count = Math.min(batchSize, x.rows - start);
    const bx = new Matrix(count, x.cols, x.data.subarray(start * x.cols, (start + count) * x.cols));
    const by = new Matrix(count, y.cols, y.data.subarray(start * y.cols, (start + count) * y.cols));
    lossSum += network.loss(bx, by, loss) * count;
    const pred = network.lastOutput!;
    for (const m of metrics) m.update(pred.data, by.data, count, by.cols);
  }
  const out: Record<string, number> = {};
  for (const m of metrics) out[m.name] = m.result();
  return { rows: x.rows, loss: lossSum / x.rows, metrics: out };
}

/**
 * The predicted class of each row: argmax of the outputs, or a single sigmoid output at 0.5.
 *
 * @example
 * ```ts
 * import { Adam, Network, fit, predictClasses } from 'neurite';
 * const x = [[0, 0], [0, 1], [1, 0], [1, 1]];
 * const network = Network.create({ inputs: 2, layers: [{ units: 4, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 7 });
 * await fit(network, x, [[0], [1], [1], [0]], { epochs: 500, batchSize: 4, loss: 'binary_crossentropy', optimizer: new Adam({ learningRate: 0.05 }) });
 * console.log(predictClasses(network, x)); // [0, 1, 1, 0]: threshold 0.5 on one output (argmax on several)
 * ```
 */
export function predictClasses(network: Network, xData: MatrixLike, batchSize = 1024): number[] {
  const x = toMatrix(xData, network.dtype, 'x');
  const classes: number[] = [];
  for (let start = 0; start < x.rows; start += batchSize) {
    const count = Math.min(batchSize, x.rows - start);
    const out = network.forward(new Matrix(count, x.cols, x.data.subarray(start * x.cols, (start + count) * x.cols)));
    for (let r = 0; r < count; r++) classes.push(classOfRow(out.data, r * out.cols, out.cols));
  }
  return classes;
}
