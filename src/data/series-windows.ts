import { NeuriteError } from '../errors.js';
import { Matrix, type DType } from '../tensor/matrix.js';
import type { SeriesData } from './series-table.js';

/**
 * How the target enters the network. `relative`: every value of a window minus the window's last value,
 * and the forecast as changes from that last value, both divided by the spread of one step's change; a
 * series that trends past the values seen in training then looks like the training windows (its level is
 * gone), so the forecaster follows it. `levels`: the values themselves, standardized with the training
 * part's mean and standard deviation.
 */
export type SeriesInputs = 'relative' | 'levels';

/** A column's scaling: scaled = (value − center) / scale. */
export interface ColumnScale {
  center: number;
  scale: number;
}

/** What turns raw rows into a network's windows, all fitted on the training part (saved in the model file). */
export interface SeriesScaling {
  inputs: SeriesInputs;
  /** The target: relative → center 0, scale the standard deviation of one step's change; levels → mean, std. */
  target: ColumnScale;
  /** Each extra column: its training mean and standard deviation. */
  features: ColumnScale[];
}

/** Windows of a series, in time order: `x` [count × window·columns], `y` [count × horizon] (scaled). */
export interface SeriesWindows {
  x: Matrix;
  /** The scaled truth; null for windows whose future is not known (a forecast past the end). */
  y: Matrix | null;
  /** Each window's first forecast row: the window covers rows origin − window … origin − 1. */
  origins: Int32Array;
  /** The target's last value in each window (what a relative forecast adds back). */
  last: Float64Array;
}

/**
 * The scaling of `series`, from rows [from, to) only (the training part: no statistic sees the rows a model
 * is tested on).
 *
 * @example
 * ```ts
 * import { fitSeriesScaling, parseSeries } from 'neurite/data';
 * const series = parseSeries('t,v\n1,10\n2,12\n3,11\n4,13\n', { target: 'v' });
 * console.log(fitSeriesScaling(series, 'levels', 0, 4).target); // { center: 11.5, scale: ≈1.118 }
 * ```
 */
export function fitSeriesScaling(series: SeriesData, inputs: SeriesInputs, from: number, to: number): SeriesScaling {
  const target = series.values[0]!;
  let scale: ColumnScale;
  if (inputs === 'relative') {
    const changes = new Float64Array(Math.max(0, to - from - 1));
    for (let i = from + 1; i < to; i++) changes[i - from - 1] = target[i]! - target[i - 1]!;
    scale = { center: 0, scale: spread(changes, meanOf(changes)) };
  } else scale = meanAndSpread(target.subarray(from, to));
  return { inputs, target: scale, features: series.values.slice(1).map((column) => meanAndSpread(column.subarray(from, to))) };
}

function meanOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return values.length > 0 ? sum / values.length : 0;
}

/** The standard deviation, or 1 for a constant column (nothing to divide by). */
function spread(values: ArrayLike<number>, mean: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - mean) ** 2;
  const std = values.length > 0 ? Math.sqrt(sum / values.length) : 0;
  return std > 0 && Number.isFinite(std) ? std : 1;
}

function meanAndSpread(values: ArrayLike<number>): ColumnScale {
  const center = meanOf(values);
  return { center, scale: spread(values, center) };
}

/**
 * Every window whose inputs and forecast rows all lie in rows [from, to) (a window never straddles two
 * parts of a split): origins from + window … to − horizon, scaled by `scaling`.
 *
 * @example
 * ```ts
 * import { fitSeriesScaling, parseSeries, seriesWindows } from 'neurite/data';
 * const series = parseSeries('v\n1\n2\n3\n4\n5\n6\n', { target: 'v' });
 * const scaling = fitSeriesScaling(series, 'relative', 0, 6);
 * const windows = seriesWindows(series, { window: 3, horizon: 2 }, scaling, 0, 6);
 * console.log(windows.x.rows, Array.from(windows.origins), windows.x.toArray()[0]); // 2 [3, 4] [-2, -1, 0]
 * ```
 */
