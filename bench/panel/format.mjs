// Pure helpers of the panel (no file access): the runner's arguments, the summary of a table's seeds, and
// the markdown of docs/panel.md. Tested by test/panel.test.ts.

/** The runner's flags; everything after `--` is passed on to `neurite train`. */
export function parseRunnerArgs(argv, defaults) {
  const cut = argv.indexOf('--');
  const own = cut < 0 ? argv : argv.slice(0, cut);
  const options = { ...defaults, tables: undefined, seeds: undefined, extra: cut < 0 ? [] : argv.slice(cut + 1) };
  for (let i = 0; i < own.length; i += 2) {
    const [flag, value] = [own[i], own[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--tables') options.tables = value.split(',');
    else if (flag === '--seeds') options.seeds = value.split(',').map(Number);
    else if (flag === '--label' || flag === '--cache' || flag === '--cli') options[flag.slice(2)] = value;
    else throw new Error(`unknown flag ${flag}; expected --label, --tables, --seeds, --cache, --cli, then -- <train flags>`);
  }
  if (!/^[\w.-]+$/.test(options.label)) throw new Error(`--label takes letters, digits, '.', '_' or '-', got "${options.label}"`);
  return options;
}

/** Mean and spread (half the range: max − mean or mean − min, the larger) of the values; null for none. */
export function summarize(values) {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const spread = Math.max(...values.map((v) => Math.abs(v - mean)));
  return { mean, spread, n: values.length };
}

/** Accuracy in percent points, R² as it is: the units the targets are stated in (1 point, 0.02 R²). */
export function show(metric, summary) {
  if (summary === null) return '—';
  const scale = metric === 'accuracy' ? 100 : 1;
  const digits = metric === 'accuracy' ? 1 : 3;
  const mean = signed(summary.mean * scale, digits, '');
  return summary.n > 1 ? `${mean} ± ${(summary.spread * scale).toFixed(digits)}` : mean;
}

/** A number with a typographic minus (and `plus` before the others), as in the tables' gaps. */
function signed(x, digits, plus) {
  const text = Math.abs(x).toFixed(digits);
  return Number(text) === 0 ? text : `${x < 0 ? '−' : plus}${text}`;
}

/** How far a score is from the target: the target's tolerance (1 accuracy point, 0.02 R²). */
export function tolerance(metric) {
  return metric === 'accuracy' ? 0.01 : 0.02;
}

/** neurite's mean minus the baseline's, in the display units, with a sign; and whether it misses the target. */
export function gap(metric, neurite, baseline) {
  if (neurite === null || baseline === null) return { text: '—', miss: false };
  const diff = neurite.mean - baseline.mean;
  const scale = metric === 'accuracy' ? 100 : 1;
  const text = signed(diff * scale, metric === 'accuracy' ? 1 : 3, '+');
  return { text, miss: diff < -tolerance(metric) - 1e-12 };
}

/**
 * One row per table: the panel's comparison. `table` is the manifest entry; `scores` holds, per model name
 * (`neurite`, `mlp`, `linear`, and others to show as extra columns), the values over the seeds.
 */
export function panelRow(table, scores, extraNames = []) {
  const metric = table.task === 'classification' ? 'accuracy' : 'r2';
  const s = (name) => summarize(scores[name] ?? []);
  const [neurite, mlp, linear] = [s('neurite'), s('mlp'), s('linear')];
  const best = [mlp, linear].filter((x) => x !== null).sort((a, b) => b.mean - a.mean)[0] ?? null;
  const bestName = best === null ? '—' : best === mlp ? 'MLP' : 'linear';
  const toBest = gap(metric, neurite, best);
  const toLinear = gap(metric, neurite, linear);
  const task = table.task === 'classification' ? `${table.classes} classes` : 'regression';
  return [
    table.name,
    table.rows.toLocaleString('en-US'),
    String(table.columns),
    task,
    metric === 'accuracy' ? 'accuracy %' : 'R²',
    show(metric, neurite),
    ...extraNames.map((name) => show(metric, s(name))),
    show(metric, mlp),
    show(metric, linear),
    bestName,
    toBest.miss ? `**${toBest.text}**` : toBest.text,
    toLinear.miss ? `**${toLinear.text}**` : toLinear.text,
  ];
}

/** A markdown table from a header and rows of cells; `align` has one letter per column, l or r (default: the first left, the others right). */
export function markdownTable(header, rows, align = 'l' + 'r'.repeat(header.length - 1)) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (align[i] === 'r' ? '---:' : '---'))), ...rows.map(line)].join('\n');
}
