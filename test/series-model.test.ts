import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseSeries, type SeriesData } from '../src/data/series-table.js';
import type { NeuriteError } from '../src/errors.js';
import { scoreForecasts, seasonAgo } from '../src/model/series-baselines.js';
import { SeriesModel } from '../src/model/series-model.js';
import { seriesNetworkSpec } from '../src/model/series-network.js';
import { trainSeriesModel } from '../src/model/train-series.js';
import { Network } from '../src/nn/network.js';
import { DATA } from './helpers/paths.js';

const trendSeason = () => parseSeries(readFileSync(DATA + 'trend-season.csv', 'utf8'), { target: 'sales', file: 'trend-season.csv' });

test('the naive baselines by hand: the last value, and the value one season ago inside the window', () => {
  const series = parseSeries('v\n' + [1, 2, 3, 4, 5, 6, 7, 8].join('\n'), { target: 'v' });
  // Windows ending at rows 3 and 4 (values 4 and 5), forecasting 2 steps: truth [5, 6] and [6, 7].
  const scores = scoreForecasts(
    series,
    [4, 5],
    [
      [5, 6],
      [6, 8],
    ],
    2,
    3,
  );
  assert.equal(scores.windows, 2);
  assert.equal(scores.model.mae, 1 / 4);
  assert.equal(scores.model.rmse, Math.sqrt(1 / 4));
  assert.equal(scores.lastValue.mae, (1 + 2 + 1 + 2) / 4);
  // Period 3: step h ahead uses the value 3 steps before it (h ≤ 3), which is 3 less here.
  assert.equal(scores.seasonal!.mae, 3);
  assert.equal(seasonAgo(6, 4, 3), 3);
  assert.equal(seasonAgo(7, 4, 2), 3); // 4 steps ahead with a season of 2: two seasons back
  assert.equal(scoreForecasts(series, [4], [[5, 6]], 2, null).seasonal, null);
});

test('a series that trends out of the training range: the default forecaster beats both naive forecasts', async () => {
  const series = trendSeason();
  const result = await trainSeriesModel(series, { window: 14, horizon: 3, epochs: 60, patience: 10 });
  const [from] = result.split.test!;
  const target = series.values[0]!;
  // The premise: most test values lie above every value the forecaster was trained or validated on.
  const seen = Math.max(...target.subarray(0, from));
  assert.ok(target.subarray(from).filter((v) => v > seen).length > 0.75 * (target.length - from));
  assert.equal(result.model.network.layers[0]!.type, 'lstm');
  assert.deepEqual(result.period, { value: 7, source: 'detected', autocorrelation: result.period.autocorrelation });
  const { model, lastValue, seasonal } = result.test!.scores;
  assert.ok(model.mae < 0.5 * lastValue.mae, `network ${model.mae} vs last value ${lastValue.mae}`);
  assert.ok(model.mae < seasonal!.mae, `network ${model.mae} vs a week earlier ${seasonal!.mae}`);
  assert.ok(model.rmse < lastValue.rmse && model.rmse < seasonal!.rmse);
});

test('levels relative to the window are what carries a trend: the same network on standardized levels does worse', async () => {
  const series = trendSeason();
  const options = { window: 14, horizon: 3, network: 'linear' as const, epochs: 80, patience: 0 };
  const relative = await trainSeriesModel(series, options);
  const levels = await trainSeriesModel(series, { ...options, inputs: 'levels' });
  assert.ok(relative.test!.scores.model.mae < levels.test!.scores.model.mae, `${relative.test!.scores.model.mae} vs ${levels.test!.scores.model.mae}`);
});

test('the model file holds everything: a copy from JSON forecasts the same, from raw CSV text', async () => {
  const series = trendSeason();
  const { model } = await trainSeriesModel(series, { window: 14, horizon: 3, network: 'dense', units: 8, epochs: 5 });
  const copy = SeriesModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
  const again = copy.readSeries(readFileSync(DATA + 'trend-season.csv', 'utf8'), 'trend-season.csv');
  assert.deepEqual(copy.forecast(again, 3), model.forecast(series, 3));
  assert.deepEqual(copy.evaluate(again).scores, model.evaluate(series).scores);
  // Forecast dates continue the series' step.
  const { dates } = copy.forecast(again, 2);
  assert.deepEqual(dates, [Date.UTC(2021, 11, 27), Date.UTC(2021, 11, 28)]);
  // A file whose rows are spaced differently is refused.
  assert.throws(
    () => copy.readSeries('date,sales\n2021-01-01,1\n2021-01-03,2\n2021-01-05,3\n', 'x.csv'),
    /rows are 2 days apart; the model was trained on rows 1 day apart/,
  );
});

