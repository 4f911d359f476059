import { NeuriteError, describe } from '../errors.js';
import type { LayerSpec, NetworkSpec } from '../nn/network-spec.js';

/**
 * The image networks `neurite train --network <name>` (and `trainImageModel`'s `network` option) build by name:
 * `cnn` (the default: {@link defaultImageNetwork}), `cnn-bn` (wider, with batch normalization: slower, a
 * little more accurate) and `dense` (flatten → dense 128 ReLU → softmax, the baseline a CNN should beat).
 *
 * @example
 * ```ts
 * import { IMAGE_NETWORKS } from 'neurite';
 * console.log(IMAGE_NETWORKS); // ['cnn', 'cnn-bn', 'dense']
 * ```
 */
export const IMAGE_NETWORKS = ['cnn', 'cnn-bn', 'dense'] as const;

/** One of {@link IMAGE_NETWORKS}. */
export type ImageNetworkName = (typeof IMAGE_NETWORKS)[number];

/**
 * The network `neurite train` (and `trainImageModel`) builds for an image source unless told otherwise: a
 * small CNN scaled to the image. The input is one image of `shape` ([height, width, channels]); the output is
 * `classes` softmax probabilities. With s the smaller side:
 *
 * - s ≥ 16 (MNIST's 28 × 28): conv 3×3 ×16 same ReLU → max-pool 2 → conv 3×3 ×32 same ReLU → max-pool 2 →
 *   flatten → dense 128 ReLU → dropout 0.25 → dense `classes` softmax;
 * - 8 ≤ s < 16: the same with one pooling (after the first conv) and dense 64;
 * - s < 8: one conv 3×3 ×16 same ReLU, no pooling, dense 64.
 *
 * Each pooling halves the side, so the last feature map keeps at least 4 × 4 cells of a 16 px image.
 * About 207,000 parameters and 1.2 million multiply-adds per 28 × 28 image; see docs/images.md.
 *
 * @example
 * ```ts
 * import { Network, defaultImageNetwork } from 'neurite';
 * const network = Network.create({ ...defaultImageNetwork([16, 16, 1], 4), seed: 1 });
 * console.log(network.inputShape, network.outputSize); // [16, 16, 1] 4
 * console.log(network.layers.map((layer) => layer.type).join(' ')); // conv2d maxPool2d conv2d maxPool2d flatten dense dropout dense
 * ```
 */
export function defaultImageNetwork(shape: readonly [number, number, number], classes: number): NetworkSpec {
  return imageNetwork('cnn', shape, classes);
}

/**
 * The image network of a name in {@link IMAGE_NETWORKS} for images of `shape` and `classes` classes.
 * `cnn-bn` is `cnn` with twice the filters (32, 64), each conv's ReLU followed by batch normalization, and
 * dropout 0.3; `dense` is flatten → dense 128 ReLU → softmax. An unknown name is an INVALID_ARGUMENT error
 * listing the names.
 *
 * @example
 * ```ts
 * import { Network, imageNetwork } from 'neurite';
 * const network = Network.create({ ...imageNetwork('cnn-bn', [28, 28, 1], 10), seed: 1 });
 * console.log(network.layers.filter((layer) => layer.type === 'batchNorm').length); // 2
 * ```
 */
export function imageNetwork(name: ImageNetworkName, shape: readonly [number, number, number], classes: number): NetworkSpec {
  const output: LayerSpec = { units: classes, activation: 'softmax' };
  if (name === 'dense') return { inputShape: [...shape], layers: [{ type: 'flatten' }, { units: 128, activation: 'relu' }, output] };
  if (name !== 'cnn' && name !== 'cnn-bn') {
    throw new NeuriteError('INVALID_ARGUMENT', `Unknown image network ${describe(name)}; expected one of: ${IMAGE_NETWORKS.join(', ')}`, {
      field: 'network',
      expected: [...IMAGE_NETWORKS],
    });
  }
  const side = Math.min(shape[0], shape[1]);
  const pools = side >= 16 ? 2 : side >= 8 ? 1 : 0;
  const blocks = pools === 0 ? 1 : 2;
  const wide = name === 'cnn-bn' ? 2 : 1;
  const layers: LayerSpec[] = [];
  for (let block = 0; block < blocks; block++) {
    layers.push({ type: 'conv2d', filters: 16 * wide * 2 ** block, kernelSize: 3, padding: 'same', activation: 'relu' });
    if (name === 'cnn-bn') layers.push({ type: 'batchNorm' });
    if (block < pools) layers.push({ type: 'maxPool2d', poolSize: 2 });
  }
  const units = side >= 16 ? 128 : 64;
  layers.push({ type: 'flatten' }, { units, activation: 'relu' }, { type: 'dropout', rate: name === 'cnn-bn' ? 0.3 : 0.25 }, output);
  return { inputShape: [...shape], layers };
}

/** Whether `value` names one of {@link IMAGE_NETWORKS}. */
export function isImageNetworkName(value: unknown): value is ImageNetworkName {
  return typeof value === 'string' && (IMAGE_NETWORKS as readonly string[]).includes(value);
}

/** A network given whole for images: its layers, the last giving one value per class (`inputShape`, if given, must be the images'). */
export interface ImageNetworkLayers {
  inputShape?: readonly number[];
  layers: LayerSpec[];
}

/**
 * The spec of the image network asked for: a name of {@link IMAGE_NETWORKS}, or layers given whole (from
 * `--network spec.json`), checked to take images of `shape` (an `inputShape` of another shape is refused).
 */
export function imageNetworkSpec(network: ImageNetworkName | ImageNetworkLayers, shape: readonly [number, number, number], classes: number): NetworkSpec {
  if (typeof network === 'string') return imageNetwork(network, shape, classes);
  if (network === null || typeof network !== 'object' || !Array.isArray(network.layers) || network.layers.length === 0) {
    throw new NeuriteError('INVALID_ARGUMENT', `An image network is a name (${IMAGE_NETWORKS.join(', ')}) or { layers: [...] }, got ${describe(network)}`, {
      field: 'network',
    });
  }
  const given = network.inputShape;
  if (given !== undefined && (!Array.isArray(given) || given.join('x') !== shape.join('x'))) {
    throw new NeuriteError('SHAPE_MISMATCH', `The network's inputShape ${describe(given)} is not the images' [${shape.join(', ')}]`, {
      field: 'inputShape',
      expected: [...shape],
      actual: given,
    });
  }
  return { inputShape: [...shape], layers: network.layers };
}
