import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CLI } from './helpers/paths.js';

test('neurite demo tells the seed story with its fixed points and classifies Emily and Frank', () => {
  const run = spawnSync(process.execPath, [CLI, 'demo'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const out = run.stdout;
  assert.match(out, /f\(7\) = 0\.9990889488055994/);
  assert.match(out, /= 0\.7216325609518421/);
  assert.match(out, /MSE = 0\.5/);
  assert.match(out, /Epoch {3}0 loss: /);
  assert.match(out, /Epoch 999 loss: /);
  assert.match(out, /Emily .*→ 0\.9\d\d {2}female/);
  assert.match(out, /Frank .*→ 0\.0\d\d {2}male/);
  assert.equal(run.stderr, '');
});

test('neurite demo --full prints the loss every 10 epochs, as the seed does', () => {
  const run = spawnSync(process.execPath, [CLI, 'demo', '--full'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal((run.stdout.match(/^ {3}Epoch +\d+ loss:/gm) ?? []).length, 101);
});

test('an unknown command is a usage error (exit code 2)', () => {
  const run = spawnSync(process.execPath, [CLI, 'no-such-command'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown command/);
});

test('neurite --version prints the package version', () => {
  const run = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
  assert.equal(run.status, 0);
  assert.equal(run.stdout.trim(), (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version);
});
