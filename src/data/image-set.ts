import { NeuriteError, describe } from '../errors.js';
import type { IdxArray } from './idx.js';
import { numberText } from './values.js';

/** The shape of one image: `[height, width, channels]` (channels last: 1 grayscale, 3 RGB). */
export type ImageShape = readonly [height: number, width: number, channels: number];

/**
 * Images as read, before any scaling: `count` images of one `shape`, their raw values in one array, image
 * after image, each in row-major (y, x, c) order (channels last), the layout of a network's input rows.
 */
export interface Images {
  shape: ImageShape;
  count: number;
  /** count × height × width × channels raw values, e.g. bytes 0–255. */
  pixels: Uint8Array | Float32Array | Float64Array;
  /** The raw value of full intensity (255 for 8-bit images; 1 for values already in [0, 1]): pixels are scaled by it. */
  maxValue: number;
  /** Where the images came from, for messages. */
  source?: string;
  /** One name per image (e.g. its file), for messages and predictions. */
  names?: string[];
}

/** Labelled images: {@link Images} with one class per image (an index into `classes`). */
export interface ImageSet extends Images {
  /** The class of each image: an index into `classes`. */
  labels: Int32Array;
  /** The class names, in output order. */
  classes: string[];
}

/** Most values one image may hold (4096 × 4096 RGB): beyond it an image is a mistake, refused before allocating. */
export const MAX_IMAGE_VALUES = 4096 * 4096 * 3;

/**
 * Checks an image shape (`[height, width, channels]`: positive integers, 1 to 4 channels, at most
 * {@link MAX_IMAGE_VALUES} values) and returns it frozen; `name` says where it came from in the message.
 */
