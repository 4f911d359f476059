import { NeuriteError } from '../../errors.js';
import type { ImageNetworkLayers, ImageNetworkName } from '../../model/default-image-network.js';
import { TRAIN_MODEL_DEFAULTS, type TrainModelSettings } from '../../model/train-options.js';

/**
 * Everything that decides a `neurite train` run: the library's settings (`trainModel`'s, with the same
 * defaults, {@link DEFAULTS}), plus the data file, the target and the loss. See docs/cli.md.
 */
export interface TrainSettings extends TrainModelSettings {
  /** A CSV file, an IDX images file (with `labels`) or a folder of class folders of PNG images. */
  data: string;
  /** The column to predict; for images, the label's name in the model file (`label` unless a CSV file names it). */
  target: string;
  /** The IDX labels file of an IDX images file. */
  labels?: string;
  /** A CSV file of pixel rows: the image shape, as given (`8x8x1`). */
  image?: string;
  /** A folder of PNG images read as 1 or 3 channels (default: from the images). */
  channels?: 1 | 3;
  /** The column read as text (`--text`): default `'auto'` (found by itself), `[]` with `--text none`. */
  text?: 'auto' | string[];
  /** Empty: chosen from the task (cross-entropy for classes, mean squared error for values). */
  loss: string;
  /** Images: the network by name (default `cnn`) or given whole (`--network spec.json`, read into its layers). */
  network?: ImageNetworkName | ImageNetworkLayers;
}

/** The defaults of every setting but the data, the target and the loss: the library's, one table for both. */
export const DEFAULTS = TRAIN_MODEL_DEFAULTS;

export function parseHidden(text: string): number[] {
  if (text.trim() === '' || text.trim() === 'none') return [];
  const sizes = text.split(',').map((part) => Number(part.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 65536)) {
    throw new NeuriteError('INVALID_ARGUMENT', `--hidden takes layer sizes like "32,16" (integers 1 to 65536), got "${text}"`);
  }
  return sizes;
}
