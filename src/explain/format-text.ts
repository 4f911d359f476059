import {
  architecture,
  layerTitle,
  link,
  num,
  paramFormulas,
  resolveFormat,
  selectNeurons,
  selectParameters,
  shape,
  sumGradientExpression,
  valueGradientExpression,
  afterValue,
  signed,
  type ExplainFormatOptions,
} from './format-common.js';
import { formatLayersText } from './format-layers-text.js';
import type { LayerExplainTrace } from './layer-trace.js';
import type { ExplainTrace } from './trace.js';

/**
 * The trace as aligned plain text for a terminal: the sample, the forward pass, the backward pass from the
 * loss back, each parameter's gradient as the seed's chain with its factors, and the SGD step if one was taken.
 * Wide layers show the `top` neurons and parameters by gradient size (`all` for every one). A layer trace
 * (`explainLayers`) gets its own view: the layers with their feature maps, and the chosen parameter's sum.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { explain, formatExplainText } from 'neurite/explain';
 * const network = Network.create({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1 }], dtype: 'float64' });
 * console.log(formatExplainText(explain(network, [0.5, -1], [1]), { digits: 4 }));
 * ```
 */
export function formatExplainText(trace: ExplainTrace | LayerExplainTrace, options: ExplainFormatOptions = {}): string {
  if (trace.format === 'neurite-explain-layers') return formatLayersText(trace, options);
  const f = resolveFormat(options);
  const d = f.digits;
  const lines: string[] = [];
  const out = (line = '') => lines.push(line.trimEnd());

  out(options.title ?? `neurite explain: one sample through a ${shape(trace)} network (${trace.dtype}), loss ${trace.loss.name}`);
  out();
  out('Sample');
  const { inputs, target, raw, outputNames } = trace.sample;
  if (raw)
    out(
      `  raw      ${Object.entries(raw)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}`,
    );
  out(`  input    ${inputs.map((x) => `${x.symbol} = ${num(x.value, d)}${x.name ? ` (${x.name})` : ''}`).join('   ')}`);
  out(`  y_true   ${target.map((t, k) => `${num(t, d)}${outputNames ? ` (${outputNames[k]})` : ''}`).join('   ')}`);
  const layers = architecture(trace);
  if (layers !== null) out(`  shapes   ${layers.chain}${layers.note}`);
  out();

  out('Forward pass: sum = w·x + b, value = f(sum)');
  // One table for every layer, so that the columns line up through the network.
  const forward = trace.layers.map((layer) => selectNeurons(layer, f));
  const cells = align(forward.flatMap(({ neurons }) => neurons.map((n) => [n.name, `${n.sumSymbol} = ${num(n.sum, d)}`, `${n.symbol} = ${num(n.value, d)}`])));
  let row = 0;
  trace.layers.forEach((layer, l) => {
    out(`  ${layerTitle(layer)}`);
    const { neurons, hidden } = forward[l]!;
    for (let i = 0; i < neurons.length; i++) out(`    ${cells[row++]}`);
    if (hidden > 0) out(`    … ${hidden} more neurons (the ${neurons.length} with the largest |∂L/∂sum| shown; --all for every one)`);
  });
  const fused = trace.loss.fusedWith ? ` (computed from the output sums, fused with ${trace.loss.fusedWith})` : '';
  out(`  loss   L = ${trace.loss.name}(y_true, y_pred) = ${num(trace.loss.value, d)}${fused}`);
  out();

  out('Backward pass: the chain rule, from the loss back');
  for (const layer of [...trace.layers].reverse()) {
    out(`  ${layerTitle(layer)}`);
    const { neurons, hidden } = selectNeurons(layer, f);
    for (const n of neurons) {
      const value = valueGradientExpression(n, f, trace.loss.name);
      if (value !== null) out(`    ${value}`);
      out(`    ${sumGradientExpression(n, f)}`);
    }
    if (hidden > 0) out(`    … ${hidden} more neurons`);
  }
  out();

  out("Gradients: ∂L/∂param by the chain rule, in the seed's form and as upstream · f'(sum) · input");
  for (const layer of trace.layers) {
    const { params, total } = selectParameters(layer, f);
    const note = params.length < total ? ` · the ${params.length} largest |∂L/∂param| of ${total} (--all for every one)` : ` · ${total} parameters`;
    out(`  ${layerTitle(layer)}${note}`);
    for (const p of params) {
      const formulas = paramFormulas(p, f);
      out(`    ${p.param.name}  (${link(p)}, value ${num(p.param.value, d)})`);
      const rows = [[formulas.lhs, `= ${formulas.seed.symbols}`, `= ${formulas.seed.values}`, `= ${num(p.param.gradient, d)}`]];
      if (formulas.factors) rows.push(['', `= ${formulas.factors.symbols}`, `= ${formulas.factors.values}`, '']);
      for (const row of align(rows, ' ')) out(`      ${row}`);
      out(`      ${' '.repeat([...formulas.lhs].length)} where ${formulas.partial}`);
    }
  }

  if (trace.step) {
    const step = trace.step;
    out();
    out(`One SGD step, η = ${step.learningRate}: w ← w − η · ∂L/∂w`);
    for (const layer of trace.layers) {
      const { params } = selectParameters(layer, f);
      const rows = params.map((p) => {
        const index = p.kind === 'weight' ? p.param.row * layer.inputs + p.param.column : p.neuron.index;
        const after = afterValue(trace, p.param.parameter, index);
        return [
          p.param.name,
          num(p.param.value, d),
          `→ ${num(after, d)}`,
          `= ${num(p.param.value, d)} − ${step.learningRate} · ${signed(p.param.gradient, d)}`,
        ];
      });
      for (const row of align(rows)) out(`  ${row}`);
    }
    out(`  loss on this sample: ${num(step.lossBefore, d)} → ${num(step.lossAfter, d)}`);
  }

  if (trace.warnings.length > 0) {
    out();
    out('Warnings');
    for (const w of trace.warnings) out(`  ! ${w}`);
  }
  return lines.join('\n') + '\n';
}

/** Pads each column to its widest cell. */
function align(rows: string[][], separator = '   '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join(separator));
}
