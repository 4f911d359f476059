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

/** Anything that names a loss: a {@link Loss} object, a name (`'mse'`), or a spec with options. */
export type LossLike = Loss | string | LossSpec;

/** Adds (or replaces) a loss in the name table. */
export function registerLoss(name: string, factory: (spec: LossSpec) => Loss): void {
  factories[name] = factory;
}

/** The names the loss table knows: 'mse', 'mae', 'huber', 'binary_crossentropy', 'categorical_crossentropy'. */
export function lossNames(): string[] {
  return Object.keys(factories);
}

/**
 * A {@link Loss} passes through; a name or a spec is built from the table (unknown names: INVALID_ARGUMENT).
 *
 * @example
 * ```ts
 * import { resolveLoss } from 'neurite';
 * const huber = resolveLoss({ name: 'huber', delta: 2 });
 * console.log(huber.name); // 'huber'
 * ```
 */
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
