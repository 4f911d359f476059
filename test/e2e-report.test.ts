import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { confusionMatrix, fit, Network, predictClasses, SGD } from '../src/index.js';
import { encodeLabels, moons } from '../src/data/index.js';
import { formatNumber } from '../src/report/charts.js';
import { writeReport, type ReportInput } from '../src/report/report.js';
import { browserMissing, launchBrowser } from './helpers/browser.js';
import { svgLayout } from './helpers/svg-layout.js';
import { CLI, ROOT } from './helpers/paths.js';

declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const skip = browserMissing();

/** A real run, reported the way `neurite train --report` will: the numbers it prints, and the file. */
async function trainingReport(): Promise<ReportInput> {
  const d = moons({ size: 160, noise: 0.1, seed: 2 });
  const y = encodeLabels(d.labels, 2);
  const val = (_: unknown, i: number) => i % 5 === 0;
  const fitRows = (_: unknown, i: number) => i % 5 !== 0;
  const [trainX, valX, trainY, valY] = [d.x.filter(fitRows), d.x.filter(val), y.filter(fitRows), y.filter(val)];
  const network = Network.create({
    inputs: 2,
    layers: [
      { units: 10, activation: 'sigmoid' },
      { units: 1, activation: 'sigmoid' },
    ],
    seed: 5,
  });
  const { history } = await fit(network, trainX, trainY, {
    epochs: 40,
    batchSize: 8,
    optimizer: new SGD({ learningRate: 2 }),
    metrics: ['accuracy'],
    validationData: [valX, valY],
    seed: 5,
  });
  const last = history[history.length - 1]!;
  const json = network.toJSON();
  return {
    title: 'neurite train moons.csv',
    history,
    architecture: {
      inputs: ['x1', 'x2'],
      layers: json.layers.map((l) => ({ units: l.units as number, activation: 'sigmoid', weights: l.weights as number[] })),
    },
    settings: { data: 'moons.csv', loss: 'mse', optimizer: 'sgd', 'learning rate': 2, 'batch size': 8, epochs: 40, seed: 5 },
    summary: { 'training loss': last.loss, 'validation loss': last.valLoss!, 'validation accuracy': last.valMetrics!.accuracy! },
    confusion: { labels: ['0', '1'], matrix: confusionMatrix(d.labels.filter(val), predictClasses(network, valX), 2) },
  };
}

test('a --report file opens in Chromium with its charts drawn and the numbers the run printed', { skip, timeout: 60_000 }, async () => {
  const input = await trainingReport();
  const dir = mkdtempSync(join(tmpdir(), 'neurite-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, writeReport(input));

  const browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  try {
    const page = await browser.context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    assert.deepEqual(requests, [pathToFileURL(file).href], 'the report loads nothing else');

    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('svg.line-chart')].map((svg: any) => ({
        title: svg.querySelector('title').textContent as string,
        lines: [...svg.querySelectorAll('polyline')].map((p: any) => {
          const box = p.getBBox();
          return { points: p.points.numberOfItems as number, width: box.width as number, height: box.height as number };
        }),
        legend: [...svg.querySelectorAll('g.legend')].map((g: any) => [g.dataset.series, Number(g.dataset.last)]),
      })),
    );
    assert.equal(charts.length, 2, 'loss and accuracy');
    for (const chart of charts) {
      assert.equal(chart.lines.length, 2, `${chart.title}: training and validation`);
      for (const line of chart.lines) assert.ok(line.points === 40 && line.width > 100 && line.height > 5, `${chart.title}: ${JSON.stringify(line)}`);
    }
    const last = input.history[input.history.length - 1]!;
    assert.deepEqual(charts[0]!.legend, [
      ['training loss', last.loss],
      ['validation loss', last.valLoss],
    ]);
    assert.deepEqual(charts[1]!.legend, [
      ['training accuracy', last.metrics!.accuracy],
      ['validation accuracy', last.valMetrics!.accuracy],
    ]);

    const summary = await page.evaluate(() =>
      [...document.querySelectorAll('table.summary tr')].map((tr: any) => [tr.cells[0].textContent, tr.cells[1].textContent]),
    );
    assert.deepEqual(
      summary,
      Object.entries(input.summary!).map(([k, v]) => [k, formatNumber(v)]),
    );

    const cells = await page.evaluate(() => [...document.querySelectorAll('svg.confusion-matrix g.cell')].map((g: any) => Number(g.dataset.count)));
    assert.deepEqual(cells, input.confusion!.matrix.flat());
    assert.equal(
      cells.reduce((a: number, b: number) => a + b, 0),
      32,
    );
    const box = await page.locator('svg.confusion-matrix').boundingBox();
    assert.ok(box!.width > 100 && box!.height > 100);
    assert.equal(await page.locator('svg.network-diagram .edge').count(), 2 * 10 + 10);
    assert.match(await page.locator('table.settings').innerText(), /learning rate\s+2/);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(ROOT + 'docs', { recursive: true });
      await page.screenshot({ path: ROOT + 'docs/report.png' });
    }
  } finally {
    await browser.close();
  }
});

