import type { PreparedDataset } from '../../data/prepare.js';
import type { Preprocessor } from '../../data/preprocessor.js';
import type { Table } from '../../data/table.js';
import { classificationReport } from '../../metrics/classification.js';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from '../../metrics/regression.js';
import type { Network } from '../../nn/network.js';
import { evaluate, predictClasses } from '../../train/evaluate.js';
import { classificationTable } from './summary.js';

/** What a finished run measured on its held-out split (or on the training rows when none was held out). */
export interface FinalMetrics {
  /** The split the metrics are on: test, validation or training. */
  split: 'test' | 'validation' | 'training';
  rows: number;
  /** Whether the rows were held out from training. */
  heldOut: boolean;
  metrics: Record<string, number>;
  table?: string;
  perClass?: unknown;
  confusion?: number[][];
}

/**
 * Loss and the task's metrics on the test split, else the validation split, else the training rows; for a
 * regression in the target's own units.
 */
export function finalMetrics(network: Network, pre: Preprocessor, data: PreparedDataset, loss: string, table: Table): FinalMetrics {
  const heldOut = data.test ?? data.validation;
  const split = heldOut ?? data.train;
  const where = { split: data.test ? 'test' : data.validation ? 'validation' : 'training', rows: split.x.rows, heldOut: heldOut !== null } as const;
  const lossValue = evaluate(network, split.x, split.y, { loss }).loss;
  if (pre.task === 'classification') {
    const truth = pre.targetIndices(table, split.rows);
    const predicted = predictClasses(network, split.x);
    const report = classificationReport(truth, predicted, pre.classes.length);
    return {
      ...where,
      metrics: { loss: lossValue, accuracy: report.accuracy, f1: report.macro.f1 },
      table: classificationTable(report, pre.classes),
      perClass: report.classes.map((c, i) => ({ label: pre.classes[i], ...c })),
      confusion: report.confusion,
    };
  }
  const truth = pre.targetValues(table, split.rows);
  const predicted = pre.inverseTarget(network.forward(split.x).clone());
  return {
    ...where,
    metrics: { loss: lossValue, r2: r2Score(truth, predicted), mae: meanAbsoluteError(truth, predicted), rmse: rootMeanSquaredError(truth, predicted) },
  };
}
