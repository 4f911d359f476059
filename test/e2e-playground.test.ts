import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { createOptimizer, fit, Network, parseModel, Rng, type Matrix, type NetworkJSON } from '../src/index.js';
import { parseTable, predictTable, Preprocessor, spirals, tableFromRecords } from '../src/data/index.js';
import { prepareData } from '../playground/src/engine/datasets.js';
import { defaultSettings } from '../playground/src/engine/settings.js';
import { toUnit, viewFor } from '../playground/src/engine/view.js';
import { SHOTS, usePlayground } from './helpers/playground.js';
import { svgLayout } from './helpers/svg-layout.js';
import { CLI, ROOT } from './helpers/paths.js';

// The playground in a real headless Chromium, as a person uses it. UPDATE_SCREENSHOTS=1 writes the
// screenshots into docs/ (committed, shown in the README); otherwise they go to dist/e2e/.
const { skip, session } = usePlayground();

// Functions passed to page.evaluate run in the page; these module-local declarations type them without
// bringing the DOM library into the Node build.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: any): any;
declare function requestAnimationFrame(callback: () => void): number;
type HTMLElement = any;
type Element = any;

async function openPage(query = ''): Promise<{ page: Page; problems: string[] }> {
  const page = await session.browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(session.server.url) && !url.startsWith('blob:') && !url.startsWith('data:')) problems.push(`request to ${url}`);
  });
  await page.goto(session.server.url + query);
  await page.waitForSelector('#diagram svg');
  return { page, problems };
}

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${button}`)]);
  return readFileSync((await file.path())!, 'utf8');
}

/** Resolves after the page has drawn its next frame (the views redraw in requestAnimationFrame). */
const nextFrame = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
const status = (page: Page, s: string) => page.waitForSelector(`#stat-status[data-status="${s}"]`, { timeout: 30_000 });
const text = (page: Page, selector: string) => page.locator(selector).innerText();

/** The network diagram's labels are 11 px or more, none cut off or over a circle; the explain panel hides nothing. */
async function readable(page: Page, where: string): Promise<void> {
  const diagram = await page.evaluate(svgLayout, '#diagram svg');
  assert.ok(diagram.texts > 0, `${where}: the diagram has labels`);
  assert.deepEqual(diagram.problems, [], where);
  assert.ok(diagram.minFontPx >= 11, `${where}: diagram text drawn at ${diagram.minFontPx} px`);
  const trace = await page.evaluate(() => {
    const el = document.querySelector('#trace');
    const longest = Math.max(...el.textContent.split('\n').map((line: string) => line.length));
    return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, longest, chars: el.clientWidth / (parseFloat(getComputedStyle(el).fontSize) * 0.6) };
  });
  assert.ok(trace.longest > trace.chars, `${where}: some explain lines are longer than the panel is wide (${JSON.stringify(trace)})`);
  assert.ok(trace.scrollWidth <= trace.clientWidth, `${where}: the explain panel wraps its long lines (${JSON.stringify(trace)})`);
}

/** Types into a field and leaves it with Tab, as a keyboard user does (the page applies it on "change"). */
async function setField(page: Page, id: string, value: string): Promise<void> {
  await page.locator(`#${id}`).fill(value);
  await page.locator(`#${id}`).press('Tab');
}

