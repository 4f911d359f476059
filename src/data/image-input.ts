import { NeuriteError, describe } from '../errors.js';
import { allocate, Matrix, type DType } from '../tensor/matrix.js';
import { checkImages, imageSize, type Images, type ImageSet } from './image-set.js';
import { listOf } from './data-errors.js';
import type { ImageInputJSON, PreprocessorJSON } from './preprocessor.js';

// The image side of the preprocessing: how a model records its pixel scaling, and replays it on raw pixels.

/** The preprocessing of labelled images: one image input, z = x / maxValue; a one-hot target over the set's classes. */
export function imagePreprocessing(set: ImageSet, target: string): PreprocessorJSON {
  checkImageSet(set);
  if (set.classes.length < 2) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${set.source ?? 'The image set'} has ${set.classes.length === 0 ? 'no class' : `a single class (${describe(set.classes[0])})`}; classification needs at least two`,
      { actual: set.classes },
    );
  }
  const [h, w, c] = set.shape;
  const kind = set.classes.every((name) => /^-?\d+(\.\d+)?$/.test(name)) ? 'numeric' : 'categorical';
  return {
    inputs: [{ name: 'image', kind: 'image', shape: [h, w, c], offset: 0, scale: set.maxValue }],
    target: { name: target, task: 'classification', kind, classes: [...set.classes], encoding: 'one-hot' },
    missing: 'error',
  };
}

/** z = (x − offset) / scale for every pixel of the chosen images, checking that they have the model's shape. */
export function scaleImages(input: ImageInputJSON, images: Images, indices: ArrayLike<number> | undefined, dtype: DType): Matrix {
  checkImages(images);
  const [h, w, c] = input.shape;
  if (images.shape[0] !== h || images.shape[1] !== w || images.shape[2] !== c) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${images.source ?? 'The images'} are ${images.shape.join('×')} (height × width × channels); the model reads images of ${h}×${w}×${c}`,
      { expected: [h, w, c], actual: [...images.shape] },
    );
  }
  const list = checkIndices(indices, images.count);
  const size = imageSize(images.shape);
  const out = allocate(dtype, list.length * size);
  const { pixels } = images;
  const { offset, scale } = input;
  for (let k = 0; k < list.length; k++) {
    const from = list[k]! * size;
    const to = k * size;
    for (let i = 0; i < size; i++) out[to + i] = (pixels[from + i]! - offset) / scale;
  }
  return new Matrix(list.length, size, out);
}

/** One-hot targets in the model's class order, each image's class found by name; a class the model lacks is an error. */
export function oneHotImageLabels(classes: readonly string[], set: ImageSet, indices: ArrayLike<number> | undefined, dtype: DType): Matrix {
  const map = modelClassIndices(classes, set);
  const list = checkIndices(indices, set.count);
  const out = allocate(dtype, list.length * classes.length);
  for (let k = 0; k < list.length; k++) out[k * classes.length + map[set.labels[list[k]!]!]!] = 1;
  return new Matrix(list.length, classes.length, out);
}

/** For each class of the set, its index among the model's classes. */
export function modelClassIndices(classes: readonly string[], set: ImageSet): Int32Array {
  checkImageSet(set);
  return Int32Array.from(set.classes, (name) => {
    const i = classes.indexOf(name);
    if (i === -1) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `${set.source === undefined ? 'The images' : `The images of ${set.source}`} include the class ${describe(name)}, which the model does not know; its classes are ${listOf(classes)}`,
        { actual: name, expected: classes },
      );
    }
    return i;
  });
}

/** The error of a table-reading call on a model that reads images. */
export function readsImages(): NeuriteError {
  return new NeuriteError(
    'UNSUPPORTED',
    'This model reads images, not table columns: give it images (predictImages, Preprocessor.transformImages; on the command line an IDX file, a PNG image or a folder of them)',
  );
}

/** `image[y,x,c]` for each pixel value, in row order. */
export function pixelNames(input: ImageInputJSON): string[] {
  const [h, w, c] = input.shape;
  const names: string[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) names.push(`${input.name}[${y},${x},${k}]`);
  return names;
}

/** Checks labelled images: well-formed images, one label per image, each an index into the classes. */
export function checkImageSet(set: ImageSet): void {
  checkImages(set, 'the image set');
  if (!(set.labels instanceof Int32Array) || set.labels.length !== set.count || !Array.isArray(set.classes)) {
    throw new NeuriteError('INVALID_ARGUMENT', `An image set needs labels (an Int32Array of ${set.count}, one per image) and classes (an array of names)`, {
      field: 'labels',
    });
  }
  for (let i = 0; i < set.count; i++) {
    const label = set.labels[i]!;
    if (label < 0 || label >= set.classes.length) {
      throw new NeuriteError('INVALID_ARGUMENT', `The label of image ${i} is ${label}; expected a class index in [0, ${set.classes.length})`, {
        field: 'labels',
        actual: label,
      });
    }
  }
}

function checkIndices(indices: ArrayLike<number> | undefined, count: number): ArrayLike<number> {
  if (indices === undefined) return Int32Array.from({ length: count }, (_, i) => i);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= count) {
      throw new NeuriteError('INVALID_ARGUMENT', `indices[${k}] is ${describe(i)}; expected an image index in [0, ${count})`, { field: 'indices' });
    }
  }
  return indices;
}
