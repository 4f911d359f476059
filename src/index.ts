// The public surface of `import ... from 'neurite'`. Types are exported apart with `export type`.
export { NeuriteError, isNeuriteError } from './errors.js';
export type { ErrorCode, ErrorDetails } from './errors.js';

export { Matrix, allocate } from './tensor/matrix.js';
export type { DType, FloatArray } from './tensor/matrix.js';

export { Rng } from './init/rng.js';
export type { RngState } from './init/rng.js';
export { Zeros, Normal } from './init/basic.js';
export { resolveInitializer, registerInitializer, initializerNames } from './init/registry.js';
export type { Initializer, InitializerSpec } from './init/initializer.js';
export type { InitializerLike } from './init/registry.js';

export { Sigmoid, sigmoid, sigmoidDerivative } from './activations/sigmoid.js';
export { Linear } from './activations/linear.js';
export { resolveActivation, registerActivation, activationNames } from './activations/registry.js';
export type { Activation, ActivationSpec } from './activations/activation.js';
export type { ActivationLike } from './activations/registry.js';

export { MeanSquaredError, mseLoss } from './losses/mse.js';
export { resolveLoss, registerLoss, lossNames } from './losses/registry.js';
export type { Loss, LossSpec } from './losses/loss.js';
export type { LossLike } from './losses/registry.js';

export { SGD } from './optim/sgd.js';
export type { SGDOptions } from './optim/sgd.js';
export type { Optimizer, OptimizerSpec } from './optim/optimizer.js';

export { Neuron } from './nn/neuron.js';
export { Dense } from './nn/dense.js';
export type { DenseOptions } from './nn/dense.js';
export { Network, layerFactories } from './nn/network.js';
export type { NetworkSpec, LayerSpec, NetworkJSON, ParameterUpdater } from './nn/network.js';
export type { Layer, LayerJSON, Parameter, ForwardContext, BackwardContext } from './nn/layer.js';

export { getBackend, setBackend, registerBackend, backendNames, jsBackend } from './backend/index.js';
export type { Backend } from './backend/backend.js';

export { GENDER_SHIFT, GENDER_LABELS, shiftPerson, trainSeedNetwork, predictFemale } from './seed/gender.js';
export type { Person, SeedTrainingOptions } from './seed/gender.js';

export { gradientCheck } from './nn/gradient-check.js';
export type { GradientCheckOptions, GradientCheckResult, ParameterCheck } from './nn/gradient-check.js';

// Data: CSV parsing, tables, column typing, preprocessing, splits (pure: text in, typed arrays out).
export { CsvParser, parseCsv, csvRecords } from './data/csv.js';
export type { CsvOptions, CsvRecord, CsvRecordInfo, CsvRecordSink } from './data/csv.js';
export { DEFAULT_MISSING_VALUES, parseDecimal } from './data/values.js';
export { Table } from './data/table.js';
export type { Column, ColumnKind, NumericColumn, CategoricalColumn, Notice } from './data/table.js';
export { TableBuilder } from './data/table-builder.js';
export type { TableOptions, ColumnOverride } from './data/table-builder.js';
export { readTable, parseTable, tableFromRecords } from './data/read-table.js';
export type { CellValue } from './data/read-table.js';
export { detectTask, classLabels, MAX_INTEGER_CLASSES } from './data/task.js';
export type { Task } from './data/task.js';
export { isIdentifierLike, selectInputs } from './data/columns.js';
export { splitRows } from './data/split.js';
export type { Split, SplitOptions } from './data/split.js';
export { Preprocessor } from './data/preprocessor.js';
export type {
  PreprocessorOptions,
  PreprocessorJSON,
  InputJSON,
  NumericInputJSON,
  CategoricalInputJSON,
  TargetJSON,
  ClassificationTargetJSON,
  RegressionTargetJSON,
  Scaling,
  MissingPolicy,
  BinaryEncoding,
  TransformOptions,
  Predictions,
} from './data/preprocessor.js';
export { prepareDataset } from './data/prepare.js';
export type { PrepareOptions, PreparedDataset, PreparedSplit } from './data/prepare.js';

// Model files: one validated JSON document with network, preprocessing and training metadata.
export { serializeModel, parseModel, MODEL_FORMAT, MODEL_FORMAT_VERSION } from './io/model-file.js';
export type { Model, TrainingInfo, ModelFileJSON, ParseModelOptions } from './io/model-file.js';
export { DEFAULT_MODEL_LIMITS } from './io/limits.js';
export type { ModelLimits } from './io/limits.js';
export { parseJsonStrict, FORBIDDEN_KEYS } from './io/json-safety.js';
export { predictTable } from './io/predict.js';