function parseCsvLines(csv: string): string[][] {
  return csv
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

let exported: { model: string; predictions: string } | null = null;

test('spirals: train to 90% accuracy in the browser, explain a point, export; Node predicts what the page predicts', { skip, timeout: 90_000 }, async () => {
  const { page, problems } = await openPage();
  await page.locator('#data').selectOption('spirals');
  await setField(page, 'noise', '0');
  await setField(page, 'hidden-0', '12');
  await setField(page, 'hidden-1', '12');
  // The page's defaults otherwise: tanh, the cross-entropy that fits the output (binary, fused with the
  // sigmoid output), Adam with η = 0.03, batches of 10.
  assert.match(page.url(), /data=spirals&size=500&noise=0&.*layers=12%2C12&act=tanh&loss=auto&opt=adam&lr=0.03&batch=10/);

  // Step one batch, then reset, from the keyboard.
  await page.locator('#step').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#stat-epoch').textContent === '0 + 1/40');
  assert.equal(await page.locator('#stat-status').getAttribute('data-status'), 'paused');
  await page.locator('#reset').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#stat-epoch')!.textContent === '0');

  await page.locator('#train').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number((document.querySelector('#stat-train-accuracy') as HTMLElement).dataset.value ?? 0) >= 0.9, null, {
    timeout: 60_000,
    polling: 50,
  });
  await page.keyboard.press('p'); // the Pause shortcut
  await status(page, 'paused');
  await nextFrame(page);
  const shown = Number(await page.locator('#stat-train-accuracy').getAttribute('data-value'));
  const epochs = Number(await page.locator('#stat-epoch').getAttribute('data-value'));
  const [, batches, perEpoch] = (await text(page, '#stat-epoch')).match(/^\d+(?: \+ (\d+)\/(\d+))?$/)!.map(Number);
  assert.ok(epochs > 0);
  // One number, measured one way: the curves end at the status bar's accuracy, paused within an epoch or not.
  assert.equal(Number(await page.locator('#accuracy-chart .legend[data-series="training"]').getAttribute('data-last')), shown);

  // Curves and the network are drawn.
  assert.ok(Number(await page.locator('#loss-chart svg').getAttribute('data-points')) >= epochs);
  assert.equal(await page.locator('#diagram .edge').count(), 2 * 12 + 12 * 12 + 12);

  // Explain: click a point (its place computed from the same data in Node), then move with the arrow keys.
  const data = prepareData({ ...defaultSettings(), data: 'spirals', noise: 0 });
  const [u, v] = toUnit(viewFor(data), ...data.raw[150]!);
  const box = (await page.locator('#boundary').boundingBox())!;
  await page.mouse.click(box.x + u * box.width, box.y + v * box.height);
  await page.waitForFunction(() => document.querySelector('#selection')!.textContent!.startsWith('Point 151 of 500'));
  // The library's explain, as `neurite explain` writes it, under the point and how its columns became x1, x2.
  const trace = await text(page, '#trace');
  assert.match(
    trace,
    /^Point 151 of 500 \((training|validation)\): x1 = .*, class [01]\nNetwork inputs, from the raw columns: x1 = \(x1 − .*\) \/ .*\n\nSample\n {2}raw +x1=/,
  );
  assert.match(trace, /loss +L = binary_cross_entropy\(y_true, y_pred\) = .* \(computed from the output sums, fused with sigmoid\)/);
  assert.match(trace, /\n {2}y_true {3}[01] \(P\(label = 1\)\)\n/);
  assert.match(trace, /\nGradients: .*\n.*\n {4}[wb]\d+ {2}\((x[12] → |bias of )h1_\d+, value /);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('#selection')!.textContent!.startsWith('Point 152 of 500'));
  await nextFrame(page);
  await readable(page, '1280×800');
  await page.screenshot({ path: SHOTS + 'playground.png' });

  // Export the model and the page's predictions; Node loads the model file and predicts the same numbers.
  const model = await download(page, 'export-model');
  const predictions = await download(page, 'export-predictions');
  exported = { model, predictions };
  const report = await download(page, 'export-report');
  assert.match(report, /^<!doctype html>/);
  assert.equal((report.match(/class="chart line-chart"/g) ?? []).length, 2);
  assert.match(report, /class="chart confusion-matrix"/);
  assert.match(report, new RegExp(`<th scope="row">training accuracy</th><td class="num" data-value="${shown}">`));
  // The file is the library's model file: Node reads it with parseModel, reads the page's predictions CSV
  // with the model's columns and predicts, as `neurite predict` does. The page's numbers come from the
  // worker, with the same WebAssembly kernels as Node: equal to the last bit.
  const file = parseModel(model, { file: 'model.json' });
  assert.deepEqual(file.preprocessing.featureNames, ['x1', 'x2']);
  assert.equal(file.training.loss, 'binary_cross_entropy');
  assert.equal((file.training.metrics as { train: { accuracy: number } }).train.accuracy, shown);
  // How far it was trained: whole epochs, plus the batches of the next one when paused within it.
  assert.deepEqual(
    [file.training.epochs, file.training['batches'], file.training['batchesPerEpoch']],
    Number.isNaN(batches) ? [epochs, undefined, undefined] : [epochs, batches, perEpoch],
  );
  const rows = parseCsvLines(predictions);
  assert.deepEqual(rows[0], ['x1', 'x2', 'label', 'split', 'predicted_label', 'p_0', 'p_1']);
  const node = predictTable(file, parseTable(predictions, file.preprocessing.readOptions()));
  assert.equal(node.task, 'classification');
  if (node.task === 'classification') {
    assert.deepEqual(
      node.probabilities.map((p) => p.map(String)),
      rows.slice(1).map((r) => r.slice(5)),
    );
    assert.deepEqual(
      node.labels,
      rows.slice(1).map((r) => r[4]),
    );
  }
  // The exported model is the one the page shows: its training accuracy is the one on the page.
  const training = rows.slice(1).filter((r) => r[3] === 'training');
  assert.equal(training.filter((r) => r[2] === r[4]).length / training.length, shown);
  assert.deepEqual(problems, []);
  await page.close();
});

