// How big the core is in a browser: esbuild bundles src/index.ts, an optional entry (src/data/index.ts, ...),
// or a small app that imports part of them,
// for the browser platform, minified, and gzips the result (level 9). The command line is never included.
//
// Usage: node scripts/bundle-size.mjs [--json]      (npm run size)
// test/bundle.test.ts runs the same measurements and holds them to budgets.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * What gets bundled: a few lines of an app importing from the core (`neurite` is src/index.ts) or from an
 * optional entry (`neurite/data` is src/data/index.ts, ...). An entry's own row counts what it brings with it
 * from the core too, so it is what an app that imports only that entry ships.
 */
export const SCENARIOS = [
  { name: 'everything', label: 'the whole core, `neurite` (every export)', source: `export * from 'neurite';` },
  { name: 'data', label: '`neurite/data` (every export)', source: `export * from 'neurite/data';` },
  { name: 'onnx', label: '`neurite/onnx` (every export)', source: `export * from 'neurite/onnx';` },
  { name: 'explain', label: '`neurite/explain` (every export)', source: `export * from 'neurite/explain';` },
  { name: 'seed', label: '`neurite/seed` (every export)', source: `export * from 'neurite/seed';` },
  {
    name: 'all',
    label: 'the core and every optional entry',
    source: `export * from 'neurite'; export * from 'neurite/data'; export * from 'neurite/onnx'; export * from 'neurite/explain'; export * from 'neurite/seed';`,
  },
  {
    name: 'inference',
    label: 'load a model file and predict (`parseModel`; `parseTable`, `predictTable` from `neurite/data`)',
    source: `import { parseModel } from 'neurite'; import { predictTable, parseTable } from 'neurite/data'; export const run = (model, csv) => predictTable(parseModel(model), parseTable(csv));`,
  },
  {
    name: 'training',
    label: 'build and train a network (`Network`, `fit`, `Adam`)',
    source: `import { Network, fit, Adam } from 'neurite'; export const run = (x, y) => fit(Network.create({ inputs: 2, layers: [{ units: 8 }, { units: 1 }] }), x, y, { optimizer: new Adam() });`,
  },
  {
    name: 'network',
    label: 'a network and its forward pass only',
    source: `import { Network } from 'neurite'; export const run = (spec, x) => Network.create(spec).predict(x);`,
  },
];

/** Replaces the embedded WebAssembly kernels (base64) by empty strings, to see what they cost. */
const withoutKernels = {
  name: 'without-kernels',
  setup(b) {
    b.onLoad({ filter: /kernels\.generated\.ts$/ }, () => ({
      contents: `export const KERNELS_WASM = ''; export const SHARED_MEMORY_FLAG = 0;`,
      loader: 'ts',
    }));
  },
};

/** Resolves `neurite` to the core's source and `neurite/<entry>` to src/<entry>/index.ts. */
const core = {
  name: 'neurite-core',
  setup(b) {
    b.onResolve({ filter: /^neurite$/ }, () => ({ path: root + 'src/index.ts' }));
    b.onResolve({ filter: /^neurite\/[a-z]+$/ }, (args) => ({ path: `${root}src/${args.path.slice('neurite/'.length)}/index.ts` }));
  },
};

/** Bundles one scenario; returns the minified bytes, their gzipped size, and the source files it holds. */
export async function bundle(source, { kernels = true } = {}) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js', sourcefile: 'app.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: kernels ? [core] : [core, withoutKernels],
  });
  const code = result.outputFiles[0].contents;
  const inputs = Object.keys(Object.values(result.metafile.outputs)[0].inputs).filter((f) => f !== 'app.js');
  return { code: new TextDecoder().decode(code), minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, inputs };
}

/** Every scenario, with and without the WebAssembly kernels. */
export async function measure() {
  const rows = [];
  for (const s of SCENARIOS) {
    const full = await bundle(s.source);
    const lean = await bundle(s.source, { kernels: false });
    rows.push({ name: s.name, label: s.label, minified: full.minified, gzipped: full.gzipped, minifiedNoWasm: lean.minified, gzippedNoWasm: lean.gzipped });
  }
  return rows;
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rows = await measure();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(rows, null, 2));
  } else {
    console.log('| what the app imports | minified | gzipped | gzipped, without the WebAssembly kernels |');
    console.log('|---|---:|---:|---:|');
    for (const r of rows) console.log(`| ${r.label} | ${kb(r.minified)} | ${kb(r.gzipped)} | ${kb(r.gzippedNoWasm)} |`);
  }
}
