import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confusionMatrixChart, escapeXml, formatNumber, lineChart, niceTicks } from '../src/report/charts.js';
import { networkDiagram } from '../src/report/network-diagram.js';
import { confusionMatrix, scoresFromConfusion } from '../src/index.js';
import { writeReport, type ReportInput } from '../src/report/report.js';

const polylinePoints = (svg: string) => [...svg.matchAll(/<polyline[^>]* points="([^"]+)"/g)].map((m) => m[1]!.split(' ').length);

test('formatNumber and niceTicks give round, readable numbers', () => {
  assert.equal(formatNumber(0.123456), '0.1235');
  assert.equal(formatNumber(12), '12');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(0.00001234), '1.234e-5');
  assert.deepEqual(niceTicks(0, 1, 4), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.05, 0.33, 4), [0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
  assert.deepEqual(niceTicks(0, 100, 5), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(3, 3), [3]);
});

test('lineChart draws one polyline per series with every point, and a legend with the last values', () => {
  const svg = lineChart({
    title: 'Loss <train>',
    x: [1, 2, 3, 4],
    series: [
      { name: 'training', values: [0.9, 0.5, 0.3, 0.25] },
      { name: 'validation', values: [1, 0.6, null, 0.4], dashed: true },
    ],
  });
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.ok(svg.includes('Loss &lt;train&gt;'), 'the title is escaped');
  // The validation series has a gap: two runs (2 points, then 1 point drawn as 2).
  assert.deepEqual(polylinePoints(svg), [4, 2, 2]);
  assert.match(svg, /data-series="training" data-last="0.25"/);
  assert.match(svg, /validation: 0.4</);
  assert.match(svg, /stroke-dasharray/);
});

test('lineChart thins long histories but keeps the last point', () => {
  const values = Array.from({ length: 5000 }, (_, i) => 1 / (i + 1));
  const svg = lineChart({ title: 'long', series: [{ name: 's', values }] });
  const [n] = polylinePoints(svg);
  assert.ok(n! <= 401 && n! > 300, `${n} points drawn`);
  assert.match(svg, new RegExp(`data-last="${values[4999]}"`));
  assert.match(lineChart({ title: 'empty', series: [{ name: 's', values: [] }] }), /s no data/);
});

