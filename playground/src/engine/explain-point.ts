import { type Network } from '../../../src/index.js';
import { explain, formatExplainText, type ExplainTrace } from '../../../src/explain/index.js';
import { formatNumber } from '../../../src/report/charts.js';
import type { PreparedData } from './datasets.js';

/**
 * One data point through the network, explained by the library's `explain` (its forward pass, its loss, and
 * every gradient as the chain rule writes it) and written by `formatExplainText`, as `neurite explain`
 * prints it. `explain` runs the library's backpropagation on `network`, so it overwrites the network's
 * gradients (not its weights): pass the page's display copy, never a network being trained.
 */
export function explainPoint(network: Network, data: PreparedData, index: number, loss: string): { trace: ExplainTrace; text: string } {
  const [a, b] = data.inputNames;
  const point = data.raw[index]!;
  const label = data.labels[data.classes[index]!]!;
  const single = data.preprocessor.outputWidth === 1;
  const trace = explain(network, data.x[index]!, data.y[index]!, {
    loss,
    raw: Object.fromEntries([
      [a, point[0]],
      [b, point[1]],
      [data.targetName, label],
    ]) as Record<string, string | number>,
    // A single sigmoid output is the probability of the second class.
    outputNames: single ? [`P(${data.targetName} = ${data.labels[1]})`] : data.labels,
    // The synthetic sets' columns are called x1 and x2 already: naming them again says nothing.
    ...(a === 'x1' && b === 'x2' ? {} : { inputNames: data.inputNames }),
  });
  return { trace, text: formatExplainText(trace, { title: pointSummary(data, index) + inputMapping(data) }) };
}

/** "Point 3 of 200 (training): x1 = 0.25, x2 = -1.1, class 1" */
export function pointSummary(data: PreparedData, index: number): string {
  const point = data.raw[index]!;
  const where = `${data.inputNames[0]} = ${formatNumber(point[0])}, ${data.inputNames[1]} = ${formatNumber(point[1])}`;
  const split = data.isValidation[index] ? 'validation' : 'training';
  return `Point ${index + 1} of ${data.raw.length} (${split}): ${where}, class ${data.labels[data.classes[index]!]}`;
}

/** How the raw columns become the network's inputs x1, x2, when they are not used as they are. */
export function inputMapping(data: PreparedData): string {
  const { offset, scale } = data.scaling;
  if (offset.every((m) => m === 0) && scale.every((s) => s === 1)) return '';
  const one = (i: 0 | 1) =>
    `x${i + 1} = ${offset[i] === 0 ? data.inputNames[i] : `(${data.inputNames[i]} − ${formatNumber(offset[i])})`}${scale[i] === 1 ? '' : ` / ${formatNumber(scale[i])}`}`;
  return `\nNetwork inputs, from the raw columns: ${one(0)}, ${one(1)}`;
}
