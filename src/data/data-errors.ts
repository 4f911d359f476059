import { NeuriteError, describe } from '../errors.js';
import type { Column, Table } from './table.js';

/** The errors preprocessing raises about the data, each naming the file line and the column. */

export function missingValue(table: Table, column: Column, row: number, role: 'input' | 'target' | 'predict'): NeuriteError {
  const fix =
    role === 'target'
      ? 'A row to learn from needs its target: fill it in, or drop such rows (option missing: "drop", or --missing drop on the command line)'
      : role === 'predict'
        ? 'The model was trained dropping rows with missing values, so it needs every input to predict: fill it in'
        : 'Fill it in, or choose how to handle missing values: drop such rows (option missing: "drop"; --missing drop on the command line) or fill them with the training mean or most frequent value (missing: "mean"; --missing mean)';
  return new NeuriteError(
    'MISSING_VALUE',
    `${table.where(row)}: the value of column ${describe(column.name)} (column ${column.index + 1}) is missing. ${fix}`,
    { file: table.file, line: table.lines[row], field: column.name, columnIndex: column.index + 1 },
  );
}

export function unseenCategory(table: Table, column: Column, row: number, value: string, categories: readonly string[]): NeuriteError {
  return new NeuriteError(
    'CSV_SCHEMA',
    `${table.where(row)}: column ${describe(column.name)} has ${describe(value)}, a category the model did not see in training; ` +
      `it knows ${listOf(categories)}`,
    { file: table.file, line: table.lines[row], field: column.name, actual: value, expected: categories },
  );
}

export function noValues(table: Table, column: Column): NeuriteError {
  return new NeuriteError('MISSING_VALUE', `Column ${describe(column.name)} has no values in the training rows of ${table.file ?? 'the table'}`, {
    file: table.file,
    field: column.name,
  });
}

export function choiceError(name: string, value: unknown, choices: readonly string[]): NeuriteError {
  return new NeuriteError('INVALID_ARGUMENT', `${name} must be one of ${choices.map((c) => describe(c)).join(', ')}, got ${describe(value)}`, {
    field: name,
    expected: choices,
    actual: value,
  });
}

export function listOf(values: readonly string[]): string {
  const shown = values
    .slice(0, 20)
    .map((v) => describe(v))
    .join(', ');
  return values.length > 20 ? `${shown}, … (${values.length} in all)` : shown;
}
