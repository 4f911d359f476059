import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, DATA } from './paths.js';

/** Runs `neurite ...args` in `cwd` as a user would, and returns its exit code and output. */
export function neurite(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** Starts `neurite ...args` without waiting (for signals). */
export function neuriteAsync(args: string[], cwd: string) {
  return spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A fresh temporary folder holding copies of the named files from data/. */
export function workdir(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-'));
  for (const file of files) copyFileSync(DATA + file, join(dir, file));
  return dir;
}

/** Runs `neurite ...args` in `cwd`, asserts it succeeded (showing its output when not), and returns its stdout. */
export function neuriteOk(args: string[], cwd: string): string {
  const run = neurite(args, cwd);
  assert.equal(run.status, 0, `neurite ${args.join(' ')}:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}
