import { num, type ResolvedFormat } from './format-common.js';
import { SHADES } from './feature-maps.js';
import type { RecurrentLayerTrace } from './layer-trace.js';

/** Steps drawn one character each; a longer sequence is drawn as means of blocks of steps. */
const MAX_STEP_COLUMNS = 96;
/** Steps of ∂L/∂h_t listed one by one going back from the last real step (the rest summarized). */
const LISTED_STEPS = 12;

/** One row of shades over time: each value (or block mean) from `low` (' ') to `high` ('@'); `log` for norms. */
export function shadeRow(values: readonly number[], low: number, high: number, log = false): string {
  const d = Math.max(1, Math.ceil(values.length / MAX_STEP_COLUMNS));
  const top = SHADES.length - 1;
  const scale = (v: number) => (log ? Math.log10(v) : v);
  let row = '';
  for (let start = 0; start < values.length; start += d) {
    const block = values.slice(start, start + d);
    const v = block.reduce((a, b) => a + b, 0) / block.length;
    let level: number;
    if (log && !(v > 0)) level = 0;
    else if (high > low) level = Math.round(((scale(v) - scale(low)) / (scale(high) - scale(low))) * top);
    else level = v === 0 ? 0 : Math.floor(top / 2);
    row += SHADES[Math.min(top, Math.max(0, level))];
  }
  return row;
}

/**
 * A recurrent layer through time as text lines: h_t per unit over the steps in shades (the first `top` units,
 * every one with `all`), LSTM's c_t, each gate's mean activity, ‖∂L/∂h_t‖ per step on a log scale, the norms
 * and ratios going back from the last real step, and what they say (vanishing, exploding or steady).
 */
export function recurrentLines(r: RecurrentLayerTrace, f: ResolvedFormat): string[] {
  const d = f.digits;
  const T = r.timeSteps;
  const block = Math.max(1, Math.ceil(T / MAX_STEP_COLUMNS));
  const lines: string[] = [];
  const masked = r.length < T ? `; the sample's last real step is ${r.length - 1}, the rest are masked` : '';
  const blocks = block > 1 ? `, each column the mean of ${block} steps` : '';
  lines.push(`${r.layer.name} (${r.layer.type}): ${T} steps × ${r.units} units${masked}; columns are steps t = 0 … ${T - 1}${blocks}`);
  const shown = f.all ? r.units : Math.min(r.units, f.top);
  const perUnit = (label: string, data: number[][]) => {
    const all = data.flat();
    const [low, high] = [Math.min(...all), Math.max(...all)];
    lines.push(`  ${label} per unit, from ${num(low, d)} (" ") to ${num(high, d)} ("@"):`);
    for (let k = 0; k < shown; k++) {
      lines.push(
        `    unit ${String(k).padEnd(4)}|${shadeRow(
          data.map((row) => row[k]!),
          low,
          high,
        )}|`,
      );
    }
    if (shown < r.units) lines.push(`    … ${r.units - shown} more units (--top k or --all to draw them)`);
  };
  perUnit('h_t', r.hidden);
  if (r.cells !== undefined) perUnit('c_t (the cell state)', r.cells);
  if (r.gates.length > 0) {
    lines.push('  gates, the mean over the units per step (sigmoid gates from 0 (" ") to 1 ("@"), tanh from −1 to 1):');
    for (const g of r.gates) {
      const mean = g.mean.slice(0, r.length).reduce((a, b) => a + b, 0) / Math.max(1, r.length);
      const row = shadeRow(g.mean, g.activation === 'sigmoid' ? 0 : -1, 1);
      lines.push(`    ${g.gate.padEnd(9)}|${row}|  mean ${num(mean, d)} (${g.activation})`);
    }
  }
  const s = r.stateGradient;
  const positive = s.norms.filter((n) => n > 0);
  if (positive.length > 0) {
    const [low, high] = [Math.min(...positive), Math.max(...positive)];
    lines.push(`  ‖∂L/∂h_t‖ per step on a log scale, from ${num(low, d)} (" ", or 0) to ${num(high, d)} ("@"):`);
    lines.push(`    ${'‖∂L/∂h‖'.padEnd(9)}|${shadeRow(s.norms, low, high, true)}|`);
  }
  lines.push(`  going back in time: ${stepList(r, d)}`);
  lines.push(`  ${s.text}`);
  return lines;
}

/** "t=27 0.031; t=26 0.020 (×0.64); …" from the last real step back: the first LISTED_STEPS, then the first step. */
function stepList(r: RecurrentLayerTrace, d: number): string {
  const { norms, ratios } = r.stateGradient;
  const item = (t: number) => `t=${t} ${num(norms[t]!, d)}${ratios[t] === null || t === r.length - 1 ? '' : ` (×${num(ratios[t]!, d)})`}`;
  const steps: string[] = [];
  for (let t = r.length - 1; t >= 0 && steps.length < LISTED_STEPS; t--) steps.push(item(t));
  const listedDown = r.length - LISTED_STEPS;
  if (listedDown > 1) steps.push(`… (${listedDown - 1} more)`);
  if (listedDown > 0) steps.push(item(0));
  return steps.join('; ');
}

/** Every step's ‖∂L/∂h_t‖ and its ratio to the next step's, as Markdown table rows (last real step first). */
export function stepTableRows(r: RecurrentLayerTrace, d: number): string[][] {
  const { norms, ratios } = r.stateGradient;
  const rows: string[][] = [];
  for (let t = r.timeSteps - 1; t >= 0; t--) {
    rows.push([String(t), num(norms[t]!, d), ratios[t] === null || t >= r.length - 1 ? '–' : num(ratios[t]!, d), t >= r.length ? 'masked' : '']);
  }
  return rows;
}
