import type { ImageSet } from '../data/image-set.js';
import { prepareImages } from '../data/prepare-images.js';
import type { PreparedDataset } from '../data/prepare.js';
import { networkFor } from './build-network.js';
import { fitPrepared } from './fit-prepared.js';
import type { ImageNetworkLayers, ImageNetworkName } from './default-image-network.js';
import { Model } from './model.js';
import { MIN_ROWS_TO_HOLD_OUT, trainSettings, type TrainModelOptions, type TrainModelSettings } from './train-options.js';

/**
 * Options of {@link trainImageModel}: {@link TrainModelOptions} less what only tables have (the target and
 * input columns, the task, the scaling and missing values) and the dense layers' shape, plus the network:
 * a name of `IMAGE_NETWORKS` (default `cnn`, `defaultImageNetwork`'s) or `{ layers }` given whole. The
 * defaults are `IMAGE_TRAIN_DEFAULTS` where they differ from a table's.
 */
export type TrainImageModelOptions = Omit<TrainModelOptions, 'target' | 'inputs' | 'task' | 'scaling' | 'missing' | 'hidden' | 'activation' | 'dropout'> & {
  network?: ImageNetworkName | ImageNetworkLayers;
};

/**
 * The training settings of images where they differ from a table's (`TRAIN_MODEL_DEFAULTS`), for
 * `trainImageModel` and `neurite train` on an image source: Adam at 0.002 falling to 0 along a cosine over
 * 15 epochs of batches of 64, no L2 (the networks have dropout), and no validation split, so no early
 * stopping: on Fashion-MNIST the validation loss turns up after about 7 epochs while the accuracy still
 * climbs to the end of the cosine, and stopping on the loss gave up most of that (docs/images.md). With
 * `validation` the patience is 5 epochs. A set of a few hundred images makes few steps an epoch, and wants
 * more epochs.
 *
 * @example
 * ```ts
 * import { IMAGE_TRAIN_DEFAULTS } from 'neurite';
 * console.log(IMAGE_TRAIN_DEFAULTS.epochs, IMAGE_TRAIN_DEFAULTS.batchSize, IMAGE_TRAIN_DEFAULTS.schedule); // 15 64 cosine
 * ```
 */
export const IMAGE_TRAIN_DEFAULTS: Readonly<
  Pick<TrainModelSettings, 'optimizer' | 'learningRate' | 'schedule' | 'epochs' | 'batchSize' | 'validation' | 'patience' | 'l2'>
> = {
  optimizer: 'adam',
  learningRate: 0.002,
  schedule: 'cosine',
  epochs: 15,
  batchSize: 64,
  validation: 0,
  patience: 5,
  l2: 0,
};

/**
 * Splits labelled images as {@link trainImageModel} and `neurite train` do: a set of fewer than 20 images
 * trains on all of them, nothing held out. `target` names the label in the model file (default `label`).
 */
export function prepareImageTraining(
  set: ImageSet,
  settings: Pick<TrainModelSettings, 'validation' | 'test' | 'seed' | 'dtype'> & { target?: string },
): PreparedDataset {
  const small = set.count < MIN_ROWS_TO_HOLD_OUT;
  const { seed, dtype, target = 'label' } = settings;
  return prepareImages(set, { validation: small ? 0 : settings.validation, test: small ? 0 : settings.test, seed, dtype, target });
}

/**
 * Trains a model on labelled images, as `neurite train` does on an image source, and returns a {@link Model}
 * whose `predictImages` takes raw images: the set is split (seeded, stratified by class), the pixel scaling
 * (x / maxValue) and the classes are recorded, the network is `defaultImageNetwork(shape, classes)` (or the
 * `network` asked for), trained with `fit` on cross-entropy with `IMAGE_TRAIN_DEFAULTS`, and the
 * held-out metrics go into `model.training.metrics`.
 *
 * @example
 * ```ts
 * import { trainImageModel } from 'neurite';
 * import { imageFromImageData, shapesImages } from 'neurite/data';
 * const model = await trainImageModel(shapesImages({ count: 200, size: 16, seed: 1 }), { epochs: 5, seed: 1 });
 * console.log(model.training.metrics); // { test: { loss, accuracy, f1 } }
 * const canvas = { width: 16, height: 16, data: new Uint8ClampedArray(16 * 16 * 4) }; // e.g. a canvas's ImageData
 * console.log(model.predictImages(imageFromImageData(canvas, [16, 16, 1]))[0]!.label); // one of the four shapes
 * ```
 */
export async function trainImageModel(set: ImageSet, options: TrainImageModelOptions = {}): Promise<Model> {
  const { network: asked, ...rest } = options ?? {};
  const settings = trainSettings({ ...IMAGE_TRAIN_DEFAULTS, ...rest, target: 'label' }); // the label's name in the model file
  const prepared = prepareImageTraining(set, settings);
  const preprocessing = prepared.preprocessor;
  const network = networkFor({ ...settings, network: asked }, preprocessing);
  const training = await fitPrepared(network, prepared, settings, null);
  return new Model({ network, preprocessing, training });
}
