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
export type { ExplainFormatOptions } from './explain/format-common.js';
export { seedWorkedExample, ALICE } from './explain/worked-example.js';
export { gradientCheckExitCode } from './nn/gradient-check.js';
export type { LayerCheck } from './nn/gradient-check.js';
export { checkNetworkGradients } from './nn/check-network.js';
export type { NetworkCheckOptions, NetworkCheckResult } from './nn/check-network.js';
