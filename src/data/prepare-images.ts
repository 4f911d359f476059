import type { DType } from '../tensor/matrix.js';
import type { ImageSet } from './image-set.js';
import { checkImageSet } from './image-input.js';
import type { PreparedDataset, PreparedSplit } from './prepare.js';
import { Preprocessor } from './preprocessor.js';
import { splitRows } from './split.js';

/** Options of {@link prepareImages}. */
export interface PrepareImagesOptions {
  /** Fraction of images held out for validation (default 0.2). */
  validation?: number;
  /** Fraction of images held out for the final test (default 0). */
  test?: number;
  /** Seed of the shuffle (default 42). */
  seed?: number;
  /** Precision of the matrices (default float32). */
  dtype?: DType;
  /** The target's name in the model file (default `label`). */
  target?: string;
}

/**
 * From labelled images to training matrices in one call, as {@link prepareDataset} does for tables: split
 * (shuffled, seeded, stratified by class), a preprocessor recording the pixel scaling (x / maxValue) and the
 * classes, and every split encoded: x [images × h·w·c] scaled pixels, y one-hot classes; `rows` are the
 * image indices.
 *
 * @example
 * ```ts
 * import { prepareImages, shapesImages } from 'neurite/data';
 * const data = prepareImages(shapesImages({ count: 40, seed: 1 }), { validation: 0.25, seed: 1 });
 * console.log(data.train.x.rows, data.train.x.cols, data.validation?.x.rows, data.preprocessor.image?.scale); // 30 256 10 255
 * ```
 */
export function prepareImages(set: ImageSet, options: PrepareImagesOptions = {}): PreparedDataset {
  checkImageSet(set);
  const split = splitRows(set.count, {
    validation: options.validation ?? 0.2,
    test: options.test ?? 0,
    seed: options.seed ?? 42,
    stratify: set.labels,
  });
  const preprocessor = Preprocessor.forImages(set, options.target !== undefined ? { target: options.target } : {});
  const dtype = options.dtype ?? 'float32';
  const encode = (rows: Int32Array): PreparedSplit | null =>
    rows.length === 0 ? null : { x: preprocessor.transformImages(set, rows, dtype), y: preprocessor.transformImageTargets(set, rows, dtype), rows };
  return {
    preprocessor,
    task: 'classification',
    train: encode(split.train)!,
    validation: encode(split.validation),
    test: encode(split.test),
    notices: [],
  };
}
