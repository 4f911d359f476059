import { formatShape } from '../nn/shape.js';
import { num, resolveFormat, type ExplainFormatOptions } from './format-common.js';
import {
  alignColumns,
  channelRow,
  checkLine,
  layersShape,
  lossLine,
  mapsSideBySide,
  outputsLine,
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
import { recurrentLines } from './format-recurrent.js';

/**
 * A layer trace ({@link explainLayers}) as plain text for a terminal: the input and every layer's output with
 * per-channel statistics and the feature maps drawn in shades (the first `top` maps of a layer, `all` for every
 * one), the outputs and the loss, the chosen parameter's chain-rule sum with its largest terms and where each
 * came from, and the gradients of every parameter record.
 */
export function formatLayersText(trace: LayerExplainTrace, options: ExplainFormatOptions = {}): string {
  const f = resolveFormat(options);
  const d = f.digits;
  const lines: string[] = [];
  const out = (line = '') => lines.push(line.trimEnd());
  const summary = (s: ValuesSummary, indent: string) => {
    out(`${indent}${statsLine(s, d)}`);
    if (s.values !== undefined) out(`${indent}values [${s.values.map((v) => num(v, d)).join(', ')}]`);
    if (s.channels === undefined) return;
    const rows = [['channel', 'min', 'max', 'mean', 'zeros'], ...s.channels.map((c) => channelRow(c, d))];
    for (const row of alignColumns(rows, '  ')) out(`${indent}${row}`);
    const { shown, hidden } = shownChannels(s.channels, f);
    for (const line of mapsSideBySide(shown)) out(`${indent}${line}`);
    if (hidden > 0) out(`${indent}… ${hidden} more maps (--top k or --all to draw them)`);
  };

  out(options.title ?? `neurite explain: one sample through a ${layersShape(trace)} network (${trace.dtype}), loss ${trace.loss.name}`);
  out('  inference mode: batch norm uses its running statistics, dropout is off');
  out('  maps: each channel drawn from its min (" ") to its max ("@") on the ramp " .:-=+*#%@"');
  out();
  out(`Input ${formatShape(trace.inputShape)}`);
  summary(trace.input, '  ');
  out();
  out('Layers');
  for (const layer of trace.layers) {
    const params = layer.parameterCount > 0 ? `, ${layer.parameterCount} parameters` : '';
    out(`  ${layer.name} (${layer.type})  ${formatShape(layer.inputShape)} → ${formatShape(layer.outputShape)}  ${layer.details}${params}`);
    summary(layer.output, '    ');
    out(`    ∂L/∂output: largest |·| ${num(layer.gradient.maxAbs, d)}, norm ${num(layer.gradient.norm, d)}`);
  }
  if (trace.recurrent !== undefined) {
    out();
    out('Through time (one sample)');
    for (const r of trace.recurrent) for (const line of recurrentLines(r, f)) out(`  ${line}`);
  }
  out();
  out('Prediction');
  out(`  y_pred   ${outputsLine(trace, d)}`);
  out(`  y_true   [${trace.target.map((t) => num(t, d)).join(', ')}]`);
  out(`  largest  ${trace.predicted.name ?? trace.predicted.index} (${num(trace.predicted.value, d)})`);
  out(`  loss     ${lossLine(trace, d)}`);

  const w = trace.weight;
  if (w !== undefined) {
    out();
    out(`Parameter ${weightHeading(w, d)}`);
    out(`  ${w.formula}`);
    out(`  ${termsLine(w)}`);
    const rows = [[...positionHeaders(w), w.factors[0], w.factors[1], 'term'], ...w.top.map((t) => termColumns(t, d))];
    const table = alignColumns(rows);
    out(`    ${table[0]}`);
    w.top.forEach((t, i) => {
      out(`    ${table[i + 1]}`);
      for (const line of upstreamLines(t.upstream, d)) out(`        ${line}`);
    });
    const rest = restLine(w, d);
    if (rest !== null) out(`  ${rest}`);
    out(`  ${checkLine(w, d)}`);
  }

  out();
  out('Gradients of every parameter record (this sample)');
  const rows = trace.parameters.map((p) => [p.layer, p.name, `[${p.shape.join(' × ')}]`, `norm ${num(p.norm, d)}`, `largest |·| ${num(p.maxAbs, d)}`]);
  for (const row of alignColumns(rows)) out(`  ${row}`);
  if (trace.warnings.length > 0) {
    out();
    out('Warnings');
    for (const warning of trace.warnings) out(`  ! ${warning}`);
  }
  return lines.join('\n') + '\n';
}
