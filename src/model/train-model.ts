import { parseTable, tableFromRecords, type CellValue } from '../data/read-table.js';
import { Table } from '../data/table.js';
import { NeuriteError, describe } from '../errors.js';
import { networkFor } from './build-network.js';
import { fitPrepared } from './fit-prepared.js';
import { Model } from './model.js';
import { trainSettings, type TrainModelOptions } from './train-options.js';
import type { WeightAverage } from './weight-average.js';
import { mostlyNumericTypo, prepareTrainingData } from './training-steps.js';

/** What {@link trainModel} learns from: a table, CSV text, or records (objects keyed by column name). */
export type TrainingData = Table | string | readonly Record<string, CellValue>[];

/**
 * Trains a model on raw rows, as `neurite train` does, and returns a {@link Model} that predicts raw records:
 * the table is split (seeded, stratified for classes), the preprocessing is fitted on the training rows
 * (standardized numbers, one-hot categories, class labels), a network with the task's output layer is trained
 * with `fit`, and the held-out metrics go into `model.training.metrics`. Same data, options and seed: the same
 * model, bit for bit, and the same as the command line's with the same settings.
 *
 * @example
 * ```ts
 * import { trainModel } from 'neurite';
 * const csv = 'weight_lb,height_in,gender\n133,65,F\n160,72,M\n152,70,M\n120,60,F\n128,63,F\n175,71,M\n';
 * const model = await trainModel(csv, { target: 'gender', hidden: [4], epochs: 100, seed: 1 });
 * console.log(model.predict({ weight_lb: 125, height_in: 62 })); // { label: 'F', probabilities: { F: 0.9…, M: 0.0… } }
 * console.log(model.training.metrics); // { training: { loss, accuracy, f1 } }: 6 rows are too few to hold any out
 * ```
 */
export async function trainModel(data: TrainingData, options: TrainModelOptions): Promise<Model> {
  return trainTableModel(data, options, null);
}

/** {@link trainModel}, ending on the average of the last epochs' weights when `average` is given (the search's final fit). @internal */
export async function trainTableModel(data: TrainingData, options: TrainModelOptions, average: WeightAverage | null): Promise<Model> {
  const settings = trainSettings(options);
  const table = toTable(data);
  refuseMostlyNumeric(table);
  const prepared = prepareTrainingData(table, settings);
  const preprocessing = prepared.preprocessor;
  const network = networkFor(settings, preprocessing);
  const about = { hidden: [...settings.hidden], activation: settings.activation };
  const training = await fitPrepared(network, prepared, settings, table, about, average);
  return new Model({ network, preprocessing, training });
}

/** The data as a table: CSV text parsed, records gathered. */
export function toTable(data: TrainingData): Table {
  if (data instanceof Table) return data;
  if (typeof data === 'string') return parseTable(data);
  if (Array.isArray(data)) return tableFromRecords(data);
  throw new NeuriteError('INVALID_ARGUMENT', `trainModel needs a Table, CSV text or an array of records, got ${describe(data)}`, { field: 'data' });
}

/** A column of numbers with a stray text is almost always a typo: stop and say where, as the command line does. */
export function refuseMostlyNumeric(table: Table): void {
  const typo = mostlyNumericTypo(table);
  if (typo) {
    throw new NeuriteError(
      'CSV_SCHEMA',
      `${typo.message}; to read it as categories, read the table with parseTable(text, { columns: { ${JSON.stringify(typo.column)}: 'categorical' } }) and train on that`,
      { file: table.file, field: typo.column },
    );
  }
}
