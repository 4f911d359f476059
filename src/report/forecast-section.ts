/**
 * The report's forecasts against the truth for a time-series forecaster: the held-out part with the
 * forecasts made one step and `horizon` steps ahead, one window in full (its inputs, the truth after it,
 * the forecast and the naive forecasts), and the errors beside the naive baselines.
 */
import type { ForecastError, ForecastScores } from '../model/series-baselines.js';
import { COLORS, escapeXml, formatNumber, lineChart, type Series } from './charts.js';

/** What the forecast section draws (built by the CLI from a model's evaluation of one part of the series). */
export interface ForecastPictures {
  /** The part drawn, e.g. `test`. */
  part: string;
  target: string;
  horizon: number;
  /** Where the part lies, in words (`rows 1169–1461, 2015-03-14 … 2015-12-31`). */
  where: string;
  /** Row numbers (x) and true values of the part. */
  x: number[];
  truth: number[];
  /** The forecast of each row made one step before it (null where no window forecast it). */
  oneStep: Array<number | null>;
  /** The forecast of each row made `horizon` steps before it. */
  lastStep: Array<number | null>;
  /** One window: steps relative to its end (−window+1 … horizon), its inputs and what followed. */
  window: {
    x: number[];
    history: Array<number | null>;
    truth: Array<number | null>;
    forecast: Array<number | null>;
    lastValue: Array<number | null>;
    seasonal: Array<number | null> | null;
  };
  scores: ForecastScores;
}

const MUTED = '#6b7280';
const SEASONAL = '#6d28d9';

/** The section's HTML: two charts and the table of errors. */
export function forecastSection(p: ForecastPictures): string {
  const target = escapeXml(p.target);
  const along = lineChart({
    title: `${p.target}: truth and forecasts (${p.part})`,
    x: p.x,
    xLabel: 'row',
    width: 960,
    series: [
      { name: 'truth', values: p.truth, color: COLORS.text },
      { name: 'forecast 1 step ahead', values: p.oneStep, color: COLORS.train },
      ...(p.horizon > 1 ? [{ name: `forecast ${p.horizon} steps ahead`, values: p.lastStep, color: COLORS.validation, dashed: true } satisfies Series] : []),
    ],
  });
  const w = p.window;
  const one = lineChart({
    title: `The last ${p.part} window`,
    x: w.x,
    xLabel: 'steps from the window\u2019s last value',
    series: [
      { name: 'window', values: w.history, color: MUTED },
      { name: 'truth', values: w.truth, color: COLORS.text },
      { name: 'forecast', values: w.forecast, color: COLORS.train },
      { name: 'last value', values: w.lastValue, color: COLORS.validation, dashed: true },
      ...(w.seasonal ? [{ name: 'one season ago', values: w.seasonal, color: SEASONAL, dashed: true } satisfies Series] : []),
    ],
  });
  return (
    `<section><h2>Forecasts (${escapeXml(p.part)} data)</h2><p>${target}, ${escapeXml(p.where)}: ${p.scores.windows} windows, each forecasting ${p.horizon} step${p.horizon === 1 ? '' : 's'}.</p>` +
    `${scoreTable(p.scores)}<div class="charts"><figure class="wide">${along}</figure><figure>${one}</figure></div></section>`
  );
}

function scoreTable(scores: ForecastScores): string {
  const rows: Array<[string, ForecastError]> = [
    ['network', scores.model],
    ['last value', scores.lastValue],
    ...(scores.seasonal ? [[`${scores.seasonal.period} steps earlier`, scores.seasonal] as [string, ForecastError]] : []),
  ];
  const body = rows
    .map(
      ([name, e]) =>
        `<tr><th scope="row">${escapeXml(name)}</th><td class="num" data-value="${e.mae}">${formatNumber(e.mae)}</td><td class="num" data-value="${e.rmse}">${formatNumber(e.rmse)}</td></tr>`,
    )
    .join('');
  return `<table class="forecast-scores"><thead><tr><th scope="col">forecast</th><th scope="col">MAE</th><th scope="col">RMSE</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** A wide chart spans the grid's row. */
export const FORECAST_CSS = `figure.wide { grid-column: 1 / -1; }`;
