import type { InputJSON, MissingPolicy, Preprocessor } from '../data/preprocessor.js';
import { tableFromRecords, type CellValue } from '../data/read-table.js';
import type { Table } from '../data/table.js';
import { listOf } from '../data/data-errors.js';
import { numberText } from '../data/values.js';
import { NeuriteError, describe } from '../errors.js';
import { readsImages } from '../data/image-input.js';

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
  const names = preprocessing.inputs.map((input) => input.name);
  const known = new Set([...names, preprocessing.target.name]);
  const checked = records.map((record, r) => {
    const at: Where = { r, where: single ? 'The record' : `Record ${r}` };
    const values = inputValues(record, at, names, options.ignoreUnknownFields === true ? null : known);
    return Object.fromEntries(preprocessing.inputs.map((input, i) => [input.name, checkValue(input, values[i], at, preprocessing.missing)]));
  });
  // '' is the only missing marker: a category text like "NA" stays a category (and is checked above).
  return tableFromRecords(checked, { ...preprocessing.readOptions(), missingValues: [''] });
}

/** A record's index, and how messages name it. */
interface Where {
  r: number;
  where: string;
}

/** The record's values in input order; `known` (null: any key goes) names the keys an object may have. */
function inputValues(record: unknown, { r, where }: Where, names: readonly string[], known: ReadonlySet<string> | null): readonly unknown[] {
  if (Array.isArray(record)) {
    if (record.length === names.length) return record;
    throw new NeuriteError('SHAPE_MISMATCH', `${where} has ${record.length} values; the model takes ${names.length}, in this order: ${names.join(', ')}`, {
      record: r,
      expected: names.length,
      actual: record.length,
    });
  }
  if (record === null || typeof record !== 'object') {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${where} must be an object of column → value or an array of ${names.length} values (${names.join(', ')}), got ${describe(record)}`,
      { record: r },
    );
  }
  const unknown = known && Object.keys(record).find((key) => !known.has(key));
  if (unknown) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${where} has a field ${describe(unknown)} that the model does not know; its inputs are ${listOf(names)}. ` +
        'Fix the name, or pass { ignoreUnknownFields: true } to ignore extra fields',
      { record: r, field: unknown, expected: names },
    );
  }
  return names.map((name) => (Object.hasOwn(record, name) ? (record as Record<string, unknown>)[name] : undefined));
}

/** The value as the table should hold it: a finite number, a known category, or null for missing. */
function checkValue(input: InputJSON, value: unknown, { r, where }: Where, missing: MissingPolicy): CellValue {
  const field = input.name;
  const details = { record: r, field, actual: value };
  if (value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value))) {
    if (missing === 'mean') return null;
    const why = missing === 'drop' ? 'it was trained dropping rows with missing values' : 'train with missing: "mean" to fill them in';
    throw new NeuriteError('MISSING_VALUE', `${where} has no value for ${describe(field)}; the model needs every input (${why})`, { record: r, field });
  }
  if (input.kind === 'numeric') {
    if (typeof value !== 'number') throw new NeuriteError('INVALID_ARGUMENT', `${where}: ${describe(field)} must be a number, got ${describe(value)}`, details);
    if (!Number.isFinite(value)) throw new NeuriteError('NON_FINITE', `${where}: ${describe(field)} is ${value}; expected a finite number`, details);
    return value;
  }
  if (input.kind === 'image') throw readsImages();
  if (input.kind === 'text') {
    if (typeof value !== 'string')
      throw new NeuriteError('INVALID_ARGUMENT', `${where}: ${describe(field)} must be text (a string), got ${describe(value)}`, details);
    return value;
  }
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? numberText(value) : null;
  if (text === null) {
    throw new NeuriteError('INVALID_ARGUMENT', `${where}: ${describe(field)} must be one of its categories (a string), got ${describe(value)}`, details);
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
