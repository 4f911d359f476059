/**
 * `neurite`: networks, their parts, training and model files, grouped by concept. Types are exported apart
 * with `export type`. The optional parts have entries of their own, so this one stays small: `neurite/data`
 * (CSV, tables, preprocessing, splits, generated data sets), `neurite/onnx` (ONNX export), `neurite/explain`
 * (the chain-rule trace), `neurite/seed` (the article's companion) and, in Node, `neurite/threads`.
 *
 * @module neurite
 */

// Tensor: the one data structure, a typed array with a shape, [rows = samples × cols = features].
export { Matrix, allocate } from './tensor/matrix.js';
export type { DType, FloatArray } from './tensor/matrix.js';

// Layers & network: the seed's neuron, Dense, Dropout, Flatten and Reshape, shapes, the network, L1/L2 penalties, gradient checks.
export { Neuron } from './nn/neuron.js';
export { Dense } from './nn/dense.js';
export type { DenseOptions } from './nn/dense.js';
export { Dropout } from './nn/dropout.js';
export type { DropoutOptions } from './nn/dropout.js';
export { Flatten } from './nn/flatten.js';
export type { FlattenOptions } from './nn/flatten.js';
export { Reshape } from './nn/reshape.js';
export type { ReshapeOptions } from './nn/reshape.js';
export { Conv2D } from './nn/conv2d.js';
export type { Conv2DOptions } from './nn/conv2d.js';
export type { Conv2DLayerSpec } from './nn/conv2d-type.js';
export type { Padding, Pair, WindowGeometry } from './nn/conv-geometry.js';
export { MaxPool2D } from './nn/max-pool2d.js';
export { AvgPool2D } from './nn/avg-pool2d.js';
export type { Pool2DOptions } from './nn/pool2d.js';
export { GlobalAvgPool2D } from './nn/global-avg-pool2d.js';
export type { GlobalAvgPool2DOptions } from './nn/global-avg-pool2d.js';
export { BatchNorm } from './nn/batch-norm.js';
export type { BatchNormOptions } from './nn/batch-norm.js';
export { Recurrent } from './nn/recurrent.js';
export type { RecurrentOptions, RecurrentGradients } from './nn/recurrent.js';
export type { RecurrentRun } from './nn/recurrent-buffers.js';
export { SimpleRNN } from './nn/simple-rnn.js';
export type { SimpleRNNOptions } from './nn/simple-rnn.js';
export { LSTM } from './nn/lstm.js';
export { GRU } from './nn/gru.js';
export type { GRUOptions } from './nn/gru.js';
export type { SimpleRNNLayerSpec, LSTMLayerSpec, GRULayerSpec } from './nn/recurrent-type.js';
export { Embedding } from './nn/embedding.js';
export type { EmbeddingOptions } from './nn/embedding.js';
export type { EmbeddingLayerSpec } from './nn/embedding-type.js';
export { TimeDistributed } from './nn/time-distributed.js';
export type { TimeDistributedOptions } from './nn/time-distributed.js';
export type { TimeDistributedLayerSpec } from './nn/time-distributed-type.js';
export { textLayers, TEXT_NETWORK } from './model/text-network.js';
export { Network } from './nn/network.js';
export type {
  NetworkSpec,
  LayerSpec,
  DenseLayerSpec,
  DropoutLayerSpec,
  FlattenLayerSpec,
  ReshapeLayerSpec,
  Pool2DLayerSpec,
  GlobalAvgPool2DLayerSpec,
  BatchNormLayerSpec,
  NetworkJSON,
  ParameterUpdater,
} from './nn/network.js';
export { shapeSize, formatShape, sameShape, requireShape } from './nn/shape.js';
export type { Shape } from './nn/shape.js';
export type { Layer, LayerJSON, Parameter, StateArray, ForwardContext, BackwardContext } from './nn/layer.js';
export { penalty, addPenaltyGradient } from './nn/regularization.js';
export type { Regularization } from './nn/regularization.js';
export { gradientCheck, gradientCheckExitCode } from './nn/gradient-check.js';
export type { GradientCheckOptions, GradientCheckResult, ParameterCheck, LayerCheck } from './nn/gradient-check.js';
export { checkNetworkGradients } from './nn/check-network.js';
export type { NetworkCheckOptions, NetworkCheckResult } from './nn/check-network.js';
export type { Spec } from './registry.js';

