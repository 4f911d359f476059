import { activationNames, lossNames, optimizerNames, resolveActivation, type NetworkSpec, type Regularization } from '../../../src/index.js';
import type { PreparedData } from './datasets.js';
import { AUTO_LOSS, type Choices, type Settings } from './settings.js';
import type { TrainerConfig } from './trainer.js';

/** What the page offers, read from the library's registries (new activations, losses and optimizers appear by themselves). */
export function choices(): Choices {
  return {
    // Softmax couples a layer's neurons; it belongs on the output, not in hidden layers.
    activations: activationNames().filter((name) => resolveActivation(name).elementwise),
    losses: [AUTO_LOSS, ...lossNames()],
    optimizers: optimizerNames(),
  };
}

/** The data's fitted preprocessing: all that the output layer, the loss and the model file need of it (points or images). */
export type Encoded = Pick<PreparedData, 'preprocessor'>;

/** The output layer follows the preprocessing: one sigmoid neuron for a single 0/1 output, else softmax over the classes. */
export function outputLayer(data: Encoded): { units: number; activation: string } {
  const units = data.preprocessor.outputWidth;
  return { units, activation: units === 1 ? 'sigmoid' : 'softmax' };
}

/**
 * The loss to train with: the setting, or for `auto` the cross-entropy fused with the output layer's
 * activation (binary with one sigmoid output, categorical with softmax).
 */
export function lossFor(settings: Settings, data: Encoded): string {
  if (settings.loss !== AUTO_LOSS) return settings.loss;
  return outputLayer(data).units === 1 ? 'binary_cross_entropy' : 'categorical_cross_entropy';
}

/** The library's `fit` option: λ₁·Σ|w| or (λ₂/2)·Σw² on the weights (src/nn/regularization.ts); none when off. */
export function regularizationFor(settings: Settings): Regularization | null {
  if (settings.regularization === 'none' || settings.regularizationRate === 0) return null;
  return { [settings.regularization]: settings.regularizationRate };
}

export function networkSpec(settings: Settings, data: PreparedData): NetworkSpec {
  return {
    inputs: 2,
    layers: [...settings.hidden.map((units) => ({ units, activation: settings.activation })), outputLayer(data)],
    seed: settings.seed,
    dtype: 'float32',
  };
}

/** Everything the training worker needs, as plain data; `grid` is the map's points as network inputs. */
export function trainerConfig(settings: Settings, data: PreparedData, grid: number[][] = []): TrainerConfig {
  const pick = (val: boolean) => {
    const x: number[][] = [];
    const y: number[][] = [];
    data.isValidation.forEach((v, i) => {
      if (v === val) {
        x.push(data.x[i]!);
        y.push(data.y[i]!);
      }
    });
    return { x, y };
  };
  const train = pick(false);
  const validation = data.isValidation.some(Boolean) ? pick(true) : null;
  return {
    spec: networkSpec(settings, data),
    x: train.x,
    y: train.y,
    validation,
    rows: data.x,
    grid,
    loss: lossFor(settings, data),
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    regularization: regularizationFor(settings),
    batchSize: settings.batchSize,
    seed: settings.seed,
    epochs: settings.epochs,
  };
}
