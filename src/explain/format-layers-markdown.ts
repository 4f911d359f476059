import { formatShape } from '../nn/shape.js';
import { num, resolveFormat, type ExplainFormatOptions } from './format-common.js';
import {
  channelRow,
  checkLine,
  layersShape,
  lossLine,
  mapsSideBySide,
  percent,
  positionHeaders,
  restLine,
  shownChannels,
  statsLine,
  termColumns,
  termsLine,
  upstreamLines,
  weightHeading,
} from './format-layers-common.js';
import type { LayerExplainTrace, ValuesSummary } from './layer-trace.js';
import { recurrentLines, stepTableRows } from './format-recurrent.js';

/** A Markdown table from a header row and body rows ('|' in cells escaped). */
function table(header: string[], rows: string[][]): string[] {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${header.map(cell).join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

/**
 * A layer trace ({@link explainLayers}) as Markdown, for a notebook, an issue or a report: the same parts as
 * the text view, with tables for the layers, the channels, the sum's terms and the gradients, and the feature
 * maps in fenced text blocks.
 */
export function formatLayersMarkdown(trace: LayerExplainTrace, options: ExplainFormatOptions = {}): string {
  const f = resolveFormat(options);
  const d = f.digits;
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const maps = (s: ValuesSummary) => {
    if (s.values !== undefined) out(`Values: \`[${s.values.map((v) => num(v, d)).join(', ')}]\``);
    if (s.channels === undefined) return;
    out();
    for (const row of table(
      ['channel', 'min', 'max', 'mean', 'zeros'],
      s.channels.map((c) => channelRow(c, d)),
    ))
      out(row);
    const { shown, hidden } = shownChannels(s.channels, f);
    out();
    out('```text');
    for (const line of mapsSideBySide(shown)) out(line.trimEnd());
    out('```');
    if (hidden > 0) out(`… ${hidden} more maps (--top k or --all to draw them).`);
  };

  out(`# ${options.title ?? `neurite explain: one sample through a ${layersShape(trace)} network`}`);
  out();
  out(`${trace.dtype}, loss ${trace.loss.name}. Inference mode: batch norm uses its running statistics, dropout is off.`);
  out('Each feature map is drawn from its min (" ") to its max ("@") on the ramp ` .:-=+*#%@`.');
  out();
  out(`## Input ${formatShape(trace.inputShape)}`);
  out();
  out(statsLine(trace.input, d));
  maps(trace.input);
  out();
  out('## Layers');
  out();
  const rows = trace.layers.map((l) => [
    l.name,
    l.type,
    `${formatShape(l.inputShape)} → ${formatShape(l.outputShape)}`,
    l.details,
    String(l.parameterCount),
    `${num(l.output.min, d)} … ${num(l.output.max, d)}`,
    num(l.output.mean, d),
    percent(l.output.zeros),
    num(l.gradient.maxAbs, d),
  ]);
  for (const row of table(['layer', 'type', 'shape', 'settings', 'parameters', 'output range', 'mean', 'zeros', 'largest |∂L/∂output|'], rows)) out(row);
  for (const layer of trace.layers) {
    if (layer.output.channels === undefined && layer.output.values === undefined) continue;
    out();
    out(`### ${layer.name} (${layer.type}) → ${formatShape(layer.outputShape)}`);
    out();
    maps(layer.output);
  }
  for (const r of trace.recurrent ?? []) {
    out();
    out(`### ${r.layer.name} through time`);
    out();
    out('```text');
    for (const line of recurrentLines(r, f)) out(line);
    out('```');
    out();
    for (const row of table(['step t', '‖∂L/∂h_t‖', '÷ step t+1', ''], stepTableRows(r, d))) out(row);
  }
  out();
  out('## Prediction');
  out();
  const outputs = trace.output.map((v, k) => [trace.outputNames?.[k] ?? String(k), num(v, d), num(trace.target[k]!, d)]);
  for (const row of table(['output', 'y_pred', 'y_true'], outputs)) out(row);
  out();
  out(`Largest: **${trace.predicted.name ?? trace.predicted.index}** (${num(trace.predicted.value, d)}). Loss: ${lossLine(trace, d)}.`);

  const w = trace.weight;
  if (w !== undefined) {
    out();
    out(`## Parameter \`${w.name}\``);
    out();
    out(`${weightHeading(w, d)}.`);
    out();
    out(`    ${w.formula}`);
    out();
    out(termsLine(w));
    out();
    const terms = w.top.map((t) => [...termColumns(t, d), upstreamLines(t.upstream, d).join(' ')]);
    for (const row of table([...positionHeaders(w), w.factors[0], w.factors[1], 'term', 'how ∂L/∂z arose'], terms)) out(row);
    const rest = restLine(w, d);
    out();
    if (rest !== null) out(`${rest[0]!.toUpperCase()}${rest.slice(1)}.`);
    out(`${checkLine(w, d)}.`);
  }
  out();
  out('## Gradients of every parameter record');
  out();
  const params = trace.parameters.map((p) => [p.layer, `\`${p.name}\``, `${p.shape.join(' × ')}`, num(p.norm, d), num(p.maxAbs, d)]);
  for (const row of table(['parameter', 'record', 'shape', 'norm', 'largest |·|'], params)) out(row);
  if (trace.warnings.length > 0) {
    out();
    out('## Warnings');
    out();
    for (const warning of trace.warnings) out(`- ${warning}`);
  }
  return lines.join('\n') + '\n';
}
