import { Preprocessor } from '../data/preprocessor.js';
import { NeuriteError, describe } from '../errors.js';
import { Model as TrainedModel } from '../model/model.js';
import type { Model, TrainingInfo } from '../model/parts.js';
export type { Model, TrainingInfo } from '../model/parts.js';
import { Network } from '../nn/network.js';
import { childPath, parseJsonStrict } from './json-safety.js';
import { stringifyModelJSON } from './json-write.js';
import { DEFAULT_MODEL_LIMITS, type ModelLimits } from './limits.js';
import { networkFromJSON } from './network-json.js';
import { preprocessorFromJSON } from './preprocessing-json.js';
import { expectInteger, expectKeys, expectObject, expectString, fail, type JsonObject } from './schema.js';

/**
 * The `format` field of every model file.
 *
 * @example
 * ```ts
 * import { MODEL_FORMAT, MODEL_FORMAT_VERSION } from 'neurite';
 * const looksLikeModel = (json: { format?: unknown; version?: unknown }) => json.format === MODEL_FORMAT && json.version === MODEL_FORMAT_VERSION;
 * console.log(MODEL_FORMAT, looksLikeModel({ format: 'neurite-model', version: 2 })); // neurite-model true
 * ```
 */
export const MODEL_FORMAT = 'neurite-model';
/**
 * The model-file version this library writes (and the newest it reads). Version 2 records shapes: the
 * network's `inputShape` and each layer's `outputShape`. Version 1 files (no shapes) still load: their
 * shapes are inferred from the layers' `inputs`.
 *
 * @example
 * ```ts
 * import { MODEL_FORMAT_VERSION } from 'neurite';
 * console.log(MODEL_FORMAT_VERSION); // 2: the version serializeModel writes; parseModel reads 1 and 2
 * ```
 */
export const MODEL_FORMAT_VERSION = 2;

/** A model file as JSON (docs/model-format.md). */
export interface ModelFileJSON {
  format: typeof MODEL_FORMAT;
  version: number;
  network: ReturnType<Network['toJSON']>;
  preprocessing: ReturnType<Preprocessor['toJSON']>;
  training: TrainingInfo;
}

/**
 * The JSON text of a model file (see docs/model-format.md). Weights are written bit-exactly.
 *
 * @example
 * ```ts
 * import { Network, serializeModel } from 'neurite';
 * import { parseTable, prepareDataset } from 'neurite/data';
 * const data = prepareDataset(parseTable('x,y\n1,2.5\n2,4.1\n3,6.2\n4,7.9\n'), { target: 'y', validation: 0 });
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * const text = serializeModel({ network, preprocessing: data.preprocessor, training: { epochs: 0 } });
 * console.log(JSON.parse(text).format); // 'neurite-model'
 * ```
 */
export function serializeModel(model: Model): string {
  if (model === null || typeof model !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `serializeModel needs { network, preprocessing, training }, got ${describe(model)}`);
  }
  const { network, preprocessing, training = {} } = model;
  if (!(network instanceof Network))
    throw new NeuriteError('INVALID_ARGUMENT', `model.network must be a Network, got ${describe(network)}`, { field: 'network' });
  if (!(preprocessing instanceof Preprocessor)) {
    throw new NeuriteError('INVALID_ARGUMENT', `model.preprocessing must be a Preprocessor, got ${describe(preprocessing)}`, { field: 'preprocessing' });
  }
  if (training === null || typeof training !== 'object' || Array.isArray(training)) {
    throw new NeuriteError('INVALID_ARGUMENT', `model.training must be an object, got ${describe(training)}`, { field: 'training' });
  }
  checkFit(network, preprocessing, (path, message) => {
    throw new NeuriteError('SHAPE_MISMATCH', `The model does not fit together: ${path}: ${message}`, { path });
  });
  const file: ModelFileJSON = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    network: network.toJSON(),
    preprocessing: preprocessing.toJSON(),
    training,
  };
  return stringifyModelJSON(file);
}

/** Options of {@link parseModel}. */
export interface ParseModelOptions {
  /** Lower (or raise) the size limits; the rest keep their defaults. */
  limits?: Partial<ModelLimits>;
  /** A name for messages (e.g. the file name). */
  file?: string;
}

