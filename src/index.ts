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

// Performance: the WebAssembly SIMD backend (the default where supported) and backend helpers.
export { findBackend, allocateFor } from './backend/index.js';
export { createWasmBackend, wasmSimdSupported } from './backend/wasm/wasm-backend.js';
export type { WasmBackendOptions } from './backend/wasm/wasm-backend.js';

export { GENDER_SHIFT, GENDER_LABELS, shiftPerson, trainSeedNetwork, predictFemale } from './seed/gender.js';
export type { Person, SeedTrainingOptions } from './seed/gender.js';

export { gradientCheck } from './nn/gradient-check.js';
export type { GradientCheckOptions, GradientCheckResult, ParameterCheck } from './nn/gradient-check.js';
