import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseModel } from '../src/index.js';
import { imageFromImageData } from '../src/data/index.js';
import { SHOTS, usePlayground } from './helpers/playground.js';

// The playground's image mode in a real headless Chromium: draw with the mouse and a finger, watch the
// probabilities and feature maps, export the model, and predict the drawing in Node with the file.
const { skip, session } = usePlayground();

/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare function requestAnimationFrame(callback: () => void): number;

const nextFrame = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

async function download(page: Page, button: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#${button}`)]);
  return readFileSync((await file.path())!, 'utf8');
}

/** The probabilities the page shows: class → p. */
const shown = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('#probabilities li')].map((li: any) => [li.dataset.class as string, Number(li.dataset.value)])),
  ) as Promise<Record<string, number>>;

/** Points on a circle around the pad's centre, as fractions of its size. */
const ring = Array.from({ length: 33 }, (_, i) => [0.5 + 0.3 * Math.cos((i * Math.PI) / 16), 0.5 + 0.3 * Math.sin((i * Math.PI) / 16)] as const);

test('image mode: train a CNN in the worker, draw with the mouse, see probabilities and feature maps, export; Node predicts the same', {
  skip,
  timeout: 120_000,
}, async () => {
  const page = await session.browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await page.goto(session.server.url);
  await page.waitForSelector('#diagram svg');
  await page.locator('#data').selectOption('shapes');
  await page.waitForSelector('#feature-maps canvas');
  assert.equal(await page.evaluate(() => document.body.dataset.mode), 'images');
  assert.ok(await page.locator('#pad').isVisible());
  assert.equal(await page.locator('#boundary').isVisible(), false, 'the map of points is hidden');
  assert.equal(await page.locator('#explain-panel').isVisible(), false);
  await page.locator('#epochs').fill('3');
  await page.locator('#epochs').press('Tab');
  assert.match(page.url(), /data=shapes&.*epochs=3/);

  await page.click('#train');
  await page.waitForSelector('#stat-status[data-status="done"]', { timeout: 90_000 });
  assert.equal(await page.locator('#stat-epoch').getAttribute('data-value'), '3');
  const accuracy = Number(await page.locator('#stat-val-accuracy').getAttribute('data-value'));
  assert.ok(accuracy > 0.5, `validation accuracy ${accuracy} after 3 epochs (chance is 0.25)`);
  assert.ok(Number(await page.locator('#loss-chart svg').getAttribute('data-points')) >= 3, 'the curves have an epoch each');

  // Draw a circle with the mouse; the probabilities change as the stroke grows.
  const blank = await shown(page);
  const box = (await page.locator('#pad').boundingBox())!;
  const to = ([u, v]: readonly [number, number]) => page.mouse.move(box.x + u * box.width, box.y + v * box.height, { steps: 2 });
  await to(ring[0]!);
  await page.mouse.down();
  for (const point of ring.slice(0, 12)) await to(point);
  await nextFrame(page);
  const half = await shown(page);
  for (const point of ring.slice(12)) await to(point);
  await page.mouse.up();
  await nextFrame(page);
  const full = await shown(page);
  assert.deepEqual(Object.keys(full), ['circle', 'cross', 'square', 'triangle']);
  assert.notDeepEqual(half, blank);
  assert.notDeepEqual(full, half);
  const sum = Object.values(full).reduce((a, b) => a + b);
  assert.ok(Math.abs(sum - 1) < 1e-5, `the probabilities sum to ${sum}`);
  const predicted = (await page.locator('#probabilities').getAttribute('data-predicted'))!;
  assert.equal(predicted, Object.entries(full).sort((a, b) => b[1] - a[1])[0]![0]);

  // The feature maps: the input, then each conv and pool layer, one canvas per channel, drawn.
  const maps = await page.evaluate(() =>
    [...document.querySelectorAll('#feature-maps figure')].map((figure: any) => ({
      layer: figure.dataset.type as string,
      canvases: [...figure.querySelectorAll('canvas')].map((canvas: any) => {
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let lit = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] > 0) lit++;
        return { size: `${canvas.width}x${canvas.height}`, lit };
      }),
    })),
  );
  assert.deepEqual(
    maps.map((m) => `${m.layer} ${m.canvases.length}×${m.canvases[0]!.size}`),
    ['input 1×16x16', 'conv2d 8×14x14', 'maxPool2d 8×7x7', 'conv2d 16×5x5', 'maxPool2d 16×2x2'],
  );
  for (const m of maps)
    assert.ok(
      m.canvases.some((c) => c.lit > 0),
      `${m.layer}: some channel is drawn`,
    );
  assert.ok(maps[0]!.canvases[0]!.lit >= 20, 'the drawing reaches the network');
  await page.screenshot({ path: SHOTS + 'playground-images.png' });

  // The model file: Node reads it with parseModel and predicts the pad's pixels as the page did.
  const exported = await download(page, 'export-model');
  const file = parseModel(exported, { file: 'model.json' });
  assert.deepEqual(file.preprocessing.image?.shape, [16, 16, 1]);
  assert.deepEqual(file.classes, ['circle', 'cross', 'square', 'triangle']);
  assert.equal(file.network.layers[0]!.type, 'conv2d');
  assert.match(String((file.training['playground'] as { url: string }).url), /data=shapes/);
  const pad = await page.evaluate(() => {
    const canvas = document.querySelector('#pad');
    return {
      width: canvas.width as number,
      height: canvas.height as number,
      data: Array.from(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data) as number[],
    };
  });
  const [node] = file.predictImages(imageFromImageData(pad, [16, 16, 1]));
  assert.equal(node!.label, predicted);
  for (const [name, p] of Object.entries(full))
    assert.ok(Math.abs(node!.probabilities[name]! - p) < 1e-5, `${name}: Node ${node!.probabilities[name]}, page ${p}`);

  // The report: the same pictures as `neurite train --report`, of the drawing.
  const report = await download(page, 'export-report');
  assert.equal((report.match(/<figure class="filter"/g) ?? []).length, 8);
  assert.equal((report.match(/<figure class="feature-maps"/g) ?? []).length, 5);
  assert.match(report, new RegExp(`the drawing on the page; predicted ${predicted} \\(p = `));

  // Clear, then a finger: touch events draw as the mouse does.
  await page.click('#clear');
  await nextFrame(page);
  const lit = () =>
    page.evaluate(() =>
      document
        .querySelector('#feature-maps canvas')
        .getContext('2d')
        .getImageData(0, 0, 16, 16)
        .data.some((v: number, i: number) => i % 4 === 0 && v > 0),
    );
  assert.equal(await lit(), false, 'a cleared pad is blank');
  const scrolled = () => page.evaluate(() => document.scrollingElement.scrollTop as number);
  const before = await scrolled();
  const cdp = await session.browser.context.newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', [u, v]: readonly [number, number]) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + u * box.width, y: box.y + v * box.height }] });
  await touch('touchStart', [0.2, 0.2]);
  for (let t = 0.25; t <= 0.8; t += 0.05) await touch('touchMove', [t, t]);
  await touch('touchEnd', [0.8, 0.8]);
  await nextFrame(page);
  assert.equal(await lit(), true, 'a finger drew on the pad');
  assert.equal(await scrolled(), before, 'drawing with a finger does not scroll the page');

  // Import the file into a fresh page: the image mode and the weights come back.
  const fresh = await session.browser.context.newPage();
  fresh.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await fresh.goto(session.server.url);
  await fresh.waitForSelector('#diagram svg');
  await fresh.locator('#import-model').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
  await fresh.waitForSelector('#message:has-text("Imported model.json: trained 3 epochs")');
  assert.equal(await fresh.evaluate(() => document.body.dataset.mode), 'images');
  assert.deepEqual(JSON.parse(await download(fresh, 'export-model')).network, JSON.parse(exported).network);

  assert.deepEqual(problems, []);
  await fresh.close();
  await page.close();
});
