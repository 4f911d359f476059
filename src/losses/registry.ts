import { Registry } from '../registry.js';
import type { Loss, LossSpec } from './loss.js';
import { BinaryCrossEntropy, type CrossEntropyOptions } from './binary-crossentropy.js';
import { CategoricalCrossEntropy } from './categorical-crossentropy.js';
import { Huber, type HuberOptions } from './huber.js';
import { MeanAbsoluteError } from './mae.js';
import { MeanSquaredError } from './mse.js';

/** Names → loss factories: the one table used by model files and the command line. */
const registry = new Registry<Loss>('loss', (v) => typeof (v as Loss).forward === 'function', {
  mse: () => new MeanSquaredError(),
  mae: () => new MeanAbsoluteError(),
  huber: (spec) => new Huber(spec as HuberOptions),
  binary_crossentropy: (spec) => new BinaryCrossEntropy(spec as CrossEntropyOptions),
  categorical_crossentropy: (spec) => new CategoricalCrossEntropy(spec as CrossEntropyOptions),
});

export type LossLike = Loss | string | LossSpec;

export function registerLoss(name: string, factory: (spec: LossSpec) => Loss): void {
  registry.register(name, factory);
}

export function lossNames(): string[] {
  return registry.names();
}

export function resolveLoss(value: LossLike): Loss {
  return registry.resolve(value);
}
