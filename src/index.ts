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
export type { Spec } from './registry.js';
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
export { Network } from './nn/network.js';
export type { NetworkSpec, LayerSpec, NetworkJSON, ParameterUpdater } from './nn/network.js';
export type { Layer, LayerJSON, Parameter, ForwardContext, BackwardContext } from './nn/layer.js';

export { getBackend, setBackend, registerBackend, backendNames, jsBackend } from './backend/index.js';
export type { Backend, ThreadPool, Threading } from './backend/backend.js';

// Performance: the WebAssembly SIMD backend (the default where supported) and backend helpers.
export { findBackend, allocateFor } from './backend/index.js';
export { createWasmBackend, wasmSimdSupported } from './backend/wasm/wasm-backend.js';
export type { WasmBackendOptions } from './backend/wasm/wasm-backend.js';

export { GENDER_SHIFT, GENDER_LABELS, shiftPerson, trainSeedNetwork, predictFemale } from './seed/gender.js';
export type { Person, SeedTrainingOptions } from './seed/gender.js';

export { gradientCheck } from './nn/gradient-check.js';
export type { GradientCheckOptions, GradientCheckResult, ParameterCheck } from './nn/gradient-check.js';

// Training: the fit loop, evaluation, early stopping, metrics accumulated per batch.
export { fit } from './train/fit.js';
export type { FitOptions, FitResult, FitCallbacks, EpochLog, BatchInfo } from './train/fit.js';
export { evaluate, predictClasses } from './train/evaluate.js';
export type { EvaluateOptions, EvaluateResult } from './train/evaluate.js';
export { EarlyStopping } from './train/early-stopping.js';
export type { EarlyStoppingOptions, EarlyStoppingState } from './train/early-stopping.js';
export { createMetric } from './train/metric.js';
export type { MetricAccumulator, MetricName } from './train/metric.js';
export { yieldToEventLoop } from './train/yield.js';
export type { MatrixLike } from './train/data.js';
export { findLearningRate } from './train/lr-finder.js';
export type { LearningRateFinderOptions, LearningRateFinderResult, LearningRatePoint } from './train/lr-finder.js';

// Generated data sets for examples, tests and the playground.
export { xor, circles, moons, spirals, blobs, encodeLabels } from './data/synthetic.js';
export type { Dataset2D, SyntheticOptions } from './data/synthetic.js';
// Layers & training math: activations, losses, initializers, dropout, L1/L2 regularization.
export { Tanh } from './activations/tanh.js';
export { ReLU } from './activations/relu.js';
export { LeakyReLU } from './activations/leaky-relu.js';
export type { LeakyReLUOptions } from './activations/leaky-relu.js';
export { ELU } from './activations/elu.js';
export type { ELUOptions } from './activations/elu.js';
export { Softplus, softplus, stableSigmoid } from './activations/softplus.js';
export { GELU, gelu, geluDerivative } from './activations/gelu.js';
export { Softmax, logSoftmax, logSumExp } from './activations/softmax.js';

export { MeanAbsoluteError } from './losses/mae.js';
export { Huber } from './losses/huber.js';
export type { HuberOptions } from './losses/huber.js';
export { BinaryCrossEntropy } from './losses/binary-crossentropy.js';
export type { CrossEntropyOptions } from './losses/binary-crossentropy.js';
export { CategoricalCrossEntropy } from './losses/categorical-crossentropy.js';

export { Uniform } from './init/uniform.js';
export type { UniformOptions } from './init/uniform.js';
export { GlorotUniform, GlorotNormal } from './init/glorot.js';
export { HeUniform, HeNormal } from './init/he.js';
export { defaultInitializerFor } from './init/defaults.js';

