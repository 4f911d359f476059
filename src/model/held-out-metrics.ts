import type { PreparedDataset } from '../data/prepare.js';
import type { Preprocessor } from '../data/preprocessor.js';
import type { Table } from '../data/table.js';
import type { LossLike } from '../losses/registry.js';
import { classificationReport } from '../metrics/classification.js';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from '../metrics/regression.js';
import type { Network } from '../nn/network.js';
import { evaluate, predictClasses } from '../train/evaluate.js';

/**
 * The metrics a trained model records, as `neurite train` does: on the test rows, else the validation rows,
 * else (nothing held out) the training rows. Classification: loss, accuracy and macro F1; regression: loss,
 * and R², MAE and RMSE in the target's own units. Returns `{ [split name]: metrics }`.
 */
export function heldOutMetrics(network: Network, data: PreparedDataset, loss: LossLike, table: Table): Record<string, Record<string, number>> {
  const name = data.test ? 'test' : data.validation ? 'validation' : 'training';
  const split = data.test ?? data.validation ?? data.train;
  const pre: Preprocessor = data.preprocessor;
  const lossValue = evaluate(network, split.x, split.y, { loss }).loss;
  if (pre.task === 'classification') {
    const report = classificationReport(pre.targetIndices(table, split.rows), predictClasses(network, split.x), pre.classes.length);
    return { [name]: { loss: lossValue, accuracy: report.accuracy, f1: report.macro.f1 } };
  }
  const truth = pre.targetValues(table, split.rows);
  const predicted = pre.inverseTarget(network.forward(split.x).clone());
  return { [name]: { loss: lossValue, r2: r2Score(truth, predicted), mae: meanAbsoluteError(truth, predicted), rmse: rootMeanSquaredError(truth, predicted) } };
}
