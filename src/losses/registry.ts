import { Registry } from '../registry.js';
import type { Loss, LossSpec } from './loss.js';
import { BinaryCrossEntropy, type CrossEntropyOptions } from './binary-crossentropy.js';
import { CategoricalCrossEntropy } from './categorical-crossentropy.js';
import { Huber, type HuberOptions } from './huber.js';
import { MeanAbsoluteError } from './mae.js';
import { MeanSquaredError } from './mse.js';

/**
 * Names → loss factories: the one table used by model files, the command line and `fit`. Each name is its
 * class's in snake_case (`BinaryCrossEntropy` → 'binary_cross_entropy'); the short and the older names
 * ('mse', 'mae', 'binary_crossentropy', 'categorical_crossentropy') stay readable as aliases.
 */
const registry = /* @__PURE__ */ new Registry<(spec: LossSpec) => Loss>(
  'loss',
  {
    mean_squared_error: () => new MeanSquaredError(),
    mean_absolute_error: () => new MeanAbsoluteError(),
    huber: (spec) => new Huber(spec as HuberOptions),
    binary_cross_entropy: (spec) => new BinaryCrossEntropy(spec as CrossEntropyOptions),
    categorical_cross_entropy: (spec) => new CategoricalCrossEntropy(spec as CrossEntropyOptions),
  },
  {
    mse: 'mean_squared_error',
    mae: 'mean_absolute_error',
    binary_crossentropy: 'binary_cross_entropy',
    categorical_crossentropy: 'categorical_cross_entropy',
  },
);

/** Anything that names a loss: a {@link Loss} object, a name (`'mean_squared_error'`, or its alias `'mse'`), or a spec with options. */
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
 * The canonical names the loss table knows (aliases such as 'mse' resolve too, but are not listed).
 *
 * @example
 * ```ts
 * import { lossNames } from 'neurite';
 * console.log(lossNames()); // ['mean_squared_error', 'mean_absolute_error', 'huber', 'binary_cross_entropy', 'categorical_cross_entropy']
 * ```
 */
export function lossNames(): string[] {
  return registry.names();
}

/**
 * A {@link Loss} passes through; a name, an alias or a spec is built from the table (unknown names: INVALID_ARGUMENT).
 *
 * @example
 * ```ts
 * import { resolveLoss } from 'neurite';
 * const huber = resolveLoss({ name: 'huber', delta: 2 });
 * console.log(huber.name, resolveLoss('mse').name); // 'huber' 'mean_squared_error'
 * ```
 */
export function resolveLoss(value: LossLike): Loss {
  return registry.resolve(value, (v) => typeof (v as Loss).forward === 'function');
}