test("`neurite predict` with the exported model file gives the page's predictions", { skip }, () => {
  assert.ok(exported, 'the spirals test exported a model and its predictions');
  const dir = mkdtempSync(join(tmpdir(), 'neurite-e2e-'));
  writeFileSync(join(dir, 'model.json'), exported.model);
  writeFileSync(join(dir, 'page.csv'), exported.predictions);
  const run = spawnSync(process.execPath, [CLI, 'predict', 'model.json', 'page.csv'], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const page = parseCsvLines(exported.predictions);
  const cli = parseCsvLines(run.stdout);
  const pageP = page[0]!.flatMap((name, i) => (name.startsWith('p_') ? [i] : []));
  assert.equal(pageP.length, 2);
  assert.equal(cli.length, page.length);
  // The CLI appends its columns after the page's own, named as the page names them: taken names get a suffix.
  assert.deepEqual(cli[0]!.slice(-3), ['predicted_label_2', ...pageP.map((i) => `${page[0]![i]!}_2`)]);
  for (let r = 1; r < page.length; r++) {
    const cliRow = cli[r]!;
    assert.deepEqual(
      cliRow.slice(-2),
      pageP.map((i) => page[r]![i]!),
      `row ${r}: the CLI and the page give the same probabilities`,
    );
    assert.equal(cliRow.at(-3), page[r]![page[0]!.indexOf('predicted_label')], `row ${r}: the same predicted class`);
  }
});

test('the same seed and settings give the same weights in the browser as the library in Node, bit for bit', { skip, timeout: 60_000 }, async () => {
  const query =
    '?data=spirals&size=120&noise=0.1&dseed=3&val=0.25&layers=6%2C6&act=tanh&loss=auto&opt=adam&lr=0.03&batch=8&reg=l2&regrate=0.001&seed=7&epochs=25';
  const { page, problems } = await openPage(query);
  await page.click('#train');
  await status(page, 'done');
  assert.equal(await page.locator('#stat-epoch').getAttribute('data-value'), '25');
  const file = JSON.parse(await download(page, 'export-model')) as { network: NetworkJSON; training: { epochs: number } };
  assert.equal(file.training.epochs, 25);

  // The same run, written with the library alone: its data, preprocessing, optimizer table and regularization.
  const d = spirals({ size: 120, noise: 0.1, seed: 3 });
  const order = new Rng(3).shuffle(Array.from({ length: 120 }, (_, i) => i));
  const held = new Set(order.slice(120 - 30));
  const rows = (validation: boolean) => d.x.map((_, i) => i).filter((i) => held.has(i) === validation);
  const table = tableFromRecords(d.x.map((p, i) => ({ x1: p[0]!, x2: p[1]!, label: d.labels[i]! })));
  const pre = Preprocessor.fit(table, { target: 'label', inputs: ['x1', 'x2'], scaling: 'standard', rows: rows(false) });
  const part = (validation: boolean): [Matrix, Matrix] => [pre.transform(table, rows(validation)), pre.transformTarget(table, rows(validation))];
  const network = Network.create({
    inputs: 2,
    layers: [{ units: 6 }, { units: 6 }].map((l) => ({ ...l, activation: 'tanh' })).concat({ units: 1, activation: 'sigmoid' }),
    seed: 7,
    dtype: 'float32',
  });
  const [x, y] = part(false);
  await fit(network, x, y, {
    epochs: 25,
    batchSize: 8,
    optimizer: createOptimizer('adam', { learningRate: 0.03 }),
    loss: 'binary_crossentropy',
    regularization: { l2: 0.001 },
    seed: 7,
    validationData: part(true),
  });
  assert.deepEqual(file.network, network.toJSON());

  // Import the file into a fresh page: the settings and the weights come back.
  const fresh = await openPage();
  const model = JSON.stringify(file);
  await fresh.page.locator('#import-model').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(model) });
  await fresh.page.waitForSelector('#message:has-text("Imported model.json: trained 25 epochs")');
  assert.match(fresh.page.url(), /data=spirals&size=120&noise=0.1&.*layers=6%2C6&.*reg=l2&regrate=0.001&seed=7&epochs=25/);
  assert.deepEqual(JSON.parse(await download(fresh.page, 'export-model')).network, file.network);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await page.close();
  await fresh.page.close();
});

