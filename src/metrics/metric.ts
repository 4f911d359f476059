import { NeuriteError, describe } from '../errors.js';
import type { Matrix } from '../tensor/matrix.js';
import { classificationReport } from './classification.js';
import { toClassIndices } from './labels.js';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from './regression.js';

/**
 * A metric the training loop can compute on a whole data set after each epoch: targets and the network's
 * outputs, both [samples × outputs], in, one number out.
 */
export interface Metric {
  readonly name: string;
  /** 'max' when larger is better (accuracy, F1, R²), 'min' when smaller is (MAE, RMSE): for early stopping. */
  readonly goal: 'max' | 'min';
  evaluate(targets: Matrix, outputs: Matrix): number;
}

function classification(name: string, pick: (r: ReturnType<typeof classificationReport>) => number): Metric {
  return {
    name,
    goal: 'max',
    evaluate(targets, outputs) {
      sameShape(name, targets, outputs);
      // One column: binary, thresholded at 0.5; several: one-hot targets and per-class scores, by argmax.
      const numClasses = outputs.cols === 1 ? 2 : outputs.cols;
      return pick(classificationReport(toClassIndices(targets), toClassIndices(outputs), numClasses));
    },
  };
}

function sameShape(name: string, targets: Matrix, outputs: Matrix): void {
  if (targets.rows !== outputs.rows || targets.cols !== outputs.cols) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${name}: targets are [${targets.rows}, ${targets.cols}] but outputs are [${outputs.rows}, ${outputs.cols}]; expected the same shape`,
      { expected: [targets.rows, targets.cols], actual: [outputs.rows, outputs.cols] },
    );
  }
}

/** A regression metric over every output value of every sample, flattened. */
function regression(name: string, fn: (yTrue: ArrayLike<number>, yPred: ArrayLike<number>) => number): Metric {
  return {
    name,
    goal: 'min',
    evaluate(targets, outputs) {
      sameShape(name, targets, outputs);
      return fn(targets.data, outputs.data);
    },
  };
}

/** R² per output column, averaged (scikit-learn's multioutput 'uniform_average'). */
function meanColumnR2(targets: Matrix, outputs: Matrix): number {
  sameShape('r2', targets, outputs);
  const t = new Float64Array(targets.rows);
  const o = new Float64Array(targets.rows);
  let sum = 0;
  for (let c = 0; c < targets.cols; c++) {
    for (let r = 0; r < targets.rows; r++) {
      t[r] = targets.get(r, c);
      o[r] = outputs.get(r, c);
    }
    sum += r2Score(t, o);
  }
  return sum / targets.cols;
}

/** Names → metrics: the one table for the command line (`--metrics accuracy,f1`) and the training loop. */
const metrics: Record<string, Metric> = {
  accuracy: classification('accuracy', (r) => r.accuracy),
  precision: classification('precision', (r) => r.macro.precision),
  recall: classification('recall', (r) => r.macro.recall),
  f1: classification('f1', (r) => r.macro.f1),
  mae: regression('mae', meanAbsoluteError),
  rmse: regression('rmse', rootMeanSquaredError),
  r2: { name: 'r2', goal: 'max', evaluate: meanColumnR2 },
};

/** A {@link Metric} object or a metric's name. */
export type MetricLike = Metric | string;

/**
 * The names the metric table knows: 'accuracy', 'precision', 'recall', 'f1', 'mae', 'rmse', 'r2'.
 *
 * @example
 * ```ts
 * import { metricNames } from 'neurite';
 * console.log(metricNames()); // ['accuracy', 'precision', 'recall', 'f1', 'mae', 'rmse', 'r2']
 * ```
 */
export function metricNames(): string[] {
  return Object.keys(metrics);
}

/**
 * Adds (or replaces) a metric in the name table, under its `name`.
 *
 * @example
 * ```ts
 * import { Matrix, registerMetric, resolveMetric } from 'neurite';
 * registerMetric({
 *   name: 'max_error',
 *   goal: 'min',
 *   evaluate: (targets: Matrix, outputs: Matrix) => Math.max(...targets.data.map((t, i) => Math.abs(t - outputs.data[i]!))),
 * });
 * console.log(resolveMetric('max_error').evaluate(Matrix.from([[1], [2]]), Matrix.from([[1.5], [2]]))); // 0.5
 * ```
 */
export function registerMetric(metric: Metric): void {
  metrics[metric.name] = metric;
}

/**
 * A Metric passes through; a name is looked up: accuracy, precision, recall, f1 (macro averages over classes),
 * mae, rmse (over every output value), r2 (per output column, averaged).
 *
 * @example
 * ```ts
 * import { Matrix, resolveMetric } from 'neurite';
 * const f1 = resolveMetric('f1');
 * console.log(f1.goal, f1.evaluate(Matrix.from([[1], [0], [1]]), Matrix.from([[0.9], [0.2], [0.4]]))); // max 0.666…
 * ```
 */
export function resolveMetric(value: MetricLike): Metric {
  if (typeof value === 'object' && value !== null && typeof value.evaluate === 'function') return value;
  const metric = typeof value === 'string' && Object.hasOwn(metrics, value) ? metrics[value] : undefined;
  if (!metric) {
    throw new NeuriteError('INVALID_ARGUMENT', `Unknown metric ${describe(value)}; expected one of: ${metricNames().join(', ')}`, {
      field: 'metric',
      expected: metricNames(),
      actual: value,
    });
  }
  return metric;
}