/**
 * Reads a model file's text, validating everything before anything is built: JSON syntax (with line and
 * column), no prototype keys, finite numbers, the format and version, every field's type, sizes against
 * the limits (before allocating), the shapes (each layer takes the shape the one before gives; a recorded
 * shape must be the inferred one), and that the parts fit (the preprocessing's width = the network's
 * input size, the classes = the network's outputs). Files of format version 1 (no shapes) still load.
 * Every failure is a NeuriteError with code MODEL_FORMAT and a `path` like `network.layers[1].weights`.
 *
 * @example
 * ```ts
 * import { NeuriteError, parseModel } from 'neurite';
 * try {
 *   parseModel('{"format": "neurite-model", "version": 2}', { file: 'model.json' });
 * } catch (error) {
 *   if (error instanceof NeuriteError) console.log(error.code, error.details.path); // MODEL_FORMAT network
 * }
 * ```
 */
export function parseModel(text: string, options: ParseModelOptions = {}): TrainedModel {
  const limits = { ...DEFAULT_MODEL_LIMITS, ...(options.limits ?? {}) };
  const what = options.file ?? 'The model file';
  if (typeof text === 'string' && text.length > limits.maxTextLength) {
    fail('', `${what} is ${text.length} characters long; the limit is ${limits.maxTextLength}`, { actual: text.length, expected: limits.maxTextLength });
  }
  const root = expectObject(parseJsonStrict(text, what), '');
  const version = checkHeader(root, what);
  expectKeys(root, '', ['format', 'version', 'network', 'preprocessing', 'training']);
  const training = checkTraining(root['training']);
  const preprocessing = preprocessorFromJSON(root['preprocessing'], 'preprocessing', limits);
  // The network is the only large allocation; its sizes are checked inside before building.
  const network = networkFromJSON(root['network'], 'network', limits, { shapes: version >= 2 ? 'required' : 'optional' });
  checkFit(network, preprocessing, (path, message) => fail(path, message));
  return new TrainedModel({ network, preprocessing, training });
}

/** The file's format version, after checking that it is a neurite model of a version this library reads. */
function checkHeader(root: JsonObject, what: string): number {
  const format = root['format'];
  if (format !== MODEL_FORMAT) {
    fail('format', `${what} is not a neurite model: expected "format": "${MODEL_FORMAT}", got ${describe(format)}`);
  }
  const version = root['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail('version', `expected a format version (an integer ≥ 1), got ${describe(version)}`);
  }
  if (version > MODEL_FORMAT_VERSION) {
    fail(
      'version',
      `this model file has format version ${version}, made by a newer neurite; this version reads version ${MODEL_FORMAT_VERSION}. Upgrade neurite`,
      {
        expected: MODEL_FORMAT_VERSION,
        actual: version,
      },
    );
  }
  return version;
}

function checkTraining(value: unknown): TrainingInfo {
  const training = expectObject(value, 'training');
  if (training['seed'] !== undefined) expectInteger(training['seed'], 'training.seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (training['epochs'] !== undefined) expectInteger(training['epochs'], 'training.epochs', 0, Number.MAX_SAFE_INTEGER);
  if (training['library'] !== undefined) expectString(training['library'], 'training.library');
  if (training['date'] !== undefined) expectString(training['date'], 'training.date');
  if (training['metrics'] !== undefined) expectObject(training['metrics'], 'training.metrics');
  const loss = training['loss'];
  if (typeof loss === 'string') expectString(loss, 'training.loss', { nonEmpty: true });
  else if (loss !== undefined) {
    // A spec: a name plus the loss's own options (checked by the loss when it is built).
    if (loss === null || typeof loss !== 'object' || Array.isArray(loss))
      fail('training.loss', `expected a loss name or a spec { "name": ..., options }, got ${describe(loss)}`);
    expectString((loss as JsonObject)['name'], 'training.loss.name', { nonEmpty: true });
  }
  return training as TrainingInfo;
}

/** The preprocessing's widths must match the network's ends. */
function checkFit(network: Network, preprocessing: Preprocessor, report: (path: string, message: string) => never): void {
  if (preprocessing.inputWidth !== network.inputSize) {
    report(
      network.layers[0]!.type === 'dense' ? 'network.layers[0].inputs' : 'network.inputShape',
      `the network takes ${network.inputSize} inputs but the preprocessing makes ${preprocessing.inputWidth} features (${preprocessing.featureNames.slice(0, 10).join(', ')}${preprocessing.inputWidth > 10 ? ', …' : ''})`,
    );
  }
  if (preprocessing.outputWidth !== network.outputSize) {
    const last = childPath(childPath('network.layers', network.layers.length - 1), 'units');
    const target = preprocessing.target;
    const why =
      target.task === 'regression'
        ? 'a regression target needs 1 output'
        : target.encoding === 'single'
          ? `2 classes with encoding "single" need 1 output`
          : `${target.classes.length} classes need ${target.classes.length} outputs`;
    report(last, `the network gives ${network.outputSize} outputs but ${why}`);
  }
}
