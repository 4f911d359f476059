import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModel } from '../src/index.js';
import { neurite, neuriteAsync, workdir } from './helpers/cli.js';

test('train on gender.csv, then predict gender-new.csv: Emily F, Frank M', () => {
  const dir = workdir('gender.csv', 'gender-new.csv');
  const train = neurite(['train', 'gender.csv', '--target', 'gender'], dir);
  assert.equal(train.status, 0, train.stderr);
  assert.match(train.stdout, /column "name" is left out/);
  assert.match(train.stdout, /model written to model\.json/);
  const predict = neurite(['predict', 'model.json', 'gender-new.csv'], dir);
  assert.equal(predict.status, 0, predict.stderr);
  const lines = predict.stdout.trim().split('\n');
  assert.equal(lines[0], 'name,weight_lb,height_in,predicted_gender,p_F,p_M');
  assert.match(lines[1]!, /^Emily,128,63,F,/);
  assert.match(lines[2]!, /^Frank,155,68,M,/);
  const out = neurite(['predict', 'model.json', 'gender-new.csv', '--out', 'predictions.csv'], dir);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(readFileSync(join(dir, 'predictions.csv'), 'utf8'), predict.stdout);
});

test('iris end to end with the default settings: ≥ 95% held-out accuracy and a confusion matrix', () => {
  const dir = workdir('iris.csv');
  const train = neurite(['train', 'iris.csv', '--target', 'species'], dir);
  assert.equal(train.status, 0, train.stderr);
  const summary = /^test \((\d+) rows, held out\): loss [\d.]+ {2}accuracy ([\d.]+)/m.exec(train.stdout);
  assert.ok(summary, train.stdout);
  assert.equal(summary[1], '30');
  assert.ok(Number(summary[2]) >= 0.95, `held-out accuracy ${summary[2]}`);
  assert.match(train.stdout, /confusion matrix \(rows: actual, columns: predicted\)\n\s+setosa\s+versicolor\s+virginica\nsetosa\s+10/);
  const model = parseModel(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(model.preprocessing.classes, ['setosa', 'versicolor', 'virginica']);
  assert.equal(model.training['seed'], 42);

  const evaluate = neurite(['evaluate', 'model.json', 'iris.csv', '--json'], dir);
  assert.equal(evaluate.status, 0, evaluate.stderr);
  const result = JSON.parse(evaluate.stdout) as { rows: number; loss: number; accuracy: number };
  assert.equal(result.rows, 150);
  assert.ok(result.accuracy >= 0.95 && Number.isFinite(result.loss));
  const inspect = neurite(['inspect', 'model.json'], dir);
  assert.equal(inspect.status, 0, inspect.stderr);
  // The default run chose the hidden layers by a search: the model file says which, and inspect shows them.
  const hidden = (model.training.search?.chosen.hidden ?? []) as number[];
  assert.deepEqual(model.training['hidden'], hidden);
  assert.match(
    inspect.stdout,
    new RegExp(`classification of "species", ${[4, ...hidden, 3].reduce((sum, n, i, all) => (i === 0 ? 0 : sum + all[i - 1]! * n + n), 0)} parameters`),
  );
});

test("a regression CSV end to end reports R², MAE and RMSE in the target's units", () => {
  const dir = workdir('houses-synthetic.csv');
  const train = neurite(['train', 'houses-synthetic.csv', '--target', 'price_k', '--json'], dir);
  assert.equal(train.status, 0, train.stderr);
  const events = train.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  // The default run searches first: one event per candidate, then the choice, then the final fit's epochs.
  assert.equal(events[0]!['event'], 'search-start');
  const candidates = events.filter((e) => e['event'] === 'search');
  assert.equal(candidates.length, events[0]!['candidates']);
  const chosen = events.find((e) => e['event'] === 'search-summary')!;
  assert.ok(candidates.some((e) => e['name'] === chosen['name'] && e['status'] === 'done'));
  assert.equal(events.filter((e) => e['event'] === 'epoch').length, chosen['epochs']);
  const summary = events.find((e) => e['event'] === 'summary')!;
  assert.equal(summary['split'], 'test');
  assert.ok((summary['r2'] as number) > 0.9, `R² ${summary['r2']}`);
  assert.ok((summary['mae'] as number) > 0 && (summary['rmse'] as number) >= (summary['mae'] as number));
  const evaluate = neurite(['evaluate', 'model.json', 'houses-synthetic.csv', '--json'], dir);
  const metrics = JSON.parse(evaluate.stdout) as Record<string, number>;
  assert.ok(metrics['r2']! > 0.9 && metrics['rows'] === 300 && 'mae' in metrics && 'rmse' in metrics);
});

test('without a terminal, train prints one plain line per epoch; --validation turns on early stopping', () => {
  const dir = workdir('iris.csv');
  const run = neurite(
    ['train', 'iris.csv', '--target', 'species', '--epochs', '400', '--validation', '0.2', '--patience', '5', '--lr', '0.05', '--l2', '0'],
    dir,
  );
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^epoch 1\/400 {2}loss [\d.]+ {2}accuracy [\d.]+ {2}val_loss [\d.]+ {2}val_accuracy [\d.]+$/m);
  assert.match(run.stdout, /early stopping after epoch \d+: restored the weights of epoch \d+/);
});