test('keyboard focus is visible, text has readable contrast, and the page fits 1280×800 and a narrow window', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await openPage('?data=moons&noise=0.1');
  let tabs = 0;
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'train' && tabs < 10) {
    await page.keyboard.press('Tab');
    tabs++;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'train', 'Tab reaches the Train button');
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement!);
    return `${s.outlineStyle} ${s.outlineWidth}`;
  });
  assert.equal(outline, 'solid 3px');

  const ratios = await page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out: Record<string, number> = {};
    for (const sel of ['h1', 'h2', '.field', '.hint', 'button.primary', '#pause', '#step', '.stats dt', '.stats dd', 'figcaption', '#trace', '.foot']) {
      const el = document.querySelector(sel)!;
      const a = lum(rgb(getComputedStyle(el).color));
      const b = lum(background(el));
      out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }
    return out;
  });
  for (const [sel, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${sel}: contrast ${ratio.toFixed(2)} < 4.5`);

  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(await fits(), 'no sideways scrolling at 1280×800');
  const canvas = await page.locator('#boundary').boundingBox();
  assert.ok(canvas!.y + canvas!.height <= 800, 'the decision boundary is in view at 1280×800');
  await page.setViewportSize({ width: 390, height: 844 });
  assert.ok(await fits(), 'no sideways scrolling at 390 px');
  assert.ok((await page.locator('#boundary').boundingBox())!.width <= 370);
  await page.keyboard.press('t');
  await page.waitForFunction(() => Number((document.querySelector('#stat-epoch') as HTMLElement).dataset.value) >= 20);
  await page.keyboard.press('p');
  await status(page, 'paused');
  await nextFrame(page);
  await readable(page, '390 px');
  await page.screenshot({ path: SHOTS + 'playground-narrow.png' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a CSV file picked on the page trains with the chosen columns and standardized inputs', { skip, timeout: 60_000 }, async () => {
  const { page, problems } = await openPage();
  await page.locator('#data').selectOption('csv');
  await page.waitForSelector('#message:has-text("Pick or drop a CSV file")');
  const csv =
    'name,weight_lb,height_in,gender\n' +
    readFileSync(ROOT + 'data/gender.csv', 'utf8')
      .split('\n')
      .slice(1)
      .join('\n');
  await page.locator('#csv-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForSelector('#csv-name:has-text("people.csv: 4 rows")');
  assert.equal(await page.locator('#csvX').inputValue(), 'weight_lb');
  assert.equal(await page.locator('#csvTarget').inputValue(), 'gender');
  assert.match(page.url(), /data=csv&.*x=weight_lb&y=height_in&target=gender&std=1/);
  await setField(page, 'epochs', '200');
  await setField(page, 'batchSize', '1');
  await page.click('#train');
  await status(page, 'done');
  const rows = parseCsvLines(await download(page, 'export-predictions'));
  assert.deepEqual(rows[0], ['weight_lb', 'height_in', 'gender', 'split', 'predicted_gender', 'p_F', 'p_M']);
  assert.deepEqual(
    rows.slice(1).map((r) => r[4]),
    ['F', 'M', 'M', 'F'],
    "the seed's four people, classified",
  );
  const model = JSON.parse(await download(page, 'export-model'));
  assert.deepEqual(model.preprocessing.target, { name: 'gender', task: 'classification', kind: 'categorical', classes: ['F', 'M'], encoding: 'single' });
  assert.deepEqual(
    model.preprocessing.inputs.map((i: { name: string; offset: number }) => [i.name, i.offset]),
    [
      ['weight_lb', 141.25],
      ['height_in', 66.75],
    ],
  );
  assert.deepEqual(problems, []);
  await page.close();
});