test('past the horizon, forecasts are fed back: the first horizon values are the one-shot forecast', async () => {
  const series = trendSeason();
  const { model } = await trainSeriesModel(series, { window: 14, horizon: 3, network: 'linear', epochs: 5 });
  const short = model.forecast(series, 3);
  const long = model.forecast(series, 8);
  assert.equal(short.rounds, 1);
  assert.equal(long.rounds, 3);
  assert.equal(long.values.length, 8);
  assert.deepEqual(long.values.slice(0, 3), short.values);
  // Round 2 reads a window that ends with round 1's forecasts.
  const extended: SeriesData = { ...series, values: [Float64Array.from([...series.values[0]!, ...short.values])], length: series.length + 3, dates: null };
  assert.deepEqual(model.forecast(extended, 3).values, long.values.slice(3, 6));
});

test('extra columns are inputs at every step; their future is unknown, so no forecast past the horizon', async () => {
  const text = readFileSync(DATA + 'seattle-weather-2012.csv', 'utf8');
  const series = parseSeries(text, { target: 'temp_max', features: ['temp_min', 'wind'], file: 'seattle-weather-2012.csv' });
  const { model } = await trainSeriesModel(series, { window: 14, horizon: 2, network: 'linear', epochs: 3 });
  assert.deepEqual(model.network.inputShape, [14, 3]);
  assert.deepEqual(model.spec.features, ['temp_min', 'wind']);
  assert.equal(model.forecast(series, 2).values.length, 2);
  assert.throws(() => model.forecast(series, 3), /past the horizon \(2\), which needs the future values of temp_min, wind/);
});

test('too little data: a window longer than the series, or a part too short for one window', async () => {
  const series = parseSeries('v\n' + Array.from({ length: 30 }, (_, i) => i).join('\n'), { target: 'v', file: 's.csv' });
  await assert.rejects(trainSeriesModel(series, { window: 40, horizon: 1 }), (error: NeuriteError) => {
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.match(error.message, /^s\.csv: the series has too few rows for one window: a window of 40 steps and a forecast of 1 need 41 rows; there are 30/);
    return true;
  });
  await assert.rejects(trainSeriesModel(series, { window: 5, horizon: 2 }), /the validation part has too few rows for one window: .* need 7 rows; there are 3/);
  await assert.rejects(trainSeriesModel(series, { window: 5, horizon: 2, period: 9, validation: 0, test: 0 }), /--period 9 is longer than the window \(5\)/);
});

test('a model file with a wrong series part is refused field by field', () => {
  const network = Network.create(seriesNetworkSpec({ network: 'linear', window: 4, features: 1, horizon: 2 }));
  const spec = {
    target: 'v',
    features: [],
    date: null,
    window: 4,
    horizon: 2,
    period: null,
    scaling: { inputs: 'relative', target: { center: 0, scale: 1 }, features: [] },
  };
  const good = { format: 'neurite-series-model', version: 1, series: spec, network: network.toJSON(), training: {} };
  assert.equal(SeriesModel.fromJSON(good).spec.window, 4);
  const bad = (series: object, path: RegExp) =>
    assert.throws(
      () => SeriesModel.fromJSON({ ...good, series: { ...spec, ...series } }),
      (error: NeuriteError) => error.code === 'MODEL_FORMAT' && path.test(String(error.details.path)),
    );
  bad({ window: 0 }, /^series\.window$/);
  bad({ window: 5 }, /^network\.inputShape$/);
  bad({ horizon: 3 }, /^network$/);
  bad({ scaling: { ...spec.scaling, target: { center: 0, scale: -1 } } }, /^series\.scaling\.target\.scale$/);
  bad({ scaling: { ...spec.scaling, inputs: 'logs' } }, /^series\.scaling\.inputs$/);
  bad({ period: 5 }, /^series\.period$/);
  assert.throws(() => SeriesModel.fromJSON({ ...good, format: 'neurite-model' }), /format: expected "neurite-series-model"/);
});
