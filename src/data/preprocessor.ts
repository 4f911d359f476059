import { classOfRow } from '../metrics/labels.js';
import { NeuriteError, describe } from '../errors.js';
import { allocate, Matrix, type DType } from '../tensor/matrix.js';
import { categoryIndexer, numericReader, textReader } from './columns.js';
import type { Column, Notice, Table } from './table.js';
import type { ColumnOverride, TableOptions } from './table-builder.js';
import { classLabels, detectTask, type Task } from './task.js';
import { choiceError, listOf, missingValue, noValues, unseenCategory } from './data-errors.js';
import { fitInput, statistics } from './fit-input.js';
import type { Images, ImageSet } from './image-set.js';
import { chooseInputs, encodeTextInput, fitTextInput, type TextColumns, type TextInputJSON } from './text-input.js';
import type { VocabularyOptions } from './vocabulary.js';
import { imagePreprocessing, oneHotImageLabels, pixelNames, readsImages, scaleImages } from './image-input.js';

/** How a numeric input is scaled: z = (x − offset) / scale. */
export type Scaling = 'standard' | 'minmax' | 'none';
/**
 * What a missing input does: `error` (the default) names the row and column; `drop` leaves such rows out of
 * training (a prediction row with a missing input is still an error); `mean` fills a numeric input with its
 * training mean and a categorical one with its most frequent training category. A missing target is an error
 * under `error`, and drops the row under `drop` and `mean` (a target is never made up).
 */
export type MissingPolicy = 'error' | 'drop' | 'mean';
/** A two-class target as one 0/1 output (for a sigmoid output) or two one-hot outputs (for softmax). */
export type BinaryEncoding = 'single' | 'one-hot';

/** A numeric input column in a model file: how to scale it and what fills a missing value. */
export interface NumericInputJSON {
  name: string;
  kind: 'numeric';
  scaling: Scaling;
  /** z = (x − offset) / scale: the training mean and standard deviation, or minimum and range, or 0 and 1. */
  offset: number;
  scale: number;
  /** The training mean, used for missing values under `mean`. */
  fill: number;
}

/** A categorical input column in a model file: its one-hot categories and the fill for a missing value. */
export interface CategoricalInputJSON {
  name: string;
  kind: 'categorical';
  /** One-hot order: the training rows' categories, sorted by UTF-16 code units. */
  categories: string[];
  /** The most frequent training category (ties: the first in order), used for missing values under `mean`. */
  fill: string;
}

/**
 * An image input in a model file: the network's whole input, one image of `shape` ([height, width,
 * channels], channels last), each raw pixel value x scaled z = (x − offset) / scale (offset 0 and scale 255
 * for 8-bit images: [0, 1]). A model with an image input has no other input.
 */
export interface ImageInputJSON {
  name: string;
  kind: 'image';
  shape: [number, number, number];
  offset: number;
  scale: number;
}

/** One input in a model file: a numeric or categorical column, an image, or a text column's token ids. */
export type InputJSON = NumericInputJSON | CategoricalInputJSON | ImageInputJSON | TextInputJSON;

/** A classification target in a model file: the class names and how two classes are encoded. */
export interface ClassificationTargetJSON {
  name: string;
  task: 'classification';
  /** The kind of the target column in the training file. */
  kind: 'numeric' | 'categorical';
  /** Label names; class index i is `classes[i]`. */
  classes: string[];
  /** For two classes: one output (P(classes[1])) or two. More classes are always one-hot. */
  encoding: BinaryEncoding;
}

/** A regression target in a model file: whether and how the values were standardized for training. */
export interface RegressionTargetJSON {
  name: string;
  task: 'regression';
  kind: 'numeric';
  /** Targets are trained as (y − offset) / scale, and predictions mapped back. */
  standardized: boolean;
  offset: number;
  scale: number;
}

/** The target column in a model file. */
export type TargetJSON = ClassificationTargetJSON | RegressionTargetJSON;

/** A {@link Preprocessor} as JSON: the `preprocessing` section of a model file (docs/model-format.md). */
export interface PreprocessorJSON {
  inputs: InputJSON[];
  target: TargetJSON;
  missing: MissingPolicy;
}

