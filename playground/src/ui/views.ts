import type { EpochLog, Network } from '../../../src/index.js';
import { COLORS, formatPercent, lineChart } from '../../../src/report/charts.js';
import { networkDiagram } from '../../../src/report/network-diagram.js';
import type { Measurement } from '../engine/measure.js';

/** Where the weights are now when they lie within an epoch: epochs done (fractional) and their measurement. */
export interface CurrentPoint {
  at: number;
  scores: Pick<Measurement, 'train' | 'validation'>;
}

/**
 * The live curves, drawn by the same SVG code as the training report: one point per completed epoch, and,
 * when training is paused within an epoch, a last point for the weights as they are, so the curves end at
 * the numbers on the status bar.
 */
export function renderCurves(lossBox: HTMLElement, accuracyBox: HTMLElement, history: readonly EpochLog[], current: CurrentPoint | null = null): void {
  const points = history.map((h) => ({
    at: h.epoch + 1,
    loss: h.loss,
    accuracy: h.metrics.accuracy ?? null,
    valLoss: h.valLoss ?? null,
    valAccuracy: h.valMetrics?.accuracy ?? null,
  }));
  if (current) {
    const { train, validation } = current.scores;
    points.push({ at: current.at, loss: train.loss, accuracy: train.accuracy, valLoss: validation?.loss ?? null, valAccuracy: validation?.accuracy ?? null });
  }
  const x = points.map((p) => p.at);
  const hasVal = points.some((p) => p.valLoss !== null);
  lossBox.innerHTML = lineChart({
    title: 'Loss',
    x,
    series: [
      { name: 'training', values: points.map((p) => p.loss), color: COLORS.train },
      ...(hasVal ? [{ name: 'validation', values: points.map((p) => p.valLoss), color: COLORS.validation, dashed: true }] : []),
    ],
  });
  accuracyBox.innerHTML = lineChart({
    title: 'Accuracy',
    x,
    yMin: 0,
    yMax: 1,
    format: formatPercent,
    series: [
      { name: 'training', values: points.map((p) => p.accuracy), color: COLORS.train },
      ...(hasVal ? [{ name: 'validation', values: points.map((p) => p.valAccuracy), color: COLORS.validation, dashed: true }] : []),
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
  // Drawn at the box's own width (one SVG unit = one CSS pixel), so its 11-unit labels are 11 px.
  const width = Math.round(box.clientWidth);
  box.innerHTML = networkDiagram({
    ...(width > 0 ? { width } : {}),
    inputs: inputNames,
    layers: json.layers.map((l) => ({ units: l.units as number, activation: (l.activation as { name: string }).name, weights: l.weights as number[] })),
    ...(input ? { activations } : {}),
  });
}
