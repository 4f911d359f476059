import type { Command } from 'commander';
import { formatSeriesDate } from '../../data/series-dates.js';
import { parsePath, parsePositiveInteger } from '../options.js';
import { loadSeriesModel } from '../series/load-series-model.js';
import { readSeriesText } from '../series/read-series.js';

interface ForecastFlags {
  steps?: number;
  json?: boolean;
  sortDates?: boolean;
}

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description('continue a time series past its last row with a forecaster (a model trained with --window and --horizon)')
    .argument('<model.json>', 'a forecaster model file', parsePath)
    .argument('<data.csv>', 'the series: the columns the model was trained on, oldest row first; the forecast starts after its last row', parsePath)
    .option('--steps <n>', "steps to forecast (default: the model's horizon); beyond the horizon, forecasts are fed back as inputs", parsePositiveInteger)
    .option('--sort-dates', 'sort the rows by date instead of refusing a file out of order')
    .option('--json', 'print one JSON object: the forecast values, with their dates when the series has dates')
    .action(async (modelPath: string, dataPath: string, flags: ForecastFlags) => {
      const model = await loadSeriesModel(modelPath);
      const { text, file } = await readSeriesText(dataPath);
      const series = model.readSeries(text, file, { sortDates: flags.sortDates === true });
      const steps = flags.steps ?? model.spec.horizon;
      const result = model.forecast(series, steps);
      const dates = result.dates?.map(formatSeriesDate) ?? null;
      // A float32 network's outputs carry about 7 significant digits; printing more would be noise.
      const values = model.network.dtype === 'float64' ? result.values : result.values.map((v) => Number(v.toPrecision(7)));
      if (flags.json) {
        process.stdout.write(JSON.stringify({ target: model.spec.target, steps, rounds: result.rounds, values, ...(dates ? { dates } : {}) }) + '\n');
        return;
      }
      const head = dates ? (model.spec.date?.column ?? 'date') : 'step';
      const lines = [`${head},${model.spec.target}`, ...values.map((v, i) => `${dates ? dates[i] : series.length + i + 1},${v}`)];
      process.stdout.write(lines.join('\n') + '\n');
      if (result.rounds > 1) {
        process.stderr.write(
          `note: ${steps} steps is past the model's horizon (${model.spec.horizon}): steps after the first ${model.spec.horizon} are forecast from earlier forecasts (${result.rounds} rounds), so their errors compound\n`,
        );
      }
    });
}
