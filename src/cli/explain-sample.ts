import { basename } from 'node:path';
import { NeuriteError } from '../errors.js';
import type { ExplainOptions } from '../explain/explain.js';
import type { Model } from '../io/model-file.js';
import { Matrix } from '../tensor/matrix.js';
import { encodeTarget, inputTable, modelSample, readModelData, type ModelSample } from './model-data.js';

/** What `neurite explain` was asked to trace: a row of a CSV file, or values given on the command line. */
export interface SampleRequest {
  /** `--input`: raw values by column name (or in input order); for a bare network, its inputs as numbers. */
  input?: string;
  /** `--target`: a class label or a value in the target's units; for a bare network, numbers. */
  target?: string;
  /** `--data`: a CSV file read with the model's preprocessing. */
  data?: string;
  /** `--row`: the data row, 1-based (1 = the first row after the header). */
  row?: number;
}

/** The sample, ready for `explain`, and where it came from. */
export interface ExplainSample {
  input: ArrayLike<number>;
  target: number[];
  names: Pick<ExplainOptions, 'inputNames' | 'outputNames' | 'raw'>;
  /** One line for people: where the sample and its target came from. */
  description: string;
  /** The same, as data (--format json). */
  source: Record<string, unknown>;
}

/** A bare network has no preprocessing: --input and --target are its inputs and targets, as numbers. */
export function networkSample(request: SampleRequest): ExplainSample {
  if (request.data !== undefined || request.row !== undefined) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      '--data and --row need a model file (with its preprocessing); this file is a bare network: give --input "v1,v2,..." and --target "t1,..."',
      {
        field: 'data',
      },
    );
  }
  if (request.input === undefined || request.target === undefined) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      'neurite explain <network.json> needs the sample: --input "v1,v2,..." and --target "t1,..." (the network\'s own inputs and targets)',
      {
        field: request.input === undefined ? 'input' : 'target',
      },
    );
  }
  return {
    input: numbers(request.input, 'input'),
    target: numbers(request.target, 'target'),
    names: {},
    description: '--input, --target (a bare network: no preprocessing)',
    source: { input: request.input, target: request.target },
  };
}

/**
 * A model file's sample: row `--row` of `--data`, or `--input` raw values, through the model's preprocessing.
 * The target: `--target` when given, else the row's (or `--input`'s) target column, else for a classifier
 * the predicted class (the trace then shows what would make the model surer of its own answer); a
 * regression model needs one.
 */
export async function modelExplainSample(model: Model, request: SampleRequest): Promise<ExplainSample> {
  const pre = model.preprocessing;
  let sample: ModelSample;
  let where: string;
  const source: Record<string, unknown> = {};
  if (request.data !== undefined) {
    if (request.input !== undefined)
      throw new NeuriteError('INVALID_ARGUMENT', 'Give the sample either as --data with --row, or as --input, not both', { field: 'input' });
    const table = await readModelData(pre, request.data, 'optional');
    const row = request.row ?? 1;
    if (row < 1 || row > table.rowCount) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `--row ${row} is outside ${basename(request.data)}, which has ${table.rowCount} data row(s): rows count from 1, the first row after the header`,
        { field: 'row', expected: `1 … ${table.rowCount}`, actual: row },
      );
    }
    sample = modelSample(pre, table, row - 1);
    where = `row ${row} of ${basename(request.data)} (line ${table.lines[row - 1]})`;
    Object.assign(source, { data: request.data, row, line: table.lines[row - 1] });
  } else if (request.input !== undefined) {
    if (request.row !== undefined) throw new NeuriteError('INVALID_ARGUMENT', '--row picks a row of --data; with --input there is none', { field: 'row' });
    sample = modelSample(pre, inputTable(pre, request.input), 0);
    where = '--input';
    source['input'] = request.input;
  } else {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `neurite explain <model.json> needs the sample: --data <file.csv> --row <n>, or --input "${pre.inputs.map((i) => `${i.name}=...`).join(',')}"`,
      { field: 'input' },
    );
  }

  const target = pre.target;
  let targetText: string;
  let from: 'option' | 'row' | 'prediction';
  if (request.target !== undefined) [targetText, from] = [request.target, 'option'];
  else if (sample.target !== undefined) [targetText, from] = [sample.target, 'row'];
  else if (target.task === 'classification') [targetText, from] = [predictedClass(model, sample.input), 'prediction'];
  else {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `A regression model needs a target to explain: --target <${target.name} in its units>${request.data !== undefined ? `, or a row with ${target.name}` : ''}`,
      { field: 'target' },
    );
  }
  const encoded = encodeTarget(pre, targetText, from === 'option' ? '--target' : where);
  const fromText = {
    option: 'from --target',
    row: `from the ${where === '--input' ? 'input' : 'row'}`,
    prediction: 'the predicted class, as no target was given (--target to choose one)',
  }[from];
  source['target'] = { column: target.name, value: encoded.label, from };
  return {
    input: sample.input,
    target: encoded.vector,
    names: {
      raw: sample.raw,
      inputNames: pre.featureNames,
      outputNames: target.task === 'regression' ? [target.name] : pre.outputWidth === 1 ? [target.classes[1]!] : [...target.classes],
    },
    description: `${where}; target ${target.name} = ${encoded.label}, ${fromText}${standardization(pre, encoded.label)}`,
    source,
  };
}

/** How a standardized regression target reaches the network: y_true = (y − offset) / scale. */
function standardization(pre: Model['preprocessing'], label: string): string {
  const target = pre.target;
  if (target.task !== 'regression' || !target.standardized) return '';
  const d = (x: number) => String(Number(x.toPrecision(6)));
  return `; the network works in standardized units, y_true = (${label} − ${d(target.offset)}) / ${d(target.scale)}`;
}

function predictedClass(model: Model, input: Float64Array): string {
  const output = model.network.predict(Array.from(input));
  const decoded = model.preprocessing.decode(Matrix.from([output], 'float64'));
  return decoded.task === 'classification' ? decoded.labels[0]! : '';
}

/** "1.5, -2,3" → [1.5, -2, 3]. */
function numbers(value: string, field: 'input' | 'target'): number[] {
  if (value.includes('=')) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `named values ("${value}") need a model file with its preprocessing; a bare network takes its inputs as numbers in order, e.g. "-2,-1"`,
      {
        field,
      },
    );
  }
  const parts = value.split(',').map((p) => p.trim());
  const result = parts.map(Number);
  if (parts.some((p) => p === '') || result.some((n) => !Number.isFinite(n))) {
    throw new NeuriteError('INVALID_ARGUMENT', `--${field}: expected comma-separated numbers, got "${value}"`, { field });
  }
  return result;
}
