// `neurite train` without architecture flags searches first (#16); with them, or --no-search, it trains as before.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModel } from '../src/index.js';
import { autoFit } from '../src/model/auto-fit.js';
import { neurite, workdir } from './helpers/cli.js';
import { DATA } from './helpers/paths.js';

const events = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

test('the default run searches: an event per candidate, the choice with its reason, recorded in the model file and the report', () => {
  const dir = workdir('iris.csv');
  const run = neurite(['train', 'iris.csv', '--target', 'species', '--json', '--report', 'report.html', '--budget', '120'], dir);
  assert.equal(run.status, 0, run.stderr);
  const all = events(run.stdout);
  const start = all.find((e) => e['event'] === 'search-start')!;
  assert.deepEqual([start['method'], start['folds'], start['rows'], start['testRows'], start['budget']], ['cross-validation', 5, 120, 30, 120]);
  const candidates = all.filter((e) => e['event'] === 'search');
  assert.equal(candidates.length, start['candidates']);
  assert.deepEqual(candidates[0]!['hidden'], [], 'a model with no hidden layer is among the candidates, first');
  for (const c of candidates.filter((e) => e['status'] === 'done')) {
    assert.equal((c['scores'] as number[]).length, 5);
    assert.ok(typeof c['mean'] === 'number' && typeof c['spread'] === 'number');
  }
  const summary = all.find((e) => e['event'] === 'search-summary')!;
  assert.match(summary['reason'] as string, /best mean accuracy|within half a standard error/);
  assert.ok((summary['averageFrom'] as number) >= 1 && (summary['averageFrom'] as number) <= (summary['epochs'] as number));
  assert.ok(all.findIndex((e) => e['event'] === 'search-summary') < all.findIndex((e) => e['event'] === 'start'), 'the search comes before the final fit');
  assert.equal(all.filter((e) => e['event'] === 'epoch').length, summary['epochs']);

  const model = parseModel(readFileSync(join(dir, 'model.json'), 'utf8'));
  const search = model.training.search!;
  assert.equal(search.candidates.length, candidates.length);
  assert.deepEqual(search.chosen.hidden, summary['hidden']);
  assert.deepEqual(model.training['hidden'], summary['hidden']);
  assert.equal(model.training['l2'], summary['l2']);
  const report = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(report, /How the settings were chosen/);
  assert.ok(report.includes(`${search.chosen.name} (chosen)`));
});

test('the terminal says what the search did, in words', () => {
  const dir = workdir('houses-synthetic.csv');
  const run = neurite(['train', 'houses-synthetic.csv', '--target', 'price_k', '--seed', '3'], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^searching \d+ candidates by 5-fold cross-validation of the 240 training rows \(60 test rows held out\), budget 20 s$/m);
  assert.match(run.stdout, /^ {2}\[1\/\d+\] none l2=[\d.e-]+ +r2 [\d.-]+ ± [\d.]+ {2}best epochs [\d,]+/m);
  assert.match(
    run.stdout,
    /^chose .+: (the best mean r2|the simplest within half a standard error).*Training it on all 240 training rows for \d+ epochs, its weights the mean of those at the end of epochs \d+ to \d+/m,
  );
  assert.match(run.stdout, /^test \(60 rows, held out\): loss/m);
});

test('autoFit makes the model the default `neurite train` makes, bit for bit', async () => {
  const dir = workdir('houses-synthetic.csv');
  const run = neurite(['train', 'houses-synthetic.csv', '--target', 'price_k', '--seed', '7', '--budget', '600'], dir);
  assert.equal(run.status, 0, run.stderr);
  const cli = parseModel(readFileSync(join(dir, 'model.json'), 'utf8'));
  const library = await autoFit(readFileSync(DATA + 'houses-synthetic.csv', 'utf8'), { target: 'price_k', seed: 7, budget: 600 });
  assert.deepEqual(library.training.search!.chosen, cli.training.search!.chosen);
  assert.deepEqual(
    library.training.search!.candidates.map((c) => c.scores),
    cli.training.search!.candidates.map((c) => c.scores),
  );
  assert.deepEqual(library.network.toJSON(), cli.network.toJSON());
  assert.deepEqual(library.training.metrics, cli.training.metrics);
});

test('--no-search, and any architecture, regularization or schedule flag, train as before: no search', () => {
  const dir = workdir('iris.csv');
  const plain = neurite(['train', 'iris.csv', '--target', 'species', '--no-search', '--epochs', '3', '-o', 'a.json'], dir);
  assert.equal(plain.status, 0, plain.stderr);
  assert.doesNotMatch(plain.stdout, /search/);
  assert.match(plain.stdout, /^epoch 1\/3 /m);
  const a = parseModel(readFileSync(join(dir, 'a.json'), 'utf8'));
  assert.deepEqual(a.training['hidden'], [32, 16]);
  assert.equal(a.training.search, undefined);
  // --epochs alone turns the search off: the same model, bit for bit, as --no-search.
  const flagged = neurite(['train', 'iris.csv', '--target', 'species', '--epochs', '3', '-o', 'b.json'], dir);
  assert.equal(flagged.status, 0, flagged.stderr);
  assert.doesNotMatch(flagged.stdout, /search/);
  assert.deepEqual(parseModel(readFileSync(join(dir, 'b.json'), 'utf8')).network.toJSON(), a.network.toJSON());
  for (const flag of [
    ['--hidden', '4'],
    ['--l2', '0'],
    ['--lr', '0.05'],
    ['--patience', '3'],
    ['--dropout', '0.1'],
    ['--l1', '0.001'],
    ['--validation', '0.2'],
  ]) {
    const run = neurite(['train', 'iris.csv', '--target', 'species', '--epochs', '1', ...flag, '--json', '-o', 'c.json'], dir);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!events(run.stdout).some((e) => String(e['event']).startsWith('search')), `${flag[0]} turns the search off`);
  }
  const budget = neurite(['train', 'iris.csv', '--target', 'species', '--hidden', '4', '--epochs', '1', '--budget', '5', '-o', 'd.json'], dir);
  assert.match(budget.stdout, /^notice: --budget has no effect: there is no search \(--hidden chooses the settings\)$/m);
});

test('--budget refuses nonsense with a usage error that says what it takes', () => {
  const dir = workdir('iris.csv');
  for (const value of ['0', '-5', 'soon', '', '1e9', 'Infinity']) {
    const run = neurite(['train', 'iris.csv', '--target', 'species', '--budget', value], dir);
    assert.equal(run.status, 2, `--budget ${value}: ${run.stdout}`);
    assert.match(run.stderr, /--budget <seconds>.*expected the search's time limit in seconds, above 0 and at most 604800/);
  }
});