// Activations: f and f' for each, and the name table ('relu', 'leaky_relu', ...).
export { Sigmoid, sigmoid, sigmoidDerivative } from './activations/sigmoid.js';
export { Linear } from './activations/linear.js';
export { Tanh } from './activations/tanh.js';
export { ReLU } from './activations/relu.js';
export { LeakyReLU } from './activations/leaky-relu.js';
export type { LeakyReLUOptions } from './activations/leaky-relu.js';
export { ELU } from './activations/elu.js';
export type { ELUOptions } from './activations/elu.js';
export { Softplus, softplus, stableSigmoid } from './activations/softplus.js';
export { GELU, gelu, geluDerivative } from './activations/gelu.js';
export { Softmax, logSoftmax, logSumExp } from './activations/softmax.js';
export { resolveActivation, registerActivation, activationNames } from './activations/registry.js';
export type { Activation, ActivationSpec } from './activations/activation.js';
export type { ActivationLike } from './activations/registry.js';

// Losses: L and ∂L/∂y_pred, and the name table ('mean_squared_error', 'binary_cross_entropy', ...).
export { MeanSquaredError, mseLoss } from './losses/mse.js';
export { MeanAbsoluteError } from './losses/mae.js';
export { Huber } from './losses/huber.js';
export type { HuberOptions } from './losses/huber.js';
export { BinaryCrossEntropy } from './losses/binary-crossentropy.js';
export type { CrossEntropyOptions } from './losses/binary-crossentropy.js';
export { CategoricalCrossEntropy } from './losses/categorical-crossentropy.js';
export { resolveLoss, registerLoss, lossNames } from './losses/registry.js';
export type { Loss, LossSpec } from './losses/loss.js';
export type { LossLike } from './losses/registry.js';

// Initializers: the seeded generator and the first weights.
export { Rng } from './init/rng.js';
export type { RngState } from './init/rng.js';
export { Zeros, Normal } from './init/basic.js';
export { Uniform } from './init/uniform.js';
export type { UniformOptions } from './init/uniform.js';
export { GlorotUniform, GlorotNormal } from './init/glorot.js';
export { HeUniform, HeNormal } from './init/he.js';
export { defaultInitializerFor } from './init/defaults.js';
export { resolveInitializer, registerInitializer, initializerNames } from './init/registry.js';
export type { Initializer, InitializerSpec } from './init/initializer.js';
export type { InitializerLike } from './init/registry.js';

// Optimizers & schedules: the update rules (each also as a plain function), learning-rate schedules, clipping.
export { SGD, sgdUpdate, sgdMomentumUpdate } from './optim/sgd.js';
export type { SGDOptions } from './optim/sgd.js';
export { AdaGrad, adagradUpdate } from './optim/adagrad.js';
export type { AdaGradOptions } from './optim/adagrad.js';
export { RMSProp, rmspropUpdate } from './optim/rmsprop.js';
export type { RMSPropOptions } from './optim/rmsprop.js';
export { Adam, adamUpdate } from './optim/adam.js';
export type { AdamOptions } from './optim/adam.js';
export { AdamW, adamwUpdate } from './optim/adamw.js';
export type { AdamWOptions } from './optim/adamw.js';
export { BaseOptimizer } from './optim/base.js';
export type { SlotSpec } from './optim/base.js';
export type { Optimizer, OptimizerSpec, OptimizerState, ParameterStateJSON } from './optim/optimizer.js';
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

// Training: the fit loop, evaluation, early stopping, the learning-rate finder.
export { fit } from './train/fit.js';
export type { FitOptions, FitResult, FitCallbacks, EpochLog, BatchInfo } from './train/fit.js';
export { evaluate, predictClasses } from './train/evaluate.js';
export type { EvaluateOptions, EvaluateResult } from './train/evaluate.js';
export { EarlyStopping } from './train/early-stopping.js';
export type { EarlyStoppingOptions, EarlyStoppingState } from './train/early-stopping.js';
export { findLearningRate } from './train/lr-finder.js';
export type { LearningRateFinderOptions, LearningRateFinderResult, LearningRatePoint } from './train/lr-finder.js';
export { yieldToEventLoop } from './train/yield.js';
export type { MatrixLike } from './train/data.js';

