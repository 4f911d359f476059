import { formatForecastScores } from '../../model/series-baselines.js';
import { loadSeriesModel } from './load-series-model.js';
import { readSeriesText } from './read-series.js';

/**
 * `neurite evaluate forecaster.json later.csv`: the forecaster on every window of the file (MAE, RMSE) with
 * the naive forecasts beside it; one JSON object with `--json`.
 */
export async function evaluateSeries(modelPath: string, dataPath: string, flags: { json?: boolean; sortDates?: boolean }): Promise<void> {
  const model = await loadSeriesModel(modelPath);
  const { text, file } = await readSeriesText(dataPath);
  const series = model.readSeries(text, file, { sortDates: flags.sortDates === true });
  const { scores } = model.evaluate(series);
  if (flags.json) {
    const out = {
      rows: series.length,
      windows: scores.windows,
      window: model.spec.window,
      horizon: model.spec.horizon,
      mae: scores.model.mae,
      rmse: scores.model.rmse,
      baselines: { lastValue: scores.lastValue, ...(scores.seasonal ? { seasonal: scores.seasonal } : {}) },
    };
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  const { window, horizon } = model.spec;
  process.stdout.write(`${formatForecastScores(scores, `${file}: ${series.length} rows, every window of ${window} steps → ${horizon}`)}\n`);
}
