import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { neurite, workdir } from './helpers/cli.js';

// Every numeric flag and every path flag of every command says what is wrong with a bad value: exit code 2,
// the flag and the value on stderr, before any work (no file written).

const train = ['train', 'gender.csv', '--target', 'gender'];
const badValues: Array<[string[], RegExp]> = [
  [[...train, '--epochs', '0'], /option '--epochs <n>' argument '0' is invalid\. expected a whole number ≥ 1, got "0"/],
  [[...train, '--epochs', '2.5'], /'--epochs <n>' argument '2\.5' is invalid/],
  [[...train, '--epochs', '1e400'], /'--epochs <n>' argument '1e400' is invalid/],
  [[...train, '--batch-size', '0'], /option '--batch-size <n>' argument '0' is invalid\. expected a whole number ≥ 1, got "0"/],
  [[...train, '--batch-size', '-4'], /'--batch-size <n>' argument '-4' is invalid/],
  [[...train, '--patience', '-1'], /option '--patience <epochs>' argument '-1' is invalid\. expected a whole number ≥ 0/],
  [[...train, '--checkpoint-every', '-1'], /option '--checkpoint-every <epochs>' argument '-1' is invalid\. expected a whole number ≥ 0/],
  [[...train, '--hidden', '0'], /option '--hidden <sizes>' argument '0' is invalid\. .*integers 1 to 65536/],
  [[...train, '--hidden', '8,,4'], /option '--hidden <sizes>' argument '8,,4' is invalid/],
  [[...train, '--lr', '0'], /option '--lr <rate>' argument '0' is invalid\. expected a positive number/],
  [[...train, '--validation', '1'], /option '--validation <fraction>' argument '1' is invalid/],
  [[...train, '--test', '-0.1'], /option '--test <fraction>' argument '-0\.1' is invalid/],
  [[...train, '--dropout', '1'], /option '--dropout <rate>' argument '1' is invalid/],
  [[...train, '--l1', '-1'], /option '--l1 <lambda>' argument '-1' is invalid/],
  [[...train, '--l2', 'x'], /option '--l2 <lambda>' argument 'x' is invalid/],
  [[...train, '--seed', '1.5'], /option '--seed <n>' argument '1\.5' is invalid\. expected an integer/],
  [[...train, '--threads', '0'], /option '--threads <n>' argument '0' is invalid/],
  [['demo', '--seed', 'x'], /option '--seed <n>' argument 'x' is invalid/],
  [['check', 'model.json', '--samples', '0'], /option '--samples <n>' argument '0' is invalid\. expected a whole number ≥ 1, got "0"/],
  [['check', 'model.json', '--max-per-parameter', '-1'], /option '--max-per-parameter <n>' argument '-1' is invalid\. expected a whole number ≥ 0/],
  [['explain', 'model.json', '--row', '0'], /option '--row <n>' argument '0' is invalid\. expected a whole number ≥ 1/],
  [['explain', '--top', '0'], /option '--top <k>' argument '0' is invalid\. expected a whole number ≥ 1/],
  [['explain', '--learning-rate', '-1'], /option '--learning-rate <eta>' argument '-1' is invalid\. expected a positive number/],
  [['playground', '--port', '70000'], /option '--port <port>' argument '70000' is invalid\. expected a port from 0 to 65535/],
  [['playground', '--port', '-1'], /option '--port <port>' argument '-1' is invalid/],
];

/** Runs each command line in a folder holding only gender.csv: each exits 2 with its message, printing and writing nothing. */
function assertUsageErrors(cases: Array<[string[], RegExp]>): void {
  const dir = workdir('gender.csv');
  for (const [args, message] of cases) {
    const run = neurite(args, dir);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message, args.join(' '));
    assert.equal(run.stdout, '', `${args.join(' ')}: no work, no output`);
  }
  assert.deepEqual(readdirSync(dir), ['gender.csv'], 'nothing written');
}

test('numeric flags: a bad value exits 2 and says which flag, which value and what is expected', () => {
  assertUsageErrors(badValues);
});

