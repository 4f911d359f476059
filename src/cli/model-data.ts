import type { Preprocessor } from '../data/preprocessor.js';
import { tableFromRecords } from '../data/read-table.js';
import type { Table } from '../data/table.js';
import { numberText, parseDecimal } from '../data/values.js';
import { NeuriteError, describe, isNeuriteError } from '../errors.js';
import { readTableFile } from '../node/read-table-file.js';

/** One row as a model sees it: the raw values of its input columns, the encoded network inputs, the target. */
export interface ModelSample {
  /** Input column → raw value (a number, or text for a categorical column; "(missing)" for an empty cell). */
  raw: Record<string, string | number>;
  /** The network's inputs: the row after the model's preprocessing. */
  input: Float64Array;
  /** The target column's text in the row, when the row has one. */
  target?: string;
}

/**
 * Reads a CSV file the way the model needs it: each input column with its training kind, other columns
 * ignored; the target column too when the file has it. With `target: 'required'` a file without the target
 * column is an error naming the column.
 */
export async function readModelData(preprocessing: Preprocessor, file: string, target: 'required' | 'optional'): Promise<Table> {
  try {
    return await readTableFile(file, preprocessing.readOptions('include'));
  } catch (error) {
    const name = preprocessing.target.name;
    const noTarget = isNeuriteError(error) && error.code === 'CSV_SCHEMA' && error.details.field === name && error.details.expected === name;
    if (target === 'required' || !noTarget) throw error;
  }
  return readTableFile(file, preprocessing.readOptions('ignore'));
}

/** Row `row` (0-based) of a table read by `readModelData`, raw and encoded (a missing input follows the model's policy). */
export function modelSample(preprocessing: Preprocessor, table: Table, row: number): ModelSample {
  const raw = Object.fromEntries(
    preprocessing.inputs.map((input): [string, string | number] => {
      const column = table.column(input.name);
      if (table.isMissing(column, row)) return [input.name, '(missing)'];
      return [input.name, column.kind === 'numeric' ? column.values[row]! : table.text(column, row)];
    }),
  );
  const input = Float64Array.from(preprocessing.transform(table, [row], { dtype: 'float64' }).data);
  const sample: ModelSample = { raw, input };
  const name = preprocessing.target.name;
  if (table.has(name) && !table.isMissing(table.column(name), row)) sample.target = table.text(table.column(name), row);
  return sample;
}

/**
 * A one-row table from `--input` text: `name=value` pairs for every input column (`"weight_lb=128,height_in=63"`;
 * the target column may be named too), or the raw values alone in the model's input order (`"128,63"`).
 * Values are split at commas, so a value holding a comma needs a CSV file (`--data`).
 */
export function inputTable(preprocessing: Preprocessor, text: string): Table {
  const names = preprocessing.inputs.map((input) => input.name);
  const targetName = preprocessing.target.name;
  const parts = text.split(',');
  const named = parts.filter((part) => part.includes('=')).length;
  const entries: [string, string][] = [];
  if (named === 0) {
    if (parts.length !== names.length) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `--input has ${parts.length} value(s); the model takes ${names.length} raw input(s), in this order: ${names.join(', ')} (or name them: "${names[0]}=...")`,
        { field: 'input', expected: names.length, actual: parts.length },
      );
    }
    parts.forEach((part, i) => entries.push([names[i]!, part.trim()]));
  } else if (named !== parts.length) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `--input mixes name=value pairs with bare values ("${text}"); name every value, or give them all in input order`,
      {
        field: 'input',
      },
    );
  } else {
    for (const part of parts) {
      const at = part.indexOf('=');
      const name = part.slice(0, at).trim();
      if (!names.includes(name) && name !== targetName) {
        throw new NeuriteError('INVALID_ARGUMENT', `--input names ${describe(name)}, which is not an input of the model; its inputs are: ${names.join(', ')}`, {
          field: 'input',
          actual: name,
          expected: names,
        });
      }
      if (entries.some(([other]) => other === name)) {
        throw new NeuriteError('INVALID_ARGUMENT', `--input gives ${describe(name)} twice`, { field: 'input', actual: name });
      }
      entries.push([name, part.slice(at + 1).trim()]);
    }
    const absent = names.filter((name) => !entries.some(([given]) => given === name));
    if (absent.length > 0) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `--input lacks ${absent.map((a) => describe(a)).join(', ')}; give every input of the model: ${names.join(', ')}`,
        {
          field: 'input',
          expected: names,
        },
      );
    }
  }
  const withTarget = entries.some(([name]) => name === targetName);
  return tableFromRecords([Object.fromEntries(entries)], { ...preprocessing.readOptions(withTarget ? 'include' : 'ignore'), file: '--input' });
}

/**
 * A target as the network's training saw it: a class label → one-hot (or 0/1 for a single output); a
 * regression value in the target's units → (y − offset) / scale. `where` names the source for messages.
 */
export function encodeTarget(preprocessing: Preprocessor, text: string, where: string): { vector: number[]; label: string } {
  const target = preprocessing.target;
  if (target.task === 'classification') {
    let index = target.classes.indexOf(text.trim());
    if (index === -1 && target.kind === 'numeric' && Number.isFinite(parseDecimal(text))) index = target.classes.indexOf(numberText(parseDecimal(text)));
    if (index === -1) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `${where}: ${describe(text)} is not a class of the model; the classes of ${describe(target.name)} are: ${target.classes.join(', ')}`,
        { field: 'target', actual: text, expected: target.classes },
      );
    }
    const vector = preprocessing.outputWidth === 1 ? [index] : target.classes.map((_, k) => (k === index ? 1 : 0));
    return { vector, label: target.classes[index]! };
  }
  const value = parseDecimal(text);
  if (!Number.isFinite(value)) {
    throw new NeuriteError('INVALID_ARGUMENT', `${where}: ${describe(text)} is not a number; the target ${describe(target.name)} is a regression value`, {
      field: 'target',
      actual: text,
    });
  }
  return { vector: [(value - target.offset) / target.scale], label: numberText(value) };
}
