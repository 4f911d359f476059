// The core and its optional entries in a browser: they bundle for the browser platform with no Node built-ins
// and no command-line code, and the core stays small by leaving the optional parts (CSV tables, ONNX export,
// explain, the article's companion) to their entries. Sizes come from scripts/bundle-size.mjs (`npm run size`),
// the figures in the README.
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
// What the core itself uses from src/data/: model files carry their preprocessing (with the column rules it
// applies), fit splits rows for validation, and a Model reads raw records and tables as `neurite train` reads a
// CSV file (trainModel takes CSV text; predict encodes records through the same table rules), and a Model of
// images scales raw pixels as its preprocessing recorded (the image input and the image-set checks).
const OF_THE_CORE = [
  'src/data/csv.ts',
  'src/data/growable.ts',
  'src/data/column-builder.ts',
  'src/data/table.ts',
  'src/data/table-builder.ts',
  'src/data/read-table.ts',
  'src/data/prepare.ts',
  'src/data/preprocessor.ts',
  'src/data/split.ts',
  'src/data/values.ts',
  'src/data/columns.ts',
  'src/data/task.ts',
  'src/data/data-errors.ts',
  'src/data/fit-input.ts',
  'src/data/image-set.ts',
  'src/data/image-input.ts',
  'src/data/prepare-images.ts', // trainImageModel, beside trainModel
  'src/data/text-tokens.ts', // a Model that reads text turns a phrase into its words' ids
  'src/data/vocabulary.ts',
  'src/data/text-input.ts',
  'src/data/series-dates.ts', // a SeriesModel turns raw rows into windows as its file recorded
  'src/data/series-table.ts',
  'src/data/series-windows.ts',
  'src/data/series-season.ts',
  'src/data/char-vocabulary.ts', // trainTextModel and generateText read characters as the model file's vocabulary
  'src/data/text-windows.ts',
];
/** Every entry, the core and the optional ones together. */
const all = await sizes.bundle(scenario('all'));

