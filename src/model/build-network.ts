import type { Preprocessor } from '../data/preprocessor.js';
import { NeuriteError } from '../errors.js';
import { Network, type LayerSpec } from '../nn/network.js';
import type { TrainModelSettings } from './train-options.js';
import { textLayers } from './text-network.js';
import { imageNetworkSpec, type ImageNetworkLayers, type ImageNetworkName } from './default-image-network.js';

/** The output layer and loss that belong to a task: probabilities for classes, raw values for regression. */
function outputFor(preprocessing: Preprocessor): { activation: string; loss: string } {
  if (preprocessing.task === 'regression') return { activation: 'linear', loss: 'mean_squared_error' };
  if (preprocessing.outputWidth === 1) return { activation: 'sigmoid', loss: 'binary_cross_entropy' };
  return { activation: 'softmax', loss: 'categorical_cross_entropy' };
}

/**
 * Hidden layers (each followed by dropout when the rate is above 0), then the task's output layer, after the
 * text layers (`textLayers`: an embedding and a GRU) for a model that reads text; for a
 * model that reads images, the image network asked for (`settings.network`, default `cnn`:
 * `defaultImageNetwork`), whose output must give one value per class.
 */
export function networkFor(
  settings: Pick<TrainModelSettings, 'hidden' | 'activation' | 'dropout' | 'seed' | 'dtype'> & { network?: ImageNetworkName | ImageNetworkLayers | undefined },
  preprocessing: Preprocessor,
): Network {
  const image = preprocessing.image;
  if (image) return imageNetworkFor(settings, image.shape, preprocessing.outputWidth);
  const layers: LayerSpec[] = preprocessing.text ? textLayers(preprocessing.text) : [];
  for (const units of settings.hidden) {
    layers.push({ units, activation: settings.activation });
    if (settings.dropout > 0) layers.push({ type: 'dropout', rate: settings.dropout });
  }
  layers.push({ units: preprocessing.outputWidth, activation: outputFor(preprocessing).activation });
  return Network.create({ inputs: preprocessing.inputWidth, layers, seed: settings.seed, dtype: settings.dtype });
}

/** The loss asked for, or (none: an empty or missing name) the task's. */
export function lossFor(loss: string | undefined, preprocessing: Preprocessor): string {
  return loss || outputFor(preprocessing).loss;
}

function imageNetworkFor(
  settings: Pick<TrainModelSettings, 'seed' | 'dtype'> & { network?: ImageNetworkName | ImageNetworkLayers | undefined },
  shape: readonly [number, number, number],
  classes: number,
): Network {
  const network = Network.create({ ...imageNetworkSpec(settings.network ?? 'cnn', shape, classes), seed: settings.seed, dtype: settings.dtype });
  if (network.outputSize !== classes) {
    throw new NeuriteError('SHAPE_MISMATCH', `The image network's last layer gives ${network.outputSize} values; the images have ${classes} classes`, {
      expected: classes,
      actual: network.outputSize,
    });
  }
  return network;
}
