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
import { formatLayersMarkdown } from './format-layers-markdown.js';
import type { LayerExplainTrace } from './layer-trace.js';
import type { ExplainTrace } from './trace.js';

/**
 * The trace as Markdown: tables for the forward pass, and each parameter's gradient written as the seed's
 * chain-rule formula, ∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1 = (…) · (…) · (…) = …, in code spans so
 * that any renderer shows it as written. Wide layers show the `top` parameters by |gradient| (`all` for all).
 * A layer trace (`explainLayers`) gets its own view: the layers, their feature maps, the chosen parameter's sum.
 *
 * @example
 * ```ts
 * import { explain, formatExplainMarkdown } from 'neurite/explain';
 * import { seedWorkedExample } from 'neurite/seed';
 * const { network, input, target } = seedWorkedExample();
 * const markdown = formatExplainMarkdown(explain(network, input, target));
 * console.log(markdown.split('\n').slice(0, 5).join('\n')); // headings, tables and the chain rule in math
 * ```
 */
export function formatExplainMarkdown(trace: ExplainTrace | LayerExplainTrace, options: ExplainFormatOptions = {}): string {
  if (trace.format === 'neurite-explain-layers') return formatLayersMarkdown(trace, options);
  const f = resolveFormat(options);
  const d = f.digits;
  const lines: string[] = [];
  const out = (line = '') => lines.push(line);
  const code = (s: string) => '`' + s + '`';

  out(`# ${options.title ?? 'neurite explain'}`);
  out();
  out(`One sample through a ${shape(trace)} network (${trace.dtype}), loss ${code(trace.loss.name)}.`);
  out();
  out('## Sample');
  out();
  const { inputs, target, raw, outputNames } = trace.sample;
  if (raw)
    out(
      `- raw row: ${Object.entries(raw)
        .map(([k, v]) => code(`${k} = ${v}`))
        .join(', ')}`,
    );
  out(`- input: ${inputs.map((x) => code(`${x.symbol} = ${num(x.value, d)}`) + (x.name ? ` (${x.name})` : '')).join(', ')}`);
  out(`- target: ${target.map((t, k) => code(`y_true = ${num(t, d)}`) + (outputNames ? ` (${outputNames[k]})` : '')).join(', ')}`);
  const layers = architecture(trace);
  if (layers !== null) out(`- shapes: ${code(layers.chain)}${layers.note}`);
  out();

  out('## Forward pass');
  out();
  out(`Each neuron: ${code('sum = w·x + b')}, ${code('value = f(sum)')}.`);
  for (const layer of trace.layers) {
    out();
    out(`### ${capital(layerTitle(layer))}`);
    out();
    out('| neuron | sum | value |');
    out('|---|---:|---:|');
    const { neurons, hidden } = selectNeurons(layer, f);
    for (const n of neurons) out(`| ${n.name} | ${code(`${n.sumSymbol} = ${num(n.sum, d)}`)} | ${code(`${n.symbol} = ${num(n.value, d)}`)} |`);
    if (hidden > 0) out(`\n${hidden} more neurons; the ${neurons.length} with the largest \\|∂L/∂sum\\| are shown.`);
  }
  out();
  const fused = trace.loss.fusedWith ? ` (computed from the output sums, fused with ${trace.loss.fusedWith})` : '';
  out(`**Loss**: ${code(`L = ${trace.loss.name}(y_true, y_pred) = ${num(trace.loss.value, d)}`)}${fused}`);
  out();

  out('## Backward pass');
  out();
  out('The chain rule, from the loss back to the first layer.');
  for (const layer of [...trace.layers].reverse()) {
    out();
    out(`### ${capital(layerTitle(layer))}`);
    out();
    const { neurons, hidden } = selectNeurons(layer, f);
    for (const n of neurons) {
      const value = valueGradientExpression(n, f, trace.loss.name);
      if (value !== null) out(`- ${formula(value)}`);
      out(`- ${formula(sumGradientExpression(n, f))}`);
    }
    if (hidden > 0) out(`- … ${hidden} more neurons`);
  }
  out();

  out('## Gradients');
  out();
  out(
    "Each parameter's gradient as the seed's chain, ∂L/∂(neuron) · ∂(neuron)/∂param, and as its three factors: the upstream gradient, the activation's derivative and the incoming value.",
  );
  for (const layer of trace.layers) {
    const { params, total } = selectParameters(layer, f);
    out();
    out(`### ${capital(layerTitle(layer))}`);
    out();
    out(params.length < total ? `The ${params.length} largest \\|∂L/∂param\\| of ${total} parameters (\`--all\` for every one).` : `${total} parameters.`);
    out();
    for (const p of params) {
      const fm = paramFormulas(p, f);
      out(
        `- **${p.param.name}** (${link(p)}, value ${num(p.param.value, d)}): ${code(`${fm.lhs} = ${fm.seed.symbols} = ${fm.seed.values} = ${num(p.param.gradient, d)}`)}`,
      );
      out(`  - where ${code(fm.partial)}`);
      if (fm.factors) out(`  - as factors: ${code(`${fm.lhs} = ${fm.factors.symbols} = ${fm.factors.values}`)}`);
    }
  }

  if (trace.step) {
    const step = trace.step;
    out();
    out(`## One SGD step, η = ${step.learningRate}`);
    out();
    out(`${code('w ← w − η · ∂L/∂w')}`);
    out();
    out('| parameter | before | after |');
    out('|---|---:|---:|');
    for (const layer of trace.layers) {
      for (const p of selectParameters(layer, f).params) {
        const index = p.kind === 'weight' ? p.param.row * layer.inputs + p.param.column : p.neuron.index;
        const after = afterValue(trace, p.param.parameter, index);
        out(
          `| ${p.param.name} | ${num(p.param.value, d)} | ${code(`${num(p.param.value, d)} − ${step.learningRate} · ${signed(p.param.gradient, d)} = ${num(after, d)}`)} |`,
        );
      }
    }
    out();
    out(`Loss on this sample: ${num(step.lossBefore, d)} → ${num(step.lossAfter, d)}.`);
  }

  if (trace.warnings.length > 0) {
    out();
    out('## Warnings');
    out();
    for (const w of trace.warnings) out(`- ${w}`);
  }
  return lines.join('\n') + '\n';
}

/** A formula line: the formula in a code span, any remark after it in plain text. */
function formula(line: string): string {
  const at = line.indexOf('   (');
  if (at < 0) return '`' + line + '`';
  return '`' + line.slice(0, at) + '` ' + line.slice(at + 3);
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
