import { activationNames, lossNames, resolveActivation, type NetworkSpec } from '../../../src/index.js';
import type { PreparedData } from './datasets.js';
import { optimizerNames } from './optimizers.js';
import type { Choices, Settings } from './settings.js';
import type { TrainerConfig } from './trainer.js';

/** What the page offers, read from the library's registries (new activations and losses appear by themselves). */
export function choices(): Choices {
  return {
    // Softmax couples a layer's neurons; it belongs on the output, not in hidden layers.
    activations: activationNames().filter((name) => resolveActivation(name).elementwise),
    losses: lossNames(),
    optimizers: optimizerNames(),
  };
}

/** The output layer: one sigmoid neuron for two classes; k softmax neurons for k > 2 (sigmoid until softmax exists). */
export function outputLayer(classes: number): { units: number; activation: string } {
  if (classes <= 2) return { units: 1, activation: 'sigmoid' };
  return { units: classes, activation: activationNames().includes('softmax') ? 'softmax' : 'sigmoid' };
}

export function networkSpec(settings: Settings, data: PreparedData): NetworkSpec {
  return {
    inputs: 2,
    layers: [...settings.hidden.map((units) => ({ units, activation: settings.activation })), outputLayer(data.labels.length)],
    seed: settings.seed,
    dtype: 'float32',
  };
}

export function trainerConfig(settings: Settings, data: PreparedData): TrainerConfig {
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
    loss: settings.loss,
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    regularization: settings.regularization,
    regularizationRate: settings.regularizationRate,
    batchSize: settings.batchSize,
    seed: settings.seed,
    epochs: settings.epochs,
  };
}
