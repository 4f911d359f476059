import { NeuriteError, describe } from '../errors.js';
import type { Activation, ActivationSpec } from './activation.js';
import { Linear } from './linear.js';
import { Sigmoid } from './sigmoid.js';

/**
 * Names → activation factories. The one table that maps strings (model files, the command line) to classes;
 * the core otherwise passes Activation objects around.
 */
const factories: Record<string, (spec: ActivationSpec) => Activation> = {
  sigmoid: () => new Sigmoid(),
  linear: () => new Linear(),
};

export type ActivationLike = Activation | string | ActivationSpec;

export function registerActivation(name: string, factory: (spec: ActivationSpec) => Activation): void {
  factories[name] = factory;
}

export function activationNames(): string[] {
  return Object.keys(factories);
}

export function resolveActivation(value: ActivationLike): Activation {
  if (typeof value === 'object' && value !== null && typeof (value as Activation).forward === 'function') {
    return value as Activation;
  }
  const spec: ActivationSpec = typeof value === 'string' ? { name: value } : (value as ActivationSpec);
  const name = spec?.name;
  const factory = typeof name === 'string' && Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (!factory) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `Unknown activation ${describe(name ?? value)}; expected one of: ${activationNames().join(', ')}`,
      { field: 'activation', expected: activationNames(), actual: name ?? value },
    );
  }
  return factory(spec);
}
