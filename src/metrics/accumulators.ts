import type { FloatArray } from '../tensor/matrix.js';
import { type ClassificationReport, scoresFromConfusion } from './classification.js';
import { classOfRow } from './labels.js';

/**
 * A metric accumulated batch by batch: `reset()`, then `update()` once per batch of the network's outputs
 * (probabilities for classifiers) and the targets, both `[rows × cols]` row-major, then `result()`. The one
 * contract every metric follows, built in or registered: `fit` and `evaluate` feed it batch by batch, so
 * training metrics cost no extra pass over the data, and a metric on a whole data set is one batch.
 */
export interface MetricAccumulator {
  reset(): void;
  update(pred: FloatArray, target: FloatArray, rows: number, cols: number): void;
  result(): number;
}

/**
 * Accuracy and the macro precision, recall and F1, from a confusion matrix counted batch by batch. Classes
 * by `classOfRow`: one column is binary, thresholded at 0.5; several are one-hot, by argmax.
 */
export class ConfusionCounts implements MetricAccumulator {
  private counts: number[][] = [];
  constructor(private readonly pick: (scores: ClassificationReport) => number) {}
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

/** MAE = Σ|e| / n and RMSE = √(Σe² / n), e = y − ŷ over every output value of every sample. */
export class ErrorSums implements MetricAccumulator {
  private n = 0;
  private sum = 0;
  constructor(private readonly squared: boolean) {}
  reset(): void {
    this.n = this.sum = 0;
  }
  update(pred: FloatArray, target: FloatArray, rows: number, cols: number): void {
    const count = rows * cols;
    for (let i = 0; i < count; i++) {
      const e = target[i]! - pred[i]!;
      this.sum += this.squared ? e * e : Math.abs(e);
    }
    this.n += count;
  }
  result(): number {
    if (this.n === 0) return 0;
    return this.squared ? Math.sqrt(this.sum / this.n) : this.sum / this.n;
  }
}

/**
 * R² = 1 − Σe² / Σ(y − ȳ)² per output column, averaged over the columns (scikit-learn's 'uniform_average').
 * Σ(y − ȳ)² is kept with Welford's update, so a column of equal targets sums to exactly 0; such a column
 * scores 1 when every prediction is exact and 0 otherwise, as `r2Score` does.
 */
export class R2Sums implements MetricAccumulator {
  private n = 0;
  private mean: number[] = [];
  private spread: number[] = [];
  private squaredError: number[] = [];
  reset(): void {
    this.n = 0;
    this.mean = [];
    this.spread = [];
    this.squaredError = [];
  }
  update(pred: FloatArray, target: FloatArray, rows: number, cols: number): void {
    if (this.mean.length !== cols) {
      this.n = 0;
      this.mean = new Array<number>(cols).fill(0);
      this.spread = new Array<number>(cols).fill(0);
      this.squaredError = new Array<number>(cols).fill(0);
    }
    for (let r = 0; r < rows; r++) {
      const count = ++this.n;
      for (let c = 0; c < cols; c++) {
        const y = target[r * cols + c]!;
        const e = y - pred[r * cols + c]!;
        const delta = y - this.mean[c]!;
        this.mean[c]! += delta / count;
        this.spread[c]! += delta * (y - this.mean[c]!);
        this.squaredError[c]! += e * e;
      }
    }
  }
  result(): number {
    const cols = this.mean.length;
    if (this.n === 0 || cols === 0) return 0;
    let sum = 0;
    for (let c = 0; c < cols; c++) {
      const spread = this.spread[c]!;
      const error = this.squaredError[c]!;
      sum += spread > 0 ? 1 - error / spread : error === 0 ? 1 : 0;
    }
    return sum / cols;
  }
}