test('confusion matrix, precision, recall and F1', () => {
  const matrix = confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 0, 2], 3);
  assert.deepEqual(matrix, [
    [2, 1, 0],
    [1, 1, 0],
    [0, 0, 1],
  ]);
  const s = scoresFromConfusion(matrix);
  assert.equal(s.accuracy, 4 / 6);
  assert.deepEqual(s.classes[0], { class: 0, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
  assert.deepEqual(s.classes[1], { class: 1, precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
  assert.deepEqual(s.classes[2], { class: 2, precision: 1, recall: 1, f1: 1, support: 1 });
  assert.equal(
    scoresFromConfusion([
      [0, 2],
      [0, 3],
    ]).classes[0]!.precision,
    0,
    'a class never predicted has precision 0',
  );
  assert.throws(() => confusionMatrix([0], [3], 2), /yPred\[0\] is 3; expected a class index, an integer from 0 to 1/);
  assert.throws(() => confusionMatrix([0, 1], [0], 2), /yTrue has 2 values but yPred has 1/);
  const svg = confusionMatrixChart(matrix, ['a', 'b<', 'c']);
  assert.equal((svg.match(/class="cell"/g) ?? []).length, 9);
  assert.match(svg, /data-actual="0" data-predicted="1" data-count="1"/);
  assert.ok(svg.includes('b&lt;'));
});

test('networkDiagram draws every edge with its weight and the activations', () => {
  const svg = networkDiagram({
    inputs: ['x1', 'x2'],
    layers: [
      { units: 2, activation: 'sigmoid', weights: [1, -2, 0.5, 0] },
      { units: 1, activation: 'sigmoid', weights: [3, -1] },
    ],
    activations: [[0.1, 0.2], [0.3, 0.4], [0.9]],
  });
  assert.equal((svg.match(/class="edge"/g) ?? []).length, 6);
  assert.match(svg, /data-weight="-2"/);
  assert.equal((svg.match(/class="neuron"/g) ?? []).length, 5);
  assert.match(svg, /data-layer="2" data-index="0" data-value="0.9"/);
  assert.match(svg, /Network 2-2-1/);
  const big = networkDiagram({
    inputs: ['a', 'b'],
    layers: [
      { units: 30, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    maxNeurons: 10,
  });
  assert.match(big, /\+20 more/);
});

test('networkDiagram labels: 11 units, inside the circles when they fit, else beside, else only in the hover title', () => {
  const fonts = (svg: string) => [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
  const placements = (svg: string) => [...new Set([...svg.matchAll(/data-label="(\w+)"/g)].map((m) => m[1]))];
  const layers = [
    { units: 2, activation: 'tanh' },
    { units: 1, activation: 'sigmoid' },
  ];
  const names = networkDiagram({ inputs: ['x1', 'x2'], layers });
  assert.deepEqual(placements(names), ['inside'], 'x1, h1, o1 fit in circles of radius 17');
  assert.ok(fonts(names).every((f) => f >= 11));
  const values = networkDiagram({ inputs: ['x1', 'x2'], layers, activations: [[0.5, -0.25], [0.1, -0.123], [0.9]] });
  assert.deepEqual(placements(values), ['left', 'right'], 'values beside: left of the inputs, right of the others');
  assert.match(values, /<text class="label" data-layer="1" data-index="1" [^>]*text-anchor="start"[^>]*>-0.12<\/text>/);
  // Six layers of 32 in 340 units: the middle columns have no room beside; their values are in the titles.
  const deep = networkDiagram({
    inputs: ['x1', 'x2'],
    layers: [...Array.from({ length: 6 }, () => ({ units: 32, activation: 'relu' })), { units: 1, activation: 'sigmoid' }],
    activations: [[1, 2], ...Array.from({ length: 6 }, () => new Array(32).fill(0.5)), [0.75]],
    width: 340,
  });
  assert.deepEqual(placements(deep), ['left', 'hover', 'right']);
  assert.match(deep, /<g class="neuron" data-layer="3" data-index="0" data-value="0.5" data-label="hover">.*?<title>h3_1 = 0.5<\/title>/);
  assert.doesNotMatch(deep, /<text class="label" data-layer="3"/);
  assert.match(deep, /<tspan[^>]*>32<\/tspan><tspan[^>]*>relu<\/tspan>/, 'captions that would touch go on two lines');
  assert.ok(fonts(deep).every((f) => f >= 11));
});

const input: ReportInput = {
  title: 'Run <1>',
  history: [
    { epoch: 0, loss: 0.5, valLoss: 0.55, metrics: { accuracy: 0.6 }, valMetrics: { accuracy: 0.5 } },
    { epoch: 1, loss: 0.3, valLoss: 0.35, metrics: { accuracy: 0.8 }, valMetrics: { accuracy: 0.75 } },
    { epoch: 2, loss: 0.2, valLoss: 0.3, metrics: { accuracy: 0.9 }, valMetrics: { accuracy: 0.85 } },
  ],
  architecture: {
    inputs: ['weight', 'height'],
    layers: [
      { units: 3, activation: 'sigmoid' },
      { units: 1, activation: 'sigmoid' },
    ],
  },
  settings: { data: 'people.csv', 'learning rate': 0.1, shuffle: true },
  summary: { 'validation accuracy': 0.85, 'validation loss': 0.3 },
  confusion: {
    labels: ['M', 'F'],
    matrix: [
      [4, 1],
      [2, 13],
    ],
  },
};

test('writeReport: one self-contained HTML file with curves, confusion matrix, scores, architecture and settings', () => {
  const html = writeReport(input);
  assert.match(html, /^<!doctype html>/);
  assert.doesNotMatch(html, /<script|<link|src=|@import|url\(/i, 'nothing to load');
  assert.ok(!/https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html), 'no address but the SVG namespace');
  assert.ok(html.includes('<title>Run &lt;1&gt;</title>'));
  assert.equal((html.match(/class="chart line-chart"/g) ?? []).length, 2, 'loss and accuracy');
  assert.match(html, /data-series="validation accuracy" data-last="0.85"/);
  assert.match(html, /class="chart confusion-matrix"/);
  assert.match(html, /data-actual="1" data-predicted="1" data-count="13"/);
  // F (class 1): precision 13/14, recall 13/15.
  assert.ok(html.includes(`<td class="num">${formatNumber(13 / 14)}</td><td class="num">${formatNumber(13 / 15)}</td>`));
  assert.match(html, /2 → 3 → 1 \(13 parameters\)/);
  assert.match(html, /<th scope="row">learning rate<\/th><td>0.1<\/td>/);
  assert.match(html, /<td class="num" data-value="0.85">0.85<\/td>/);
  assert.equal(writeReport(input), html, 'the same input gives the same bytes');
  assert.match(writeReport({ ...input, history: [], confusion: undefined, summary: undefined }), /No epochs were run/);
});

test('escapeXml escapes the five XML specials', () => {
  assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