const emptyPaths: Array<[string[], RegExp]> = [
  [[...train, '--resume', ''], /option '--resume <checkpoint>' argument '' is invalid\. expected a file path, got an empty string/],
  [[...train, '-o', ''], /option '-o, --out <file>' argument '' is invalid\. expected a file path/],
  [[...train, '--report', ''], /option '--report <file\.html>' argument '' is invalid\. expected a file path/],
  [[...train, '--checkpoint', ''], /option '--checkpoint <file>' argument '' is invalid\. expected a file path/],
  [['train', '', '--target', 'gender'], /command-argument value '' is invalid for argument 'data\.csv'\. expected a file path/],
  [['predict', 'model.json', 'gender.csv', '-o', ''], /option '-o, --out <file>' argument '' is invalid\. expected a file path/],
  [['predict', '', 'gender.csv'], /for argument 'model\.json'\. expected a file path/],
  [['evaluate', 'model.json', ''], /for argument 'data\.csv'\. expected a file path/],
  [['export', 'model.json', '-o', ''], /option '-o, --out <file>' argument '' is invalid\. expected a file path/],
  [['export', ''], /for argument 'model'\. expected a file path/],
  [['explain', 'model.json', '--data', ''], /option '--data <file\.csv>' argument '' is invalid\. expected a file path/],
  [['explain', ''], /for argument 'model'\. expected a file path/],
  [['check', 'model.json', '--data', ''], /option '--data <file\.csv>' argument '' is invalid\. expected a file path/],
  [['check', ''], /for argument 'model'\. expected a file path/],
  [['inspect', ''], /for argument 'model\.json'\. expected a file path/],
];

test('path flags: an empty path exits 2 and names the flag, instead of being ignored (--resume "" trained from scratch)', () => {
  assertUsageErrors(emptyPaths);
});

test('predict --json: one JSON object per row, the same predictions as the CSV; with -o into the file', () => {
  const dir = workdir('iris.csv', 'houses-synthetic.csv');
  assert.equal(neurite(['train', 'iris.csv', '--target', 'species', '--epochs', '5', '-o', 'iris.json'], dir).status, 0);
  const csv = neurite(['predict', 'iris.json', 'iris.csv'], dir);
  const json = neurite(['predict', 'iris.json', 'iris.csv', '--json'], dir);
  assert.equal(json.status, 0, json.stderr);
  const rows = csv.stdout.trim().split('\n');
  const header = rows[0]!.split(',');
  const records = json.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { row: number; predicted: string; probabilities: Record<string, number> });
  assert.equal(records.length, 150);
  records.forEach((record, i) => {
    const fields = rows[i + 1]!.split(',');
    assert.equal(record.row, i + 1);
    assert.equal(record.predicted, fields[header.indexOf('predicted_species')]);
    assert.deepEqual(Object.keys(record.probabilities), ['setosa', 'versicolor', 'virginica']);
    for (const [label, p] of Object.entries(record.probabilities)) assert.equal(String(p), fields[header.indexOf(`p_${label}`)]);
  });

  const toFile = neurite(['predict', 'iris.json', 'iris.csv', '--json', '-o', 'iris.jsonl'], dir);
  assert.equal(toFile.status, 0, toFile.stderr);
  assert.equal(toFile.stdout, '');
  assert.match(toFile.stderr, /^150 predictions written to iris\.jsonl\n$/);
  assert.equal(readFileSync(join(dir, 'iris.jsonl'), 'utf8'), json.stdout);

  // A regression: the value in the target's units.
  const houses = ['houses-synthetic.csv', '--target', 'price_k', '--epochs', '3', '-o', 'houses.json'];
  assert.equal(neurite(['train', ...houses], dir).status, 0);
  const values = neurite(['predict', 'houses.json', 'houses-synthetic.csv', '--json'], dir);
  const valueCsv = neurite(['predict', 'houses.json', 'houses-synthetic.csv'], dir).stdout.trim().split('\n');
  const column = valueCsv[0]!.split(',').indexOf('predicted_price_k');
  const first = JSON.parse(values.stdout.split('\n')[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(first), ['row', 'predicted']);
  assert.equal(String(first['predicted']), valueCsv[1]!.split(',')[column]);
});

test('predict on a file of predictions appends suffixed columns, never a duplicate header', () => {
  const dir = workdir('gender.csv', 'gender-new.csv');
  assert.equal(neurite(['train', 'gender.csv', '--target', 'gender', '--epochs', '5'], dir).status, 0);
  assert.equal(neurite(['predict', 'model.json', 'gender-new.csv', '-o', 'once.csv'], dir).status, 0);
  const twice = neurite(['predict', 'model.json', 'once.csv'], dir);
  assert.equal(twice.status, 0, twice.stderr);
  const header = twice.stdout.split('\n')[0]!.split(',');
  assert.deepEqual(header, ['name', 'weight_lb', 'height_in', 'predicted_gender', 'p_F', 'p_M', 'predicted_gender_2', 'p_F_2', 'p_M_2']);
  const row = twice.stdout.split('\n')[1]!.split(',');
  assert.deepEqual(row.slice(6), row.slice(3, 6), 'the same model predicts the same again');
});

test('export takes -o as train and predict do', () => {
  const dir = workdir('gender.csv');
  assert.equal(neurite(['train', 'gender.csv', '--target', 'gender', '--epochs', '2'], dir).status, 0);
  const run = neurite(['export', 'model.json', '-o', 'short.onnx'], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^wrote short\.onnx: ONNX opset/);
  assert.ok(existsSync(join(dir, 'short.onnx')));
  assert.ok(!existsSync(join(dir, 'model.onnx')));
});
