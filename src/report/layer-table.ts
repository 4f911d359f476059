/**
 * The report's architecture for a network that is not a chain of dense layers (a CNN): every layer with its
 * type, settings, output shape and parameter count, as `neurite inspect` lists them.
 */
import type { Network } from '../nn/network.js';
import { escapeXml } from './charts.js';

/** One layer of the architecture table. */
export interface ReportLayer {
  type: string;
  /** Its settings in words, e.g. `8 filters 3 × 3, stride 1, valid, relu`. */
  detail: string;
  outputShape: ReadonlyArray<number>;
  parameters: number;
}

const pair = (value: unknown) => (Array.isArray(value) ? value.join(' × ') : String(value));
const activationOf = (json: Record<string, unknown>) => (json['activation'] as { name?: string } | undefined)?.name ?? '';

/** A layer's settings in words, from its JSON. */
function detail(json: Record<string, unknown>): string {
  switch (json['type']) {
    case 'dense':
      return `${json['units']} units, ${activationOf(json)}`;
    case 'conv2d':
      return `${json['filters']} filters ${pair(json['kernelSize'])}, stride ${pair(json['strides'])}, ${json['padding']}, ${activationOf(json)}`;
    case 'maxPool2d':
    case 'avgPool2d':
      return `${pair(json['poolSize'])}, stride ${pair(json['strides'])}, ${json['padding']}`;
    default:
      return '';
  }
}

/** Every layer of the network, for the report's architecture table. */
export function reportLayers(network: Network): ReportLayer[] {
  return network.layers.map((layer, i) => ({
    type: layer.type,
    detail: detail(layer.toJSON()),
    outputShape: [...layer.outputShape],
    parameters: layer.parameters(`layers.${i}`).reduce((n, p) => n + p.value.length, 0),
  }));
}

/** The layers as an HTML table: number, type, settings, output shape, parameters. */
export function layerTable(layers: ReadonlyArray<ReportLayer>): string {
  const rows = layers
    .map(
      (l, i) =>
        `<tr><td class="num">${i + 1}</td><td>${escapeXml(l.type)}</td><td>${escapeXml(l.detail)}</td>` +
        `<td>[${l.outputShape.join(', ')}]</td><td class="num">${l.parameters}</td></tr>`,
    )
    .join('');
  return (
    `<table class="layers"><thead><tr><th scope="col">layer</th><th scope="col">type</th><th scope="col">settings</th>` +
    `<th scope="col">output shape</th><th scope="col">parameters</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

/** "Input [16, 16, 1] → 6 layers (1,234 parameters)". */
export function layerSummary(inputShape: ReadonlyArray<number>, layers: ReadonlyArray<ReportLayer>): string {
  return `Input [${inputShape.join(', ')}] → ${layers.length} layers (${layers.reduce((n, l) => n + l.parameters, 0)} parameters)`;
}

/** The architecture section as a table of layers, under the input shape and the parameter count. */
export function layerTableSection(inputShape: ReadonlyArray<number>, layers: ReadonlyArray<ReportLayer>): string {
  return `<section><h2>Architecture</h2><p>${layerSummary(inputShape, layers)}.</p>${layerTable(layers)}</section>`;
}
