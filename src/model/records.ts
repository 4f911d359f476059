import type { InputJSON, Preprocessor } from '../data/preprocessor.js';
import { tableFromRecords, type CellValue } from '../data/read-table.js';
import type { Table } from '../data/table.js';
import { listOf } from '../data/data-errors.js';
import { numberText } from '../data/values.js';
import { NeuriteError, describe } from '../errors.js';

/**
 * One raw record for {@link Model.predict}: an object keyed by column name (`{ sepal_length: 5.1, ... }`), or
 * the input values in the training column order (`[5.1, 3.5, 1.4, 0.2]`, see `model.inputNames`). Numbers
 * for numeric columns, strings (or numbers) for categorical ones; `null`, `undefined` or NaN is missing.
 */
export type ModelRecord = Readonly<Record<string, CellValue>> | readonly CellValue[];

/** Options of {@link Model.predict}. */
export interface PredictOptions {
  /**
   * An object record's keys that are neither an input nor the target are an error by default (a misspelt
   * column would otherwise pass unnoticed wherever missing inputs are filled in). `true` ignores them.
   */
  ignoreUnknownFields?: boolean;
}

/**
 * Checks raw records against the model's inputs and turns them into a table its preprocessing reads, so
 * records go through the same encoding as a CSV file. Every problem is a NeuriteError naming the record
 * (its index in the array; `details.record`) and the field.
 */
export function recordsToTable(preprocessing: Preprocessor, records: readonly ModelRecord[], single: boolean, options: PredictOptions = {}): Table {
  const inputs = preprocessing.inputs;
  const known = new Set([...inputs.map((input) => input.name), preprocessing.target.name]);
  const checked = records.map((record, r) => {
    const where = single ? 'The record' : `Record ${r}`;
    const read = readerFor(record, r, where, inputs, known, options.ignoreUnknownFields === true);
    return Object.fromEntries(inputs.map((input, i) => [input.name, checkValue(input, read(input.name, i), r, where, preprocessing)]));
  });
  // '' is the only missing marker: a category text like "NA" stays a category (and is checked above).
  return tableFromRecords(checked, { ...preprocessing.readOptions(), missingValues: [''] });
}

/** (name, position) → the record's value for that input. */
function readerFor(
  record: unknown,
  r: number,
  where: string,
  inputs: readonly InputJSON[],
  known: ReadonlySet<string>,
  ignoreUnknown: boolean,
): (name: string, i: number) => unknown {
  const names = inputs.map((input) => input.name);
  if (Array.isArray(record)) {
    if (record.length !== inputs.length) {
      throw new NeuriteError('SHAPE_MISMATCH', `${where} has ${record.length} values; the model takes ${inputs.length}, in this order: ${names.join(', ')}`, {
        record: r,
        expected: inputs.length,
        actual: record.length,
      });
    }
    return (_name, i) => record[i];
  }
  if (record === null || typeof record !== 'object') {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${where} must be an object of column → value or an array of ${inputs.length} values (${names.join(', ')}), got ${describe(record)}`,
      { record: r },
    );
  }
  if (!ignoreUnknown) {
    const unknown = Object.keys(record).find((key) => !known.has(key));
    if (unknown !== undefined) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `${where} has a field ${describe(unknown)} that the model does not know; its inputs are ${listOf(names)}. ` +
          'Fix the name, or pass { ignoreUnknownFields: true } to ignore extra fields',
        { record: r, field: unknown, expected: names },
      );
    }
  }
  return (name) => (Object.hasOwn(record, name) ? (record as Record<string, unknown>)[name] : undefined);
}

/** The value as the table should hold it: a finite number, a known category, or null for missing. */
function checkValue(input: InputJSON, value: unknown, r: number, where: string, preprocessing: Preprocessor): CellValue {
  const field = input.name;
  const details = { record: r, field };
  if (value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))) {
    if (preprocessing.missing === 'mean') return null;
    throw new NeuriteError(
      'MISSING_VALUE',
      `${where} has no value for ${describe(field)}; the model needs every input` +
        (preprocessing.missing === 'drop' ? ' (it was trained dropping rows with missing values)' : ' (train with missing: "mean" to fill them in)'),
      details,
    );
  }
  if (input.kind === 'numeric') {
    if (typeof value !== 'number') {
      throw new NeuriteError('INVALID_ARGUMENT', `${where}: ${describe(field)} must be a number, got ${describe(value)}`, { ...details, actual: value });
    }
    if (!Number.isFinite(value)) {
      throw new NeuriteError('NON_FINITE', `${where}: ${describe(field)} is ${value}; expected a finite number`, { ...details, actual: value });
    }
    return value;
  }
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? numberText(value) : null;
  if (text === null) {
    throw new NeuriteError('INVALID_ARGUMENT', `${where}: ${describe(field)} must be one of its categories (a string), got ${describe(value)}`, {
      ...details,
      actual: value,
    });
  }
  if (!input.categories.includes(text)) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${where}: ${describe(field)} is ${describe(text)}, a category the model did not see in training; it knows ${listOf(input.categories)}`,
      { ...details, actual: text, expected: input.categories },
    );
  }
  return text;
}