/** Options of {@link Preprocessor.fit}. */
export interface PreprocessorOptions {
  /** The target column's name. */
  target: string;
  /** Input columns (default: every other column, identifier-like text columns left out with a notice). */
  inputs?: readonly string[];
  /**
   * The column read as text, a sequence of word ids (see `isFreeText`): `'auto'` (default) detects one; `[name]`
   * names it; `[]` reads none as text. A model with a text column reads it alone.
   */
  text?: TextColumns;
  /** A text column's vocabulary cap and longest sequence (default 10,000 words, 100 tokens). */
  vocabulary?: VocabularyOptions;
  /** `auto` (default) detects it from the target column (see `detectTask`). */
  task?: Task | 'auto';
  /** Numeric input scaling (default `standard`). */
  scaling?: Scaling;
  missing?: MissingPolicy;
  /** Regression: train on standardized targets (default true). */
  standardizeTarget?: boolean;
  /** Classification: the class order (default: sorted; see `classLabels`). */
  classes?: readonly string[];
  /** Classification with two classes: one output or two (default `single`). */
  binaryEncoding?: BinaryEncoding;
  /** The training rows: every statistic (means, ranges, categories, most frequent values) comes from these. */
  rows?: ArrayLike<number>;
  /** Rows whose labels make the class list (default: `rows`), so a rare class outside training still gets an output. */
  classRows?: ArrayLike<number>;
}

/** Options of {@link Preprocessor.transform}. */
export interface TransformOptions {
  dtype?: DType;
  /**
   * Called for a category the training rows did not have; that row's one-hot block is then all zeros.
   * Without it such a value is an error naming the row, the column and the known categories.
   */
  onUnseenCategory?: (row: number, column: string, value: string) => void;
}

/** Decoded network outputs: labels, class indices and probabilities, or values in the target's units. */
export type Predictions =
  | { task: 'classification'; labels: string[]; indices: Int32Array; probabilities: number[][] }
  | { task: 'regression'; values: Float64Array };

const SCALINGS: readonly Scaling[] = ['standard', 'minmax', 'none'];
const POLICIES: readonly MissingPolicy[] = ['error', 'drop', 'mean'];

/**
 * Turns table rows into the numbers a network sees, and network outputs back into labels or values.
 * Inputs, in column order: a numeric column → one feature (x − offset) / scale; a categorical column → one
 * feature per training category (one-hot). Targets: class indices as one-hot (or 0/1), or regression values
 * (optionally standardized). Fitted on training rows only; saved inside the model file.
 *
 * @example
 * ```ts
 * import { Preprocessor, parseTable } from 'neurite/data';
 * const table = parseTable('size,color,price\n1,red,10\n2,blue,20\n3,red,30\n');
 * const pre = Preprocessor.fit(table, { target: 'price', task: 'regression' }); // a few integers would read as classes
 * console.log(pre.featureNames); // ['size', 'color=blue', 'color=red']
 * const x = pre.transform(table); // 3 × 3: size standardized, color one-hot
 * const y = pre.transformTarget(table); // standardized prices
 * console.log(x.toArray(), pre.inverseTarget(y)); // [[-1.22, 0, 1], ...] and ≈ [10, 20, 30] (float32 by default)
 * ```
 */
export class Preprocessor {
  readonly inputs: readonly InputJSON[];
  readonly target: TargetJSON;
  readonly missing: MissingPolicy;
  /** What fitting found worth telling (identifier columns left out, constant columns, many categories). */
  readonly notices: readonly Notice[];
  /** Features per row: the network's input size. */
  readonly inputWidth: number;
  /** Target columns per row: the network's output size. */
  readonly outputWidth: number;

  private constructor(json: PreprocessorJSON, notices: readonly Notice[] = []) {
    this.inputs = json.inputs;
    this.target = json.target;
    this.missing = json.missing;
    this.notices = notices;
    this.inputWidth = json.inputs.reduce((n, input) => n + inputWidthOf(input), 0);
    this.outputWidth = json.target.task === 'regression' ? 1 : json.target.encoding === 'single' ? 1 : json.target.classes.length;
  }

  get task(): Task {
    return this.target.task;
  }

  /** Class labels (classification), in output order. */
  get classes(): readonly string[] {
    return this.target.task === 'classification' ? this.target.classes : [];
  }

  /** One name per feature: `weight` for a numeric input, `color=red` for a one-hot one, `image[y,x,c]` for a pixel. */
  get featureNames(): string[] {
    return this.inputs.flatMap((input) =>
      input.kind === 'numeric'
        ? [input.name]
        : input.kind === 'image'
          ? pixelNames(input)
          : input.kind === 'text'
            ? Array.from({ length: input.length }, (_, t) => `${input.name}[${t}]`)
            : input.categories.map((c) => `${input.name}=${c}`),
    );
  }

