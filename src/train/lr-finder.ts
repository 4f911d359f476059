import { NeuriteError, requireInteger, requireNumber } from '../errors.js';
import { Rng } from '../init/rng.js';
import { resolveLoss, type LossLike } from '../losses/registry.js';
import type { Network } from '../nn/network.js';
import type { Optimizer } from '../optim/optimizer.js';
import { Adam } from '../optim/adam.js';
import { Matrix } from '../tensor/matrix.js';
import { gatherRows, toMatrix, type MatrixLike } from './data.js';
import { Yielder } from './yield.js';

/** Options of {@link findLearningRate}. */
export interface LearningRateFinderOptions {
  loss?: LossLike;
  /** Makes the optimizer to test, given a learning rate (default: Adam). Its rate is raised at each step. */
  optimizer?: (learningRate: number) => Optimizer;
  /** The range to sweep, exponentially (default 1e-6 to 10). */
  minLearningRate?: number;
  maxLearningRate?: number;
  /** Batches to run (default 200). */
  steps?: number;
  batchSize?: number;
  seed?: number;
  /** Stop once the smoothed loss exceeds this multiple of the best seen (default 4). */
  divergeFactor?: number;
}

/** One point of the learning-rate range test. */
export interface LearningRatePoint {
  learningRate: number;
  loss: number;
  /** Exponentially smoothed (β = 0.98, bias-corrected), as plotted. */
  smoothed: number;
}

/** What {@link findLearningRate} returns: the curve and a suggested rate. */
export interface LearningRateFinderResult {
  curve: LearningRatePoint[];
  /** The rate where the smoothed loss falls fastest against log(rate). */
  suggestion: number;
}

/**
 * The learning-rate range test: from a copy of the network, train with a rate that grows exponentially from
 * `minLearningRate` to `maxLearningRate` over `steps` batches, record the loss, and suggest the rate where it
 * falls fastest. The network passed in is not changed.
 *
 * @example
 * ```ts
 * import { Adam, Network, findLearningRate, fit } from 'neurite';
 * import { xor } from 'neurite/data';
 * const data = xor({ size: 200 });
 * const y = data.labels.map((c) => [c]);
 * const network = Network.create({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] });
 * const { suggestion } = await findLearningRate(network, data.x, y, { loss: 'binary_crossentropy', steps: 100 });
 * await fit(network, data.x, y, { epochs: 20, loss: 'binary_crossentropy', optimizer: new Adam({ learningRate: suggestion }) });
 * ```
 */
export async function findLearningRate(
  network: Network,
  xData: MatrixLike,
  yData: MatrixLike,
  options: LearningRateFinderOptions = {},
): Promise<LearningRateFinderResult> {
  const minLr = requireNumber('minLearningRate', options.minLearningRate ?? 1e-6, { min: 0, exclusiveMin: true });
  const maxLr = requireNumber('maxLearningRate', options.maxLearningRate ?? 10, { min: minLr, exclusiveMin: true });
  const steps = requireInteger('steps', options.steps ?? 200, 5);
  const batchSize = requireInteger('batchSize', options.batchSize ?? 32, 1);
  const divergeFactor = requireNumber('divergeFactor', options.divergeFactor ?? 4, { min: 1, exclusiveMin: true });
  const loss = resolveLoss(options.loss ?? 'mse');
  const x = toMatrix(xData, network.dtype, 'x');
  const y = toMatrix(yData, network.dtype, 'y');
  if (x.rows !== y.rows || x.rows === 0)
    throw new NeuriteError('SHAPE_MISMATCH', `findLearningRate needs as many target rows as input rows (${x.rows} vs ${y.rows}), at least one`);

  const copy = network.clone();
  const optimizer = (options.optimizer ?? ((lr: number) => new Adam({ learningRate: lr })))(minLr);
  const rng = new Rng(options.seed ?? 42);
  const rows = Math.min(batchSize, x.rows);
  const bx = Matrix.zeros(rows, x.cols, x.dtype);
  const by = Matrix.zeros(rows, y.cols, y.dtype);
  const order = Uint32Array.from({ length: x.rows }, (_, i) => i);
  const growth = Math.pow(maxLr / minLr, 1 / (steps - 1));
  const curve: LearningRatePoint[] = [];
  const yielder = new Yielder();
  let avg = 0;
  let best = Infinity;
  let cursor = x.rows;

  for (let step = 0; step < steps; step++) {
    if (cursor + rows > x.rows) {
      rng.shuffle(order);
      cursor = 0;
    }
    gatherRows(x, order, cursor, bx);
    gatherRows(y, order, cursor, by);
    cursor += rows;
    const learningRate = minLr * Math.pow(growth, step);
    optimizer.learningRate = learningRate;
    const value = copy.computeGradients(bx, by, loss, rng);
    if (!Number.isFinite(value)) break;
    avg = 0.98 * avg + 0.02 * value;
    const smoothed = avg / (1 - Math.pow(0.98, step + 1));
    curve.push({ learningRate, loss: value, smoothed });
    // Per-batch losses are noisy at first: track the best and judge divergence after a tenth of the sweep.
    if (step >= steps / 10) {
      if (smoothed > divergeFactor * best) break;
      best = Math.min(best, smoothed);
    }
    optimizer.step(copy.parameters());
    if (yielder.due()) await yielder.yield();
  }
  return { curve, suggestion: suggest(curve, Math.ceil(steps / 10), minLr) };
}

/**
 * The steepest descent of the smoothed loss against log(rate), after the noisy warm-up. The slope is taken
 * across a window of a twentieth of the curve on each side, so single noisy batches don't decide it.
 */
function suggest(curve: LearningRatePoint[], skipStart: number, fallback: number): number {
  const w = Math.max(1, Math.floor(curve.length / 20));
  if (curve.length < skipStart + 2 * w + 1) return fallback;
  let bestSlope = Infinity;
  let bestRate = fallback;
  for (let i = skipStart + w; i < curve.length - w; i++) {
    const a = curve[i - w]!;
    const b = curve[i + w]!;
    const slope = (b.smoothed - a.smoothed) / (Math.log(b.learningRate) - Math.log(a.learningRate));
    if (slope < bestSlope) {
      bestSlope = slope;
      bestRate = curve[i]!.learningRate;
    }
  }
  return bestRate;
}
