import { NeuriteError, requireInteger, requireNumber } from '../errors.js';
import { Rng } from '../init/rng.js';
import type { ImageSet } from './image-set.js';

/** Options of {@link shapesImages}. */
export interface ShapesImagesOptions {
  /** Number of images (default 400), the classes in turn: image i is of class i mod 4. */
  count?: number;
  /** Height and width in pixels (default 16, at least 8). */
  size?: number;
  /** Standard deviation of the Gaussian noise added to every pixel, as a fraction of full intensity (default 0.05). */
  noise?: number;
  seed?: number;
}

/** The classes of {@link shapesImages}, in output order. */
const SHAPES = ['circle', 'cross', 'square', 'triangle'] as const;

type Point = readonly [number, number];

/**
 * A small built-in image set, drawn here from a seed (no file needed): grayscale `size × size` images of
 * four classes, `circle`, `cross`, `square` and `triangle`, each an outline drawn with a random centre,
 * size, rotation, stroke thickness and brightness, antialiased, with Gaussian noise; raw 8-bit pixels
 * (`maxValue` 255) and labels. The same options give the same images, bit for bit. A shape's class cannot
 * be told from any one pixel, which makes it a fair first test for convolution.
 *
 * @example
 * ```ts
 * import { shapesImages } from 'neurite/data';
 * const set = shapesImages({ count: 8, size: 16, seed: 1 });
 * console.log(set.shape, set.classes, Array.from(set.labels)); // [16, 16, 1] ['circle', 'cross', 'square', 'triangle'] [0, 1, 2, 3, 0, 1, 2, 3]
 * ```
 */
export function shapesImages(options: ShapesImagesOptions = {}): ImageSet {
  if (options === null || typeof options !== 'object') throw new NeuriteError('INVALID_ARGUMENT', 'shapesImages takes an options object');
  const count = requireInteger('count', options.count ?? 400, 1);
  const size = requireInteger('size', options.size ?? 16, 8);
  if (size > 1024) throw new NeuriteError('INVALID_ARGUMENT', `size must be at most 1024, got ${size}`, { field: 'size' });
  const noise = requireNumber('noise', options.noise ?? 0.05, { min: 0 });
  const rng = new Rng(options.seed ?? 42);
  const pixels = new Uint8Array(count * size * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % SHAPES.length;
    labels[i] = label;
    const distance = outline(SHAPES[label]!, rng, size);
    const thickness = rng.range(0.8, Math.max(1.2, size / 10));
    const brightness = rng.range(160, 255);
    const image = pixels.subarray(i * size * size, (i + 1) * size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        // Coverage of the pixel by a stroke of this thickness along the outline (a one-pixel ramp: antialiasing).
        const d = distance([x + 0.5, y + 0.5]);
        const cover = Math.min(1, Math.max(0, thickness / 2 + 0.5 - d));
        const value = brightness * cover + rng.normal(0, noise * 255);
        image[y * size + x] = Math.round(Math.min(255, Math.max(0, value)));
      }
    }
  }
  return { shape: [size, size, 1], count, pixels, maxValue: 255, labels, classes: [...SHAPES], source: 'shapesImages' };
}

/** A random shape of the class: its distance function (a point → its distance to the outline), in pixels. */
function outline(shape: (typeof SHAPES)[number], rng: Rng, size: number): (p: Point) => number {
  const radius = rng.range(0.22, 0.4) * size;
  const margin = radius + 1;
  const centre: Point = [rng.range(margin, size - margin), rng.range(margin, size - margin)];
  const angle = rng.range(0, Math.PI / 2);
  const at = (a: number, r = radius): Point => [centre[0] + r * Math.cos(a), centre[1] + r * Math.sin(a)];
  switch (shape) {
    case 'circle':
      return (p) => Math.abs(Math.hypot(p[0] - centre[0], p[1] - centre[1]) - radius);
    case 'cross': {
      const arms: [Point, Point][] = [
        [at(angle), at(angle + Math.PI)],
        [at(angle + Math.PI / 2), at(angle + (3 * Math.PI) / 2)],
      ];
      return (p) => Math.min(...arms.map(([a, b]) => segmentDistance(p, a, b)));
    }
    case 'square':
    case 'triangle': {
      // A regular polygon: 4 or 3 corners on the circle of the radius (a square's half-side is radius/√2).
      const n = shape === 'square' ? 4 : 3;
      const corners = Array.from({ length: n }, (_, k) => at(angle + (2 * Math.PI * k) / n - Math.PI / 2));
      return (p) => Math.min(...corners.map((a, k) => segmentDistance(p, a, corners[(k + 1) % n]!)));
    }
  }
}

/** Distance from p to the segment ab: to the nearest point of it, t = clamp((p − a)·(b − a) / |b − a|², 0, 1). */
function segmentDistance(p: Point, a: Point, b: Point): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const t = Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}
