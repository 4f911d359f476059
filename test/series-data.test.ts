import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { addStep, describeStep, detectStep, formatSeriesDate, parseSeriesDate } from '../src/data/series-dates.js';
import { detectPeriod } from '../src/data/series-season.js';
import { parseSeries } from '../src/data/series-table.js';
import { fitSeriesScaling, lastSeriesWindow, seriesWindows, unscaleForecasts } from '../src/data/series-windows.js';
import { NeuriteError } from '../src/errors.js';
import { splitSeries } from '../src/model/train-series.js';
import { DATA } from './helpers/paths.js';

const day = 86_400_000;

/** The NeuriteError that `run` throws, checked for its code. */
function failure(run: () => unknown, code: string): NeuriteError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof NeuriteError, String(error));
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail('expected an error');
}

test('dates: the written forms people use, read as UTC; impossible dates are not dates', () => {
  assert.equal(parseSeriesDate('2012-01-31'), Date.UTC(2012, 0, 31));
  assert.equal(parseSeriesDate('2012/01/31'), Date.UTC(2012, 0, 31));
  assert.equal(parseSeriesDate('2012-01'), Date.UTC(2012, 0, 1));
  assert.equal(parseSeriesDate('2012-01-31 13:45'), Date.UTC(2012, 0, 31, 13, 45));
  assert.equal(parseSeriesDate('2012-01-31T13:45:10Z'), Date.UTC(2012, 0, 31, 13, 45, 10));
  assert.equal(parseSeriesDate('2012-01-31T13:45+01:00'), Date.UTC(2012, 0, 31, 12, 45));
  for (const bad of ['2012-02-30', '2012-13-01', '31/01/2012', '12.5', '', '2012-01-31T25:00', 'sunny']) assert.equal(parseSeriesDate(bad), null, bad);
  assert.equal(formatSeriesDate(Date.UTC(2012, 0, 31)), '2012-01-31');
  assert.equal(formatSeriesDate(Date.UTC(2012, 0, 31, 6)), '2012-01-31T06:00:00Z');
});

test('the step: days, hours, and calendar months (which differ in length)', () => {
  const days = [0, 1, 2, 3].map((i) => Date.UTC(2020, 0, 1 + i));
  assert.deepEqual(detectStep(days), { unit: 'ms', count: day });
  assert.equal(describeStep(detectStep(days)), '1 day');
  const months = [0, 1, 2, 3, 4].map((i) => Date.UTC(2020, i, 1));
  assert.deepEqual(detectStep(months), { unit: 'month', count: 1 });
  assert.equal(addStep(Date.UTC(2020, 0, 31), { unit: 'month', count: 1 }), Date.UTC(2020, 1, 31)); // rolls like Date does
  assert.equal(describeStep({ unit: 'ms', count: 2 * 3_600_000 }), '2 hours');
  assert.equal(describeStep({ unit: 'ms', count: 14 * day }), '2 weeks');
});

test('parseSeries finds the one date column, reads the target and the extra columns in order', () => {
  const series = parseSeries('when,temp,wind,note\n2020-01-01,1.5,3,a\n2020-01-02,2.5,4,b\n2020-01-03,-1,5,c\n', {
    target: 'temp',
    features: ['wind'],
    file: 'w.csv',
  });
  assert.equal(series.dateColumn, 'when');
  assert.deepEqual(series.columns, ['temp', 'wind']);
  assert.deepEqual(Array.from(series.values[0]!), [1.5, 2.5, -1]);
  assert.deepEqual(Array.from(series.values[1]!), [3, 4, 5]);
  assert.deepEqual(Array.from(series.lines), [2, 3, 4]);
  assert.equal(series.length, 3);
  // No date column: rows in file order, no step.
  const plain = parseSeries('v\n1\n2\n', { target: 'v' });
  assert.equal(plain.dates, null);
  assert.equal(plain.step, null);
});

test('a file out of date order is refused with file, line and column; --sort-dates sorts it', () => {
  const text = 'date,v\n2020-01-01,1\n2020-01-03,3\n2020-01-02,2\n';
  const error = failure(() => parseSeries(text, { target: 'v', file: 'x.csv' }), 'DATA_FORMAT');
  assert.match(error.message, /^x\.csv:4:1: column "date": 2020-01-02 comes after 2020-01-03 \(line 3\).*--sort-dates/);
  assert.deepEqual([error.details.line, error.details.column], [4, 1]);
  const sorted = parseSeries(text, { target: 'v', sortDates: true });
  assert.deepEqual(Array.from(sorted.values[0]!), [1, 2, 3]);
  assert.deepEqual(Array.from(sorted.lines), [2, 4, 3]);
  // A date twice is an error even when sorting.
  const twice = failure(() => parseSeries('date,v\n2020-01-01,1\n2020-01-01,2\n', { target: 'v', sortDates: true }), 'DATA_FORMAT');
  assert.match(twice.message, /2020-01-01 appears twice/);
});

test('a gap in the dates is refused, naming the line and how many steps are missing', () => {
  const error = failure(() => parseSeries('date,v\n2020-01-01,1\n2020-01-02,2\n2020-01-05,3\n2020-01-06,4\n', { target: 'v', file: 'g.csv' }), 'DATA_FORMAT');
  assert.match(error.message, /^g\.csv:4:1: column "date": a gap: 2020-01-05 follows 2020-01-02 \(line 3\) where the rows are 1 day apart \(2 steps missing\)/);
  // Monthly rows are not gaps although months differ in length.
  const monthly = parseSeries('month,v\n2020-01,1\n2020-02,2\n2020-03,3\n2020-04,4\n', { target: 'v' });
  assert.deepEqual(monthly.step, { unit: 'month', count: 1 });
});

