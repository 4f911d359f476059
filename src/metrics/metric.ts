import { NeuriteError, describe } from '../errors.js';
import { Registry } from '../registry.js';
import type { Matrix } from '../tensor/matrix.js';
import { ConfusionCounts, ErrorSums, type MetricAccumulator, R2Sums } from './accumulators.js';

export type { MetricAccumulator } from './accumulators.js';

/**
 * What a metric is: a name, which way is better, and a fresh {@link MetricAccumulator} on demand. This is what
 * {@link registerMetric} takes; `fit` and `evaluate` feed the accumulator batch by batch.
 */
export interface MetricDefinition {
  readonly name: string;
  /** 'max' when larger is better (accuracy, F1, R²), 'min' when smaller is (MAE, RMSE): for early stopping. */
  readonly goal: 'max' | 'min';
  accumulator(): MetricAccumulator;
}

/** A metric from the table: its definition, and `evaluate` on a whole data set (one batch of its accumulator). */
export interface Metric extends MetricDefinition {
  /** The metric of outputs against targets, both [samples × outputs]. */
  evaluate(targets: Matrix, outputs: Matrix): number;
}

function defineMetric(definition: MetricDefinition): Metric {
  if (typeof (definition as Metric).evaluate === 'function') return definition as Metric;
  const { name, goal } = definition;
  return {
    name,
    goal,
    accumulator: () => definition.accumulator(),
    evaluate(targets, outputs) {
      if (targets.rows !== outputs.rows || targets.cols !== outputs.cols) {
        throw new NeuriteError(
          'SHAPE_MISMATCH',
          `${name}: targets are [${targets.rows}, ${targets.cols}] but outputs are [${outputs.rows}, ${outputs.cols}]; expected the same shape`,
          { expected: [targets.rows, targets.cols], actual: [outputs.rows, outputs.cols] },
        );
      }
      const accumulator = definition.accumulator();
      accumulator.reset();
      accumulator.update(outputs.data, targets.data, targets.rows, targets.cols);
      return accumulator.result();
    },
  };
}

/**
 * Names → metrics: the one table for `fit`'s and `evaluate`'s `metrics: [...]`, the command line and a user's
 * own metrics. Names follow the functions that compute them on whole arrays (`meanAbsoluteError` →
 * 'mean_absolute_error'); precision, recall and f1 are the macro averages of `classificationReport`.
 */
const registry = /* @__PURE__ */ new Registry<Metric>(
  'metric',
  {
    accuracy: /* @__PURE__ */ defineMetric({ name: 'accuracy', goal: 'max', accumulator: () => new ConfusionCounts((s) => s.accuracy) }),
    precision: /* @__PURE__ */ defineMetric({ name: 'precision', goal: 'max', accumulator: () => new ConfusionCounts((s) => s.macro.precision) }),
    recall: /* @__PURE__ */ defineMetric({ name: 'recall', goal: 'max', accumulator: () => new ConfusionCounts((s) => s.macro.recall) }),
    f1: /* @__PURE__ */ defineMetric({ name: 'f1', goal: 'max', accumulator: () => new ConfusionCounts((s) => s.macro.f1) }),
    mean_absolute_error: /* @__PURE__ */ defineMetric({ name: 'mean_absolute_error', goal: 'min', accumulator: () => new ErrorSums(false) }),
    root_mean_squared_error: /* @__PURE__ */ defineMetric({ name: 'root_mean_squared_error', goal: 'min', accumulator: () => new ErrorSums(true) }),
    r2_score: /* @__PURE__ */ defineMetric({ name: 'r2_score', goal: 'max', accumulator: () => new R2Sums() }),
  },
  { mae: 'mean_absolute_error', rmse: 'root_mean_squared_error', r2: 'r2_score' },
);

/** A metric's definition (a {@link Metric} included), or a metric's name or alias. */
export type MetricLike = MetricDefinition | string;

