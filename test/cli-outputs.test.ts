import assert from 'node:assert/strict';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DATA } from './helpers/paths.js';
import { neurite, workdir } from './helpers/cli.js';

// Nothing lost when an output names an input: every command that writes refuses, before any work, an output
// path that is the same file as one of its inputs, however it is spelled, with exit code 2 and one line that
// names the flag and the input; every file in the folder stays byte for byte as it was, and nothing is added.

/**
 * `<tmp>/work` with data.csv (the seed's people), model.json trained on it, a checkpoint, and for data.csv and
 * model.json a symbolic link (`*-symlink`) and a hard link (`*-hardlink`) to each.
 */
function setUp(): string {
  const dir = join(workdir(), 'work');
  mkdirSync(dir);
  copyFileSync(DATA + 'gender.csv', join(dir, 'data.csv'));
  const trained = neurite(['train', 'data.csv', '--target', 'gender', '--epochs', '2', '--checkpoint-every', '1', '-o', 'model.json'], dir);
  assert.equal(trained.status, 0, trained.stderr);
  for (const [stem, ext] of [
    ['data', '.csv'],
    ['model', '.json'],
  ] as const) {
    symlinkSync(stem + ext, join(dir, `${stem}-symlink${ext}`));
    linkSync(join(dir, stem + ext), join(dir, `${stem}-hardlink${ext}`));
  }
  return dir;
}

/** Every entry of the folder: its name, whether it is a symbolic link, and its bytes. */
function contents(dir: string): Array<[string, boolean, string]> {
  return readdirSync(dir)
    .sort()
    .map((name) => [name, lstatSync(join(dir, name)).isSymbolicLink(), readFileSync(join(dir, name)).toString('base64')]);
}

/** One folder for the refusals: they leave it as it was (each checks that). */
let shared: string | undefined;
const sharedFolder = (): string => (shared ??= setUp());

/** The ways to name `file` (in the folder `work`) that a user may type. */
function spellings(file: string): Array<[string, string]> {
  const [stem, ext] = [file.slice(0, file.lastIndexOf('.')), file.slice(file.lastIndexOf('.'))];
  return [
    ['the same path', file],
    ['./path', `./${file}`],
    ['../path', `../work/${file}`],
    ['a symbolic link', `${stem}-symlink${ext}`],
    ['a hard link', `${stem}-hardlink${ext}`],
  ];
}

/** A command line whose `{}` is replaced by each spelling of `file`, the flag that names it, and the input it names. */
const cases: Array<{ command: string[]; file: string; flag: string; input: string }> = [
  { command: ['train', 'data.csv', '--target', 'gender', '-o', '{}'], file: 'data.csv', flag: '-o/--out', input: '<data.csv>' },
  { command: ['train', 'data.csv', '--target', 'gender', '--out', '{}'], file: 'data.csv', flag: '-o/--out', input: '<data.csv>' },
  { command: ['train', 'data.csv', '--target', 'gender', '--report', '{}'], file: 'data.csv', flag: '--report', input: '<data.csv>' },
  { command: ['train', 'data.csv', '--target', 'gender', '--checkpoint', '{}'], file: 'data.csv', flag: '--checkpoint', input: '<data.csv>' },
  { command: ['predict', 'model.json', 'data.csv', '-o', '{}'], file: 'data.csv', flag: '-o/--out', input: '<data.csv>' },
  { command: ['predict', 'model.json', 'data.csv', '--json', '--out', '{}'], file: 'data.csv', flag: '-o/--out', input: '<data.csv>' },
  { command: ['predict', 'model.json', 'data.csv', '-o', '{}'], file: 'model.json', flag: '-o/--out', input: '<model.json>' },
  { command: ['export', 'model.json', '-o', '{}'], file: 'model.json', flag: '-o/--out', input: '<model>' },
  { command: ['export', 'model.json', '--out', '{}'], file: 'model.json', flag: '-o/--out', input: '<model>' },
];

for (const { command, file, flag, input } of cases) {
  test(`${command.join(' ').replace('{}', file)}: refused for ${file} as the same path, ./path, ../path, a symlink and a hard link`, () => {
    const dir = sharedFolder();
    const before = contents(dir);
    for (const [how, path] of spellings(file)) {
      const run = neurite(
        command.map((arg) => (arg === '{}' ? path : arg)),
        dir,
      );
      assert.equal(run.status, 2, `${how}: exit code 2\n${run.stdout}${run.stderr}`);
      assert.equal(run.stdout, '', `${how}: no work was done`);
      const lines = run.stderr.trim().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      const said = path === file ? `${flag} ${path} is the input ${input}` : `${flag} ${path} is the same file as the input ${input} (${file})`;
      assert.ok(lines[0]!.startsWith(`neurite: ${said}: writing it would destroy that input`), `${how}: ${run.stderr}`);
      assert.deepEqual(contents(dir), before, `${how}: every file as it was, none added`);
    }
  });
}

test('train refuses an output over the checkpoint it resumes from, and two outputs on one file', () => {
  const dir = setUp();
  const before = contents(dir);
  const resume = ['train', 'data.csv', '--target', 'gender', '--resume', 'model.checkpoint.json'];
  for (const [args, message] of [
    [[...resume, '-o', 'model.checkpoint.json'], /^neurite: -o\/--out model\.checkpoint\.json is the input --resume: writing it/],
    [
      [...resume, '-o', 'other.json', '--report', './model.checkpoint.json'],
      /^neurite: --report \.\/model\.checkpoint\.json is the same file as the input --resume \(model\.checkpoint\.json\)/,
    ],
    [
      ['train', 'data.csv', '--target', 'gender', '-o', 'new.json', '--report', './new.json'],
      /^neurite: -o\/--out new\.json and --report \.\/new\.json name the same file/,
    ],
    [
      ['train', 'data.csv', '--target', 'gender', '-o', 'new.json', '--checkpoint', 'new.json'],
      /^neurite: -o\/--out new\.json and --checkpoint new\.json name the same file/,
    ],
    // The default output names the input too: a CSV file called model.json.
    [['train', 'model.json', '--target', 'gender'], /^neurite: -o\/--out \(default\) model\.json is the input <data\.csv>/],
  ] as const) {
    const run = neurite([...args], dir);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.deepEqual(contents(dir), before, `${args.join(' ')}: nothing written`);
  }
  // Carrying on from a checkpoint updates that checkpoint: allowed, it was read whole before training.
  const checkpoint = () => (JSON.parse(readFileSync(join(dir, 'model.checkpoint.json'), 'utf8')) as { epoch: number }).epoch;
  assert.equal(checkpoint(), 2);
  const carried = neurite([...resume, '--epochs', '3', '--checkpoint-every', '1', '--checkpoint', './model.checkpoint.json', '-o', 'resumed.json'], dir);
  assert.equal(carried.status, 0, carried.stderr);
  assert.equal(checkpoint(), 3);
});
