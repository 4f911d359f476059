import { NeuriteError, describe } from '../errors.js';
import { scoresFromConfusion } from '../metrics/classification.js';
import { classOfRow } from '../metrics/labels.js';
import type { FloatArray } from '../tensor/matrix.js';

/**
 * A metric accumulated batch by batch over an epoch, so training metrics cost no extra pass over the data.
 * Predictions are the network's outputs (probabilities for classifiers), targets as the network was trained on.
 */
export interface MetricAccumulator {
  readonly name: string;
  reset(): void;
  update(pred: FloatArray, target: FloatArray, rows: number, cols: number): void;
  result(): number;
}

type Scores = ReturnType<typeof scoresFromConfusion>;

/**
 * Accuracy and the macro precision, recall and F1, from a confusion matrix counted batch by batch (classes by
 * `classOfRow`, the rule `toClassIndices` and the metric table use), so they equal the table's `evaluate`.
 */
class ConfusionCounts implements MetricAccumulator {
  private counts: number[][] = [];
  constructor(
    readonly name: string,
    private readonly pick: (scores: Scores) => number,
  ) {}
  reset(): void {
    this.counts = [];
  }
  update(pred: FloatArray, target: FloatArray, rows: number, cols: number): void {
    const k = cols === 1 ? 2 : cols;
    if (this.counts.length !== k) this.counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (let r = 0; r < rows; r++) this.counts[classOfRow(target, r * cols, cols)]![classOfRow(pred, r * cols, cols)]!++;
  }
  result(): number {
    return this.counts.length === 0 ? 0 : this.pick(scoresFromConfusion(this.counts));
  }
}

/** Sums for the regression metrics: MAE = Σ|e|/n, RMSE = √(Σe²/n), R² = 1 − Σe² / Σ(y − ȳ)². */
class RegressionSums implements MetricAccumulator {
  private n = 0;
  private absErr = 0;
  private sqErr = 0;
  private sumY = 0;
  private sumY2 = 0;
  constructor(readonly name: 'mae' | 'rmse' | 'r2') {}
  reset(): void {
    this.n = this.absErr = this.sqErr = this.sumY = this.sumY2 = 0;
  }
  update(pred: FloatArray, target: FloatArray, rows: number, cols: number): void {
    const count = rows * cols;
    for (let i = 0; i < count; i++) {
      const y = target[i]!;
      const e = y - pred[i]!;
      this.absErr += Math.abs(e);
      this.sqErr += e * e;
      this.sumY += y;
      this.sumY2 += y * y;
    }
    this.n += count;
  }
  result(): number {
    if (this.n === 0) return 0;
    if (this.name === 'mae') return this.absErr / this.n;
    if (this.name === 'rmse') return Math.sqrt(this.sqErr / this.n);
    const total = this.sumY2 - (this.sumY * this.sumY) / this.n;
    return total > 0 ? 1 - this.sqErr / total : this.sqErr === 0 ? 1 : 0;
  }
}

// The same names as the metric table (`metricNames()`), so fit's metrics and the table's cannot drift apart.
const metricFactories: Record<string, () => MetricAccumulator> = {
  accuracy: () => new ConfusionCounts('accuracy', (s) => s.accuracy),
  precision: () => new ConfusionCounts('precision', (s) => s.macro.precision),
  recall: () => new ConfusionCounts('recall', (s) => s.macro.recall),
  f1: () => new ConfusionCounts('f1', (s) => s.macro.f1),
  mae: () => new RegressionSums('mae'),
  rmse: () => new RegressionSums('rmse'),
  r2: () => new RegressionSums('r2'),
};

/** The metrics {@link fit} and {@link evaluate} accumulate batch by batch. */
export type MetricName = 'accuracy' | 'precision' | 'recall' | 'f1' | 'mae' | 'rmse' | 'r2';

/**
 * A fresh accumulator for a {@link MetricName} (unknown names: INVALID_ARGUMENT).
 *
 * @example
 * ```ts
 * import { createMetric } from 'neurite';
 * const metric = createMetric('accuracy');
 * metric.reset();
 * metric.update(new Float32Array([0.9, 0.2]), new Float32Array([1, 1]), 2, 1); // one batch: predictions, targets
 * metric.update(new Float32Array([0.1]), new Float32Array([0]), 1, 1); // the next
 * console.log(metric.result()); // 0.666…: over all batches so far
 * ```
 */
export function createMetric(name: string): MetricAccumulator {
  const factory = Object.hasOwn(metricFactories, name) ? metricFactories[name] : undefined;
  if (!factory) {
    throw new NeuriteError('INVALID_ARGUMENT', `Unknown metric ${describe(name)}; expected one of: ${Object.keys(metricFactories).join(', ')}`, {
      field: 'metrics',
      expected: Object.keys(metricFactories),
      actual: name,
    });
  }
  return factory();
}