/** The built-in metrics' names, canonical and alias, as `fit`'s and `evaluate`'s `metrics` take them. */
export type MetricName = 'accuracy' | 'precision' | 'recall' | 'f1' | 'mean_absolute_error' | 'root_mean_squared_error' | 'r2_score' | 'mae' | 'rmse' | 'r2';

/**
 * The canonical names the metric table knows: accuracy, precision, recall, f1 (macro averages over classes),
 * mean_absolute_error, root_mean_squared_error (over every output value), r2_score (per output column,
 * averaged). The short names 'mae', 'rmse' and 'r2' resolve too.
 *
 * @example
 * ```ts
 * import { metricNames } from 'neurite';
 * console.log(metricNames()); // ['accuracy', 'precision', 'recall', 'f1', 'mean_absolute_error', 'root_mean_squared_error', 'r2_score']
 * ```
 */
export function metricNames(): string[] {
  return registry.names();
}

/**
 * Adds (or replaces) a metric in the name table, under its `name`: `fit`, `evaluate` and `resolveMetric` then
 * know it by that name.
 *
 * @example
 * ```ts
 * import { Network, fit, registerMetric } from 'neurite';
 * registerMetric({
 *   name: 'max_error',
 *   goal: 'min',
 *   accumulator() {
 *     let max = 0;
 *     return {
 *       reset: () => void (max = 0),
 *       update: (pred, target, rows, cols) => {
 *         for (let i = 0; i < rows * cols; i++) max = Math.max(max, Math.abs(target[i]! - pred[i]!));
 *       },
 *       result: () => max,
 *     };
 *   },
 * });
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * const { history } = await fit(network, [[0], [1]], [[1], [3]], { epochs: 3, metrics: ['max_error', 'mae'] });
 * console.log(history.at(-1)?.metrics); // { max_error: …, mae: … }
 * ```
 */
export function registerMetric(metric: MetricDefinition): void {
  if (metric === null || typeof metric !== 'object' || typeof metric.name !== 'string' || typeof metric.accumulator !== 'function') {
    throw new NeuriteError('INVALID_ARGUMENT', `A metric must be {name, goal, accumulator()}, got ${describe(metric)}`, { field: 'metric', actual: metric });
  }
  registry.register(metric.name, defineMetric(metric));
}

/**
 * A metric's definition passes through (given `evaluate` if it has none); a name or an alias is looked up
 * (unknown names: INVALID_ARGUMENT, listing the known ones).
 *
 * @example
 * ```ts
 * import { Matrix, resolveMetric } from 'neurite';
 * const f1 = resolveMetric('f1');
 * console.log(f1.goal, f1.evaluate(Matrix.from([[1], [0], [1]]), Matrix.from([[0.9], [0.2], [0.4]]))); // max 0.666…
 * console.log(resolveMetric('mae').name); // 'mean_absolute_error'
 * ```
 */
export function resolveMetric(value: MetricLike): Metric {
  if (typeof value === 'object' && value !== null && typeof value.accumulator === 'function') return defineMetric(value);
  return registry.get(value);
}

/**
 * A fresh accumulator for a metric, named as asked (`fit`'s and `evaluate`'s results are keyed by that name).
 *
 * @example
 * ```ts
 * import { createMetric } from 'neurite';
 * const metric = createMetric('accuracy');
 * metric.reset();
 * metric.update(new Float32Array([0.9, 0.2]), new Float32Array([1, 1]), 2, 1); // one batch: predictions, targets
 * metric.update(new Float32Array([0.1]), new Float32Array([0]), 1, 1); // the next
 * console.log(metric.name, metric.result()); // accuracy 0.666…: over all batches so far
 * ```
 */
export function createMetric(value: MetricLike): MetricAccumulator & { readonly name: string } {
  const metric = resolveMetric(value);
  const accumulator = metric.accumulator();
  return {
    name: typeof value === 'string' ? value : metric.name,
    reset: () => accumulator.reset(),
    update: (pred, target, rows, cols) => accumulator.update(pred, target, rows, cols),
    result: () => accumulator.result(),
  };
}
