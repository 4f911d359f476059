import { scoresFromConfusion } from '../metrics/classification.js';
import { COLORS, confusionMatrixChart, escapeXml, formatNumber, lineChart, type Series } from './charts.js';
import type { SearchSummary } from '../model/search-summary.js';
import { networkDiagram, type DiagramLayer } from './network-diagram.js';
import { searchSection } from './search-section.js';
import { CONV_CSS, featureMapsSection, filtersSection, type ConvPictures } from './conv-sections.js';
import { layerTableSection, type ReportLayer } from './layer-table.js';
import { FORECAST_CSS, forecastSection, type ForecastPictures } from './forecast-section.js';

/** One epoch's numbers, as `fit` reports them (an `EpochLog` fits). */
export interface ReportEpoch {
  /** 0-based, as `fit` counts. */
  epoch: number;
  /**
   * Where the point sits on the curves' x axis, in epochs done (default `epoch + 1`: the end of the epoch);
   * fractional for weights taken within an epoch (a run paused after some of its batches).
   */
  at?: number;
  loss: number;
  valLoss?: number;
  metrics?: Record<string, number>;
  valMetrics?: Record<string, number>;
}

export interface ReportInput {
  title?: string;
  /** When the run ended (ISO text); left out of the file when absent, so a report can be reproduced byte for byte. */
  createdAt?: string;
  history: ReadonlyArray<ReportEpoch>;
  /**
   * The network: `inputs` and the dense `layers` are drawn and tabulated; a network with other layers (a CNN)
   * gives `table` (every layer, `reportLayers(network)`) and its `inputShape`, shown as a table instead.
   */
  architecture: {
    inputs: ReadonlyArray<string>;
    layers: ReadonlyArray<DiagramLayer>;
    table?: { inputShape: ReadonlyArray<number>; layers: ReadonlyArray<ReportLayer> };
  };
  /** Everything that made the run: data file, loss, optimizer, learning rate, batch size, seed, ... */
  settings: Record<string, string | number | boolean>;
  /** Final numbers, e.g. { 'validation accuracy': 0.95 }, shown as the CLI prints them. */
  summary?: Record<string, number>;
  /** A classifier's confusion matrix (matrix[actual][predicted]) on the named split. */
  confusion?: { labels: ReadonlyArray<string>; matrix: ReadonlyArray<ReadonlyArray<number>>; split?: string };
  /** How the settings were chosen, when the run searched for them (`model.training.search`). */
  search?: SearchSummary;
  /** A network whose first layer is conv2d: its filters and one sample's feature maps (`convPictures`). */
  convolution?: ConvPictures;
  /** A time-series forecaster: forecasts against the truth on a held-out part (`forecastSection`). */
  forecast?: ForecastPictures;
}

/**
 * The training report: one self-contained HTML file (inline CSS and SVG, no scripts, no network) with the
 * loss and metric curves for training and validation, the confusion matrix, per-class precision, recall and
 * F1, the architecture and the settings; for a CNN, the first layer's filters and one sample's feature maps.
 * The charts come from `charts.ts`, as in the playground.
 */