test('`neurite train --report` writes a report whose charts are drawn with the numbers the CLI printed', { skip, timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'neurite-report-cli-'));
  const d = moons({ size: 200, noise: 0.15, seed: 4 });
  writeFileSync(join(dir, 'moons.csv'), 'x1,x2,label\n' + d.x.map((p, i) => `${p[0]},${p[1]},${d.labels[i] ? 'b' : 'a'}`).join('\n') + '\n');
  const run = spawnSync(
    process.execPath,
    [CLI, 'train', 'moons.csv', '--target', 'label', '--epochs', '30', '--validation', '0.2', '--report', 'report.html', '--json'],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  const events = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const epochs = events.filter((e) => e['event'] === 'epoch');
  const summary = events.find((e) => e['event'] === 'summary')!;
  const confusion = events.find((e) => e['event'] === 'confusion')!;
  assert.ok(events.some((e) => e['event'] === 'report'));

  const browser = await launchBrowser({ viewport: { width: 1100, height: 900 } });
  try {
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('svg.line-chart')].map((svg: any) => ({
        lines: [...svg.querySelectorAll('polyline')].map((p: any) => ({ points: p.points.numberOfItems as number, width: p.getBBox().width as number })),
        legend: [...svg.querySelectorAll('g.legend')].map((g: any) => [g.dataset.series, Number(g.dataset.last)]),
      })),
    );
    assert.equal(charts.length, 2, 'loss and accuracy curves');
    for (const chart of charts) for (const line of chart.lines) assert.ok(line.points === epochs.length && line.width > 100, JSON.stringify(line));
    const last = epochs[epochs.length - 1]!;
    assert.deepEqual(charts[0]!.legend, [
      ['training loss', last['loss']],
      ['validation loss', last['valLoss']],
    ]);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('table.summary tr')].map((tr: any) => [tr.cells[0].textContent, Number(tr.cells[1].dataset.value)]),
    );
    assert.deepEqual(rows, [
      ['test loss', summary['loss']],
      ['test accuracy', summary['accuracy']],
      ['test f1', summary['f1']],
    ]);
    const cells = await page.evaluate(() => [...document.querySelectorAll('svg.confusion-matrix g.cell')].map((g: any) => Number(g.dataset.count)));
    assert.deepEqual(cells, (confusion['matrix'] as number[][]).flat());
    assert.equal(
      cells.reduce((a: number, b: number) => a + b, 0),
      summary['rows'],
    );
  } finally {
    await browser.close();
  }
});

test("the report's diagram and confusion matrix: 11 px labels, none cut off, none over a circle or another label", { skip, timeout: 60_000 }, async () => {
  const layer = (units: number, inputs: number, activation: string) => ({
    units,
    activation,
    weights: Array.from({ length: units * inputs }, (_, i) => Math.sin(i)),
  });
  const base: ReportInput = {
    title: 'layout',
    history: [{ epoch: 0, loss: 0.5, metrics: { accuracy: 0.5 } }],
    architecture: { inputs: ['weight_lb', 'height_in'], layers: [layer(12, 2, 'tanh'), layer(12, 12, 'tanh'), layer(3, 12, 'softmax')] },
    settings: { data: 'people.csv' },
  };
  const withConfusion = (labels: string[], matrix: number[][]): ReportInput => ({ ...base, confusion: { labels, matrix } });
  const reports = {
    'three short classes': withConfusion(
      ['0', '1', '2'],
      [
        [40, 10, 0],
        [5, 45, 0],
        [0, 1, 9],
      ],
    ),
    'three long classes': withConfusion(
      ['versicolor', 'virginica', 'setosa'],
      [
        [9, 1, 0],
        [2, 8, 0],
        [0, 0, 10],
      ],
    ),
  };
  const dir = mkdtempSync(join(tmpdir(), 'neurite-report-layout-'));
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    for (const [name, report] of Object.entries(reports)) {
      const file = join(dir, `${name.replace(/ /g, '-')}.html`);
      writeFileSync(file, writeReport(report));
      await page.goto(pathToFileURL(file).href);
      for (const width of [1100, 390]) {
        await page.setViewportSize({ width, height: 900 });
        for (const chart of ['svg.network-diagram', 'svg.confusion-matrix']) {
          const layout = await page.evaluate(svgLayout, chart);
          assert.ok(layout.texts > 3, `${name}, ${width} px, ${chart}: texts measured`);
          assert.deepEqual(layout.problems, [], `${name}, ${width} px, ${chart}`);
          assert.ok(layout.minFontPx >= 11, `${name}, ${width} px, ${chart}: text drawn at ${layout.minFontPx} px`);
        }
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no sideways scrolling at ${width} px`);
      }
    }
    // The neurons are named beside their circles (h1_10 does not fit inside one).
    assert.equal(await page.locator('svg.network-diagram text.label', { hasText: 'h1_10' }).count(), 1);
  } finally {
    await browser.close();
  }
});
