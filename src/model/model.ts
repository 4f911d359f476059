import { Preprocessor, type Predictions } from '../data/preprocessor.js';
import type { Task } from '../data/task.js';
import { NeuriteError, describe } from '../errors.js';
import type { TrainingInfo } from './parts.js';
import { Network } from '../nn/network.js';
import { predictTable } from './predict-table.js';
import { recordsToTable, type ModelRecord, type PredictOptions } from './records.js';
import type { Images } from '../data/image-set.js';
import { readsImages } from '../data/image-input.js';
import { predictImages } from './predict-images.js';

/** What {@link Model.predict} says about one record of a classification model. */
export interface ClassPrediction {
  /** The most probable class. */
  label: string;
  /** Every class's probability, keyed by class name, in the model's class order. */
  probabilities: Record<string, number>;
}

/** What {@link Model.predict} says about one record of a regression model. */
export interface ValuePrediction {
  /** The prediction in the target's own units (the target's standardization undone). */
  value: number;
}

/** One record's prediction: a label with probabilities, or a value (tell them apart with `'label' in p`). */
export type Prediction = ClassPrediction | ValuePrediction;

/**
 * A trained pipeline: raw records in, labels with probabilities (or values in the target's units) out. It
 * holds the network, the preprocessing that turns raw values into the network's inputs (scaling, one-hot
 * categories) and the class labels, so nothing has to be standardized by hand. `trainModel` returns one,
 * `parseModel` reads one from a model file, and `serializeModel(model)` writes one (the same file the command
 * line writes and reads).
 *
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * import { parseModel } from 'neurite';
 * const model = parseModel(readFileSync('model.json', 'utf8')); // e.g. written by `neurite train` or serializeModel
 * console.log(model.inputNames, model.classes); // ['weight_lb', 'height_in'] ['M', 'F']
 * console.log(model.predict({ weight_lb: 128, height_in: 63 })); // { label: 'F', probabilities: { M: 0.0…, F: 0.9… } }
 * console.log(model.predict([[128, 63], [175, 71]]).map((p) => ('label' in p ? p.label : p.value))); // ['F', 'M']
 * ```
 */
export class Model {
  readonly network: Network;
  readonly preprocessing: Preprocessor;
  /** How it was trained: seed, epochs, loss, held-out metrics, ... (free-form; see `TrainingInfo`). */
  readonly training: TrainingInfo;

  /** Puts the parts together; the preprocessing's widths must match the network's inputs and outputs. */
  constructor(parts: { network: Network; preprocessing: Preprocessor; training?: TrainingInfo }) {
    const { network, preprocessing, training = {} } = parts ?? ({} as never);
    if (!(network instanceof Network)) throw new NeuriteError('INVALID_ARGUMENT', `A Model needs a Network, got ${describe(network)}`, { field: 'network' });
    if (!(preprocessing instanceof Preprocessor)) {
      throw new NeuriteError('INVALID_ARGUMENT', `A Model needs a Preprocessor, got ${describe(preprocessing)}`, { field: 'preprocessing' });
    }
    if (preprocessing.inputWidth !== network.inputSize || preprocessing.outputWidth !== network.outputSize) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `The preprocessing makes ${preprocessing.inputWidth} features and ${preprocessing.outputWidth} target column(s); ` +
          `the network takes ${network.inputSize} inputs and gives ${network.outputSize} outputs`,
        { expected: [preprocessing.inputWidth, preprocessing.outputWidth], actual: [network.inputSize, network.outputSize] },
      );
    }
    this.network = network;
    this.preprocessing = preprocessing;
    this.training = training;
  }

  /** `classification` or `regression`. */
  get task(): Task {
    return this.preprocessing.task;
  }

  /** The class labels, in output order (empty for regression). */
  get classes(): readonly string[] {
    return this.preprocessing.classes;
  }

  /** The input columns, in the order an array record gives them. */
  get inputNames(): string[] {
    return this.preprocessing.inputs.map((input) => input.name);
  }

  /** The column the model predicts. */
  get target(): string {
    return this.preprocessing.target.name;
  }

  /**
   * Predicts raw records: objects keyed by column name, or arrays of the input values in `inputNames` order,
   * in the units of the training file (centimetres stay centimetres). A missing input, an unknown field or
   * category, a wrong length or a non-finite number is a NeuriteError naming the record and the field.
   * One record gives one prediction; an array of records gives an array.
   */
  predict(records: readonly ModelRecord[], options?: PredictOptions): Prediction[];
  predict(record: ModelRecord, options?: PredictOptions): Prediction;
  predict(input: ModelRecord | readonly ModelRecord[], options: PredictOptions = {}): Prediction | Prediction[] {
    // An array of objects or arrays is a batch; an array of values (numbers, strings, null) is one record.
    const batch = Array.isArray(input) && (input.length === 0 || (typeof input[0] === 'object' && input[0] !== null));
    const records = (batch ? input : [input]) as readonly ModelRecord[];
    if (records.length === 0) return [];
    const predictions = this.predictRecords(records, !batch, options);
    return batch ? predictions : predictions[0]!;
  }

  /**
   * Predicts raw images for a model that reads images (trained on IDX files, PNG folders, pixel rows or
   * `shapesImages`): one prediction per image, the pixels scaled as in training. See `predictImages`.
   */
  predictImages(images: Images): ClassPrediction[] {
    return this.named(predictImages(this, images)) as ClassPrediction[];
  }

  private predictRecords(records: readonly ModelRecord[], single: boolean, options: PredictOptions): Prediction[] {
    if (this.preprocessing.image) throw readsImages();
    return this.named(predictTable(this, recordsToTable(this.preprocessing, records, single, options)));
  }

  private named(result: Predictions): Prediction[] {
    if (result.task === 'regression') return Array.from(result.values, (value) => ({ value }));
    const classes = this.classes;
    return result.labels.map((label, r) => ({
      label,
      // fromEntries makes own keys, so even a class called "__proto__" is a plain entry.
      probabilities: Object.fromEntries(classes.map((name, k) => [name, result.probabilities[r]![k]!])),
    }));
  }
}
