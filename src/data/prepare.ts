import { NeuriteError, describe } from '../errors.js';
import type { DType, Matrix } from '../tensor/matrix.js';
import { missingValue } from './data-errors.js';
import { Preprocessor, type PreprocessorOptions } from './preprocessor.js';
import { splitRows } from './split.js';
import type { Column, Notice, Table } from './table.js';
import { detectTask, type Task } from './task.js';
import { chooseInputs } from './text-input.js';

/** Options of {@link prepareDataset}: the preprocessing options plus how to split. */
export interface PrepareOptions extends Omit<PreprocessorOptions, 'rows' | 'classRows'> {
  /** Fraction of rows held out for validation (default 0.2). */
  validation?: number;
  /** Fraction of rows held out for the final test (default 0). */
  test?: number;
  /** Seed of the shuffle (default 42). */
  seed?: number;
  /** Keep each class's share in every split (default true for classification; ignored for regression). */
  stratify?: boolean;
  /** Precision of the matrices (default float32). */
  dtype?: DType;
}

/** One split of a {@link PreparedDataset}: encoded inputs and targets, and which table rows they came from. */
export interface PreparedSplit {
  x: Matrix;
  y: Matrix;
  /** The table rows, in the matrices' order. */
  rows: Int32Array;
}

/** What {@link prepareDataset} returns: the fitted preprocessor, the task, and the encoded splits. */
export interface PreparedDataset {
  preprocessor: Preprocessor;
  task: Task;
  train: PreparedSplit;
  /** Null when the fraction is 0 (or rounds to no rows). */
  validation: PreparedSplit | null;
  test: PreparedSplit | null;
  /** The table's notices, then fitting's, then any about dropped rows or unseen categories. */
  notices: Notice[];
}

/**
 * From a table to training matrices in one call: choose the inputs, detect the task, apply the missing-value
 * policy, split (shuffled, seeded, stratified for classification), fit the preprocessor on the training rows
 * only, and encode every split. Validation and test rows with a category training never saw are encoded as
 * all zeros for that column, with a notice (at prediction time the same thing is an error).
 *
 * @example
 * ```ts
 * import { parseTable, prepareDataset } from 'neurite/data';
 * const csv = 'sepal,petal,species\n5.1,1.4,setosa\n4.9,1.3,setosa\n7.0,4.7,versicolor\n6.4,4.5,versicolor\n5.0,1.5,setosa\n6.9,4.9,versicolor\n';
 * const data = prepareDataset(parseTable(csv), { target: 'species', validation: 0.34, seed: 1 });
 * console.log(data.task, data.train.x.rows, data.validation?.x.rows, data.preprocessor.classes); // classification 4 2 ['setosa', 'versicolor']
 * ```
 */
export function prepareDataset(table: Table, options: PrepareOptions): PreparedDataset {
  if (options === null || typeof options !== 'object' || typeof options.target !== 'string') {
    throw new NeuriteError('INVALID_ARGUMENT', `prepareDataset needs options with target: the column to predict, got ${describe(options)}`, {
      field: 'target',
    });
  }
  const notices: Notice[] = [...table.notices];
  const selected = chooseInputs(table, options.target, options.inputs, options.text);
  notices.push(...selected.notices);
  const inputs = selected.inputs.map((name) => table.column(name));
  const target = table.column(options.target);
  const missing = options.missing ?? 'error';

  const usable = usableRows(table, inputs, target, missing, notices);
  const task = options.task === undefined || options.task === 'auto' ? detectTask(target, usable) : options.task;
  const stratify = task === 'classification' && options.stratify !== false ? groupKeys(target) : undefined;
  const split = splitRows(usable, {
    validation: options.validation ?? 0.2,
    test: options.test ?? 0,
    seed: options.seed ?? 42,
    ...(stratify ? { stratify } : {}),
  });

  const { validation: _v, test: _t, seed: _s, stratify: _st, dtype: _d, ...fitOptions } = options;
  const text = selected.text === null ? [] : [selected.text];
  const preprocessor = Preprocessor.fit(table, { ...fitOptions, inputs: selected.inputs, text, task, rows: split.train, classRows: usable });
  notices.push(...preprocessor.notices);
  const dtype = options.dtype ?? 'float32';
  const encode = (rows: Int32Array, name: string): PreparedSplit | null => {
    if (rows.length === 0) return null;
    const unseen = new Map<string, Set<string>>();
    let count = 0;
    const x = preprocessor.transform(table, rows, {
      dtype,
      onUnseenCategory: (_row, column, value) => {
        count++;
        let values = unseen.get(column);
        if (!values) unseen.set(column, (values = new Set()));
        values.add(value);
      },
    });
    for (const [column, values] of unseen) {
      notices.push({
        code: 'UNSEEN_CATEGORY',
        column,
        message:
          `${count} ${name} row(s) have a category of ${describe(column)} that no training row has (${[...values]
            .slice(0, 5)
            .map((v) => describe(v))
            .join(', ')}); ` + 'those rows get all zeros for that column',
      });
    }
    return { x, y: preprocessor.transformTarget(table, rows, dtype), rows };
  };
  return {
    preprocessor,
    task,
    train: encode(split.train, 'training')!,
    validation: encode(split.validation, 'validation'),
    test: encode(split.test, 'test'),
    notices,
  };
}

/**
 * The rows that can be learned from, under the missing-value policy: `error` throws at the first missing
 * input or target (in file order); `drop` keeps rows with every input and the target; `mean` keeps rows
 * with a target (inputs are filled later).
 */
function usableRows(table: Table, inputs: Column[], target: Column, policy: string, notices: Notice[]): Int32Array {
  const keep: number[] = [];
  let droppedForInput = 0;
  let droppedForTarget = 0;
  for (let row = 0; row < table.rowCount; row++) {
    if (table.isMissing(target, row)) {
      if (policy === 'error') throw missingValue(table, target, row, 'target');
      droppedForTarget++;
      continue;
    }
    if (policy !== 'mean') {
      const gap = inputs.find((column) => table.isMissing(column, row));
      if (gap) {
        if (policy === 'error') throw missingValue(table, gap, row, 'input');
        droppedForInput++;
        continue;
      }
    }
    keep.push(row);
  }
  if (droppedForInput + droppedForTarget > 0) {
    notices.push({
      code: 'DROPPED_ROWS',
      message:
        `${droppedForInput + droppedForTarget} of ${table.rowCount} rows left out for missing values` +
        ` (${droppedForTarget} without a target, ${droppedForInput} with a missing input)`,
    });
  }
  if (keep.length === 0) {
    throw new NeuriteError('MISSING_VALUE', `No row of ${table.file ?? 'the table'} has all the values needed; every row has a missing input or target`, {
      file: table.file,
    });
  }
  return Int32Array.from(keep);
}

/** One group key per row for stratifying: the category code or the numeric label. */
function groupKeys(column: Column): ArrayLike<number> {
  return column.kind === 'categorical' ? column.codes : column.values;
}