  /** The image input of a model that reads images (then its only input), else null. */
  get image(): ImageInputJSON | null {
    const first = this.inputs[0];
    return first?.kind === 'image' ? first : null;
  }

  /** The text input of a model that reads text (then its only input), else null. */
  get text(): TextInputJSON | null {
    const first = this.inputs[0];
    return first?.kind === 'text' ? first : null;
  }

  /**
   * A preprocessor for labelled images (IDX files, a folder of PNG images, pixel rows, `shapesImages`): one
   * image input scaling each raw pixel by the set's full intensity, z = x / maxValue (x / 255 for 8-bit
   * images), and a classification target over the set's classes, one-hot.
   */
  static forImages(set: ImageSet, options: { target?: string } = {}): Preprocessor {
    return new Preprocessor(imagePreprocessing(set, options.target ?? 'label'));
  }

  /** Network inputs [images × h·w·c] for the given images (default: all): the raw pixels scaled as in training. */
  transformImages(images: Images, indices?: ArrayLike<number>, dtype: DType = 'float32'): Matrix {
    if (!this.image) throw new NeuriteError('INVALID_ARGUMENT', 'transformImages is for a model that reads images; this one reads table columns');
    return scaleImages(this.image, images, indices, dtype);
  }

  /** Targets [images × classes] for labelled images: each image's class, by name, one-hot in this model's class order. */
  transformImageTargets(set: ImageSet, indices?: ArrayLike<number>, dtype: DType = 'float32'): Matrix {
    return oneHotImageLabels(this.classes, set, indices, dtype);
  }

