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

/**
 * Names → activation factories. The one table that maps strings (model files, the command line) to classes;
 * the core otherwise passes Activation objects around.
 */
const registry = new Registry<Activation>('activation', (v) => typeof (v as Activation).forward === 'function', {
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

export type ActivationLike = Activation | string | ActivationSpec;

export function registerActivation(name: string, factory: (spec: ActivationSpec) => Activation): void {
  registry.register(name, factory);
}

export function activationNames(): string[] {
  return registry.names();
}

export function resolveActivation(value: ActivationLike): Activation {
  return registry.resolve(value);
}
