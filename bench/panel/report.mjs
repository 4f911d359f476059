#!/usr/bin/env node
// Writes docs/panel.md from the committed results: results/tables.json, results/baselines/*.json and
// results/neurite-<label>/*.json. `before` and `after` get a full table each; other labels (settings tried
// by hand) are listed side by side below.
//
//   node bench/panel/report.mjs [--out docs/panel.md]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gap, markdownTable, panelRow, show, summarize } from './format.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const RESULTS = join(HERE, 'results');
const outFlag = process.argv.indexOf('--out');
const out = resolve(ROOT, outFlag < 0 ? 'docs/panel.md' : process.argv[outFlag + 1]);

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const { tables, testFraction } = readJson(join(RESULTS, 'tables.json'));
const baselines = Object.fromEntries(tables.map((t) => [t.name, readIf(join(RESULTS, 'baselines', `${t.name}.json`))?.records ?? []]));
const labels = readdirSync(RESULTS)
  .filter((d) => d.startsWith('neurite-'))
  .map((d) => d.slice('neurite-'.length));
const neurite = Object.fromEntries(
  labels.map((label) => [label, Object.fromEntries(tables.map((t) => [t.name, readIf(join(RESULTS, `neurite-${label}`, `${t.name}.json`))]))]),
);

function readIf(path) {
  return existsSync(path) ? readJson(path) : null;
}

const values = (records, model) => records.filter((r) => r.model === model).map((r) => r.value);
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const seconds = (xs) => (xs.length ? `${mean(xs).toFixed(1)}` : '—');

function panel(label) {
  const header = [
    'table',
    'rows',
    'cols',
    'task',
    'metric',
    `neurite (${label})`,
    'sklearn MLP',
    'linear (CV)',
    'best baseline',
    'gap to best',
    'gap to linear',
    'seeds',
    'neurite s',
    'MLP s',
  ];
  const rows = tables.map((t) => {
    const run = neurite[label][t.name];
    const records = baselines[t.name];
    const scores = { neurite: run?.records.map((r) => r.value) ?? [], mlp: values(records, 'mlp'), linear: values(records, 'linear') };
    const mlpSeconds = records.filter((r) => r.model === 'mlp').map((r) => r.fitSeconds);
    return [...panelRow(t, scores), String(scores.neurite.length), seconds(run?.records.map((r) => r.trainSeconds) ?? []), seconds(mlpSeconds)];
  });
  const commands = [
    ...new Set(
      tables.map((t) => neurite[label][t.name]?.command.replace(/\S+\/train\.csv/, '<train.csv>').replace(/--target \S+/, '--target <y>')).filter(Boolean),
    ),
  ];
  const commits = [...new Set(tables.map((t) => neurite[label][t.name]?.commit).filter(Boolean))];
  return [
    `Command: \`${commands.join('`, `')}\` (neurite at commit ${commits.join(', ')}), then \`neurite evaluate model.json test.csv --json\`.`,
    '',
    markdownTable(header, rows, 'lrrll' + 'r'.repeat(header.length - 5)),
  ].join('\n');
}

function others() {
  const extra = labels.filter((l) => l !== 'before' && l !== 'after' && Object.values(neurite[l]).some(Boolean)).sort();
  if (extra.length === 0) return '';
  const shown = tables.filter((t) => extra.some((l) => neurite[l][t.name]));
  const metricOf = (t) => (t.task === 'classification' ? 'accuracy' : 'r2');
  const best = (t) =>
    ['mlp', 'linear']
      .map((m) => summarize(values(baselines[t.name], m)))
      .filter(Boolean)
      .sort((a, b) => b.mean - a.mean)[0] ?? null;
  // A cell in bold meets the target: within 1 point (0.02 R²) of the best baseline, or better.
  const cell = (label, t) => {
    const summary = summarize(neurite[label]?.[t.name]?.records.map((r) => r.value) ?? []);
    const text = show(metricOf(t), summary === null ? null : { ...summary, n: 1 });
    const target = best(t);
    return summary !== null && target !== null && !gap(metricOf(t), summary, target).miss ? `**${text}**` : text;
  };
  const flagsOf = (label) => {
    const command = Object.values(neurite[label]).find(Boolean)?.command ?? '';
    return '`' + (command.replace(/^.*--seed <s> ?/, '') || '(defaults)') + '`';
  };
  const header = ['setting', 'flags', ...shown.map((t) => t.name)];
  const rows = [
    ['best baseline', '', ...shown.map((t) => show(metricOf(t), best(t) && { ...best(t), n: 1 }))],
    ['before', flagsOf('before'), ...shown.map((t) => cell('before', t))],
    ...extra.map((label) => [label, flagsOf(label), ...shown.map((t) => cell(label, t))]),
  ];
  return [
    '## Other settings tried (same splits, same seeds)',
    '',
    'Means over the seeds (accuracy in percent, R² as it is); in **bold** where the setting meets the target',
    '(within 1 point or 0.02 R² of the best baseline, or better); — where it was not run.',
    '',
    markdownTable(header, rows, 'll' + 'r'.repeat(header.length - 2)),
    '',
  ].join('\n');
}