// Metrics: the name table fit's `metrics: [...]` resolves through, and the functions on whole arrays.
export { resolveMetric, registerMetric, metricNames, createMetric } from './metrics/metric.js';
export type { Metric, MetricDefinition, MetricAccumulator, MetricLike, MetricName } from './metrics/metric.js';
export { accuracy, classificationReport, scoresFromConfusion } from './metrics/classification.js';
export type { ClassScores, ClassificationReport } from './metrics/classification.js';
export { confusionMatrix } from './metrics/confusion.js';
export { meanAbsoluteError, rootMeanSquaredError, r2Score } from './metrics/regression.js';
export { toClassIndices, classOfRow } from './metrics/labels.js';
export type { ClassIndexOptions } from './metrics/labels.js';

// Model files: one validated JSON document with the network, its preprocessing and training metadata.
export { serializeModel, parseModel, MODEL_FORMAT, MODEL_FORMAT_VERSION } from './io/model-file.js';
export type { Model as ModelParts, TrainingInfo, ModelFileJSON, ParseModelOptions } from './io/model-file.js';
export { DEFAULT_MODEL_LIMITS } from './io/limits.js';
export type { ModelLimits } from './io/limits.js';
export { parseJsonStrict, FORBIDDEN_KEYS } from './io/json-safety.js';
// Models: raw records in, predictions out (network, preprocessing and labels in one object), trained in one call.
export { Model } from './model/model.js';
export type { ClassPrediction, ValuePrediction, Prediction } from './model/model.js';
export type { ModelRecord, PredictOptions } from './model/records.js';
export { trainModel } from './model/train-model.js';
export type { TrainingData } from './model/train-model.js';
export { trainImageModel, IMAGE_TRAIN_DEFAULTS } from './model/train-image-model.js';
export type { TrainImageModelOptions } from './model/train-image-model.js';
export { autoFit, searchTraining } from './model/auto-fit.js';
export type { AutoFitOptions, SearchTrainingResult } from './model/auto-fit.js';
export type { SearchOptions, SearchReport } from './model/search.js';
export { defaultCandidates, searchSchedule, CROSS_VALIDATION_ROWS } from './model/search-candidates.js';
export type { SearchCandidate, SearchSchedule } from './model/search-candidates.js';
export { defaultBudget, MAX_BUDGET } from './model/search-budget.js';
export type { CandidateResult } from './model/search-score.js';
export type { SearchSummary } from './model/search-summary.js';
export { defaultImageNetwork, imageNetwork, IMAGE_NETWORKS } from './model/default-image-network.js';
export type { ImageNetworkName, ImageNetworkLayers } from './model/default-image-network.js';
export { TRAIN_MODEL_DEFAULTS } from './model/train-options.js';
export type { TrainModelOptions, TrainModelSettings } from './model/train-options.js';

// Backends: where the arithmetic runs (the WebAssembly SIMD backend by default where supported, else JavaScript).
export { getBackend, setBackend, registerBackend, backendNames, findBackend, jsBackend } from './backend/index.js';
export type { Backend, DenseRowLayer, DenseRowRun, ThreadPool, Threading } from './backend/backend.js';
export { createWasmBackend, wasmSimdSupported } from './backend/wasm/wasm-backend.js';
export type { WasmBackendOptions } from './backend/wasm/wasm-backend.js';

// Errors: every failure is a NeuriteError with a code saying what, and details saying where.
export { NeuriteError, isNeuriteError } from './errors.js';
export type { ErrorCode, ErrorDetails } from './errors.js';

// Time series: windows → a recurrent forecaster, scored beside the naive forecasts (docs/forecasting.md).
export { SeriesModel, type SeriesModelJSON, type SeriesEvaluation, type SeriesForecast } from './model/series-model.js';
export { trainSeriesModel, type TrainSeriesOptions, type TrainSeriesResult, type SeriesSplit } from './model/train-series.js';
export { seriesNetworkSpec, type SeriesNetworkName, type SeriesNetworkOptions } from './model/series-network.js';
export { scoreForecasts, type ForecastScores, type ForecastError } from './model/series-baselines.js';
export type { SeriesSpec } from './model/series-spec.js';

// Text: character-level models and seeded generation (docs/text-generation.md).
export { trainTextModel, TEXT_TRAIN_DEFAULTS } from './model/train-text-model.js';
export type { TrainTextModelOptions } from './model/train-text-model.js';
export { generateText, sampleCharacter, MAX_GENERATED_CHARACTERS } from './model/generate-text.js';
export type { GenerateTextOptions, GeneratedText } from './model/generate-text.js';
export { textModelParts } from './model/text-model.js';
export type { TextModelInfo } from './model/text-model.js';