test('bad values: text in the series, an empty cell, an empty file, a missing column, a bad date', () => {
  const text = failure(() => parseSeries('date,v\n2020-01-01,1\n2020-01-02,n/a\n', { target: 'v', file: 'b.csv' }), 'DATA_FORMAT');
  assert.match(text.message, /^b\.csv:3:12: column "v": "n\/a" is not a number/);
  const empty = failure(() => parseSeries('v,w\n1,2\n,3\n', { target: 'v', file: 'e.csv' }), 'DATA_FORMAT');
  assert.match(empty.message, /^e\.csv:3:1: column "v": empty value/);
  assert.match(failure(() => parseSeries('', { target: 'v', file: 'z.csv' }), 'DATA_FORMAT').message, /z\.csv: the file is empty/);
  assert.match(failure(() => parseSeries('v\n', { target: 'v', file: 'h.csv' }), 'DATA_FORMAT').message, /no rows after the header/);
  assert.match(failure(() => parseSeries('v\n1\n', { target: 'x', file: 'c.csv' }), 'CSV_SCHEMA').message, /no column "x" \(the target\); the columns are: v/);
  assert.match(failure(() => parseSeries('d,v\n2020-01-01,1\nlater,2\n', { target: 'v', date: 'd' }), 'DATA_FORMAT').message, /"later" is not a date/);
  assert.match(
    failure(() => parseSeries('a,b,v\n2020-01-01,2020-01-01,1\n', { target: 'v' }), 'INVALID_ARGUMENT').message,
    /several columns hold dates \(a, b\)/,
  );
});

test('windows: [window, values per step] then the horizon; none crosses the end of its range', () => {
  const series = parseSeries('v,w\n1,10\n2,20\n4,30\n7,40\n11,50\n16,60\n', { target: 'v', features: ['w'] });
  const scaling = fitSeriesScaling(series, 'relative', 0, 6);
  // relative: the scale is the spread of one step's change (1, 2, 3, 4, 5 → √2); features standardized.
  assert.equal(scaling.target.center, 0);
  assert.ok(Math.abs(scaling.target.scale - Math.SQRT2) < 1e-12);
  assert.equal(scaling.features[0]!.center, 35);
  const windows = seriesWindows(series, { window: 2, horizon: 2 }, scaling, 1, 6, 'float64');
  assert.deepEqual(Array.from(windows.origins), [3, 4]); // rows 1-2 → 3-4, rows 2-3 → 4-5: both inside [1, 6)
  const s = scaling.target.scale;
  const f = scaling.features[0]!;
  assert.deepEqual(windows.x.toArray()[0], [(2 - 4) / s, (20 - 35) / f.scale, 0, (30 - 35) / f.scale]);
  assert.deepEqual(windows.y!.toArray()[0], [(7 - 4) / s, (11 - 4) / s]);
  // Unscaling the scaled truth gives the truth back.
  const back = unscaleForecasts(windows.y!.clone(), windows, scaling);
  assert.deepEqual(back.toArray(), [
    [7, 11],
    [11, 16],
  ]);
  // The window after the last row, for a forecast: no truth.
  const last = lastSeriesWindow(series, 3, scaling, 'float64');
  assert.equal(last.y, null);
  assert.equal(last.last[0], 16);
  assert.throws(() => lastSeriesWindow(series, 7, scaling), /too few rows for one window: a window of 7 steps needs 7 rows; there are 6/);
});

test('scaling statistics come from the training rows only', () => {
  const series = parseSeries('v\n' + [1, 2, 3, 4, 100, 200].join('\n'), { target: 'v' });
  const levels = fitSeriesScaling(series, 'levels', 0, 4);
  assert.equal(levels.target.center, 2.5); // 100 and 200 are not seen
  assert.equal(fitSeriesScaling(series, 'relative', 0, 4).target.scale, 1); // changes 1, 1, 1: no spread → 1
});

test('the split by time: train first, then validation, then test; the issue counts ⌊0.8·n⌋ training days', () => {
  assert.deepEqual(splitSeries(1461, 0, 0.2), { train: [0, 1168], validation: null, test: [1168, 1461] });
  assert.deepEqual(splitSeries(1461, 0.1, 0.2), { train: [0, 1022], validation: [1022, 1168], test: [1168, 1461] });
  assert.deepEqual(splitSeries(100, 0, 0), { train: [0, 100], validation: null, test: null });
});

test('the season: found in the one-step changes of a trending series, and not in noise-free trend alone', () => {
  const weekly = Array.from({ length: 300 }, (_, t) => 50 + 0.8 * t + 5 * Math.sin((2 * Math.PI * t) / 7));
  assert.equal(detectPeriod(weekly, 28)?.period, 7);
  const twelve = Array.from({ length: 240 }, (_, t) => Math.cos((2 * Math.PI * t) / 12) + 0.3 * t);
  assert.equal(detectPeriod(twelve, 30)?.period, 12);
  assert.equal(detectPeriod(weekly, 5), null); // the season is longer than the lags looked at
  assert.equal(
    detectPeriod(
      Array.from({ length: 100 }, (_, t) => 3 * t),
      20,
    ),
    null,
  );
  // The committed generated series: a weekly season on a trend.
  const series = parseSeries(readFileSync(DATA + 'trend-season.csv', 'utf8'), { target: 'sales' });
  assert.equal(detectPeriod(series.values[0]!, 28)?.period, 7);
  // Daily temperatures have no weekly season.
  const weather = parseSeries(readFileSync(DATA + 'seattle-weather-2012.csv', 'utf8'), { target: 'temp_max' });
  assert.equal(detectPeriod(weather.values[0]!, 28), null);
});
