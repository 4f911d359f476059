import { detectPeriod } from '../data/series-season.js';
import type { SeriesData } from '../data/series-table.js';
import { fitSeriesScaling, seriesWindows, tooShort, type SeriesInputs } from '../data/series-windows.js';
import { NeuriteError, requireInteger, requireNumber } from '../errors.js';
import { Rng } from '../init/rng.js';
import { Network } from '../nn/network.js';
import type { LayerSpec } from '../nn/network-spec.js';
import { Adam } from '../optim/adam.js';
import type { DType } from '../tensor/matrix.js';
import { fit, type EpochLog, type FitCallbacks } from '../train/fit.js';
import { seriesNetworkSpec, type SeriesNetworkName } from './series-network.js';
import { SeriesModel, type SeriesEvaluation } from './series-model.js';
import type { SeriesSpec } from './series-spec.js';

/** Options of {@link trainSeriesModel}; the defaults are `neurite train --window`'s (docs/forecasting.md). */
export interface TrainSeriesOptions {
  /** Steps the forecaster reads. */
  window: number;
  /** Steps it forecasts. */
  horizon: number;
  /** The season in steps (≤ window); 'auto' (default) detects it on the training part; null: none. */
  period?: number | 'auto' | null;
  inputs?: SeriesInputs;
  network?: SeriesNetworkName | LayerSpec[];
  units?: number;
  /** Fraction of the rows, before the test part, whose windows are validation (early stopping). */
  validation?: number;
  /** Fraction of the rows at the end whose windows are the test. */
  test?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Epochs without a better validation loss before stopping (0: off). */
  patience?: number;
  /** Clip the gradients' global norm (recurrent networks can explode); 0: off. */
  clipNorm?: number;
  seed?: number;
  dtype?: DType;
  signal?: AbortSignal;
  callbacks?: FitCallbacks;
}

/** The defaults of {@link TrainSeriesOptions}. */
export const SERIES_DEFAULTS = {
  period: 'auto' as const,
  inputs: 'relative' as SeriesInputs,
  units: 32,
  validation: 0.1,
  test: 0.2,
  epochs: 200,
  batchSize: 32,
  learningRate: 0.001,
  patience: 20,
  clipNorm: 1,
  seed: 42,
};

/** Where each part of the split lies: rows [from, to). */
export interface SeriesSplit {
  train: [number, number];
  validation: [number, number] | null;
  test: [number, number] | null;
}

/** What {@link trainSeriesModel} gives back. */
export interface TrainSeriesResult {
  model: SeriesModel;
  history: EpochLog[];
  split: SeriesSplit;
  /** The period used, and where it came from. */
  period: { value: number | null; source: 'given' | 'detected' | 'none'; autocorrelation?: number };
  /** The forecaster and the naive forecasts on the validation and test windows. */
  validation: SeriesEvaluation | null;
  test: SeriesEvaluation | null;
  stopReason: string;
}

/**
 * The split by time: the first rows train, the next `validation` fraction validates, the last `test`
 * fraction tests (row counts rounded down, as the measurement does: train = ⌊0.8·n⌋ of 1461 days).
 * Nothing is shuffled across parts, and every window lies inside one part.
 */
export function splitSeries(length: number, validation: number, test: number): SeriesSplit {
  const testStart = test > 0 ? Math.floor((1 - test) * length) : length;
  const validationStart = validation > 0 ? Math.floor((1 - test - validation) * length) : testStart;
  return {
    train: [0, validationStart],
    validation: validationStart < testStart ? [validationStart, testStart] : null,
    test: testStart < length ? [testStart, length] : null,
  };
}

