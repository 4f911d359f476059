import type { SeriesData } from '../data/series-table.js';

/** A forecaster's errors over windows, in the target's units. */
export interface ForecastError {
  /** Mean absolute error over every window and every step ahead. */
  mae: number;
  /** Root mean squared error over the same. */
  rmse: number;
}

/**
 * A forecaster scored beside the two naive forecasts on the same windows: the last value (every step ahead
 * forecast as the window's last value) and, when a period is known, the value one season ago (step h ahead
 * forecast as the value P·⌈h/P⌉ steps before it, which lies inside the window when P ≤ window).
 */
export interface ForecastScores {
  windows: number;
  model: ForecastError;
  lastValue: ForecastError;
  /** Null without a period. */
  seasonal: (ForecastError & { period: number }) | null;
}

/** Accumulates absolute and squared errors. */
class ErrorSum {
  private abs = 0;
  private squared = 0;
  private count = 0;
  add(truth: number, forecast: number): void {
    const e = truth - forecast;
    this.abs += Math.abs(e);
    this.squared += e * e;
    this.count++;
  }
  result(): ForecastError {
    return this.count === 0 ? { mae: NaN, rmse: NaN } : { mae: this.abs / this.count, rmse: Math.sqrt(this.squared / this.count) };
  }
}

/** The row whose value the seasonal naive forecast uses for row `at` (h = at − origin + 1 steps ahead). */
export function seasonAgo(at: number, origin: number, period: number): number {
  const h = at - origin + 1;
  return at - period * Math.ceil(h / period);
}

/**
 * The errors of `forecasts` (row r: the `horizon` values after `origins[r]`, in the target's units) and of
 * the naive forecasts on the same windows.
 *
 * @example
 * ```ts
 * import { parseSeries } from 'neurite/data';
 * import { scoreForecasts } from 'neurite';
 * const series = parseSeries('v\n1\n2\n3\n4\n', { target: 'v' });
 * // One window ending at row 2 (value 3), forecasting row 3 (value 4) as 4.5:
 * const scores = scoreForecasts(series, Int32Array.of(3), [[4.5]], 1, null);
 * console.log(scores.model.mae, scores.lastValue.mae); // 0.5 1
 * ```
 */
export function scoreForecasts(
  series: SeriesData,
  origins: ArrayLike<number>,
  forecasts: ArrayLike<ArrayLike<number>>,
  horizon: number,
  period: number | null,
): ForecastScores {
  const target = series.values[0]!;
  const model = new ErrorSum();
  const last = new ErrorSum();
  const seasonal = new ErrorSum();
  for (let r = 0; r < origins.length; r++) {
    const origin = origins[r]!;
    for (let h = 0; h < horizon; h++) {
      const at = origin + h;
      const truth = target[at]!;
      model.add(truth, forecasts[r]![h]!);
      last.add(truth, target[origin - 1]!);
      if (period !== null) seasonal.add(truth, target[seasonAgo(at, origin, period)]!);
    }
  }
  return {
    windows: origins.length,
    model: model.result(),
    lastValue: last.result(),
    seasonal: period === null ? null : { ...seasonal.result(), period },
  };
}

/** The scores as aligned text: one line per forecaster, MAE and RMSE side by side. */
export function formatForecastScores(scores: ForecastScores, part: string, modelName = 'network'): string {
  const rows: Array<[string, ForecastError]> = [
    [modelName, scores.model],
    ['last value', scores.lastValue],
    ...(scores.seasonal ? [[`${scores.seasonal.period} steps earlier`, scores.seasonal] as [string, ForecastError]] : []),
  ];
  const width = Math.max(...rows.map(([name]) => name.length), 10);
  const num = (v: number) => (Number.isFinite(v) ? v.toPrecision(4) : 'n/a').padStart(9);
  const lines = [`${part} (${scores.windows} windows)`, `  ${'forecast'.padEnd(width)}  ${'MAE'.padStart(9)}  ${'RMSE'.padStart(9)}`];
  for (const [name, e] of rows) lines.push(`  ${name.padEnd(width)}  ${num(e.mae)}  ${num(e.rmse)}`);
  const gain = 1 - scores.model.mae / scores.lastValue.mae;
  if (Number.isFinite(gain)) lines.push(`  the ${modelName}'s MAE is ${Math.abs(gain * 100).toFixed(1)}% ${gain >= 0 ? 'below' : 'above'} the last value's`);
  return lines.join('\n');
}