export function seriesWindows(
  series: SeriesData,
  shape: { window: number; horizon: number },
  scaling: SeriesScaling,
  from: number,
  to: number,
  dtype: DType = 'float32',
): SeriesWindows {
  const { window, horizon } = shape;
  const count = Math.max(0, to - from - window - horizon + 1);
  const origins = Int32Array.from({ length: count }, (_, i) => from + window + i);
  return windowsAt(series, window, horizon, scaling, origins, dtype);
}

/**
 * The window that ends at the series' last row, to forecast what comes after it (`y` is null).
 *
 * @example
 * ```ts
 * import { fitSeriesScaling, lastSeriesWindow, parseSeries } from 'neurite/data';
 * const series = parseSeries('v\n1\n2\n4\n', { target: 'v' });
 * const last = lastSeriesWindow(series, 2, fitSeriesScaling(series, 'relative', 0, 3));
 * console.log(last.x.toArray(), last.last[0]); // [[-1.333…, 0]] 4
 * ```
 */
export function lastSeriesWindow(series: SeriesData, window: number, scaling: SeriesScaling, dtype: DType = 'float32'): SeriesWindows {
  if (series.length < window) throw tooShort(series, window, 0);
  return windowsAt(series, window, 0, scaling, Int32Array.of(series.length), dtype);
}

function windowsAt(series: SeriesData, window: number, horizon: number, scaling: SeriesScaling, origins: Int32Array, dtype: DType): SeriesWindows {
  const width = series.values.length;
  const target = series.values[0]!;
  const x = Matrix.zeros(origins.length, window * width, dtype);
  const y = horizon > 0 ? Matrix.zeros(origins.length, horizon, dtype) : null;
  const last = new Float64Array(origins.length);
  const relative = scaling.inputs === 'relative';
  const { center, scale } = scaling.target;
  origins.forEach((origin, r) => {
    const base = relative ? target[origin - 1]! : center;
    last[r] = target[origin - 1]!;
    const row = x.rowView(r);
    for (let i = 0; i < window; i++) {
      const at = origin - window + i;
      row[i * width] = (target[at]! - base) / scale;
      for (let c = 1; c < width; c++) {
        const s = scaling.features[c - 1]!;
        row[i * width + c] = (series.values[c]![at]! - s.center) / s.scale;
      }
    }
    if (y) for (let h = 0; h < horizon; h++) y.data[r * horizon + h] = (target[origin + h]! - base) / scale;
  });
  return { x, y, origins, last };
}

/**
 * Scaled network outputs [count × horizon] back to the target's units, in place: × scale, then + the
 * window's last value (relative) or + the training mean (levels).
 */
export function unscaleForecasts(out: Matrix, windows: SeriesWindows, scaling: SeriesScaling): Matrix {
  const { center, scale } = scaling.target;
  for (let r = 0; r < out.rows; r++) {
    const base = scaling.inputs === 'relative' ? windows.last[r]! : center;
    for (let h = 0; h < out.cols; h++) out.data[r * out.cols + h] = out.data[r * out.cols + h]! * scale + base;
  }
  return out;
}

/** A series (or a part of one) too short for even one window. */
export function tooShort(series: SeriesData, window: number, horizon: number, part = ''): NeuriteError {
  const need = window + horizon;
  return new NeuriteError(
    'INVALID_ARGUMENT',
    `${series.file}: ${part ? `the ${part} part has` : 'the series has'} too few rows for one window: a window of ${window} step${window === 1 ? '' : 's'}${horizon > 0 ? ` and a forecast of ${horizon}` : ''} need${horizon > 0 ? '' : 's'} ${need} rows; there ${series.length === 1 ? 'is 1' : `are ${series.length}`}. Give a shorter --window${horizon > 0 ? ' or --horizon' : ''}, or more rows`,
    { file: series.file, expected: need, actual: series.length, field: 'window' },
  );
}