export function checkImageShape(shape: unknown, name = 'shape'): ImageShape {
  const ok =
    Array.isArray(shape) &&
    shape.length === 3 &&
    shape.every((d) => Number.isInteger(d) && d >= 1) &&
    (shape[2] as number) <= 4 &&
    (shape[0] as number) * (shape[1] as number) * (shape[2] as number) <= MAX_IMAGE_VALUES;
  if (!ok) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${name} must be an image shape [height, width, channels] (channels 1 to 4, at most ${MAX_IMAGE_VALUES} values), got ${describe(shape)}`,
      { field: name, actual: shape },
    );
  }
  return Object.freeze([...(shape as number[])]) as unknown as ImageShape;
}

/**
 * An image shape from text: `28x28x1`, `8x8` (one channel) or `32x32x3` (`×` and `,` work too).
 *
 * @example
 * ```ts
 * import { parseImageShape } from 'neurite/data';
 * console.log(parseImageShape('8x8x1'), parseImageShape('28x28')); // [8, 8, 1] [28, 28, 1]
 * ```
 */
export function parseImageShape(text: string): ImageShape {
  const parts = typeof text === 'string' ? text.trim().split(/[x×,]/i) : [];
  const dims = parts.map((part) => (/^\s*\d+\s*$/.test(part) ? Number(part) : Number.NaN));
  if (dims.length === 2) dims.push(1);
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d))) {
    throw new NeuriteError('INVALID_ARGUMENT', `An image shape is written HEIGHTxWIDTHxCHANNELS, like 28x28x1 or 32x32x3; got ${describe(text)}`, {
      field: 'image',
      actual: text,
    });
  }
  return checkImageShape(dims, `the image shape ${describe(text)}`);
}

/** Values per image: height × width × channels. */
export function imageSize(shape: ImageShape): number {
  return shape[0] * shape[1] * shape[2];
}

/**
 * Joins an IDX images file with an IDX labels file, as MNIST and Fashion-MNIST ship them: images
 * `[n, h, w]` (one channel) or `[n, h, w, c]` of unsigned bytes (raw values 0–255), or of float32/float64
 * (taken as already in [0, 1]); labels `[n]` of integers. The counts must agree. The classes are the label
 * values that occur, in numeric order, as text (`'0'` to `'9'` for digits).
 *
 * @example
 * ```ts
 * import { imagesFromIdx, parseIdx } from 'neurite/data';
 * const images = parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 255, 0]));
 * const labels = parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 2, 7, 3]));
 * const set = imagesFromIdx(images, labels, { images: 'images.idx', labels: 'labels.idx' });
 * console.log(set.shape, set.classes, Array.from(set.labels)); // [1, 2, 1] ['3', '7'] [1, 0]
 * ```
 */
export function imagesFromIdx(images: IdxArray, labels: IdxArray, names: { images?: string; labels?: string } = {}): ImageSet {
  const unlabelled = imagesOfIdx(images, names.images);
  const labelSource = names.labels ?? 'the labels';
  if (labels.dims.length !== 1 && !(labels.dims.length === 2 && labels.dims[1] === 1)) {
    throw new NeuriteError('DATA_FORMAT', `${labelSource}: labels are one value per image ([n]), but its dimensions are ${labels.dims.join(' × ')}`, {
      file: labelSource,
      actual: labels.dims,
    });
  }
  if (labels.type === 'float32' || labels.type === 'float64') {
    throw new NeuriteError('DATA_FORMAT', `${labelSource}: labels must be integers (IDX type 08, 09, 0B or 0C), got ${labels.type} values`, {
      file: labelSource,
    });
  }
  if (labels.dims[0] !== unlabelled.count) {
    throw new NeuriteError(
      'DATA_FORMAT',
      `${labelSource} has ${labels.dims[0]} labels but ${unlabelled.source} has ${unlabelled.count} images; they must be a pair with one label per image`,
      { file: labelSource, expected: unlabelled.count, actual: labels.dims[0] },
    );
  }
  const { classes, labels: indices } = classesOf(labels.data);
  return { ...unlabelled, labels: indices, classes };
}

/**
 * IDX images without labels (to predict): `[n, h, w]` or `[n, h, w, c]`, unsigned bytes (raw 0–255) or
 * float32/float64 (already in [0, 1]).
 *
 * @example
 * ```ts
 * import { imagesOfIdx, parseIdx } from 'neurite/data';
 * const images = imagesOfIdx(parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 9, 200])));
 * console.log(images.count, images.shape, images.maxValue); // 1 [1, 2, 1] 255
 * ```
 */
export function imagesOfIdx(images: IdxArray, source = 'the images'): Images {
  const { dims, type, data } = images;
  if (dims.length !== 3 && dims.length !== 4) {
    throw new NeuriteError(
      'DATA_FORMAT',
      `${source}: images are [count, height, width] or [count, height, width, channels], but its dimensions are ${dims.join(' × ')}` +
        (dims.length === 1 ? ' (is it a labels file?)' : ''),
      { file: source, actual: dims },
    );
  }
  if (type !== 'uint8' && type !== 'float32' && type !== 'float64') {
    throw new NeuriteError(
      'DATA_FORMAT',
      `${source}: images must be unsigned bytes (type 08, raw 0–255) or floats (0D, 0E, taken as already in [0, 1]); ${type} pixels are not read`,
      { file: source, actual: type },
    );
  }
  const shape = checkImageShape([dims[1]!, dims[2]!, dims[3] ?? 1], `the images of ${source}`);
  return { shape, count: dims[0]!, pixels: data as Images['pixels'], maxValue: type === 'uint8' ? 255 : 1, source };
}

/** The distinct label values in numeric order as class names, and each label's index among them. */
function classesOf(values: ArrayLike<number>): { classes: string[]; labels: Int32Array } {
  const distinct = [...new Set(Array.from(values))].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const labels = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) labels[i] = index.get(values[i]!)!;
  return { classes: distinct.map(numberText), labels };
}

/**
 * Checks that a value is well-formed {@link Images} (shape, count, pixel array length, a positive maxValue),
 * before anything is computed from it; `name` says what it is in the message.
 */
export function checkImages(images: Images, name = 'images'): void {
  if (images === null || typeof images !== 'object')
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be images { shape, count, pixels, maxValue }, got ${describe(images)}`);
  const shape = checkImageShape(images.shape, `${name}.shape`);
  const { count, pixels, maxValue } = images;
  if (!Number.isInteger(count) || count < 0)
    throw new NeuriteError('INVALID_ARGUMENT', `${name}.count must be a whole number, got ${describe(count)}`, { field: 'count' });
  if (!ArrayBuffer.isView(pixels) || (pixels as ArrayLike<number>).length !== count * imageSize(shape)) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${name}.pixels must hold count × height × width × channels = ${count * imageSize(shape)} values, got ${ArrayBuffer.isView(pixels) ? (pixels as ArrayLike<number>).length : describe(pixels)}`,
      { field: 'pixels', expected: count * imageSize(shape) },
    );
  }
  if (typeof maxValue !== 'number' || !(maxValue > 0) || !Number.isFinite(maxValue)) {
    throw new NeuriteError('INVALID_ARGUMENT', `${name}.maxValue must be a positive number (255 for bytes), got ${describe(maxValue)}`, { field: 'maxValue' });
  }
}
