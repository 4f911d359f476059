/**
 * Everything that defines a playground run, and its round trip through the page's URL (so a setup can be
 * shared as a link). Pure: no DOM. Names of activations, losses and optimizers are checked against lists the
 * caller passes in (the library's registries), so new ones work without touching this file.
 */
import { resolveLoss } from '../../../src/index.js';

/** The data sets: 'shapes' is the image mode (drawn shapes, a CNN; engine/images.ts), the others are tables of points. */
export const DATA_NAMES = ['gender', 'xor', 'circles', 'moons', 'spirals', 'blobs', 'csv', 'shapes'] as const;
export type DataName = (typeof DATA_NAMES)[number];
/** Which weight penalty the page applies: the library's `regularization: { l1 }` or `{ l2 }` (see setup.ts). */
export const REGULARIZATIONS = ['none', 'l1', 'l2'] as const;
export type RegularizationKind = (typeof REGULARIZATIONS)[number];
/** The loss setting that picks the cross-entropy matching the output layer (see setup.ts `lossFor`). */
export const AUTO_LOSS = 'auto';

export interface Settings {
  data: DataName;
  /** Points generated (synthetic sets). */
  size: number;
  /** Noise (standard deviation) of the synthetic sets; the spread of the blobs. */
  noise: number;
  /** Number of blobs. */
  classes: number;
  /** Seed of the data generator. */
  dataSeed: number;
  /** Share of the rows held out for validation (0 = none). */
  validation: number;
  /** CSV: the two input columns and the target column, by header name. */
  csvX: string;
  csvY: string;
  csvTarget: string;
  /** CSV: standardize the inputs (z-scores from the training rows). */
  standardize: boolean;
  /** Neurons per hidden layer, first to last (empty: no hidden layer). */
  hidden: number[];
  activation: string;
  /** A loss from the library's registry, or `auto`: the cross-entropy that matches the output layer. */
  loss: string;
  optimizer: string;
  learningRate: number;
  batchSize: number;
  regularization: RegularizationKind;
  /** λ₁ or λ₂ of the library's penalty: λ₁·Σ|w| or (λ₂/2)·Σw², on weights only. */
  regularizationRate: number;
  /** Seed of the initial weights and of the shuffling. */
  seed: number;
  /** Stop after this many epochs (0: train until paused). */
  epochs: number;
}

/**
 * What the page starts with. A user learns from the defaults, so they show a network that generalizes:
 * with 200 points and no penalty, spirals reached 100% training accuracy while validation stayed near 80%
 * and its loss climbed; 500 points and an L2 penalty of 0.001 keep validation within a few points of
 * training on every data set (docs/playground.md has the figures; a test holds spirals to it).
 */
export function defaultSettings(): Settings {
  return {
    data: 'circles',
    size: 500,
    noise: 0.05,
    classes: 3,
    dataSeed: 1,
    validation: 0.2,
    csvX: '',
    csvY: '',
    csvTarget: '',
    standardize: true,
    hidden: [8, 8],
    activation: 'tanh',
    loss: AUTO_LOSS,
    optimizer: 'adam',
    learningRate: 0.03,
    batchSize: 10,
    regularization: 'l2',
    regularizationRate: 0.001,
    seed: 42,
    epochs: 0,
  };
}

export const LIMITS = {
  size: [4, 2000],
  noise: [0, 1],
  classes: [2, 8],
  validation: [0, 0.5],
  hiddenLayers: [0, 6],
  neurons: [1, 32],
  learningRate: [1e-6, 100],
  batchSize: [1, 2000],
  regularizationRate: [0, 10],
  epochs: [0, 1_000_000],
} as const;

/** The names a setting may take, from the library's registries. */
export interface Choices {
  activations: readonly string[];
  losses: readonly string[];
  optimizers: readonly string[];
}

/** URL key of each setting: short, stable, readable. */
const KEYS: Record<keyof Settings, string> = {
  data: 'data',
  size: 'size',
  noise: 'noise',
  classes: 'classes',
  dataSeed: 'dseed',
  validation: 'val',
  csvX: 'x',
  csvY: 'y',
  csvTarget: 'target',
  standardize: 'std',
  hidden: 'layers',
  activation: 'act',
  loss: 'loss',
  optimizer: 'opt',
  learningRate: 'lr',
  batchSize: 'batch',
  regularization: 'reg',
  regularizationRate: 'regrate',
  seed: 'seed',
  epochs: 'epochs',
};

