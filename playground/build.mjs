// Builds the playground into playground/dist: the page, its stylesheet, and two self-contained bundles
// (the page and the training worker), each holding the library itself. No CDN, no network at run time.
// Usage: node playground/build.mjs [--watch]
import { build, context } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = here + 'dist/';
const options = {
  entryPoints: { main: here + 'src/main.ts', worker: here + 'src/worker.ts' },
  outdir: out,
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2022'],
  sourcemap: 'linked',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
for (const file of ['index.html', 'style.css']) await copyFile(here + file, out + file);
if (process.argv.includes('--watch')) {
  const ctx = await context(options);
  await ctx.watch();
  console.log('Watching playground/src; rebuilds go to playground/dist');
} else {
  await build(options);
}
