import { NeuriteError, requireInteger, requireNumber } from '../errors.js';
import { Rng } from '../init/rng.js';

/** A generated two-feature classification set: points and their class indices. */
export interface Dataset2D {
  x: number[][];
  /** Class index of each point (0 or 1; 0..k−1 for blobs). */
  labels: number[];
  classes: number;
}

/** Options of the generated data sets ({@link xor}, {@link circles}, {@link moons}, {@link spirals}, {@link blobs}). */
export interface SyntheticOptions {
  /** Number of points (default 200). */
  size?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0). */
  noise?: number;
  seed?: number;
}

function setup(options: SyntheticOptions, defaultSize = 200): { n: number; noise: number; rng: Rng } {
  const n = requireInteger('size', options.size ?? defaultSize, 2);
  const noise = requireNumber('noise', options.noise ?? 0, { min: 0 });
  return { n, noise, rng: new Rng(options.seed ?? 42) };
}

/**
 * XOR: points in [−1, 1]², class 1 where x·y < 0.
 *
 * @example
 * ```ts
 * import { xor } from 'neurite/data';
 * const { x, labels } = xor({ size: 100, noise: 0.05, seed: 1 });
 * console.log(x[0], labels[0]); // a point in [−1, 1]² and its class
 * ```
 */
export function xor(options: SyntheticOptions = {}): Dataset2D {
  const { n, noise, rng } = setup(options);
  const x: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    let a = rng.range(-1, 1);
    let b = rng.range(-1, 1);
    // Keep a margin from the axes so the classes are separable before noise.
    a += a > 0 ? 0.05 : -0.05;
    b += b > 0 ? 0.05 : -0.05;
    labels.push(a * b < 0 ? 1 : 0);
    x.push([a + noise * rng.normal(), b + noise * rng.normal()]);
  }
  return { x, labels, classes: 2 };
}

/**
 * Two concentric circles: class 0 inside (radius < 0.5), class 1 on a ring (0.7–1).
 *
 * @example
 * ```ts
 * import { Adam, Network, fit } from 'neurite';
 * import { circles, encodeLabels } from 'neurite/data';
 * const { x, labels } = circles({ size: 200, noise: 0.05, seed: 3 });
 * const network = Network.create({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }] });
 * const { history } = await fit(network, x, encodeLabels(labels, 2), { epochs: 100, loss: 'binary_crossentropy', optimizer: new Adam({ learningRate: 0.05 }), metrics: ['accuracy'] });
 * console.log(history.at(-1)?.metrics); // { accuracy: … } near 1: an inner disc and a ring around it
 * ```
 */
export function circles(options: SyntheticOptions = {}): Dataset2D {
  const { n, noise, rng } = setup(options);
  const x: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const r = label === 0 ? rng.range(0, 0.5) : rng.range(0.7, 1);
    const t = rng.range(0, 2 * Math.PI);
    x.push([r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal()]);
    labels.push(label);
  }
  return { x, labels, classes: 2 };
}

/**
 * Two interleaving half circles ("moons").
 *
 * @example
 * ```ts
 * import { moons } from 'neurite/data';
 * const { x, labels, classes } = moons({ size: 100, noise: 0.1, seed: 2 });
 * console.log(x.length, classes, labels.filter((l) => l === 1).length); // 100 2 50
 * ```
 */
export function moons(options: SyntheticOptions = {}): Dataset2D {
  const { n, noise, rng } = setup(options);
  const x: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = rng.range(0, Math.PI);
    const [a, b] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    x.push([a - 0.5 + noise * rng.normal(), b - 0.25 + noise * rng.normal()]);
    labels.push(label);
  }
  return { x, labels, classes: 2 };
}

/**
 * Two interleaved spirals, each turning `turns` times (default 1.5) around the origin, radius up to 1.
 *
 * @example
 * ```ts
 * import { spirals } from 'neurite/data';
 * const { x, classes } = spirals({ size: 300, turns: 1.5, seed: 4 });
 * console.log(x.length, classes); // 300 points on two interleaved spirals
 * ```
 */
export function spirals(options: SyntheticOptions & { turns?: number } = {}): Dataset2D {
  const { n, noise, rng } = setup(options);
  const turns = requireNumber('turns', options.turns ?? 1.5, { min: 0, exclusiveMin: true });
  const x: number[][] = [];
  const labels: number[] = [];
  const perClass = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const k = Math.floor(i / 2);
    const r = 0.05 + (0.95 * k) / perClass;
    const t = 2 * Math.PI * turns * (k / perClass) + label * Math.PI;
    x.push([r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal()]);
    labels.push(label);
  }
  return { x, labels, classes: 2 };
}

/**
 * `centers` Gaussian blobs (default 3) with centres on a circle of radius 0.7 and spread `noise` (default 0.15).
 *
 * @example
 * ```ts
 * import { blobs } from 'neurite/data';
 * const { x, labels, classes } = blobs({ size: 150, centers: 3, seed: 1 });
 * console.log(x.length, classes, x[0], labels[0]); // 150 3, a point and its cluster
 * ```
 */
export function blobs(options: SyntheticOptions & { centers?: number } = {}): Dataset2D {
  const { n, rng } = setup(options);
  const spread = requireNumber('noise', options.noise ?? 0.15, { min: 0 });
  const k = requireInteger('centers', options.centers ?? 3, 2);
  if (k > n) throw new NeuriteError('INVALID_ARGUMENT', `blobs needs at least one point per centre: ${k} centres, ${n} points`);
  const x: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = i % k;
    const angle = (2 * Math.PI * label) / k;
    x.push([0.7 * Math.cos(angle) + spread * rng.normal(), 0.7 * Math.sin(angle) + spread * rng.normal()]);
    labels.push(label);
  }
  return { x, labels, classes: k };
}

/**
 * Labels as one-hot rows (k > 2) or a single 0/1 column (k = 2), ready for softmax or sigmoid outputs.
 *
 * @example
 * ```ts
 * import { encodeLabels } from 'neurite/data';
 * console.log(encodeLabels([0, 2, 1], 3)); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]: one-hot rows for softmax outputs
 * console.log(encodeLabels([0, 1, 1], 2)); // [[0], [1], [1]]: two classes, one column for a sigmoid output
 * ```
 */
export function encodeLabels(labels: readonly number[], classes: number): number[][] {
  if (classes <= 2) return labels.map((l) => [l]);
  return labels.map((l) => Array.from({ length: classes }, (_, c) => (c === l ? 1 : 0)));
}