test('the whole core and every entry bundle for browsers from src/ alone: no command line, no Node helpers', () => {
  assert.ok(everything.inputs.length > 50, `only ${everything.inputs.length} files bundled`);
  const outside = all.inputs.filter((f) => !f.startsWith('src/') || /^src\/(cli|node|report)\//.test(f));
  assert.deepEqual(outside, []);
});

test("`import 'neurite'` leaves the optional parts to their entries: no ONNX, explain or seed code, and of data/ only what a Model reads", () => {
  const optional = everything.inputs.filter((f) => /^src\/(onnx|explain|seed)\//.test(f) || (/^src\/data\//.test(f) && !OF_THE_CORE.includes(f)));
  assert.deepEqual(optional, []);
});

test('the browser bundles use no Node built-ins, no require, no process and no dynamic import', () => {
  const code = all.code;
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
// shape checks of Network.create and fromJSON: about 1.6 KB more, issue #13); then the image layers (#14:
// conv2d with its im2col and WebAssembly window kernels, the pools, batch norm), which every network's table of
// layer types reaches, took it from 26.7 KB to 33.0 KB, and their fast paths (padded im2col, 2×2 max pooling) to 34.4 KB. A network
// that could not load a CNN model file would be worse; a later step can let an app opt out of layer types it
// never builds. Held to 36 KB; then the recurrent layers (#15: simpleRnn, lstm, gru, in the same table) took it
// from 34.2 KB to 37.5 KB: held to 38 KB; the embedding and timeDistributed layers (#15, the same table) to 39.1 KB:
// held to 40 KB; with the LSTM's WebAssembly step kernels (#15's fast path; the module is in every network's
// bundle) and the one-sample training path (#17), 42.3 KB: held to 43 KB; LSTM inference's own step kernel and
// path (#15: batch-256 inference about 20% faster), 43.4 KB: held to 44 KB; the convolution without patches
// (#14: inference, ReLU fused), 45.1 KB: held to 46 KB; its weight gradient from the images in place (#14:
// training), 46.7 KB: held to 47 KB; LSTM inference's product and cell in one kernel (#15: batch-256 inference a
// third faster), 47.4 KB: held to 48 KB; the convolution's kernels shared between threads (#14: two-thread CNN
// training 5.1k → 6.3k samples/s), 48.1 KB: held to 49 KB; a stride-1 convolution's ∂L/∂X in one kernel,
// without the patches' gradient (#14: CNN training about 10% faster on one thread, 18% on two), 49.3 KB: held to 50 KB;
// the one-row kernel of small dense networks (#17: a whole training step, or fit's steps at batch size 1 in
// stretches, in one call: the seed's job 2.9× faster through trainStep and 5–8× through fit in a fresh
// process; fit's memory given back at its end), 53.7 KB: held to 54 KB.
// The whole core with every export (networks, training, model files, the Model, which reads CSV text, raw
// records and images, and the search of the default settings) is held to a ceiling so it cannot grow
// unnoticed: 56 KB before the optional parts (ONNX, explain, the article's helpers, the rest of data/) moved to
// entries of their own, 48.8 KB after; 63.6 KB with the image layers and their fast paths, images in and the
// search (#14, #16), held to 66 KB; 63.9 → 67.1 KB with the recurrent layers (#15), held to 68 KB; 70.6 KB with the embedding and
// timeDistributed layers and text columns (the Model reads a phrase as its words), held to 72 KB; 72.3 KB with
// the time-series forecaster and character-level text models (#15) and the LSTM's kernels, 81.5 KB, held to 82 KB;
// 82.6 KB with LSTM inference's kernel, held to 83 KB; 84.5 KB with the convolution without patches, held to 85 KB;
// 86.0 KB with its weight gradient in place, and 86.5 KB with the search's second round (#16: early stopping on
// its own score, the final fit's weight average), held to 87 KB; 87.3 KB with LSTM inference's fused step, held
// to 88 KB; 87.9 KB with the convolution's kernels shared between threads, 88.2 KB with im2col and col2im shared
// too, held to 89 KB; 89.1 KB with the convolution's ∂L/∂X without the patches' gradient, held to 90 KB; 93.5 KB with the
// one-row kernel of small dense networks, held to 94 KB. Every entry together: 62.3 KB → 79.9 KB (the same, plus the ONNX export of the image layers and
// the image readers of neurite/data), then 88.3 KB with explain on CNNs (neurite/explain: 33.7 → 42.0 KB),
// held to 92 KB; 90.5 → 93.6 KB with the recurrent layers (#15), held to 94 KB; 97.2 KB with the embedding and
// timeDistributed layers and text columns, held to 98 KB; 104.1 KB with time-series forecasting and
// character-level text in the core, their ONNX export, explain through time and the LSTM's kernels (#15),
// 113.3 KB, held to 114 KB; 114.4 KB with LSTM inference's kernel, held to 115 KB; 116.1 KB with the convolution without patches,
// held to 117 KB; 117.7 KB with its weight gradient in place, 118.2 KB with the search's second round, held to 119 KB; 118.9 KB with LSTM inference's fused step, held to 120 KB; 119.7 KB with the convolution shared between threads; 120.8 KB with its ∂L/∂X in one kernel, held to 121 KB; 121.2 KB with max pooling's backward kernel, held to 122 KB; 125.3 KB with the one-row kernel of small dense networks, held to 126 KB. (Each figure gzipped with the kernels, as an app ships them.)
const KB = 1024;
test('a tree-shaken training app (Network, fit, Adam) is at most 54 KB gzipped', async () => {
  const training = await sizes.bundle(scenario('training'));
  assert.ok(training.gzipped <= 54 * KB, `${training.gzipped} bytes gzipped (${training.minified} minified)`);
  assert.ok(training.gzipped < all.gzipped * 0.6, 'a bundler drops the parts a training app does not import');
});

test('the whole core is at most 94 KB gzipped, and every entry together at most 126 KB', () => {
  assert.ok(everything.gzipped <= 94 * KB, `${everything.gzipped} bytes gzipped (${everything.minified} minified)`);
  assert.ok(all.gzipped <= 126 * KB, `${all.gzipped} bytes gzipped (${all.minified} minified)`);
  assert.ok(everything.gzipped < all.gzipped * 0.85, 'the optional entries hold a good part of the code');
});