export function writeReport(input: ReportInput): string {
  const title = input.title ?? 'neurite training report';
  const history = input.history;
  const epochs = history.map((h) => h.at ?? h.epoch + 1);
  const sections: string[] = [];

  if (input.summary && Object.keys(input.summary).length > 0) {
    const rows = Object.entries(input.summary)
      .map(([name, value]) => `<tr><th scope="row">${escapeXml(name)}</th><td class="num" data-value="${value}">${escapeXml(formatNumber(value))}</td></tr>`)
      .join('');
    sections.push(`<section><h2>Result</h2><table class="summary">${rows}</table></section>`);
  }

  if (input.search) sections.push(searchSection(input.search));
  if (input.forecast) sections.push(forecastSection(input.forecast));

  const charts: string[] = [];
  if (history.length > 0) {
    const curve = (name: string, values: Array<number | null>, validation: boolean): Series =>
      validation ? { name, values, color: COLORS.validation, dashed: true } : { name, values, color: COLORS.train };
    const lossSeries = [
      curve(
        'training loss',
        history.map((h) => h.loss),
        false,
      ),
    ];
    if (history.some((h) => h.valLoss !== undefined))
      lossSeries.push(
        curve(
          'validation loss',
          history.map((h) => h.valLoss ?? null),
          true,
        ),
      );
    charts.push(lineChart({ title: 'Loss', series: lossSeries, x: epochs }));
    const metricNames = [...new Set(history.flatMap((h) => Object.keys(h.metrics ?? {})))];
    for (const metric of metricNames) {
      const series = [
        curve(
          `training ${metric}`,
          history.map((h) => h.metrics?.[metric] ?? null),
          false,
        ),
      ];
      if (history.some((h) => h.valMetrics?.[metric] !== undefined)) {
        series.push(
          curve(
            `validation ${metric}`,
            history.map((h) => h.valMetrics?.[metric] ?? null),
            true,
          ),
        );
      }
      charts.push(
        lineChart({ title: metric.charAt(0).toUpperCase() + metric.slice(1), x: epochs, series, ...(metric === 'accuracy' ? { yMin: 0, yMax: 1 } : {}) }),
      );
    }
    sections.push(
      `<section><h2>Training curves</h2><p>${escapeXml(formatNumber(epochs[epochs.length - 1]!))} epochs.</p><div class="charts">${charts.map((c) => `<figure>${c}</figure>`).join('')}</div></section>`,
    );
  } else {
    sections.push('<section><h2>Training curves</h2><p>No epochs were run.</p></section>');
  }

  if (input.confusion) {
    const { labels, matrix, split = 'validation' } = input.confusion;
    const summary = scoresFromConfusion(matrix.map((row) => [...row]));
    const rows = summary.classes
      .map(
        (c, i) =>
          `<tr><th scope="row">${escapeXml(labels[i] ?? String(i))}</th><td class="num">${formatNumber(c.precision)}</td><td class="num">${formatNumber(c.recall)}</td>` +
          `<td class="num">${formatNumber(c.f1)}</td><td class="num">${c.support}</td></tr>`,
      )
      .join('');
    const macro = `<tr class="total"><th scope="row">macro average</th><td class="num">${formatNumber(summary.macro.precision)}</td><td class="num">${formatNumber(summary.macro.recall)}</td><td class="num">${formatNumber(summary.macro.f1)}</td><td class="num">${summary.classes.reduce((s, c) => s + c.support, 0)}</td></tr>`;
    sections.push(
      `<section><h2>Classes (${escapeXml(split)} data)</h2><div class="side"><figure class="full-size">${confusionMatrixChart(matrix, labels, `Confusion matrix (${split})`)}</figure>` +
        `<table class="scores"><caption>Accuracy ${formatNumber(summary.accuracy)}</caption><thead><tr><th scope="col">class</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">F1</th><th scope="col">support</th></tr></thead><tbody>${rows}${macro}</tbody></table></div></section>`,
    );
  }

  const { table } = input.architecture;
  sections.push(table ? layerTableSection(table.inputShape, table.layers) : denseArchitecture(input.architecture));
  if (input.convolution) sections.push(filtersSection(input.convolution.filters), featureMapsSection(input.convolution.sample));

  const settingRows = Object.entries(input.settings)
    .map(([k, v]) => `<tr><th scope="row">${escapeXml(k)}</th><td>${escapeXml(typeof v === 'number' ? formatNumber(v) : String(v))}</td></tr>`)
    .join('');
  sections.push(`<section><h2>Settings</h2><table class="settings">${settingRows}</table></section>`);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeXml(title)}</title>
<style>${REPORT_CSS}${input.convolution ? CONV_CSS : ''}${input.forecast ? FORECAST_CSS : ''}</style>
</head>
<body>
<header><h1>${escapeXml(title)}</h1>${input.createdAt ? `<p>${escapeXml(input.createdAt)}</p>` : ''}</header>
<main>
${sections.join('\n')}
</main>
<footer><p>Written by neurite. This file is self-contained: it loads nothing from the network.</p></footer>
</body>
</html>
`;
}

/** The architecture of a chain of dense layers: its sizes, the network drawn, and a table of its layers. */
function denseArchitecture({ inputs, layers }: ReportInput['architecture']): string {
  const sizes = [inputs.length, ...layers.map((l) => l.units)];
  let params = 0;
  for (let i = 0; i < layers.length; i++) params += sizes[i]! * sizes[i + 1]! + sizes[i + 1]!;
  const layerRows = layers
    .map(
      (l, i) =>
        `<tr><td>${i === layers.length - 1 ? 'output' : `hidden ${i + 1}`}</td><td class="num">${l.units}</td><td>${escapeXml(l.activation)}</td><td class="num">${sizes[i]! * l.units + l.units}</td></tr>`,
    )
    .join('');
  return (
    `<section><h2>Architecture</h2><p>${escapeXml(sizes.join(' → '))} (${params} parameters); inputs: ${escapeXml(inputs.join(', '))}.</p>` +
    `<div class="side"><figure class="full-size">${networkDiagram({ inputs, layers })}</figure><table><thead><tr><th scope="col">layer</th><th scope="col">neurons</th><th scope="col">activation</th><th scope="col">parameters</th></tr></thead><tbody>${layerRows}</tbody></table></div></section>`
  );
}

const REPORT_CSS = `
:root { color-scheme: light; --ink: #1f2937; --muted: #4b5563; --line: #d1d5db; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
h1 { font-size: 1.6rem; margin: 1.2rem 0 0.2rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; }
header p, footer p { color: var(--muted); margin: 0.2rem 0; }
footer { margin-top: 2rem; padding-bottom: 2rem; font-size: 0.85rem; }
figure { margin: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.side { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
svg.chart { max-width: 100%; height: auto; }
/* The network diagram and the confusion matrix keep their size (labels of 11 px); a narrow window scrolls them. */
figure.full-size { max-width: 100%; overflow-x: auto; }
figure.full-size svg.chart { max-width: none; }
@media (max-width: 600px) { .side > table { display: block; max-width: 100%; overflow-x: auto; } }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid #eef0f3; }
td.num { text-align: right; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
tr.total th, tr.total td { font-weight: 600; }
`;
