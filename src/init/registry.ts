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

export type InitializerLike = Initializer | string | InitializerSpec;

export function registerInitializer(name: string, factory: (spec: InitializerSpec) => Initializer): void {
  registry.register(name, factory);
}

export function initializerNames(): string[] {
  return registry.names();
}

export function resolveInitializer(value: InitializerLike): Initializer {
  return registry.resolve(value);
}
