import type { ActivationLike } from '../activations/registry.js';
import { GlorotUniform } from './glorot.js';
import { HeUniform } from './he.js';
import type { Initializer } from './initializer.js';

/**
 * Activations that behave like a ReLU: (close to) the identity for z > 0 and (close to) flat for z < 0, so
 * about half of the signal is lost at each layer; He's variance 2 / fanIn compensates. GELU and softplus are
 * smooth ReLUs, ELU and leaky ReLU ReLUs with a small negative side: He fits them far better than Glorot.
 */
const RELU_LIKE = new Set(['relu', 'leaky_relu', 'elu', 'gelu', 'softplus']);

/**
 * The weight initializer a layer gets when none is given, chosen from its activation:
 *   relu, leaky_relu, elu, gelu, softplus → `he_uniform` (variance 2 / fanIn)
 *   sigmoid, tanh, softmax, linear, and anything else → `glorot_uniform` (variance 2 / (fanIn + fanOut))
 * Uniform rather than normal variants: the same variance with no rare large draws.
 * (The seed's demo draws from a standard normal; it asks for `normal` explicitly.)
 *
 * @example
 * ```ts
 * import { defaultInitializerFor } from 'neurite';
 * console.log(defaultInitializerFor('relu').name, defaultInitializerFor('tanh').name); // he_uniform glorot_uniform
 * ```
 */
export function defaultInitializerFor(activation: ActivationLike): Initializer {
  const name = typeof activation === 'string' ? activation : activation?.name;
  return RELU_LIKE.has(name) ? new HeUniform() : new GlorotUniform();
}
