import type { PreparedDataset } from '../data/prepare.js';
import type { Table } from '../data/table.js';
import type { LossLike } from '../losses/registry.js';
import { classificationReport, type ClassificationReport } from '../metrics/classification.js';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from '../metrics/regression.js';
import type { Network } from '../nn/network.js';
import { evaluate, predictClasses } from '../train/evaluate.js';
import { NeuriteError } from '../errors.js';
import { toClassIndices } from '../metrics/labels.js';

/** What a trained network measures on the rows held out from training (or on the training rows when none were). */
export interface HeldOutMetrics {
  /** The split the metrics are on: test, validation or training. */
  split: 'test' | 'validation' | 'training';
  rows: number;
  /** Whether the rows were held out from training. */
  heldOut: boolean;
  /** Classification: loss, accuracy and macro F1; regression: loss, and R², MAE and RMSE in the target's units. */
  metrics: Record<string, number>;
  /** Classification only: per-class scores and the confusion matrix. */
  report?: ClassificationReport;
}

/**
 * The metrics a trained model records: on the test rows, else the validation rows, else (nothing held out)
 * the training rows. For a regression the predictions are mapped back to the target's own units first (from
 * the table's values; a classification reads its classes from the encoded targets, so images need no table).
 */
export function heldOutMetrics(network: Network, data: PreparedDataset, loss: LossLike, table: Table | null): HeldOutMetrics {
  const heldOut = data.test ?? data.validation;
  const split = heldOut ?? data.train;
  const where = { split: data.test ? 'test' : data.validation ? 'validation' : 'training', rows: split.x.rows, heldOut: heldOut !== null } as const;
  const pre = data.preprocessor;
  const lossValue = evaluate(network, split.x, split.y, { loss }).loss;
  if (pre.task === 'classification') {
    const report = classificationReport(toClassIndices(split.y), predictClasses(network, split.x), pre.classes.length);
    return { ...where, metrics: { loss: lossValue, accuracy: report.accuracy, f1: report.macro.f1 }, report };
  }
  if (!table) throw new NeuriteError('INVALID_ARGUMENT', 'The metrics of a regression need the table its targets came from');
  const truth = pre.targetValues(table, split.rows);
  const predicted = pre.inverseTarget(network.forward(split.x).clone());
  const metrics = { loss: lossValue, r2: r2Score(truth, predicted), mae: meanAbsoluteError(truth, predicted), rmse: rootMeanSquaredError(truth, predicted) };
  return { ...where, metrics };
}