  /** Learns the encodings from the training rows of a table. */
  static fit(table: Table, options: PreprocessorOptions): Preprocessor {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Preprocessor.fit needs an options object with a target, got ${describe(options)}`);
    }
    if (typeof options.target !== 'string') {
      throw new NeuriteError('INVALID_ARGUMENT', `Preprocessor.fit needs target: the name of the column to predict, got ${describe(options.target)}`, {
        field: 'target',
      });
    }
    const scaling = options.scaling ?? 'standard';
    if (!SCALINGS.includes(scaling)) throw choiceError('scaling', scaling, SCALINGS);
    const missing = options.missing ?? 'error';
    if (!POLICIES.includes(missing)) throw choiceError('missing', missing, POLICIES);
    const rows = options.rows === undefined ? allRows(table.rowCount) : checkRows(table, options.rows, 'rows');
    if (rows.length === 0) throw new NeuriteError('INVALID_ARGUMENT', 'Preprocessor.fit needs at least one training row', { field: 'rows' });
    const classRows = options.classRows === undefined ? rows : checkRows(table, options.classRows, 'classRows');

    const selected = chooseInputs(table, options.target, options.inputs, options.text);
    const notices: Notice[] = [...selected.notices];
    const inputs = selected.inputs.map((name) =>
      name === selected.text
        ? fitTextInput(table, table.column(name), rows, notices, options.vocabulary)
        : fitInput(table, table.column(name), rows, scaling, notices),
    );

    const targetColumn = table.column(options.target);
    const task = options.task === undefined || options.task === 'auto' ? detectTask(targetColumn, classRows) : options.task;
    let target: TargetJSON;
    if (task === 'classification') {
      const encoding = options.binaryEncoding ?? 'single';
      if (encoding !== 'single' && encoding !== 'one-hot') throw choiceError('binaryEncoding', encoding, ['single', 'one-hot']);
      const classes = classLabels(targetColumn, classRows, options.classes);
      target = { name: targetColumn.name, task, kind: targetColumn.kind, classes, encoding: classes.length === 2 ? encoding : 'one-hot' };
    } else if (task === 'regression') {
      const read = numericReader(table, targetColumn, 'a regression target is a number');
      const stats = statistics(rows, read, targetColumn.name);
      if (stats.count === 0) throw noValues(table, targetColumn);
      const standardized = options.standardizeTarget ?? true;
      target = {
        name: targetColumn.name,
        task,
        kind: 'numeric',
        standardized,
        offset: standardized ? stats.mean : 0,
        scale: standardized ? stats.std || 1 : 1,
      };
    } else {
      throw choiceError('task', task, ['auto', 'classification', 'regression']);
    }
    return new Preprocessor({ inputs, target, missing }, notices);
  }

  /**
   * The table options that read a new file the way this preprocessor needs it: every input with its training
   * kind, other columns ignored; the target ignored, or read too (`include`) for evaluation.
   */
  readOptions(target: 'ignore' | 'include' = 'ignore'): Pick<TableOptions, 'columns' | 'otherColumns'> {
    const columns: Record<string, ColumnOverride> = {};
    // defineProperty, so that even a column called "__proto__" becomes an own key
    const set = (name: string, kind: ColumnOverride) =>
      Object.defineProperty(columns, name, { value: kind, enumerable: true, writable: true, configurable: true });
    for (const input of this.inputs) if (input.kind !== 'image') set(input.name, input.kind === 'text' ? 'categorical' : input.kind);
    set(this.target.name, target === 'include' ? this.target.kind : 'ignore');
    return { columns, otherColumns: 'ignore' };
  }

  /** Feature matrix [rows × inputWidth] for the given rows (default: all) of a table. */
  transform(table: Table, rows?: ArrayLike<number>, options: TransformOptions = {}): Matrix {
    const list = rows === undefined ? allRows(table.rowCount) : checkRows(table, rows, 'rows');
    const dtype = options.dtype ?? 'float32';
    const width = this.inputWidth;
    const data = allocate(dtype, list.length * width);
    let offset = 0;
    for (const input of this.inputs) {
      if (input.kind === 'image') throw readsImages();
      const column = table.column(input.name);
      if (input.kind === 'numeric') {
        const read = numericReader(table, column);
        const { offset: shift, scale } = input;
        for (let k = 0; k < list.length; k++) {
          const row = list[k]!;
          let x = read(row);
          if (Number.isNaN(x)) x = this.fillOrThrow(table, column, row, input.fill);
          data[k * width + offset] = (x - shift) / scale;
        }
        offset += 1;
      } else if (input.kind === 'text') {
        encodeTextInput(input, column, list, data, width, offset, (row) => this.fillOrThrow(table, column, row, null));
        offset += input.length;
      } else {
        const index = categoryIndexer(column, input.categories);
        const text = textReader(column);
        const fillIndex = input.categories.indexOf(input.fill);
        for (let k = 0; k < list.length; k++) {
          const row = list[k]!;
          let i = index(row);
          if (i === -1) i = this.fillOrThrow(table, column, row, fillIndex);
          if (i === -2) {
            const value = text(row)!;
            if (!options.onUnseenCategory) throw unseenCategory(table, column, row, value, input.categories);
            options.onUnseenCategory(row, column.name, value);
            continue;
          }
          data[k * width + offset + i] = 1;
        }
        offset += input.categories.length;
      }
    }
    return new Matrix(list.length, width, data);
  }

  /** Target matrix [rows × outputWidth]: one-hot (or 0/1) classes, or (standardized) regression values. */
  transformTarget(table: Table, rows?: ArrayLike<number>, dtype: DType = 'float32'): Matrix {
    const list = rows === undefined ? allRows(table.rowCount) : checkRows(table, rows, 'rows');
    const width = this.outputWidth;
    const data = allocate(dtype, list.length * width);
    const target = this.target;
    if (target.task === 'classification') {
      const indices = this.targetIndices(table, list);
      for (let k = 0; k < list.length; k++) {
        if (width === 1) data[k] = indices[k]!;
        else data[k * width + indices[k]!] = 1;
      }
    } else {
      const values = this.targetValues(table, list);
      for (let k = 0; k < list.length; k++) data[k] = (values[k]! - target.offset) / target.scale;
    }
    return new Matrix(list.length, width, data);
  }

  /** Class index of each row's label (classification). */
  targetIndices(table: Table, rows?: ArrayLike<number>): Int32Array {
    const target = this.target;
    if (target.task !== 'classification') throw new NeuriteError('INVALID_ARGUMENT', 'targetIndices is for classification; this target is regression');
    const list = rows === undefined ? allRows(table.rowCount) : checkRows(table, rows, 'rows');
    const column = table.column(target.name);
    const index = categoryIndexer(column, target.classes);
    const text = textReader(column);
    const out = new Int32Array(list.length);
    for (let k = 0; k < list.length; k++) {
      const row = list[k]!;
      const i = index(row);
      if (i === -1) throw missingValue(table, column, row, 'target');
      if (i === -2) {
        const value = text(row)!;
        throw new NeuriteError(
          'CSV_SCHEMA',
          `${table.where(row)}: the target ${describe(column.name)} is ${describe(value)}, a class the model does not know; ` +
            `its classes are ${listOf(target.classes)}`,
          { file: table.file, line: table.lines[row], field: column.name, actual: value, expected: target.classes },
        );
      }
      out[k] = i;
    }
    return out;
  }

  /** Raw (unscaled) target values of the rows (regression). */
  targetValues(table: Table, rows?: ArrayLike<number>): Float64Array {
    if (this.target.task !== 'regression') throw new NeuriteError('INVALID_ARGUMENT', 'targetValues is for regression; this target is classification');
    const list = rows === undefined ? allRows(table.rowCount) : checkRows(table, rows, 'rows');
    const column = table.column(this.target.name);
    const read = numericReader(table, column, 'a regression target is a number');
    const out = new Float64Array(list.length);
    for (let k = 0; k < list.length; k++) {
      const v = read(list[k]!);
      if (Number.isNaN(v)) throw missingValue(table, column, list[k]!, 'target');
      out[k] = v;
    }
    return out;
  }

  /** Regression outputs [rows × 1] back in the target's units: y = output · scale + offset. */
  inverseTarget(output: Matrix): Float64Array {
    const target = this.target;
    if (target.task !== 'regression') throw new NeuriteError('INVALID_ARGUMENT', 'inverseTarget is for regression; use decode for classes');
    this.checkOutput(output);
    const out = new Float64Array(output.rows);
    for (let r = 0; r < output.rows; r++) out[r] = output.data[r]! * target.scale + target.offset;
    return out;
  }

  /**
   * Network outputs → predictions. Classification: the label of the largest output (a single output: class 1
   * when ≥ 0.5), with per-class probabilities (a single output p gives [1 − p, p]); regression: the values
   * in the target's units.
   */
  decode(output: Matrix): Predictions {
    const target = this.target;
    if (target.task === 'regression') return { task: 'regression', values: this.inverseTarget(output) };
    this.checkOutput(output);
    const n = output.rows;
    const width = output.cols;
    const indices = new Int32Array(n);
    const labels: string[] = new Array(n);
    const probabilities: number[][] = new Array(n);
    for (let r = 0; r < n; r++) {
      const best = classOfRow(output.data, r * width, width);
      const probs = width === 1 ? [1 - output.data[r]!, output.data[r]!] : Array.from(output.data.subarray(r * width, (r + 1) * width));
      indices[r] = best;
      labels[r] = target.classes[best]!;
      probabilities[r] = probs;
    }
    return { task: 'classification', labels, indices, probabilities };
  }

  toJSON(): PreprocessorJSON {
    return structuredCloneJSON({ inputs: [...this.inputs], target: this.target, missing: this.missing });
  }

  /** Rebuilds from `toJSON()` output. Model files go through the validating loader in `io/` first. */
  static fromJSON(json: PreprocessorJSON): Preprocessor {
    if (json === null || typeof json !== 'object' || !Array.isArray(json.inputs) || json.target === null || typeof json.target !== 'object') {
      throw new NeuriteError('MODEL_FORMAT', 'A preprocessing JSON needs "inputs" and "target"', { path: 'preprocessing' });
    }
    return new Preprocessor(structuredCloneJSON(json));
  }

  private checkOutput(output: Matrix): void {
    if (!(output instanceof Matrix) || output.cols !== this.outputWidth) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `Expected network outputs with ${this.outputWidth} column(s), got ${output instanceof Matrix ? `[${output.rows}, ${output.cols}]` : describe(output)}`,
        { expected: this.outputWidth, actual: output instanceof Matrix ? output.cols : undefined },
      );
    }
  }

  private fillOrThrow<T>(table: Table, column: Column, row: number, fill: T): T {
    if (this.missing === 'mean') return fill;
    throw missingValue(table, column, row, this.missing === 'drop' ? 'predict' : 'input');
  }
}

function inputWidthOf(input: InputJSON): number {
  if (input.kind === 'text') return input.length;
  return input.kind === 'numeric' ? 1 : input.kind === 'image' ? input.shape[0] * input.shape[1] * input.shape[2] : input.categories.length;
}

function allRows(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

function checkRows(table: Table, rows: ArrayLike<number>, name: string): Int32Array {
  if (rows == null || typeof rows.length !== 'number') {
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be an array of row indices, got ${describe(rows)}`, { field: name });
  }
  const out = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) {
      throw new NeuriteError('INVALID_ARGUMENT', `${name}[${k}] is ${describe(row)}; expected a row index in [0, ${table.rowCount})`, { field: name });
    }
    out[k] = row;
  }
  return out;
}

function structuredCloneJSON<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
