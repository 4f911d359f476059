import { Registry } from '../registry.js';
import { Normal, Zeros } from './basic.js';
import { GlorotNormal, GlorotUniform } from './glorot.js';
import { HeNormal, HeUniform } from './he.js';
import type { Initializer, InitializerSpec } from './initializer.js';
import { Uniform, type UniformOptions } from './uniform.js';

/** Names → initializer factories; each name is its class's in snake_case (`GlorotUniform` → 'glorot_uniform'). */
const registry = /* @__PURE__ */ new Registry<(spec: InitializerSpec) => Initializer>('initializer', {
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

/**
 * Adds (or replaces) an initializer in the name table.
 *
 * @example
 * ```ts
 * import { Network, Uniform, registerInitializer } from 'neurite';
 * registerInitializer('small_uniform', () => new Uniform({ low: -0.01, high: 0.01 }));
 * const network = Network.create({ inputs: 2, layers: [{ units: 2 }], initializer: 'small_uniform' });
 * ```
 */
export function registerInitializer(name: string, factory: (spec: InitializerSpec) => Initializer): void {
  registry.register(name, factory);
}

/**
 * The names the initializer table knows: 'zeros', 'normal', 'glorot_uniform', ...
 *
 * @example
 * ```ts
 * import { initializerNames } from 'neurite';
 * console.log(initializerNames()); // ['zeros', 'normal', 'uniform', 'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal']
 * ```
 */
export function initializerNames(): string[] {
  return registry.names();
}

/**
 * An {@link Initializer} passes through; a name or a spec is built from the table (unknown names: INVALID_ARGUMENT).
 *
 * @example
 * ```ts
 * import { resolveInitializer } from 'neurite';
 * console.log(resolveInitializer('he_normal').name, resolveInitializer({ name: 'uniform', low: -1, high: 1 }).toJSON()); // he_normal { name: 'uniform', low: -1, high: 1 }
 * ```
 */
export function resolveInitializer(value: InitializerLike): Initializer {
  return registry.resolve(value, (v) => typeof (v as Initializer).fill === 'function');
}
