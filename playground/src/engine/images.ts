/**
 * The image mode's data and network, no DOM: the library's generated shapes (`shapesImages`), split and
 * scaled by `prepareImages`, a small CNN trained by the same worker and `Trainer` as the table mode, and a
 * drawing read as the model reads an image (`imageFromImageData`, then the model's pixel scaling) and run
 * through the network layer by layer (`featureMaps`, shared with the training report).
 */
import type { NetworkSpec } from '../../../src/index.js';
import type { Network } from '../../../src/index.js';
import {
  imageFromImageData,
  prepareImages,
  shapesImages,
  type ImageDataLike,
  type Images,
  type ImageSet,
  type PreparedDataset,
  type Preprocessor,
} from '../../../src/data/index.js';
import { featureMaps, type FeatureMap } from '../../../src/report/feature-maps.js';
import type { Settings } from './settings.js';
import { lossFor, regularizationFor } from './setup.js';
import type { TrainerConfig } from './trainer.js';

/** Height and width of the images: the shapes are drawn 16 × 16, and a drawing is read at that size. */
export const IMAGE_SIZE = 16;
/** Images generated: enough for the CNN to reach 90% on the held-out ones in a few epochs (docs/playground.md). */
export const IMAGE_COUNT = 2000;

/** The image set a run trains on, split and encoded. */
export interface PreparedImages {
  set: ImageSet;
  /** The model file's preprocessing: the pixel scaling (x / 255) and the classes. */
  preprocessor: Preprocessor;
  data: PreparedDataset;
  labels: string[];
}

/**
 * The shapes of the settings: `noise` and the data seed as given (the data seed also seeds the split), the
 * validation share held out, stratified by class.
 */
export function prepareShapes(settings: Settings): PreparedImages {
  const set = shapesImages({ count: IMAGE_COUNT, size: IMAGE_SIZE, noise: settings.noise, seed: settings.dataSeed });
  const data = prepareImages(set, { validation: settings.validation, seed: settings.dataSeed });
  return { set, preprocessor: data.preprocessor, data, labels: [...data.preprocessor.classes] };
}

/**
 * The image mode's network: conv 3×3 ×8 ReLU → max-pool 2 → conv 3×3 ×16 ReLU → max-pool 2 → flatten →
 * dense softmax, 'valid' padding: 16×16×1 → 14×14×8 → 7×7×8 → 5×5×16 → 2×2×16 → 64 → classes.
 */
export function imageNetworkSpec(classes: number, seed: number): NetworkSpec {
  return {
    inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1],
    layers: [
      { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'conv2d', filters: 16, kernelSize: 3, activation: 'relu' },
      { type: 'maxPool2d', poolSize: 2 },
      { type: 'flatten' },
      { units: classes, activation: 'softmax' },
    ],
    seed,
    dtype: 'float32',
  };
}

/** What the worker needs to train the CNN: the table mode's `TrainerConfig`, with no rows or map to measure outputs on. */
export function imageTrainerConfig(settings: Settings, images: PreparedImages): TrainerConfig {
  const { train, validation } = images.data;
  return {
    spec: imageNetworkSpec(images.labels.length, settings.seed),
    x: train.x.toArray(),
    y: train.y.toArray(),
    validation: validation ? { x: validation.x.toArray(), y: validation.y.toArray() } : null,
    rows: [],
    grid: [],
    loss: lossFor(settings, images),
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    regularization: regularizationFor(settings),
    batchSize: settings.batchSize,
    seed: settings.seed,
    epochs: settings.epochs,
  };
}

/** A drawing as the network sees it. */
export interface DrawingView {
  /** The drawing at the model's size: raw gray values 0–255 (what `model.predictImages` takes). */
  image: Images;
  /** One probability per class, in `labels` order. */
  probabilities: number[];
  /** The index of the most probable class. */
  predicted: number;
  /** The network's input, then each conv and pool layer's output. */
  maps: FeatureMap[];
}

/** Reads a canvas's pixels (any size: averaged down to 16 × 16, composited onto black, gray) and runs the network on them. */
export function viewDrawing(network: Network, images: PreparedImages, canvas: ImageDataLike): DrawingView {
  const image = imageFromImageData(canvas, [IMAGE_SIZE, IMAGE_SIZE, 1]);
  return viewImage(network, images, image);
}

/** One raw image (`count` 1) through the network, as `viewDrawing`. */
export function viewImage(network: Network, images: PreparedImages, image: Images): DrawingView {
  const input = images.preprocessor.transformImages(image, undefined, network.dtype).data;
  const trace = featureMaps(network, input)!;
  const probabilities = trace.output;
  const predicted = probabilities.reduce((best, p, i) => (p > probabilities[best]! ? i : best), 0);
  return { image, probabilities, predicted, maps: trace.maps };
}

/** Image `index` of the set, as raw pixels (an example to draw on the pad). */
export function imageAt(images: PreparedImages, index: number): Images {
  const { set } = images;
  const size = IMAGE_SIZE * IMAGE_SIZE;
  const i = ((index % set.count) + set.count) % set.count;
  return { shape: set.shape, count: 1, pixels: set.pixels.slice(i * size, (i + 1) * size), maxValue: set.maxValue };
}
