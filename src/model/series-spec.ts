import type { DateStep } from '../data/series-dates.js';
import type { ColumnScale, SeriesScaling } from '../data/series-windows.js';
import { NeuriteError, describe } from '../errors.js';
import type { Network } from '../nn/network.js';

/**
 * Everything that turns a CSV file's raw rows into a forecaster's windows, as the model file stores it
 * (`series` in docs/forecasting.md): the columns, the date column and its step, the window and horizon,
 * the season, and the scaling fitted on the training part.
 */
export interface SeriesSpec {
  target: string;
  /** Extra numeric columns read at every step, after the target. */
  features: string[];
  /** The date column and the step between rows; null for a file without dates (rows in file order). */
  date: { column: string; step: DateStep } | null;
  window: number;
  horizon: number;
  /** The season in steps (given or detected), or null: then only the last-value baseline is scored. */
  period: number | null;
  scaling: SeriesScaling;
}

type Json = Record<string, unknown>;

function fail(path: string, message: string): never {
  throw new NeuriteError('MODEL_FORMAT', `${path}: ${message}`, { path });
}

function object(value: unknown, path: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, `expected an object, got ${describe(value)}`);
  return value as Json;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, `expected a column name, got ${describe(value)}`);
  return value;
}

function whole(value: unknown, path: string, max = 1_000_000): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    fail(path, `expected a whole number from 1 to ${max}, got ${describe(value)}`);
  return value;
}

function scale(value: unknown, path: string): ColumnScale {
  const json = object(value, path);
  const { center, scale } = json;
  if (typeof center !== 'number' || !Number.isFinite(center)) fail(`${path}.center`, `expected a finite number, got ${describe(center)}`);
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) fail(`${path}.scale`, `expected a number > 0, got ${describe(scale)}`);
  return { center, scale };
}

/**
 * Checks a model file's `series` object field by field (MODEL_FORMAT errors with the JSON path) and
 * returns it typed.
 */
export function seriesSpecFromJSON(value: unknown, path = 'series'): SeriesSpec {
  const json = object(value, path);
  const target = text(json['target'], `${path}.target`);
  if (!Array.isArray(json['features'])) fail(`${path}.features`, `expected an array of column names, got ${describe(json['features'])}`);
  const features = (json['features'] as unknown[]).map((name, i) => text(name, `${path}.features[${i}]`));
  let date: SeriesSpec['date'] = null;
  if (json['date'] !== null) {
    const d = object(json['date'], `${path}.date`);
    const step = object(d['step'], `${path}.date.step`);
    if (step['unit'] !== 'month' && step['unit'] !== 'ms') fail(`${path}.date.step.unit`, `expected "month" or "ms", got ${describe(step['unit'])}`);
    date = {
      column: text(d['column'], `${path}.date.column`),
      step: { unit: step['unit'], count: whole(step['count'], `${path}.date.step.count`, Number.MAX_SAFE_INTEGER) },
    };
  }
  const window = whole(json['window'], `${path}.window`);
  const horizon = whole(json['horizon'], `${path}.horizon`);
  const period = json['period'] === null ? null : whole(json['period'], `${path}.period`, window);
  const scaling = object(json['scaling'], `${path}.scaling`);
  if (scaling['inputs'] !== 'relative' && scaling['inputs'] !== 'levels')
    fail(`${path}.scaling.inputs`, `expected "relative" or "levels", got ${describe(scaling['inputs'])}`);
  if (!Array.isArray(scaling['features']) || scaling['features'].length !== features.length) {
    fail(`${path}.scaling.features`, `expected one scale per feature (${features.length}), got ${describe(scaling['features'])}`);
  }
  return {
    target,
    features,
    date,
    window,
    horizon,
    period,
    scaling: {
      inputs: scaling['inputs'],
      target: scale(scaling['target'], `${path}.scaling.target`),
      features: (scaling['features'] as unknown[]).map((s, i) => scale(s, `${path}.scaling.features[${i}]`)),
    },
  };
}

/** The network must take `[window, 1 + features]` and give `horizon` values. */
export function checkSeriesFit(network: Network, spec: SeriesSpec): void {
  const expected = [spec.window, 1 + spec.features.length];
  if (network.inputShape.length !== 2 || network.inputShape[0] !== expected[0] || network.inputShape[1] !== expected[1]) {
    fail(
      'network.inputShape',
      `the series makes windows of [${expected.join(', ')}] (window, values per step), the network takes [${network.inputShape.join(', ')}]`,
    );
  }
  if (network.outputSize !== spec.horizon) fail('network', `the network gives ${network.outputSize} values, the horizon is ${spec.horizon}`);
}
