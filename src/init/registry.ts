import { NeuriteError, describe } from '../errors.js';
import { Normal, Zeros } from './basic.js';
import { GlorotNormal, GlorotUniform } from './glorot.js';
import { HeNormal, HeUniform } from './he.js';
import type { Initializer, InitializerSpec } from './initializer.js';
import { Uniform, type UniformOptions } from './uniform.js';

const factories: Record<string, (spec: InitializerSpec) => Initializer> = {
  zeros: () => new Zeros(),
  normal: (spec) => new Normal(spec as { mean?: number; std?: number }),
  uniform: (spec) => new Uniform(spec as UniformOptions),
  glorot_uniform: () => new GlorotUniform(),
  glorot_normal: () => new GlorotNormal(),
  he_uniform: () => new HeUniform(),
  he_normal: () => new HeNormal(),
};

/** Anything that names an initializer: an {@link Initializer} object, a name (`'he_normal'`), or a spec with options. */
export type InitializerLike = Initializer | string | InitializerSpec;

/** Adds (or replaces) an initializer in the name table. */
export function registerInitializer(name: string, factory: (spec: InitializerSpec) => Initializer): void {
  factories[name] = factory;
}

/** The names the initializer table knows: 'zeros', 'normal', 'glorot_uniform', ... */
export function initializerNames(): string[] {
  return Object.keys(factories);
}

/** An {@link Initializer} passes through; a name or a spec is built from the table (unknown names: INVALID_ARGUMENT). */
export function resolveInitializer(value: InitializerLike): Initializer {
  if (typeof value === 'object' && value !== null && typeof (value as Initializer).fill === 'function') return value as Initializer;
  const spec: InitializerSpec = typeof value === 'string' ? { name: value } : (value as InitializerSpec);
  const name = spec?.name;
  const factory = typeof name === 'string' && Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (!factory) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `Unknown initializer ${describe(name ?? value)}; expected one of: ${initializerNames().join(', ')}`,
      { field: 'initializer', expected: initializerNames(), actual: name ?? value },
    );
  }
  return factory(spec);
}
