import { NeuriteError, describe } from '../errors.js';
import type { Loss, LossSpec } from './loss.js';
import { BinaryCrossEntropy, type CrossEntropyOptions } from './binary-crossentropy.js';
import { CategoricalCrossEntropy } from './categorical-crossentropy.js';
import { Huber, type HuberOptions } from './huber.js';
import { MeanAbsoluteError } from './mae.js';
import { MeanSquaredError } from './mse.js';

/** Names → loss factories: the one table used by model files and the command line. */
const factories: Record<string, (spec: LossSpec) => Loss> = {
  mse: () => new MeanSquaredError(),
  mae: () => new MeanAbsoluteError(),
  huber: (spec) => new Huber(spec as HuberOptions),
  binary_crossentropy: (spec) => new BinaryCrossEntropy(spec as CrossEntropyOptions),
  categorical_crossentropy: (spec) => new CategoricalCrossEntropy(spec as CrossEntropyOptions),
};

export type LossLike = Loss | string | LossSpec;

export function registerLoss(name: string, factory: (spec: LossSpec) => Loss): void {
  factories[name] = factory;
}

export function lossNames(): string[] {
  return Object.keys(factories);
}

export function resolveLoss(value: LossLike): Loss {
  if (typeof value === 'object' && value !== null && typeof (value as Loss).forward === 'function') return value as Loss;
  const spec: LossSpec = typeof value === 'string' ? { name: value } : (value as LossSpec);
  const name = spec?.name;
  const factory = typeof name === 'string' && Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (!factory) {
    throw new NeuriteError('INVALID_ARGUMENT', `Unknown loss ${describe(name ?? value)}; expected one of: ${lossNames().join(', ')}`, {
      field: 'loss',
      expected: lossNames(),
      actual: name ?? value,
    });
  }
  return factory(spec);
}