test('--lr auto runs the learning-rate finder and still trains iris well', () => {
  const dir = workdir('iris.csv');
  const run = neurite(['train', 'iris.csv', '--target', 'species', '--lr', 'auto'], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /learning-rate finder: \d+ steps, suggested rate [\d.e-]+/);
  const accuracy = Number(/^test \(30 rows, held out\): loss [\d.]+ {2}accuracy ([\d.]+)/m.exec(run.stdout)?.[1]);
  assert.ok(accuracy >= 0.9, `accuracy ${accuracy}`);
});

test('Ctrl-C writes a checkpoint that loads; --resume reaches the same weights as an unbroken run', async () => {
  const dir = workdir('iris.csv');
  const args = ['train', 'iris.csv', '--target', 'species', '--epochs', '400', '--validation', '0.2', '--patience', '1000', '--dropout', '0.1'];
  const whole = neurite([...args, '--out', 'whole.json'], dir);
  assert.equal(whole.status, 0, whole.stderr);

  const child = neuriteAsync([...args, '--out', 'parts.json', '--json'], dir);
  let stdout = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!sent && (stdout.match(/"event":"epoch"/g) ?? []).length >= 20) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 130, stdout);
  const interrupted = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((e) => e['event'] === 'interrupted');
  assert.ok(interrupted, stdout);
  assert.ok(existsSync(join(dir, 'parts.checkpoint.json')));
  assert.ok(!existsSync(join(dir, 'parts.json')), 'no model file from an interrupted run');
  const epoch = interrupted['epoch'] as number;
  assert.ok(epoch >= 20 && epoch < 400);

  const resumed = neurite(['train', 'iris.csv', '--target', 'species', '--resume', 'parts.checkpoint.json', '--out', 'parts.json'], dir);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`^epoch ${epoch + 1}/400 `, 'm'));
  const a = parseModel(readFileSync(join(dir, 'whole.json'), 'utf8'));
  const b = parseModel(readFileSync(join(dir, 'parts.json'), 'utf8'));
  assert.deepEqual(b.network.toJSON(), a.network.toJSON());
});

test('--threads 2 trains the same weights as --threads 1, and a bad count is refused', () => {
  const dir = workdir('iris.csv');
  // 256 × 256 weights × 16 rows per batch: large enough that the middle layer's products are split.
  const args = ['train', 'iris.csv', '--target', 'species', '--hidden', '256,256', '--batch-size', '16', '--epochs', '3', '--seed', '7'];
  const two = neurite([...args, '--threads', '2', '--out', 'two.json'], dir);
  assert.equal(two.status, 0, two.stderr);
  assert.match(two.stdout, /training on 2 threads/);
  const one = neurite([...args, '--threads', '1', '--out', 'one.json'], dir);
  assert.equal(one.status, 0, one.stderr);
  assert.doesNotMatch(one.stdout, /training on \d+ threads/);
  const network = (file: string) => JSON.stringify(JSON.parse(readFileSync(join(dir, file), 'utf8')).network);
  assert.equal(network('two.json'), network('one.json'));
  const bad = neurite([...args, '--threads', '0'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--threads.*whole number of threads ≥ 1, got "0"/);
});

test('a column of numbers with a stray text is refused with the flag that reads it as categories; with the flag it trains', () => {
  const dir = workdir();
  const rows = Array.from({ length: 30 }, (_, i) => `${i === 4 ? '4..5' : i % 10},${i % 2}`);
  writeFileSync(join(dir, 'typo.csv'), `x,y\n${rows.join('\n')}\n`);
  const refused = neurite(['train', 'typo.csv', '--target', 'y', '--epochs', '1'], dir);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /pass --categorical x/);
  assert.equal(existsSync(join(dir, 'model.json')), false);
  const typed = neurite(['train', 'typo.csv', '--target', 'y', '--epochs', '1', '--categorical', 'x'], dir);
  assert.equal(typed.status, 0, typed.stderr);
  assert.equal(parseModel(readFileSync(join(dir, 'model.json'), 'utf8')).task, 'classification');
});
