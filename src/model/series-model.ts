import { addStep, describeStep } from '../data/series-dates.js';
import { parseSeries, type SeriesData } from '../data/series-table.js';
import { lastSeriesWindow, seriesWindows, tooShort, unscaleForecasts } from '../data/series-windows.js';
import { NeuriteError, requireInteger } from '../errors.js';
import { Network, type NetworkJSON } from '../nn/network.js';
import type { Matrix } from '../tensor/matrix.js';
import { scoreForecasts, type ForecastScores } from './series-baselines.js';
import { checkSeriesFit, seriesSpecFromJSON, type SeriesSpec } from './series-spec.js';

/** The `format` of a forecaster's model file. */
export const SERIES_MODEL_FORMAT = 'neurite-series-model';
/** The version of that format this library writes and reads. */
export const SERIES_MODEL_VERSION = 1;

/** A forecaster's model file as JSON (docs/forecasting.md). */
export interface SeriesModelJSON {
  format: typeof SERIES_MODEL_FORMAT;
  version: number;
  series: SeriesSpec;
  network: NetworkJSON;
  training: Record<string, unknown>;
}

/** What {@link SeriesModel.evaluate} finds: the scores, and each window's origin and forecast (for plots). */
export interface SeriesEvaluation {
  scores: ForecastScores;
  /** Each window's first forecast row. */
  origins: Int32Array;
  /** [windows × horizon], in the target's units. */
  forecasts: Matrix;
}

/** What {@link SeriesModel.forecast} gives: the values after the series' end, with their dates when it has dates. */
export interface SeriesForecast {
  values: number[];
  /** Milliseconds since 1970 (UTC) of each forecast step, or null. */
  dates: number[] | null;
  /** How many rounds of the network it took (more than one: later steps are forecast from forecasts). */
  rounds: number;
}

/**
 * A trained forecaster: the network and the {@link SeriesSpec} that turns raw rows into its windows. One
 * model file holds both, so `evaluate` and `forecast` need nothing but the file and a CSV.
 *
 * @example
 * ```ts
 * import { SeriesModel, trainSeriesModel } from 'neurite';
 * import { parseSeries } from 'neurite/data';
 * const text = 'v\n' + Array.from({ length: 120 }, (_, t) => 10 + 0.5 * t + 3 * Math.sin((2 * Math.PI * t) / 6)).join('\n');
 * const series = parseSeries(text, { target: 'v' });
 * const { model } = await trainSeriesModel(series, { window: 12, horizon: 3, network: 'linear', epochs: 50, validation: 0 });
 * const copy = SeriesModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
 * console.log(copy.forecast(series, 5).values.length); // 5
 * ```
 */
export class SeriesModel {
  constructor(
    readonly network: Network,
    readonly spec: SeriesSpec,
    readonly training: Record<string, unknown> = {},
  ) {
    checkSeriesFit(network, spec);
  }

  /** Reads CSV text the way the model was trained: its target, extra columns and date column (same step). */
  readSeries(text: string, file = 'CSV', options: { sortDates?: boolean } = {}): SeriesData {
    const { spec } = this;
    const series = parseSeries(text, {
      target: spec.target,
      features: spec.features,
      file,
      ...(spec.date ? { date: spec.date.column } : {}),
      ...(options.sortDates ? { sortDates: true } : {}),
    });
    if (spec.date && series.step && series.length > 1 && JSON.stringify(series.step) !== JSON.stringify(spec.date.step)) {
      throw new NeuriteError(
        'DATA_FORMAT',
        `${file}: its rows are ${describeStep(series.step)} apart; the model was trained on rows ${describeStep(spec.date.step)} apart`,
        { file, field: spec.date.column },
      );
    }
    return series;
  }

  /** Forecasts for windows, in the target's units: [windows × horizon]. */
  predictWindows(x: Matrix, windows: Parameters<typeof unscaleForecasts>[1]): Matrix {
    return unscaleForecasts(this.network.forward(x).clone(), windows, this.spec.scaling);
  }