/** The settings as a query string (every setting, so a link means the same after defaults change). */
export function settingsToQuery(s: Settings): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(KEYS) as Array<keyof Settings>) {
    if (key.startsWith('csv') && s.data !== 'csv') continue;
    if (key === 'standardize' && s.data !== 'csv') continue;
    const value = s[key];
    params.set(KEYS[key], Array.isArray(value) ? value.join(',') : typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  }
  return params.toString();
}

/**
 * Settings from a query string: unknown keys are ignored; a bad value keeps the default and is reported in
 * `problems`, so a mistyped link still opens a working page and says what it could not use.
 */
export function settingsFromQuery(query: string, choices: Choices): { settings: Settings; problems: string[] } {
  const params = new URLSearchParams(query);
  const s = defaultSettings();
  const problems: string[] = [];
  const read = (key: keyof Settings): string | null => params.get(KEYS[key]);
  const bad = (key: keyof Settings, value: string, expected: string) =>
    problems.push(`URL setting ${KEYS[key]}=${JSON.stringify(value)} ignored: expected ${expected}`);

  const pick = <K extends keyof Settings>(key: K, allowed: readonly string[], canonical = (name: string) => name) => {
    const raw = read(key);
    if (raw === null) return;
    const v = canonical(raw);
    if (allowed.includes(v)) (s[key] as unknown) = v;
    else bad(key, raw, `one of ${allowed.join(', ')}`);
  };
  const num = <K extends keyof Settings>(key: K, [min, max]: readonly [number, number], integer: boolean) => {
    const v = read(key);
    if (v === null) return;
    const n = Number(v);
    if (v.trim() !== '' && Number.isFinite(n) && n >= min && n <= max && (!integer || Number.isInteger(n))) (s[key] as unknown) = n;
    else bad(key, v, `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  };
  const seed = (key: 'seed' | 'dataSeed') => {
    const v = read(key);
    if (v === null) return;
    const n = Number(v);
    if (v.trim() !== '' && Number.isInteger(n) && Math.abs(n) <= 0xffffffff) s[key] = n;
    else bad(key, v, 'an integer');
  };

  pick('data', DATA_NAMES);
  num('size', LIMITS.size, true);
  num('noise', LIMITS.noise, false);
  num('classes', LIMITS.classes, true);
  seed('dataSeed');
  num('validation', LIMITS.validation, false);
  for (const key of ['csvX', 'csvY', 'csvTarget'] as const) {
    const v = read(key);
    if (v !== null) s[key] = v;
  }
  const std = read('standardize');
  if (std !== null) {
    if (std === '1' || std === '0') s.standardize = std === '1';
    else bad('standardize', std, '1 or 0');
  }
  const layers = read('hidden');
  if (layers !== null) {
    const parsed = parseLayers(layers);
    if (parsed) s.hidden = parsed;
    else bad('hidden', layers, `up to ${LIMITS.hiddenLayers[1]} comma-separated neuron counts from ${LIMITS.neurons[0]} to ${LIMITS.neurons[1]}`);
  }
  pick('activation', choices.activations);
  pick('loss', choices.losses, canonicalLoss);
  pick('optimizer', choices.optimizers);
  num('learningRate', LIMITS.learningRate, false);
  num('batchSize', LIMITS.batchSize, true);
  pick('regularization', REGULARIZATIONS);
  num('regularizationRate', LIMITS.regularizationRate, false);
  seed('seed');
  num('epochs', LIMITS.epochs, true);
  return { settings: s, problems };
}

/** A loss name as the library's table writes it, so links made with an older name (`binary_crossentropy`) still open. */
function canonicalLoss(name: string): string {
  if (name === AUTO_LOSS) return name;
  try {
    return resolveLoss(name).name;
  } catch {
    return name;
  }
}

/** "8,8" → [8, 8]; "" → [] (no hidden layer); null when malformed or out of range. */
export function parseLayers(text: string): number[] | null {
  if (text.trim() === '') return [];
  const parts = text.split(',').map((p) => Number(p.trim()));
  const [minN, maxN] = LIMITS.neurons;
  if (parts.length > LIMITS.hiddenLayers[1] || parts.some((n) => !Number.isInteger(n) || n < minN || n > maxN)) return null;
  return parts;
}
