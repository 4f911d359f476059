// The core in a browser: it bundles for the browser platform with no Node built-ins and no command-line
// code, and stays small. Sizes come from scripts/bundle-size.mjs (`npm run size`), the figures in the README.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT } from './helpers/paths.js';

interface Bundle {
  code: string;
  minified: number;
  gzipped: number;
  inputs: string[];
}
interface SizeScript {
  SCENARIOS: { name: string; label: string; source: string }[];
  bundle(source: string, options?: { kernels?: boolean }): Promise<Bundle>;
}

const sizes = (await import(pathToFileURL(ROOT + 'scripts/bundle-size.mjs').href)) as SizeScript;
const scenario = (name: string) => sizes.SCENARIOS.find((s) => s.name === name)!.source;
const everything = await sizes.bundle(scenario('everything'));

test('the whole core bundles for browsers from src/ alone: no command line, no Node helpers', () => {
  assert.ok(everything.inputs.length > 50, `only ${everything.inputs.length} files bundled`);
  const outside = everything.inputs.filter((f) => !f.startsWith('src/') || /^src\/(cli|node|report)\//.test(f));
  assert.deepEqual(outside, []);
});

test('the browser bundle uses no Node built-ins, no require, no process and no dynamic import', () => {
  const code = everything.code;
  for (const [what, pattern] of [
    ['a node: module', /["']node:[a-z]/],
    ['require()', /\brequire\s*\(/],
    ['a Node global', /\bprocess\.(env|argv|exit|cwd|stdout|stderr|platform|versions)\b|\bBuffer\.|__dirname|__filename/],
    ['a dynamic import', /\bimport\s*\(/],
  ] as const) {
    const match = pattern.exec(code);
    assert.equal(match, null, `the core bundle contains ${what}: …${match ? code.slice(Math.max(0, match.index - 60), match.index + 60) : ''}…`);
  }
});

// Budgets, gzipped (level 9). The aim: 25 KB for what an app ships. A training app (Network, fit,
// Adam), tree-shaken by the bundler, met it until every network carried shapes (Flatten, Reshape, the
// shape checks of Network.create and fromJSON: about 1.6 KB more, issue #13); it is held to 27 KB; the whole
// core with every export (CSV tables, explain, ONNX export, model files) is held to a ceiling so it cannot
// grow unnoticed.
const KB = 1024;
test('a tree-shaken training app (Network, fit, Adam) is at most 27 KB gzipped', async () => {
  const training = await sizes.bundle(scenario('training'));
  assert.ok(training.gzipped <= 27 * KB, `${training.gzipped} bytes gzipped (${training.minified} minified)`);
  assert.ok(training.gzipped < everything.gzipped * 0.6, 'a bundler drops the parts a training app does not import');
});

test('the whole core is at most 64 KB gzipped', () => {
  assert.ok(everything.gzipped <= 64 * KB, `${everything.gzipped} bytes gzipped (${everything.minified} minified)`);
});
