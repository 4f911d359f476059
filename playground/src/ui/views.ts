import type { EpochLog, Network } from '../../../src/index.js';
import { COLORS, lineChart, networkDiagram } from '../../../src/report/charts.js';
import { formatPercent } from '../../../src/report/charts.js';

/** The live curves and the network diagram, drawn by the same SVG code as the training report. */
export function renderCurves(lossBox: HTMLElement, accuracyBox: HTMLElement, history: readonly EpochLog[]): void {
  const x = history.map((h) => h.epoch + 1);
  const hasVal = history.some((h) => h.valLoss !== undefined);
  lossBox.innerHTML = lineChart({
    title: 'Loss',
    x,
    series: [
      { name: 'training', values: history.map((h) => h.loss), color: COLORS.train },
      ...(hasVal ? [{ name: 'validation', values: history.map((h) => h.valLoss ?? null), color: COLORS.validation, dashed: true }] : []),
    ],
  });
  accuracyBox.innerHTML = lineChart({
    title: 'Accuracy',
    x,
    yMin: 0,
    yMax: 1,
    format: formatPercent,
    series: [
      { name: 'training', values: history.map((h) => h.metrics.accuracy ?? null), color: COLORS.train },
      ...(hasVal ? [{ name: 'validation', values: history.map((h) => h.valMetrics?.accuracy ?? null), color: COLORS.validation, dashed: true }] : []),
    ],
  });
}

/** The network with its current weights, and each neuron's activation for one (normalized) input. */
export function renderDiagram(box: HTMLElement, network: Network, inputNames: readonly string[], input: ArrayLike<number> | null): void {
  const json = network.toJSON();
  const activations: number[][] = [];
  if (input) {
    activations.push(Array.from(input));
    network.predict(Array.from(input));
    // After predict, each Dense layer holds this sample's activations from its forward pass.
    for (const layer of network.layers) {
      const values = (layer as unknown as { lastValues(): { a: { data: ArrayLike<number> } } }).lastValues();
      activations.push(Array.from(values.a.data));
    }
  }
  box.innerHTML = networkDiagram({
    inputs: inputNames,
    layers: json.layers.map((l) => ({ units: l.units as number, activation: (l.activation as { name: string }).name, weights: l.weights as number[] })),
    ...(input ? { activations } : {}),
  });
}
