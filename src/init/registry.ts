import { Registry } from '../registry.js';
import { Normal, Zeros } from './basic.js';
import { GlorotNormal, GlorotUniform } from './glorot.js';
import { HeNormal, HeUniform } from './he.js';
import type { Initializer, InitializerSpec } from './initializer.js';
import { Uniform, type UniformOptions } from './uniform.js';

const registry = new Registry<Initializer>('initializer', (v) => typeof (v as Initializer).fill === 'function', {
  zeros: () => new Zeros(),
  normal: (spec) => new Normal(spec as { mean?: number; std?: number }),
  uniform: (spec) => new Uniform(spec as UniformOptions),
  glorot_uniform: () => new GlorotUniform(),
  glorot_normal: () => new GlorotNormal(),
  he_uniform: () => new HeUniform(),
  he_normal: () => new HeNormal(),
});

/** Anything that names an initializer: an {@link Initializer} object, a name (`'he_normal'`), or a spec with options. */
export type InitializerLike = Initializer | string | InitializerSpec;

/** Adds (or replaces) an initializer in the name table. */
export function registerInitializer(name: string, factory: (spec: InitializerSpec) => Initializer): void {
  registry.register(name, factory);
}

/** The names the initializer table knows: 'zeros', 'normal', 'glorot_uniform', ... */
export function initializerNames(): string[] {
  return registry.names();
}

/** An {@link Initializer} passes through; a name or a spec is built from the table (unknown names: INVALID_ARGUMENT). */
export function resolveInitializer(value: InitializerLike): Initializer {
  return registry.resolve(value);
}
