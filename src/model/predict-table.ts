import type { Predictions } from '../data/preprocessor.js';
import type { Table } from '../data/table.js';
import { NeuriteError, requireInteger } from '../errors.js';
import { Matrix } from '../tensor/matrix.js';
import type { Model } from './parts.js';

/**
 * Raw rows in, predictions out: encodes the table's rows with the model's preprocessing (a missing input or a
 * category unseen in training is an error naming the row and column), runs the network in batches, and
 * decodes the outputs into labels with probabilities, or values in the target's units.
 * Read the table with `model.preprocessing.readOptions()` so each column gets its training kind.
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseModel } from 'neurite';
 * import { parseTable, predictTable } from 'neurite/data';
 * const model = parseModel(readFileSync('model.json', 'utf8')); // e.g. written by `neurite train`
 * const rows = parseTable('weight_lb,height_in\n128,63\n155,68\n', model.preprocessing.readOptions());
 * const prediction = predictTable(model, rows);
 * if (prediction.task === 'classification') console.log(prediction.labels, prediction.probabilities);
 * ```
 */
export function predictTable(model: Model, table: Table, { batchSize = 1024 }: { batchSize?: number } = {}): Predictions {
  if (model === null || typeof model !== 'object' || !model.network || !model.preprocessing) {
    throw new NeuriteError('INVALID_ARGUMENT', 'predictTable needs a model { network, preprocessing } (from parseModel)');
  }
  requireInteger('batchSize', batchSize);
  const { network, preprocessing } = model;
  const x = preprocessing.transform(table, undefined, { dtype: network.dtype });
  const width = network.outputSize;
  const output = Matrix.zeros(x.rows, width, network.dtype);
  for (let start = 0; start < x.rows; start += batchSize) {
    const end = Math.min(x.rows, start + batchSize);
    const batch = new Matrix(end - start, x.cols, x.data.subarray(start * x.cols, end * x.cols));
    output.data.set(network.forward(batch).data, start * width);
  }
  return preprocessing.decode(output);
}