  /** Scores the forecaster on every window of rows [from, to) of `series`, the naive forecasts beside it. */
  evaluate(series: SeriesData, from = 0, to = series.length): SeriesEvaluation {
    const { window, horizon, period, scaling } = this.spec;
    if (to - from < window + horizon) throw tooShort(series, window, horizon);
    const windows = seriesWindows(series, { window, horizon }, scaling, from, to, this.network.dtype);
    const forecasts = this.predictWindows(windows.x, windows);
    return { scores: scoreForecasts(series, windows.origins, forecasts.toArray(), horizon, period), origins: windows.origins, forecasts };
  }

  /**
   * Continues the series past its last row by `steps`. Up to the horizon it is one forecast; beyond, the
   * forecasts are appended to the series and the next window (which then holds forecasts) is forecast,
   * `horizon` steps at a time. A model with extra columns cannot go past the horizon: their future values
   * are unknown.
   */
  forecast(series: SeriesData, steps: number): SeriesForecast {
    requireInteger('steps', steps, 1);
    const { window, horizon, scaling, features } = this.spec;
    if (series.length < window) throw tooShort(series, window, 0);
    if (steps > horizon && features.length > 0) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `${series.file}: --steps ${steps} is past the horizon (${horizon}), which needs the future values of ${features.join(', ')}: they are unknown; ask for at most ${horizon} steps`,
        { field: 'steps', expected: horizon, actual: steps },
      );
    }
    const target = Array.from(series.values[0]!);
    let rounds = 0;
    while (target.length - series.length < steps) {
      const extended: SeriesData = { ...series, values: [Float64Array.from(target), ...series.values.slice(1)], length: target.length };
      const last = lastSeriesWindow(extended, window, scaling, this.network.dtype);
      target.push(...this.predictWindows(last.x, last).data);
      rounds++;
    }
    const values = target.slice(series.length, series.length + steps);
    const end = series.dates?.[series.length - 1];
    const step = series.step ?? this.spec.date?.step;
    const dates = end !== undefined && step ? values.map((_, i) => addStep(end, step, i + 1)) : null;
    return { values, dates, rounds };
  }

  /** The model file's JSON. */
  toJSON(): SeriesModelJSON {
    return { format: SERIES_MODEL_FORMAT, version: SERIES_MODEL_VERSION, series: this.spec, network: this.network.toJSON(), training: this.training };
  }

  /**
   * A model from its JSON, every field checked (MODEL_FORMAT errors with a path). The network is rebuilt by
   * `Network.fromJSON`, or by `buildNetwork` when given (the CLI passes the model-file loader's validating one).
   */
  static fromJSON(json: unknown, buildNetwork: (network: unknown) => Network = (n) => Network.fromJSON(n as NetworkJSON)): SeriesModel {
    if (json === null || typeof json !== 'object' || Array.isArray(json))
      throw new NeuriteError('MODEL_FORMAT', 'A forecaster model file is a JSON object', { path: '' });
    const root = json as Record<string, unknown>;
    if (root['format'] !== SERIES_MODEL_FORMAT) {
      throw new NeuriteError('MODEL_FORMAT', `format: expected "${SERIES_MODEL_FORMAT}", got ${JSON.stringify(root['format'])}`, { path: 'format' });
    }
    if (root['version'] !== SERIES_MODEL_VERSION) {
      throw new NeuriteError(
        'MODEL_FORMAT',
        `version: this neurite reads forecaster files of version ${SERIES_MODEL_VERSION}, got ${JSON.stringify(root['version'])}`,
        {
          path: 'version',
        },
      );
    }
    const spec = seriesSpecFromJSON(root['series']);
    const training = root['training'] ?? {};
    if (training === null || typeof training !== 'object' || Array.isArray(training))
      throw new NeuriteError('MODEL_FORMAT', 'training: expected an object', { path: 'training' });
    return new SeriesModel(buildNetwork(root['network']), spec, training as Record<string, unknown>);
  }
}
