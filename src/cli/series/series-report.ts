import type { SeriesData } from '../../data/series-table.js';
import { seasonAgo } from '../../model/series-baselines.js';
import type { SeriesEvaluation } from '../../model/series-model.js';
import type { TrainSeriesOptions, TrainSeriesResult } from '../../model/train-series.js';
import type { ForecastPictures } from '../../report/forecast-section.js';
import { reportLayers } from '../../report/layer-table.js';
import type { ReportInput } from '../../report/report.js';
import { describeRange, networkName } from './read-series.js';

/** The HTML report of a forecaster's training run: curves, forecasts against the truth, architecture, settings. */
export function seriesReportInput(series: SeriesData, result: TrainSeriesResult, options: TrainSeriesOptions): ReportInput {
  const { model, history, split } = result;
  const { spec, network } = model;
  const [part, evaluation, range] = result.test
    ? ['test', result.test, split.test!]
    : result.validation
      ? ['validation', result.validation, split.validation!]
      : [null, null, null];
  const scores = evaluation?.scores;
  return {
    title: `neurite: ${series.file} → ${spec.target}, ${spec.horizon} steps ahead`,
    history,
    architecture: { inputs: series.columns, layers: [], table: { inputShape: [...network.inputShape], layers: reportLayers(network) } },
    ...(evaluation ? { forecast: forecastPictures(series, evaluation, part!, range!, spec.horizon) } : {}),
    settings: {
      data: series.file,
      target: spec.target,
      ...(spec.features.length > 0 ? { features: spec.features.join(', ') } : {}),
      window: spec.window,
      horizon: spec.horizon,
      period: spec.period ?? 'none',
      inputs: spec.scaling.inputs,
      network: networkName(options.network),
      epochs: history.length,
      'batch size': options.batchSize ?? 32,
      'learning rate': options.learningRate ?? 0.001,
      seed: options.seed ?? 42,
    },
    ...(scores
      ? {
          summary: {
            [`${part} MAE`]: scores.model.mae,
            [`${part} RMSE`]: scores.model.rmse,
            [`${part} MAE, last value`]: scores.lastValue.mae,
            ...(scores.seasonal ? { [`${part} MAE, ${scores.seasonal.period} steps earlier`]: scores.seasonal.mae } : {}),
          },
        }
      : {}),
  };
}

/** The pictures of one evaluated part: the forecasts 1 and `horizon` steps ahead along it, and its last window whole. */
export function forecastPictures(series: SeriesData, evaluation: SeriesEvaluation, part: string, range: [number, number], horizon: number): ForecastPictures {
  const [from, to] = range;
  const target = series.values[0]!;
  const { origins, forecasts, scores } = evaluation;
  const oneStep: Array<number | null> = new Array(to - from).fill(null);
  const lastStep: Array<number | null> = new Array(to - from).fill(null);
  origins.forEach((origin, r) => {
    oneStep[origin - from] = forecasts.get(r, 0);
    lastStep[origin + horizon - 1 - from] = forecasts.get(r, horizon - 1);
  });
  const r = origins.length - 1;
  const origin = origins[r]!;
  // The window's last steps (a long window would squeeze the forecast into a corner).
  const back = Math.min(origin - from, 4 * horizon + 8);
  const steps = Array.from({ length: back + horizon }, (_, i) => i - back + 1);
  const at = (step: number) => origin - 1 + step;
  const ahead = (fill: (step: number) => number) => steps.map((s) => (s >= 1 ? fill(s) : s === 0 ? target[at(0)]! : null));
  const period = scores.seasonal?.period;
  return {
    part,
    target: series.columns[0]!,
    horizon,
    where: describeRange(series, from, to),
    x: Array.from({ length: to - from }, (_, i) => from + i + 1),
    truth: Array.from(target.subarray(from, to)),
    oneStep,
    lastStep,
    window: {
      x: steps,
      history: steps.map((s) => (s <= 0 ? target[at(s)]! : null)),
      truth: ahead((s) => target[at(s)]!),
      forecast: ahead((s) => forecasts.get(r, s - 1)),
      lastValue: ahead(() => target[origin - 1]!),
      seasonal: period ? ahead((s) => target[seasonAgo(at(s), origin, period)]!) : null,
    },
    scores,
  };
}
