import { Registry } from '../registry.js';
import type { Activation, ActivationSpec } from './activation.js';
import { ELU, type ELUOptions } from './elu.js';
import { GELU } from './gelu.js';
import { LeakyReLU, type LeakyReLUOptions } from './leaky-relu.js';
import { Linear } from './linear.js';
import { ReLU } from './relu.js';
import { Sigmoid } from './sigmoid.js';
import { Softmax } from './softmax.js';
import { Softplus } from './softplus.js';
import { Tanh } from './tanh.js';

/** Names → activation factories; each name is its class's in snake_case (`LeakyReLU` → 'leaky_relu'). */
const registry = /* @__PURE__ */ new Registry<(spec: ActivationSpec) => Activation>('activation', {
  sigmoid: () => new Sigmoid(),
  linear: () => new Linear(),
  tanh: () => new Tanh(),
  relu: () => new ReLU(),
  leaky_relu: (spec) => new LeakyReLU(spec as LeakyReLUOptions),
  elu: (spec) => new ELU(spec as ELUOptions),
  softplus: () => new Softplus(),
  gelu: () => new GELU(),
  softmax: () => new Softmax(),
});

/** Anything that names an activation: an {@link Activation} object, a name (`'relu'`), or a spec with options. */
export type ActivationLike = Activation | string | ActivationSpec;

/**
 * Adds (or replaces) an activation in the name table, so layer specs and model files can name it.
 *
 * @example
 * ```ts
 * import { LeakyReLU, Network, registerActivation } from 'neurite';
 * // A name of your own (for model files and the command line): here a leaky ReLU with slope 0.2.
 * registerActivation('leaky_relu_02', () => new LeakyReLU({ slope: 0.2 }));
 * const network = Network.create({ inputs: 2, layers: [{ units: 4, activation: 'leaky_relu_02' }, { units: 1 }] });
 * ```
 */
export function registerActivation(name: string, factory: (spec: ActivationSpec) => Activation): void {
  registry.register(name, factory);
}

/**
 * The names the activation table knows: 'sigmoid', 'relu', 'tanh', ...
 *
 * @example
 * ```ts
 * import { activationNames } from 'neurite';
 * console.log(activationNames()); // ['sigmoid', 'linear', 'tanh', 'relu', 'leaky_relu', 'elu', 'softplus', 'gelu', 'softmax']
 * ```
 */
export function activationNames(): string[] {
  return registry.names();
}

/**
 * An {@link Activation} passes through; a name or a spec is built from the table. Unknown names are an INVALID_ARGUMENT error listing the known ones.
 *
 * @example
 * ```ts
 * import { resolveActivation } from 'neurite';
 * const relu = resolveActivation('relu');
 * const leaky = resolveActivation({ name: 'leaky_relu', slope: 0.1 });
 * console.log(relu.f(-2), leaky.f(-2)); // 0 -0.2
 * ```
 */
export function resolveActivation(value: ActivationLike): Activation {
  return registry.resolve(value, (v) => typeof (v as Activation).forward === 'function');
}
