import { NeuriteError } from '../../errors.js';
import { TRAIN_MODEL_DEFAULTS, type TrainModelSettings } from '../../model/train-options.js';

/**
 * Everything that decides a `neurite train` run: the library's settings (`trainModel`'s, with the same
 * defaults, {@link DEFAULTS}), plus the data file, the target and the loss. See docs/cli.md.
 */
export interface TrainSettings extends TrainModelSettings {
  data: string;
  target: string;
  /** Empty: chosen from the task (cross-entropy for classes, mean squared error for values). */
  loss: string;
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
