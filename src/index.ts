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

// Training: the fit loop, evaluation, early stopping, metrics accumulated per batch.
export { fit } from './train/fit.js';
export type { FitOptions, FitResult, FitCallbacks, EpochLog, BatchInfo } from './train/fit.js';
export { evaluate, predictClasses } from './train/evaluate.js';
export type { EvaluateOptions, EvaluateResult } from './train/evaluate.js';
export { EarlyStopping } from './train/early-stopping.js';
export type { EarlyStoppingOptions } from './train/early-stopping.js';
export { createMetric, classOfRow } from './train/metric.js';
export type { MetricAccumulator, MetricName } from './train/metric.js';
export { yieldToEventLoop } from './train/yield.js';
export type { MatrixLike } from './train/data.js';
export { findLearningRate } from './train/lr-finder.js';
export type { LearningRateFinderOptions, LearningRateFinderResult, LearningRatePoint } from './train/lr-finder.js';

// Generated data sets for examples, tests and the playground.
export { xor, circles, moons, spirals, blobs, encodeLabels } from './data/synthetic.js';
export type { Dataset2D, SyntheticOptions } from './data/synthetic.js';

// ONNX export: a network as an ONNX model (opset 13) for ONNX Runtime, TensorRT, OpenVINO and other engines.
export { exportOnnx, buildOnnxModel, ONNX_OPSET, ONNX_IR_VERSION } from './onnx/export.js';
export type { OnnxExportOptions, InputNormalization } from './onnx/export.js';
export { onnxActivationNames } from './onnx/activation-ops.js';
export type { OnnxModel, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo, OnnxAttribute, OnnxElemType } from './onnx/onnx-messages.js';
