import { formatShape } from '../nn/shape.js';
import { num, type ResolvedFormat } from './format-common.js';
import type { ChannelSummary, LayerExplainTrace, UpstreamStep, ValuesSummary, WeightSumTrace, WeightTerm } from './layer-trace.js';

/** How wide a row of feature maps drawn side by side may grow. */
const MAPS_WIDTH = 100;

/** `[28, 28, 1] → 4`: the network's shape in one line. */
export function layersShape(trace: LayerExplainTrace): string {
  const last = trace.layers[trace.layers.length - 1];
  return `${formatShape(trace.inputShape)} → ${formatShape(last?.outputShape ?? [])}`;
}

/** Percent with no decimals beyond what it needs: 0.4166 → "42%". */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/** "min 0  max 1.2  mean 0.3  zeros 42%" for a summary. */
export function statsLine(s: Pick<ValuesSummary, 'min' | 'max' | 'mean' | 'zeros'>, d: number): string {
  return `min ${num(s.min, d)}  max ${num(s.max, d)}  mean ${num(s.mean, d)}  zeros ${percent(s.zeros)}`;
}

/** The channels whose maps are drawn: the first `top` (every one with `all`), and how many are left out. */
export function shownChannels(channels: readonly ChannelSummary[], f: ResolvedFormat): { shown: ChannelSummary[]; hidden: number } {
  const shown = f.all ? [...channels] : channels.slice(0, f.top);
  return { shown, hidden: channels.length - shown.length };
}

/**
 * Feature maps side by side, as many to a row as fit in MAPS_WIDTH characters, each under a label
 * ("c3", or "c3 ÷2" when drawn as 2 × 2 block means); every map is framed by '|' so a blank map still shows.
 */
export function mapsSideBySide(channels: readonly ChannelSummary[], label = 'c'): string[] {
  if (channels.length === 0) return [];
  const width = Math.max(...channels.map((c) => (c.shade[0]?.length ?? 0) + 2));
  const cell = Math.max(width, ...channels.map((c) => title(c, label).length)) + 2;
  const perRow = Math.max(1, Math.floor(MAPS_WIDTH / cell));
  const lines: string[] = [];
  for (let start = 0; start < channels.length; start += perRow) {
    const group = channels.slice(start, start + perRow);
    lines.push(
      group
        .map((c) => title(c, label).padEnd(cell))
        .join('')
        .trimEnd(),
    );
    const height = Math.max(...group.map((c) => c.shade.length));
    for (let r = 0; r < height; r++) {
      lines.push(
        group
          .map((c) => (c.shade[r] === undefined ? '' : `|${c.shade[r]}|`).padEnd(cell))
          .join('')
          .trimEnd(),
      );
    }
  }
  return lines;
}

function title(c: ChannelSummary, label: string): string {
  return `${label}${c.channel}${c.downsample > 1 ? ` ÷${c.downsample}` : ''}`;
}

/** The columns of a per-channel statistics table. */
export function channelRow(c: ChannelSummary, d: number): string[] {
  return [String(c.channel), num(c.min, d), num(c.max, d), num(c.mean, d), percent(c.zeros)];
}

/** "y_pred = [0.1, 0.7, 0.2]" with names when known: "square 0.1, circle 0.7". */
export function outputsLine(trace: LayerExplainTrace, d: number): string {
  return trace.output.map((v, k) => `${trace.outputNames?.[k] ?? k} ${num(v, d)}`).join(', ');
}

/** The loss and where backpropagation starts, in one line. */
export function lossLine(trace: LayerExplainTrace, d: number): string {
  const { loss } = trace;
  const start = loss.fusedWith !== null ? `fused with ${loss.fusedWith}: ∂L/∂z of the output = ` : '∂L/∂y_pred = ';
  return `${loss.name} = ${num(loss.value, d)}; ${start}[${loss.gradient.map((g) => num(g, d)).join(', ')}]`;
}

/** "(2, 1)" for a position, "padding" for none. */
export function position(p: readonly number[] | null): string {
  return p === null ? 'padding' : `(${p.join(', ')})`;
}