/**
 * Trains a forecaster of the next `horizon` values of `series.values[0]` from the `window` before them:
 * splits by time, fits the scaling on the training part, trains the network (Adam, MSE on scaled values,
 * early stopping on the validation windows), and scores it and the naive forecasts on the validation and
 * test windows.
 *
 * @example
 * ```ts
 * import { trainSeriesModel } from 'neurite';
 * import { parseSeries } from 'neurite/data';
 * const text = 'v\n' + Array.from({ length: 200 }, (_, t) => 0.2 * t + Math.sin((2 * Math.PI * t) / 7)).join('\n');
 * const result = await trainSeriesModel(parseSeries(text, { target: 'v' }), { window: 14, horizon: 3, network: 'linear', epochs: 100 });
 * console.log(result.period.value, result.test!.scores.model.mae < result.test!.scores.lastValue.mae); // 7 true
 * ```
 */
export async function trainSeriesModel(series: SeriesData, options: TrainSeriesOptions): Promise<TrainSeriesResult> {
  const o = { ...SERIES_DEFAULTS, ...options };
  const window = requireInteger('window', o.window, 1);
  const horizon = requireInteger('horizon', o.horizon, 1);
  requireNumber('validation', o.validation, { min: 0 });
  requireNumber('test', o.test, { min: 0 });
  if (o.validation + o.test >= 1)
    throw new NeuriteError('INVALID_ARGUMENT', `validation (${o.validation}) + test (${o.test}) leave no rows to train on`, { field: 'test' });
  if (series.length < window + horizon) throw tooShort(series, window, horizon);
  const split = splitSeries(series.length, o.validation, o.test);
  for (const part of ['train', 'validation', 'test'] as const) {
    const range = split[part];
    if (range && range[1] - range[0] < window + horizon)
      throw tooShort({ ...series, length: range[1] - range[0] }, window, horizon, part === 'train' ? 'training' : part);
  }
  const [from, to] = split.train;
  const period = choosePeriod(series, o.period, window, to);
  const scaling = fitSeriesScaling(series, o.inputs, from, to);
  const spec: SeriesSpec = {
    target: series.columns[0]!,
    features: series.columns.slice(1),
    date: series.dateColumn && series.step ? { column: series.dateColumn, step: series.step } : null,
    window,
    horizon,
    period: period.value,
    scaling,
  };
  const dtype = o.dtype ?? 'float32';
  const network = Network.create(
    seriesNetworkSpec({ network: o.network, units: o.units, window, features: series.columns.length, horizon, seed: o.seed, dtype }),
  );
  const train = seriesWindows(series, spec, scaling, from, to, dtype);
  const validation = split.validation ? seriesWindows(series, spec, scaling, split.validation[0], split.validation[1], dtype) : null;
  const result = await fit(network, train.x, train.y!, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    optimizer: new Adam({ learningRate: o.learningRate }),
    loss: 'mse',
    rng: new Rng(o.seed),
    ...(o.clipNorm > 0 ? { clipNorm: o.clipNorm } : {}),
    ...(validation ? { validationData: [validation.x, validation.y!] as [typeof validation.x, typeof validation.x] } : {}),
    ...(validation && o.patience > 0 ? { earlyStopping: { patience: o.patience, restoreBestWeights: true } } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.callbacks ? { callbacks: o.callbacks } : {}),
  });
  const model = new SeriesModel(network, spec, { seed: o.seed, epochs: result.history.length, inputs: o.inputs });
  return {
    model,
    history: result.history,
    split,
    period,
    validation: split.validation ? model.evaluate(series, ...split.validation) : null,
    test: split.test ? model.evaluate(series, ...split.test) : null,
    stopReason: result.stopReason,
  };
}

function choosePeriod(series: SeriesData, asked: number | 'auto' | null, window: number, trainEnd: number): TrainSeriesResult['period'] {
  if (asked === null) return { value: null, source: 'none' };
  if (asked !== 'auto') {
    requireInteger('period', asked, 1);
    if (asked > window) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `--period ${asked} is longer than the window (${window}): the value one season ago must lie inside the window; give --window ≥ ${asked}`,
        { field: 'period', expected: `≤ ${window}`, actual: asked },
      );
    }
    return { value: asked, source: 'given' };
  }
  const found = detectPeriod(series.values[0]!.subarray(0, trainEnd), window);
  return found ? { value: found.period, source: 'detected', autocorrelation: found.autocorrelation } : { value: null, source: 'none' };
}
