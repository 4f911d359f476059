import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { neurite, neuriteOk, workdir } from './helpers/cli.js';

// The time-series path of the CLI as a user runs it: train with --window/--horizon, evaluate, forecast,
// the report, and the clear errors of bad series files.
const dir = workdir('trend-season.csv', 'seattle-weather-2012.csv');
let trained = '';

before(() => {
  trained = neuriteOk(
    ['train', 'trend-season.csv', '--target', 'sales', '--window', '14', '--horizon', '3', '--epochs', '40', '-o', 'f.json', '--report', 'f.html'],
    dir,
  );
});

test('train prints the series, the split by time, the season, and the errors beside the naive forecasts', () => {
  assert.match(trained, /trend-season\.csv: 360 rows 1 day apart, 2021-01-01 … 2021-12-26 \(dates from column "date"\); forecasting sales/);
  assert.match(
    trained,
    /split by time \(windows never cross a part\): training rows 1–252 .*, validation rows 253–288 .*, test rows 289–360 \(2021-10-16 … 2021-12-26\)/,
  );
  assert.match(trained, /season: 7 steps, detected/);
  const test = /test \((\d+) windows\)\n.*\n {2}network +([\d.]+) +([\d.]+)\n {2}last value +([\d.]+) +([\d.]+)\n {2}7 steps earlier +([\d.]+)/.exec(trained);
  assert.ok(test, trained);
  assert.equal(Number(test[1]), 72 - 14 - 3 + 1);
  assert.ok(Number(test[2]) < Number(test[4]) && Number(test[2]) < Number(test[6]), test[0]);
  const model = JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8'));
  assert.equal(model.format, 'neurite-series-model');
  assert.equal(model.network.layers[0].type, 'lstm');
  assert.deepEqual(model.series.date, { column: 'date', step: { unit: 'ms', count: 86_400_000 } });
  assert.equal(model.series.period, 7);
});

test('evaluate --json scores every window of another stretch, the naive baselines beside', () => {
  const later = readFileSync(join(dir, 'trend-season.csv'), 'utf8').split('\n');
  writeFileSync(join(dir, 'later.csv'), [later[0], ...later.slice(301)].join('\n'));
  const out = JSON.parse(neuriteOk(['evaluate', 'f.json', 'later.csv', '--json'], dir));
  assert.equal(out.rows, 60);
  assert.equal(out.windows, 60 - 14 - 3 + 1);
  assert.ok(out.mae < out.baselines.lastValue.mae && out.mae < out.baselines.seasonal.mae, JSON.stringify(out));
  assert.equal(out.baselines.seasonal.period, 7);
  assert.match(
    neuriteOk(['evaluate', 'f.json', 'later.csv'], dir),
    /later\.csv: 60 rows, every window of 14 steps → 3 \(44 windows\)\n.*MAE.*RMSE\n {2}network/,
  );
});

test('forecast continues the series past its end, dated; beyond the horizon it says forecasts were fed back', () => {
  const csv = neurite(['forecast', 'f.json', 'trend-season.csv', '--steps', '5'], dir);
  assert.equal(csv.status, 0, csv.stderr);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'date,sales');
  assert.deepEqual(
    lines.slice(1).map((l) => l.split(',')[0]),
    ['2021-12-27', '2021-12-28', '2021-12-29', '2021-12-30', '2021-12-31'],
  );
  // The series ends near 286 and rises about 0.5 a day: the forecast must follow it above anything seen in training.
  for (const line of lines.slice(1)) assert.ok(Number(line.split(',')[1]) > 265, line);
  assert.match(csv.stderr, /5 steps is past the model's horizon \(3\): .* fed back|forecast from earlier forecasts \(2 rounds\)/);
  const json = JSON.parse(neuriteOk(['forecast', 'f.json', 'trend-season.csv', '--json'], dir));
  assert.equal(json.values.length, 3);
  assert.equal(json.rounds, 1);
  assert.deepEqual(
    json.values,
    lines.slice(1, 4).map((l) => Number(l.split(',')[1])),
  );
});