/** The header of the chosen parameter: its name, value, record and place. */
export function weightHeading(w: WeightSumTrace, d: number): string {
  const seed = w.seedName === undefined ? '' : ` (the seed's ${w.seedName})`;
  return `${w.name}${seed} = ${num(w.value, d)}, ${w.parameter}[${w.offset}] of ${w.layer.name} (${w.layer.type})`;
}

/** "16 terms (7 on padding, 13 exactly 0); the 3 largest:" */
export function termsLine(w: WeightSumTrace): string {
  const parts = [w.paddingTerms > 0 ? `${w.paddingTerms} on padding` : '', w.zeroTerms > 0 ? `${w.zeroTerms} exactly 0` : ''].filter((s) => s !== '');
  const count = `${w.terms} term${w.terms === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  if (w.terms === 1 && w.top.length === 1) return `${count}:`;
  return w.top.length === 0 ? `${count}.` : `${count}; ${w.top.length === w.terms ? 'all of them' : `the ${w.top.length} largest`}, largest first:`;
}

/** The headers of a term's position columns: a recurrent weight's terms are steps, the others positions. */
export function positionHeaders(w: WeightSumTrace): [string, string] {
  return ['simpleRnn', 'lstm', 'gru'].includes(w.layer.type) ? ['step t', 'input at [t, ·]'] : ['position', 'input at'];
}

/** One term's own columns: position, input position, the two factors, the product. */
export function termColumns(t: WeightTerm, d: number): string[] {
  return [position(t.position), t.inputPosition === null ? '–' : `[${t.inputPosition.join(', ')}]`, num(t.gradient, d), num(t.input, d), num(t.value, d)];
}

/** Where a term's ∂L/∂z came from: "∂L/∂z = ∂L/∂a · f'(z) = (…) · (1); <route>", and its largest sources. */
export function upstreamLines(u: UpstreamStep, d: number): string[] {
  const lines: string[] = [];
  if (u.via === 'loss' && u.dOutput === null) lines.push(`from ${u.text}`);
  else if (u.dOutput === null && u.activation === null)
    lines.push(u.text); // a recurrent step: its own derivation
  else if (u.activation === null) lines.push(`∂L/∂y = ${u.dOutput === null ? '–' : num(u.dOutput, d)}; ${u.text}`);
  else {
    const derivative = u.derivative === null ? "f'(z) (a Jacobian)" : num(u.derivative, d);
    lines.push(`∂L/∂z = ∂L/∂a · f'(z) = ${u.dOutput === null ? '–' : num(u.dOutput, d)} · ${derivative}; ${u.text}`);
  }
  if (u.sources.length > 1 || (u.sources.length === 1 && u.sourceCount > 1)) {
    const more = u.sourceCount > u.sources.length ? ` (of ${u.sourceCount} terms; the others smaller or 0)` : '';
    lines.push(`  largest: ${u.sources.map((s) => `${s.label} = ${num(s.value, d)}`).join('; ')}${more}`);
  }
  return lines;
}

/** "the other 13 terms add up to 0.0012 (2 positive, 1 negative, 10 zero)". */
export function restLine(w: WeightSumTrace, d: number): string | null {
  const { rest } = w;
  if (rest.count === 0) return null;
  const zero = rest.count - rest.positive - rest.negative;
  return `the other ${rest.count} term${rest.count === 1 ? '' : 's'} add up to ${num(rest.sum, d)} (${rest.positive} positive, ${rest.negative} negative, ${zero} zero)`;
}

/** "Σ = … ; the library's ∂L/∂w = … ; difference …: they agree". */
export function checkLine(w: WeightSumTrace, d: number): string {
  const verdict = w.agrees ? 'they agree' : 'THEY DISAGREE (see warnings)';
  return `total Σ = ${num(w.total, d)}   the library's gradient = ${num(w.library, d)}   difference ${w.difference === 0 ? '0' : w.difference.toExponential(1)}: ${verdict}`;
}

/** Pads each column to its widest cell (counting characters, not UTF-16 units). */
export function alignColumns(rows: string[][], separator = '   '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length)))
      .join(separator)
      .trimEnd(),
  );
}