export { Dropout, requireDropoutRate } from './nn/dropout.js';
export type { DropoutOptions } from './nn/dropout.js';
export type { DenseLayerSpec, DropoutLayerSpec } from './nn/network.js';
export { penalty, addPenaltyGradient, checkRegularization } from './nn/regularization.js';
export type { Regularization } from './nn/regularization.js';
// Optimizers, learning-rate schedules, gradient clipping and metrics (the training engine's parts).
export { BaseOptimizer } from './optim/base.js';
export type { SlotSpec } from './optim/base.js';
export type { OptimizerState, ParameterStateJSON } from './optim/optimizer.js';
export { sgdUpdate, sgdMomentumUpdate } from './optim/sgd.js';
export { AdaGrad, adagradUpdate } from './optim/adagrad.js';
export type { AdaGradOptions } from './optim/adagrad.js';
export { RMSProp, rmspropUpdate } from './optim/rmsprop.js';
export type { RMSPropOptions } from './optim/rmsprop.js';
export { Adam, adamUpdate } from './optim/adam.js';
export type { AdamOptions } from './optim/adam.js';
export { AdamW, adamwUpdate } from './optim/adamw.js';
export type { AdamWOptions } from './optim/adamw.js';
export { createOptimizer, resolveOptimizer, registerOptimizer, optimizerNames, optimizerEntry } from './optim/registry.js';
export type { OptimizerEntry, OptimizerLike } from './optim/registry.js';
export {
  ConstantRate,
  StepDecay,
  ExponentialDecay,
  CosineAnnealing,
  LinearWarmup,
  PerEpoch,
  createSchedule,
  registerSchedule,
  scheduleNames,
} from './optim/schedules.js';
export type {
  LearningRateSchedule,
  ScheduleSpec,
  StepDecayOptions,
  ExponentialDecayOptions,
  CosineAnnealingOptions,
  LinearWarmupOptions,
} from './optim/schedules.js';
export { globalGradNorm, clipGradNorm, clipGradValue } from './optim/clipping.js';
export { toClassIndices, classOfRow } from './metrics/labels.js';
export type { ClassIndexOptions } from './metrics/labels.js';
export { confusionMatrix } from './metrics/confusion.js';
export { accuracy, classificationReport, scoresFromConfusion } from './metrics/classification.js';
export type { ClassScores, ClassificationReport } from './metrics/classification.js';
export { meanAbsoluteError, rootMeanSquaredError, r2Score } from './metrics/regression.js';
export { resolveMetric, registerMetric, metricNames } from './metrics/metric.js';
export type { Metric, MetricLike } from './metrics/metric.js';
// explain: one sample's forward pass, loss and every gradient as the chain rule writes it; network-wide checks.
export { explain } from './explain/explain.js';
export type { ExplainOptions } from './explain/explain.js';
export type {
  ExplainTrace,
  SampleTrace,
  LossTrace,
  LayerTrace,
  NeuronTrace,
  WeightTrace,
  BiasTrace,
  Factor,
  PathTrace,
  UpstreamTrace,
  UpstreamTerm,
  JacobianTerm,
  ParameterGradients,
  StepTrace,
} from './explain/trace.js';
export { nameNetwork } from './explain/names.js';
export type { NetworkNames } from './explain/names.js';
export { formatExplainText } from './explain/format-text.js';
export { formatExplainMarkdown } from './explain/format-markdown.js';
export { formatExplainJson } from './explain/format-json.js';
export type { ExplainJsonOptions } from './explain/format-json.js';
export type { ExplainFormatOptions } from './explain/format-common.js';
export { seedWorkedExample, ALICE } from './explain/worked-example.js';
export { gradientCheckExitCode } from './nn/gradient-check.js';
export type { LayerCheck } from './nn/gradient-check.js';
export { checkNetworkGradients } from './nn/check-network.js';
export type { NetworkCheckOptions, NetworkCheckResult } from './nn/check-network.js';

// ONNX export: a network as an ONNX model (opset 13) for ONNX Runtime, TensorRT, OpenVINO and other engines.
export { exportOnnx, buildOnnxModel, ONNX_OPSET, ONNX_IR_VERSION } from './onnx/export.js';
export type { OnnxExportOptions, InputNormalization } from './onnx/export.js';
export { onnxActivationNames } from './onnx/activation-ops.js';
export type { OnnxModel, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo, OnnxAttribute, OnnxElemType } from './onnx/onnx-messages.js';
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

// Model files to ONNX: a model's preprocessing as export options (input scaling in, target standardization undone out).
export { onnxPreprocessingOptions } from './onnx/preprocessing-options.js';
export type { OnnxPreprocessingOptions } from './onnx/preprocessing-options.js';
export type { OutputDenormalization } from './onnx/export.js';

// Shapes (issue #13): the layer contract's shapes, and the layers that only change them.
export { Flatten } from './nn/flatten.js';
export type { FlattenOptions } from './nn/flatten.js';
export { Reshape } from './nn/reshape.js';
export type { ReshapeOptions } from './nn/reshape.js';
export { shapeSize, formatShape, sameShape, requireShape } from './nn/shape.js';
export type { Shape } from './nn/shape.js';
export type { FlattenLayerSpec, ReshapeLayerSpec } from './nn/network.js';
export type { LayerShapeTrace } from './explain/trace.js';