// Observations written by hand (bench/panel/notes.md), kept beside the numbers they read.
const notesPath = join(HERE, 'notes.md');
const notes = existsSync(notesPath) ? `## Notes\n\n${readFileSync(notesPath, 'utf8')}` : '';

const sources = markdownTable(
  ['table', 'target', 'Debian package', 'source', 'license'],
  tables.map((t) => [t.name, `\`${t.target}\``, `\`${t.package}\``, t.source, t.license]),
  'lllll',
);

const text = `# The panel: \`neurite train\` with no flags against scikit-learn

<!-- Written by bench/panel/report.mjs from bench/panel/results/; do not edit by hand. -->

Issue #16 asks that a user's first run, \`neurite train data.csv --target y\` with no other flag, does as well
as a careful person with scikit-learn would: on every table below, within 1 point of accuracy (or 0.02 of R²)
of the better of scikit-learn's default MLP and a cross-validated linear model, and never worse than the
linear model by more than that. The tables are public and ship in Debian packages; the project's defaults
were never tuned on them. How the numbers are made is in [bench/panel/README.md](../bench/panel/README.md).

- Each table (but Fashion-MNIST) is split ${Math.round((1 - testFraction) * 100)}/${Math.round(testFraction * 100)} into a training and a test CSV with seeds 0, 1, 2
  (stratified by class for classification); Fashion-MNIST uses its official 60,000/10,000 split, one seed.
- neurite sees only the training CSV: \`neurite train <train.csv> --target <y> --seed <s>\`, exactly as a user
  runs it (so with its own defaults it also holds 20% of those rows out for its final metrics), then
  \`neurite evaluate\` on the test CSV.
- The baselines fit on the same training CSV and score on the same test CSV. Inputs standard-scaled, text
  columns one-hot encoded. **sklearn MLP**: \`MLPClassifier\` / \`MLPRegressor\` with default settings (100
  relu units, Adam, alpha 1e-4, 200 epochs at most; the regression target standard-scaled too).
  **linear (CV)**: \`LogisticRegressionCV\` (C in 0.01…100, 5 folds) or \`RidgeCV\` (alpha in 10⁻³…10³);
  on Fashion-MNIST plain \`LogisticRegression\` with C = 1.
- Scores: mean ± spread (the largest distance of a seed from the mean) over the seeds; accuracy in percent.
  A gap in **bold** misses the target (below the baseline by more than 1 point or 0.02 R²). Times are
  seconds of training per run (mean over the seeds) on the project's shared 2-core machine, under load.

## Before: main's defaults

${neurite.before ? panel('before') : '(not run yet)'}

## After: the data-driven search

${neurite.after ? panel('after') : 'Not run yet: once the search is merged, `node bench/panel/neurite.mjs --label after` and `node bench/panel/report.mjs` fill this in.'}

${others()}
${notes}
## Reproduce

\`\`\`sh
/usr/bin/python3 bench/panel/prepare.py      # tables → CSV splits in bench/panel/.cache (nothing downloaded)
/usr/bin/python3 bench/panel/baselines.py    # scikit-learn baselines → bench/panel/results/baselines/
npm run build --silent
node bench/panel/neurite.mjs --label before  # neurite train + evaluate → bench/panel/results/neurite-before/
node bench/panel/report.mjs                  # this page
\`\`\`

## Sources and licenses

${sources}
`;
writeFileSync(out, text.replace(/\n{3,}/g, '\n\n'));
console.log(`wrote ${out}`);
