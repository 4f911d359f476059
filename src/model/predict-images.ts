import type { Images } from '../data/image-set.js';
import type { Predictions } from '../data/preprocessor.js';
import { NeuriteError, requireInteger } from '../errors.js';
import { Matrix } from '../tensor/matrix.js';
import type { Model } from './parts.js';

/**
 * Raw images in, predictions out: scales the pixels as the model recorded in training (x / 255 for 8-bit
 * images), runs the network in batches, and decodes the outputs into labels with probabilities. The images
 * must have the model's shape (`model.preprocessing.image.shape`); an image from a canvas comes through
 * `imageFromImageData`, from a file through the command line's readers.
 *
 * @example
 * ```ts
 * import { Model, Network } from 'neurite';
 * import { Preprocessor, predictImages, shapesImages } from 'neurite/data';
 * const set = shapesImages({ count: 8, size: 8, seed: 1 });
 * const network = Network.create({ inputShape: [8, 8, 1], layers: [{ type: 'flatten' }, { units: 4, activation: 'softmax' }] });
 * const model = new Model({ network, preprocessing: Preprocessor.forImages(set) }); // untrained: the labels are guesses
 * const prediction = predictImages(model, set);
 * if (prediction.task === 'classification') console.log(prediction.labels.length, prediction.probabilities[0]!.length); // 8 4
 * ```
 */
export function predictImages(model: Model, images: Images, { batchSize = 256 }: { batchSize?: number } = {}): Predictions {
  if (model === null || typeof model !== 'object' || !model.network || !model.preprocessing) {
    throw new NeuriteError('INVALID_ARGUMENT', 'predictImages needs a model { network, preprocessing } (from parseModel or trainImageModel)');
  }
  requireInteger('batchSize', batchSize);
  const { network, preprocessing } = model;
  const width = network.outputSize;
  const output = Matrix.zeros(images.count, width, network.dtype);
  const all = Int32Array.from({ length: images.count }, (_, i) => i);
  for (let start = 0; start < images.count; start += batchSize) {
    const batch = preprocessing.transformImages(images, all.subarray(start, Math.min(images.count, start + batchSize)), network.dtype);
    output.data.set(network.forward(batch).data, start * width);
  }
  return preprocessing.decode(output);
}
