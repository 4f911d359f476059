import type { Spec } from '../registry.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { Rng } from './rng.js';

/** Fills a freshly made weight or bias array. fanIn = inputs per neuron, fanOut = neurons in the layer. */
export interface Initializer {
  readonly name: string;
  fill(out: FloatArray, fanIn: number, fanOut: number, rng: Rng): void;
  toJSON(): InitializerSpec;
}

/** An initializer by name with its options, as JSON stores it: `{ name: 'normal', std: 0.1 }`. */
export type InitializerSpec = Spec;
