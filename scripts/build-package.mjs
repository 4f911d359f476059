// Builds what the published package ships besides tsc's ES modules (dist/src/, the `import` entry and the
// `neurite` bin):
//
//   dist/cjs/index.js          the core as one CommonJS file (the `require` entry), with
//   dist/cjs/**/*.d.ts         the core's declarations, read as CommonJS types (dist/cjs/package.json says so)
//   dist/browser/neurite.js    the core as one ES module for browsers and workers (`neurite/browser`),
//   dist/browser/neurite.min.js  and minified
//
// Runs after `tsc` (it copies the declarations tsc wrote to dist/src/). Usage: node scripts/build-package.mjs
import { build } from 'esbuild';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = join(root, 'src/index.ts');
const dist = join(root, 'dist');

// The command line and the Node-only helpers are not part of the core: never in a bundle or its types.
const NOT_CORE = ['cli', 'node', 'report'];

const common = {
  entryPoints: [entry],
  bundle: true,
  target: ['es2022'],
  legalComments: 'none',
  logLevel: 'warning',
};

await rm(join(dist, 'cjs'), { recursive: true, force: true });
await rm(join(dist, 'browser'), { recursive: true, force: true });

// CommonJS for `require('neurite')` (Node 20 cannot require an ES module).
await build({ ...common, outfile: join(dist, 'cjs/index.js'), format: 'cjs', platform: 'node' });
await writeFile(join(dist, 'cjs/package.json'), '{ "type": "commonjs" }\n');
// `neurite/threads` (Node only) as CommonJS: its imports of the core resolve to the core's one CommonJS file
// above, so both share one default backend.
const coreImports = /^\.\.\/(backend\/index|errors)\.js$/;
await build({
  ...common,
  entryPoints: [join(root, 'src/node/threads.ts')],
  outfile: join(dist, 'cjs/threads.js'),
  format: 'cjs',
  platform: 'node',
  plugins: [{ name: 'core', setup: (b) => b.onResolve({ filter: coreImports }, () => ({ path: './index.js', external: true })) }],
});
await writeFile(join(dist, 'cjs/threads.d.ts'), "export * from './node/threads.js';\n");
await cp(join(dist, 'src'), join(dist, 'cjs'), {
  recursive: true,
  filter(source) {
    const path = relative(join(dist, 'src'), source);
    if (path === '') return true;
    if (path === 'node' || path === join('node', 'threads.d.ts')) return true; // neurite/threads' types
    if (NOT_CORE.includes(path.split(sep)[0])) return false;
    return !/\.(js|map)$/.test(path); // directories and .d.ts files
  },
});

// One ES module for browsers, workers, Deno and CDNs; no Node built-ins may appear in it.
await mkdir(join(dist, 'browser'), { recursive: true });
for (const minify of [true]) {
  await build({
    ...common,
    outfile: join(dist, 'browser', minify ? 'neurite.min.js' : 'neurite.js'),
    format: 'esm',
    platform: 'browser',
    minify,
  });
}
