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

/** Anything that names a loss: a {@link Loss} object, a name (`'mse'`), or a spec with options. */
export type LossLike = Loss | string | LossSpec;

/**
 * Adds (or replaces) a loss in the name table.
 *
 * @example
 * ```ts
 * import { Huber, Network, fit, registerLoss } from 'neurite';
 * registerLoss('smooth_l1', () => new Huber({ delta: 1 })); // PyTorch's name for it
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1]], [[1], [3]], { epochs: 3, loss: 'smooth_l1' });
 * ```
 */
export function registerLoss(name: string, factory: (spec: LossSpec) => Loss): void {
  registry.register(name, factory);
}

/**
 * The names the loss table knows: 'mse', 'mae', 'huber', 'binary_crossentropy', 'categorical_crossentropy'.
 *
 * @example
 * ```ts
 * import { lossNames } from 'neurite';
 * console.log(lossNames()); // ['mse', 'mae', 'huber', 'binary_crossentropy', 'categorical_crossentropy']
 * ```
 */
export function lossNames(): string[] {
  return registry.names();
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
  return registry.resolve(value);
}
