#!/usr/bin/env node
// Runs `neurite train` on every panel split exactly as a user does, then `neurite evaluate --json` on the
// held-out test CSV (which the training run never sees), and writes one results file per table.
//
//   node bench/panel/neurite.mjs [--label before] [--tables a,b] [--seeds 0,1] [--cli dist/src/cli/main.js] [-- <train flags>]
//
// Everything after `--` is appended to `neurite train <train.csv> --target <y> --seed <s>`: nothing for the
// defaults, or e.g. `-- --hidden 64 --l2 0.001` to measure a setting. Results: results/neurite-<label>/<table>.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunnerArgs } from './format.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const options = parseRunnerArgs(process.argv.slice(2), { cache: join(HERE, '.cache'), cli: 'dist/src/cli/main.js', label: 'before' });
const manifest = JSON.parse(readFileSync(join(options.cache, 'manifest.json'), 'utf8'));
const cli = resolve(ROOT, options.cli);
const outDir = join(HERE, 'results', `neurite-${options.label}`);
mkdirSync(outDir, { recursive: true });
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();

for (const table of manifest.tables) {
  if (options.tables && !options.tables.includes(table.name)) continue;
  const splits = table.splits.filter((s) => !options.seeds || options.seeds.includes(s.seed));
  if (splits.length === 0) continue;
  const file = join(outDir, `${table.name}.json`);
  const result = { table: table.name, label: options.label, command: commandLine(table, options.extra), commit, records: [] };
  for (const split of splits) {
    const work = mkdtempSync(join(tmpdir(), 'neurite-panel-'));
    try {
      const model = join(work, 'model.json');
      const trainArgs = ['train', split.train, '--target', table.target, '--seed', String(split.seed), '-o', model, ...options.extra];
      const started = performance.now();
      const log = execFileSync(process.execPath, [cli, ...trainArgs], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
      const trainSeconds = (performance.now() - started) / 1000;
      const evaluation = JSON.parse(execFileSync(process.execPath, [cli, 'evaluate', model, split.test, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
      const metric = table.task === 'classification' ? 'accuracy' : 'r2';
      if (!(metric in evaluation)) throw new Error(`${table.name}: neurite read the target as the other task (evaluate gave ${Object.keys(evaluation)})`);
      const record = { seed: split.seed, metric, value: evaluation[metric], testRows: evaluation.rows, trainSeconds: round(trainSeconds) };
      result.records.push(record);
      writeFileSync(join(dirname(split.train), `neurite-${options.label}.log`), log);
      console.log(`${table.name} seed ${split.seed}: ${metric} ${record.value.toFixed(4)}  (train ${record.trainSeconds} s)`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    writeFileSync(file, JSON.stringify(result, null, 1) + '\n');
  }
}

function commandLine(table, extra) {
  return ['neurite', 'train', `${table.name}/train.csv`, '--target', table.target, '--seed', '<s>', ...extra].join(' ');
}

function round(x) {
  return Math.round(x * 100) / 100;
}
