import { parseSeries, type SeriesData } from '../../data/series-table.js';
import { isNeuriteError } from '../../errors.js';
import { formatForecastScores } from '../../model/series-baselines.js';
import type { SeriesEvaluation } from '../../model/series-model.js';
import { SERIES_DEFAULTS, splitSeries, trainSeriesModel, type TrainSeriesOptions, type TrainSeriesResult } from '../../model/train-series.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { writeReport } from '../../report/report.js';
import type { TrainingReporter } from '../reporter.js';
import { VERSION } from '../version.js';
import { describeRange, describeSeries, networkName, readSeriesText } from './read-series.js';
import { seriesReportInput } from './series-report.js';

/** `neurite train data.csv --target t --window W --horizon H`: what the command line decided. */
export interface SeriesRun {
  data: string;
  target: string;
  date?: string;
  features: string[];
  sortDates: boolean;
  options: TrainSeriesOptions;
  out: string;
  report?: string;
  reporter: TrainingReporter;
  signal: AbortSignal;
}

/** Reads the series, trains, prints the errors beside the naive baselines, writes the model (and report). Returns the exit code. */
export async function runSeriesTraining(run: SeriesRun): Promise<number> {
  const { reporter } = run;
  const { text, file } = await readSeriesText(run.data);
  const series = parseSeries(text, {
    target: run.target,
    features: run.features,
    file,
    sortDates: run.sortDates,
    ...(run.date !== undefined ? { date: run.date } : {}),
  });
  reporter.event('series', describeSeries(series), { rows: series.length, dateColumn: series.dateColumn, step: series.step, columns: series.columns });
  const epochs = run.options.epochs ?? 0;
  let result: TrainSeriesResult;
  try {
    result = await trainSeriesModel(series, {
      ...run.options,
      signal: run.signal,
      callbacks: {
        onTrainBegin: (info) => {
          announceSplit(run, series);
          reporter.start({ ...info, epochs, initialEpoch: 0 });
        },
        onBatchEnd: (info) => reporter.batch(info),
        onEpochEnd: (log) => reporter.epoch(log, epochs),
      },
    });
  } catch (error) {
    reporter.stop();
    if (!isNeuriteError(error) || error.code !== 'ABORTED') throw error;
    reporter.event('interrupted', 'interrupted: nothing written (a forecaster trains in seconds to minutes; run it again)', {});
    return 130;
  }
  reporter.stop();
  const { period, history } = result;
  if (result.stopReason === 'early-stopping') {
    reporter.event('early-stopping', `early stopping after epoch ${history.length}: kept the weights of the best validation loss`, {});
  }
  const seasonText =
    period.source === 'given'
      ? `season: ${period.value} steps (--period)`
      : period.source === 'detected'
        ? `season: ${period.value} steps, detected (autocorrelation of the training part's one-step changes ${period.autocorrelation!.toFixed(2)})`
        : 'season: none detected within the window (give --period to score the value one season ago)';
  reporter.event('period', seasonText, { period: period.value, source: period.source });
  for (const [part, evaluation] of [
    ['validation', result.validation],
    ['test', result.test],
  ] as const) {
    if (evaluation) reporter.event(`${part}-scores`, formatForecastScores(evaluation.scores, part), { part, ...evaluation.scores });
  }
  const final = result.test ?? result.validation;
  const model = result.model;
  const training = {
    ...model.training,
    library: VERSION,
    data: file,
    date: new Date().toISOString(),
    split: result.split,
    network: networkName(run.options.network),
    ...(final ? { metrics: { [result.test ? 'test' : 'validation']: scoresJSON(final) } } : {}),
  };
  const json = { ...model.toJSON(), training };
  await writeFileAtomic(run.out, JSON.stringify(json));
  reporter.event('saved', `model written to ${run.out}`, { path: run.out });
  if (run.report) {
    await writeFileAtomic(run.report, writeReport(seriesReportInput(series, result, run.options)));
    reporter.event('report', `report written to ${run.report}`, { path: run.report });
  }
  return 0;
}

/** The split by time, before the first epoch. */
function announceSplit(run: SeriesRun, series: SeriesData): void {
  const o = run.options;
  const split = splitSeries(series.length, o.validation ?? SERIES_DEFAULTS.validation, o.test ?? SERIES_DEFAULTS.test);
  const parts = (['train', 'validation', 'test'] as const).flatMap((part) => {
    const range = split[part];
    return range ? [`${part === 'train' ? 'training' : part} ${describeRange(series, range[0], range[1])}`] : [];
  });
  run.reporter.event('split', `split by time (windows never cross a part): ${parts.join(', ')}`, { split });
}

function scoresJSON(evaluation: SeriesEvaluation) {
  const { scores } = evaluation;
  return {
    windows: scores.windows,
    mae: scores.model.mae,
    rmse: scores.model.rmse,
    lastValue: scores.lastValue,
    ...(scores.seasonal ? { seasonal: scores.seasonal } : {}),
  };
}
