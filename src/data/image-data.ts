import { NeuriteError, describe } from '../errors.js';
import { checkImageShape, type Images, type ImageShape } from './image-set.js';

/** A browser `ImageData` or anything shaped like one: `width × height` pixels of RGBA bytes, row after row. */
export interface ImageDataLike {
  width: number;
  height: number;
  /** width × height × 4 values (red, green, blue, alpha), 0–255. */
  data: ArrayLike<number>;
}

/**
 * One image for a model from a canvas's `ImageData` (RGBA bytes; no DOM types needed, any `{ width,
 * height, data }` will do), in the model's input shape: resized by averaging the source pixels each target
 * pixel covers (a box filter: a 280 × 280 drawing becomes a 28 × 28 image), alpha composited onto black
 * (a stroke drawn on a transparent canvas stays the stroke), then one channel by luminance
 * (Y = 0.299 R + 0.587 G + 0.114 B, Rec. 601) or three channels RGB. The values stay raw (0–255,
 * `maxValue` 255): the model's recorded pixel scaling applies when it predicts.
 *
 * @example
 * ```ts
 * import { imageFromImageData } from 'neurite/data';
 * // A 2 × 2 canvas: white, black, transparent, red; to a 1 × 1 gray image (the average of the four).
 * const data = Uint8ClampedArray.from([255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 0, 255, 0, 0, 255]);
 * const image = imageFromImageData({ width: 2, height: 2, data }, [1, 1, 1]);
 * console.log(image.count, image.shape, image.pixels[0]!.toFixed(2)); // 1 [1, 1, 1] 82.81
 * ```
 */
export function imageFromImageData(image: ImageDataLike, shape: ImageShape): Images {
  const [height, width, channels] = checkImageShape(shape, 'shape');
  if (channels !== 1 && channels !== 3) {
    throw new NeuriteError('INVALID_ARGUMENT', `imageFromImageData makes images of 1 channel (gray) or 3 (RGB); the shape asks for ${channels}`, {
      field: 'shape',
      actual: shape,
    });
  }
  const ok =
    image !== null &&
    typeof image === 'object' &&
    Number.isInteger(image.width) &&
    Number.isInteger(image.height) &&
    image.width >= 1 &&
    image.height >= 1 &&
    image.data != null &&
    image.data.length === image.width * image.height * 4;
  if (!ok) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `imageFromImageData needs { width, height, data } with width × height × 4 RGBA values, got ${image === null || typeof image !== 'object' ? describe(image) : `${image.width} × ${image.height} with ${image.data?.length} values`}`,
      { field: 'image' },
    );
  }
  // Each source pixel as the model's channels: composited onto black, then gray or RGB.
  const source = new Float64Array(image.width * image.height * channels);
  const rgba = image.data;
  for (let p = 0; p < image.width * image.height; p++) {
    const alpha = rgba[4 * p + 3]! / 255;
    const r = rgba[4 * p]! * alpha;
    const g = rgba[4 * p + 1]! * alpha;
    const b = rgba[4 * p + 2]! * alpha;
    if (channels === 1) source[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else source.set([r, g, b], 3 * p);
  }
  const rows = boxWeights(image.height, height);
  const cols = boxWeights(image.width, width);
  const pixels = new Float64Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (const [sy, wy] of rows[y]!) {
        for (const [sx, wx] of cols[x]!) {
          const from = (sy * image.width + sx) * channels;
          const to = (y * width + x) * channels;
          for (let c = 0; c < channels; c++) pixels[to + c]! += wy * wx * source[from + c]!;
        }
      }
    }
  }
  return { shape: [height, width, channels], count: 1, pixels, maxValue: 255 };
}

/**
 * For each of `to` target cells along one axis, the source cells it covers and their weights (the share of
 * the target cell each covers; the weights sum to 1): target cell t spans source [t·from/to, (t+1)·from/to).
 */
function boxWeights(from: number, to: number): [number, number][][] {
  const out: [number, number][][] = [];
  const step = from / to;
  for (let t = 0; t < to; t++) {
    const start = t * step;
    const end = start + step;
    const cells: [number, number][] = [];
    for (let s = Math.floor(start); s < Math.min(from, Math.ceil(end)); s++) {
      const covered = Math.min(end, s + 1) - Math.max(start, s);
      if (covered > 0) cells.push([s, covered / step]);
    }
    out.push(cells);
  }
  return out;
}
