// Builds what the published package ships besides tsc's ES modules (dist/src/, the `import` entries and the
// `neurite` bin):
//
//   dist/cjs/**/*.js           the core and its optional entries as CommonJS (the `require` entries), one file
//                              per module as tsc wrote it, so `neurite`, `neurite/data`, `neurite/onnx`,
//                              `neurite/explain`, `neurite/seed` and `neurite/threads` load each module once and
//                              share its state (the default backend, the name tables, the classes)
//   dist/cjs/**/*.d.ts         their declarations, read as CommonJS types (dist/cjs/package.json says so)
//   dist/browser/*.min.js      the same entries as ES modules for browsers and workers (`neurite/browser`,
//                              `neurite/browser/data`, ...): one file per entry plus the chunks they share
//
// Runs after `tsc` (it converts the modules and copies the declarations tsc wrote to dist/src/).
// Usage: node scripts/build-package.mjs
import { build, transform } from 'esbuild';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');

/** The entries besides the core: each is src/<name>/index.ts, `neurite/<name>` in package.json. */
const SUBPATHS = ['data', 'onnx', 'explain', 'seed'];

// The command line and the Node-only helpers are not part of the core: never in a bundle or its types.
// `neurite/threads` (src/node/threads.ts) is the one Node-only module that ships as an entry.
const NOT_CORE = ['cli', 'node', 'report'];
const shipped = (path) => !NOT_CORE.includes(path.split(sep)[0]) || path === join('node', 'threads.js') || path === join('node', 'threads.d.ts');

await rm(join(dist, 'cjs'), { recursive: true, force: true });
await rm(join(dist, 'browser'), { recursive: true, force: true });

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

// CommonJS for `require('neurite')` and its subpaths (Node 20 cannot require an ES module): every module tsc
// wrote, converted on its own. Bundling each entry instead would give every entry its own copy of the core.
for await (const source of files(join(dist, 'src'))) {
  const path = relative(join(dist, 'src'), source);
  if (!shipped(path)) continue;
  const target = join(dist, 'cjs', path);
  await mkdir(dirname(target), { recursive: true });
  if (path.endsWith('.d.ts')) {
    await cp(source, target);
  } else if (path.endsWith('.js')) {
    const { code } = await transform(await readFile(source, 'utf8'), { format: 'cjs', target: 'es2022', platform: 'node', logLevel: 'warning' });
    await writeFile(target, code);
  }
}
await writeFile(join(dist, 'cjs/package.json'), '{ "type": "commonjs" }\n');
await writeFile(join(dist, 'cjs/threads.js'), "module.exports = require('./node/threads.js');\n");
await writeFile(join(dist, 'cjs/threads.d.ts'), "export * from './node/threads.js';\n");

// ES modules for browsers, workers, Deno and CDNs, minified: one file per entry (neurite.min.js for the core,
// data.min.js, onnx.min.js, ...) and the chunks they share, so a page that loads two entries loads the core
// once. No Node built-ins may appear in them.
await build({
  entryPoints: { neurite: join(root, 'src/index.ts'), ...Object.fromEntries(SUBPATHS.map((name) => [name, join(root, `src/${name}/index.ts`)])) },
  outdir: join(dist, 'browser'),
  entryNames: '[name].min',
  chunkNames: 'chunk-[hash].min',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
