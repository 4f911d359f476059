// The panel's pure helpers (bench/panel/format.mjs): the runner's arguments, the summary of the seeds, and
// the gaps docs/panel.md marks as misses. The panel itself (Debian datasets, scikit-learn) is not run here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers/paths.js';

interface Summary {
  mean: number;
  spread: number;
  n: number;
}
interface PanelFormat {
  parseRunnerArgs(argv: string[], defaults: Record<string, string>): Record<string, unknown> & { extra: string[] };
  summarize(values: number[]): Summary | null;
  show(metric: string, summary: Summary | null): string;
  gap(metric: string, neurite: Summary | null, baseline: Summary | null): { text: string; miss: boolean };
  panelRow(table: object, scores: Record<string, number[]>): string[];
  markdownTable(header: string[], rows: string[][], align?: string): string;
}
const format = (await import(pathToFileURL(ROOT + 'bench/panel/format.mjs').href)) as PanelFormat;
const defaults = { cache: 'c', cli: 'dist/src/cli/main.js', label: 'before' };

test('the runner passes everything after -- on to neurite train, and reads its own flags before', () => {
  const options = format.parseRunnerArgs(['--label', 'h64', '--tables', 'wine,cars', '--seeds', '0,2', '--', '--hidden', '64', '--l2', '0'], defaults);
  assert.equal(options.label, 'h64');
  assert.deepEqual(options.tables, ['wine', 'cars']);
  assert.deepEqual(options.seeds, [0, 2]);
  assert.deepEqual(options.extra, ['--hidden', '64', '--l2', '0']);
  assert.deepEqual(format.parseRunnerArgs([], defaults).extra, []);
  assert.throws(() => format.parseRunnerArgs(['--hidden', '64'], defaults), /unknown flag --hidden/);
  assert.throws(() => format.parseRunnerArgs(['--label', '../x'], defaults), /--label takes/);
});

test('a summary is the mean and the largest distance of a seed from it', () => {
  const s = format.summarize([0.5, 0.7, 0.9])!;
  assert.ok(Math.abs(s.mean - 0.7) < 1e-12 && Math.abs(s.spread - 0.2) < 1e-12 && s.n === 3);
  assert.equal(format.summarize([]), null);
  assert.equal(format.show('accuracy', format.summarize([0.9, 0.95])), '92.5 ± 2.5');
  assert.equal(format.show('r2', format.summarize([0.41])), '0.410');
  assert.equal(format.show('r2', format.summarize([-0.05, 0.05])), '0.000 ± 0.050');
  assert.equal(format.show('r2', format.summarize([-0.25])), '−0.250');
});

test('a gap misses the target only beyond 1 accuracy point or 0.02 R² below the baseline', () => {
  const at = (x: number) => format.summarize([x]);
  assert.deepEqual(format.gap('accuracy', at(0.905), at(0.91)), { text: '−0.5', miss: false });
  assert.deepEqual(format.gap('accuracy', at(0.89), at(0.91)), { text: '−2.0', miss: true });
  assert.deepEqual(format.gap('r2', at(0.13), at(0.38)), { text: '−0.250', miss: true });
  assert.deepEqual(format.gap('r2', at(0.5), at(0.49)), { text: '+0.010', miss: false });
});

test('a panel row compares neurite with the better baseline and with the linear one, in bold when it misses', () => {
  const table = { name: 'diabetes', rows: 442, columns: 10, task: 'regression' };
  const row = format.panelRow(table, { neurite: [0.1, 0.2], mlp: [0.3, 0.3], linear: [0.4, 0.5] });
  assert.deepEqual(row, ['diabetes', '442', '10', 'regression', 'R²', '0.150 ± 0.050', '0.300 ± 0.000', '0.450 ± 0.050', 'linear', '**−0.300**', '**−0.300**']);
  const md = format.markdownTable(['a', 'b'], [['x', '1']]);
  assert.equal(md, '| a | b |\n| --- | ---: |\n| x | 1 |');
  assert.equal(format.markdownTable(['a', 'b'], [], 'rl'), '| a | b |\n| ---: | --- |');
});
