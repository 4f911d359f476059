import type { NetworkSpec } from '../nn/network-spec.js';

/**
 * The network `neurite train` (and `trainImageModel`) builds for an image source: one function, so the
 * default is decided in one place. The input is one image of `shape` ([height, width, channels]); the output
 * is `classes` softmax probabilities.
 *
 * For now: flatten → dense 64 ReLU → dense `classes` softmax, a dense network that runs everywhere.
 * The integrator replaces this body by the small CNN of the image-layer API (conv 5×5 ×8 same ReLU →
 * max-pool 2 → conv 5×5 ×16 same ReLU → max-pool 2 → flatten → dense softmax) once those layers land;
 * the signature stays.
 *
 * @example
 * ```ts
 * import { Network, defaultImageNetwork } from 'neurite';
 * const network = Network.create({ ...defaultImageNetwork([16, 16, 1], 4), seed: 1 });
 * console.log(network.inputShape, network.outputSize); // [16, 16, 1] 4
 * ```
 */
export function defaultImageNetwork(shape: readonly [number, number, number], classes: number): NetworkSpec {
  return {
    inputShape: [...shape],
    layers: [{ type: 'flatten' }, { units: 64, activation: 'relu' }, { units: classes, activation: 'softmax' }],
  };
}