test('the report plots forecasts against the truth and shows the naive baselines', () => {
  const html = readFileSync(join(dir, 'f.html'), 'utf8');
  assert.match(html, /<h2>Forecasts \(test data\)<\/h2>/);
  assert.match(html, /sales: truth and forecasts \(test\)/);
  assert.match(html, /data-series="forecast 1 step ahead"/);
  assert.match(html, /data-series="forecast 3 steps ahead"/);
  assert.match(html, /data-series="one season ago"/);
  assert.match(html, /<th scope="row">last value<\/th>/);
  assert.match(html, /<th scope="row">network<\/th><td>lstm<\/td>/);
});

test('bad series files: each a clear message with file, line and column, exit code 1, nothing written', () => {
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  write('unsorted.csv', 'date,v\n2020-01-01,1\n2020-01-03,3\n2020-01-02,2\n');
  write('gap.csv', 'date,v\n2020-01-01,1\n2020-01-02,2\n2020-01-04,3\n');
  write('text.csv', 'date,v\n2020-01-01,1\n2020-01-02,lots\n');
  write('empty.csv', '');
  const run = (file: string, ...extra: string[]) =>
    neurite(['train', file, '--target', 'v', '--window', '2', '--horizon', '1', '-o', 'bad.json', ...extra], dir);
  const cases: Array<[string, RegExp]> = [
    [
      'unsorted.csv',
      /^neurite: unsorted\.csv:4:1: column "date": 2020-01-02 comes after 2020-01-03 \(line 3\): the dates are not in order; sort the file by date, or pass --sort-dates\n$/,
    ],
    ['gap.csv', /^neurite: gap\.csv:4:1: column "date": a gap: 2020-01-04 follows 2020-01-02 \(line 3\) where the rows are 1 day apart \(1 step missing\)/],
    ['text.csv', /^neurite: text\.csv:3:12: column "v": "lots" is not a number\n$/],
    ['empty.csv', /^neurite: empty\.csv: the file is empty/],
  ];
  for (const [file, message] of cases) {
    const result = run(file);
    assert.equal(result.status, 1, file);
    assert.match(result.stderr, message);
  }
  const long = neurite(['train', 'seattle-weather-2012.csv', '--target', 'temp_max', '--window', '500', '--horizon', '7', '-o', 'bad.json'], dir);
  assert.equal(long.status, 1);
  assert.match(
    long.stderr,
    /seattle-weather-2012\.csv: the series has too few rows for one window: a window of 500 steps and a forecast of 7 need 507 rows; there are 400/,
  );
  assert.throws(() => readFileSync(join(dir, 'bad.json')), /ENOENT/);
  // --sort-dates sorts instead (the series is then too short for the default split: that is the next message).
  assert.match(run('unsorted.csv', '--sort-dates').stderr, /too few rows for one window/);
});

test('flags for tables are refused for a series (exit code 2), and a series needs both --window and --horizon', () => {
  const hidden = neurite(['train', 'trend-season.csv', '--target', 'sales', '--window', '14', '--horizon', '3', '--hidden', '8'], dir);
  assert.equal(hidden.status, 2);
  assert.match(hidden.stderr, /--hidden is for tables and images, not for a time series/);
  const half = neurite(['train', 'trend-season.csv', '--target', 'sales', '--window', '14'], dir);
  assert.equal(half.status, 2);
  assert.match(half.stderr, /needs both --window <steps> \(rows read\) and --horizon <steps>/);
  const period = neurite(['train', 'trend-season.csv', '--target', 'sales', '--window', '5', '--horizon', '3', '--period', '7'], dir);
  assert.equal(period.status, 1);
  assert.match(period.stderr, /--period 7 is longer than the window \(5\)/);
});

test('extra columns as inputs at every step, from the committed weather slice', () => {
  const out = neuriteOk(
    [
      'train',
      'seattle-weather-2012.csv',
      '--target',
      'temp_max',
      '--features',
      'temp_min,wind',
      '--window',
      '14',
      '--horizon',
      '2',
      '--network',
      'linear',
      '--epochs',
      '5',
      '-o',
      'w.json',
    ],
    dir,
  );
  assert.match(out, /forecasting temp_max; at every step also temp_min, wind/);
  assert.match(out, /season: none detected/);
  const model = JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8'));
  assert.deepEqual(model.network.inputShape, [14, 3]);
  const past = neurite(['forecast', 'w.json', 'seattle-weather-2012.csv', '--steps', '3'], dir);
  assert.equal(past.status, 1);
  assert.match(past.stderr, /needs the future values of temp_min, wind: they are unknown; ask for at most 2 steps/);
});
