// Every example in examples/ runs as a reader runs it (`node dist/examples/<name>.js`, importing 'neurite'
// by name) and prints what its comments promise; the browser page loads its model in a real Chromium.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseModel } from '../src/index.js';
import { predictTable, tableFromRecords } from '../src/data/index.js';
import type { StaticServer } from '../src/cli/static-server.js';
import { serveStatic } from '../src/cli/static-server.js';
import { browserMissing, launchBrowser } from './helpers/browser.js';
import { ROOT } from './helpers/paths.js';

function runExample(name: string, args: string[] = []): string {
  const run = spawnSync(process.execPath, [ROOT + `dist/examples/${name}.js`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, `examples/${name}.ts failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** The number after `label` in the output. */
function numberAfter(out: string, label: string): number {
  const match = new RegExp(`${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(-?[\\d.]+)`).exec(out);
  assert.ok(match, `"${label}" not found in:\n${out}`);
  return Number(match[1]);
}

const TESTED = ['seed-gender', 'xor', 'iris', 'regression', 'custom-loop', 'browser/train-model'];

test('every example has a test here', () => {
  const found = readdirSync(ROOT + 'examples', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\\/g, '/').replace(/\.ts$/, ''))
    .sort();
  assert.deepEqual(found, [...TESTED].sort());
});

test("seed-gender: the seed article's fixed points, its training run and the two new people", () => {
  const out = runExample('seed-gender');
  assert.match(out, /y = f\(7\) = 0\.9990889488055994\n/);
  assert.match(out, /o1 = 0\.7216325609518421\n/);
  assert.match(out, /= 0\.5\n/);
  assert.match(out, /^Epoch 0 loss: /m);
  assert.ok(numberAfter(out, 'Epoch 999 loss:') < 0.01, 'the loss falls towards 0');
  assert.match(out, /^Emily: 0\.9\d\d female$/m);
  assert.match(out, /^Frank: 0\.0\d\d male$/m);
});

test('xor: a hidden layer learns all four cases', () => {
  const out = runExample('xor');
  assert.equal(numberAfter(out, 'accuracy'), 1);
  for (const [a, b, want] of [
    [0, 0, 0],
    [0, 1, 1],
    [1, 0, 1],
    [1, 1, 0],
  ]) {
    const p = numberAfter(out, `${a} xor ${b} = ${want}  predicted`);
    assert.ok(want === 1 ? p > 0.9 : p < 0.1, `${a} xor ${b}: ${p}`);
  }
});

test('iris: early stopping, then ≥ 90% test accuracy and a per-class report', () => {
  const out = runExample('iris');
  assert.match(out, /150 rows; classes setosa, versicolor, virginica/);
  assert.match(out, /stopped: (early-stopping|completed)/);
  assert.ok(numberAfter(out, 'test accuracy') >= 0.9, out);
  assert.match(out, /setosa\s+precision/);
});

test('regression: R² above 0.9 in k€, and the saved model predicts a new house near the generating formula', () => {
  const out = runExample('regression');
  assert.match(out, /task: regression; 240 training rows, 60 validation rows/);
  assert.match(out, /district=centre/);
  assert.ok(numberAfter(out, 'R²') > 0.9, out);
  // price_k = 1.9·95 + 15·4 − 0.6·12 − 4·6.5 + 40 (north) = 247.3, plus noise of σ = 15 in the data.
  const price = numberAfter(out, '6.5 km out:');
  assert.ok(Math.abs(price - 247.3) < 40, `predicted ${price} k€`);
});

test('custom-loop: fit stopped by a callback, and the hand-written loop reaches ≥ 95% on the moons', () => {
  const out = runExample('custom-loop');
  assert.match(out, /fit: callback after \d+ epochs, \d+ batches/);
  assert.ok(numberAfter(out, 'fit: restored epoch') >= 0);
  assert.match(out, /manual epoch 59: loss [\d.]+, η 0\.001\d/);
  assert.ok(numberAfter(out, 'manual: training accuracy') >= 0.95, out);
});

describe('browser: a page loads a model file and predicts', () => {
  const MODEL = ROOT + 'examples/browser/gender.model.json';

  test('train-model writes a model like the committed one: Emily F, Frank M', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neurite-example-'));
    try {
      const path = join(dir, 'gender.model.json');
      assert.match(runExample('browser/train-model', [path]), /wrote .*gender\.model\.json/);
      for (const file of [path, MODEL]) {
        const model = parseModel(readFileSync(file, 'utf8'), { file });
        const people = tableFromRecords(
          [
            { weight_lb: 128, height_in: 63 },
            { weight_lb: 155, height_in: 68 },
          ],
          model.preprocessing.readOptions(),
        );
        const prediction = predictTable(model, people);
        assert.ok(prediction.task === 'classification');
        assert.deepEqual(prediction.labels, ['F', 'M'], file);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const skip = browserMissing();
  let server: StaticServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  before(async () => {
    if (skip) return;
    server = await serveStatic(ROOT);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('index.html with the browser bundle: female for 128 lb 63 in, male for 155 lb 68 in', { skip }, async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('request', (r) => !r.url().startsWith(server.url) && problems.push(`request to ${r.url()}`));
    const bundle = page.waitForResponse((r) => r.url().endsWith('/dist/browser/neurite.min.js'));
    await page.goto(server.url + 'examples/browser/index.html');
    assert.equal((await bundle).status(), 200);
    await page.waitForSelector('#result[data-label="F"]');
    assert.match((await page.textContent('#result')) ?? '', /^female \(F\), p = 0\.9\d\d$/);
    assert.match((await page.textContent('#about')) ?? '', /A 2-2-1 network, 9 parameters, classes M\/F/);
    await page.fill('#weight', '155');
    await page.fill('#height', '68');
    await page.waitForSelector('#result[data-label="M"]');
    await page.fill('#weight', '');
    await page.waitForSelector('#result.error');
    assert.match((await page.textContent('#result')) ?? '', /column "weight_lb" .* is missing/);
    assert.deepEqual(problems, []);
  });
});
