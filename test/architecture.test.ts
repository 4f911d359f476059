// The layers of the code (docs/architecture.md): imports point one way, down. Each folder of src/ has a rank;
// a file may import its own folder and folders of a lower rank, never a higher one. The core (everything but
// cli/, node/ and report/) imports no Node built-in, so it runs unchanged in browsers, workers, Deno and Bun.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ROOT } from './helpers/paths.js';

/** Lower ranks are nearer the metal. Keep in step with the table in docs/architecture.md. */
const RANK: Record<string, number> = {
  errors: 0,
  registry: 0,
  tensor: 0,
  activations: 1,
  backend: 1,
  metrics: 1,
  init: 2,
  losses: 2,
  nn: 3,
  data: 3,
  optim: 4,
  train: 5,
  onnx: 5,
  seed: 5,
  model: 5,
  io: 6,
  explain: 6,
  entries: 7,
  index: 7,
  node: 8,
  report: 8,
  cli: 9,
};
const OUTSIDE_CORE = new Set(['cli', 'node', 'report']);

/** The package's entry files other than src/index.ts (`neurite/data`, ...), from package.json's exports: they gather a folder's public names, and may import from anywhere in the core. */
const ENTRIES = new Set(
  Object.values(JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).exports as Record<string, unknown>)
    .map((target) => JSON.stringify(target).match(/dist\/src\/([a-z/-]+\/index)\.d\.ts/)?.[1])
    .filter((path): path is string => path !== undefined)
    .map((path) => `${path}.ts`),
);

/** The part of src/ a file belongs to: `entries` for an entry file, else its first folder, or its own name for a file at the top. */
function partOf(path: string): string {
  if (ENTRIES.has(path.replace(/\.js$/, '.ts'))) return 'entries';
  const [first, second] = path.split('/');
  return second === undefined ? first!.replace(/\.[jt]s$/, '') : first!;
}

function sourceFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = prefix + entry.name;
    if (entry.isDirectory()) return path === 'backend/wasm/assembly' ? [] : sourceFiles(`${dir}/${entry.name}`, `${path}/`);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file names in an import or re-export (static or dynamic), with comments removed. */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

/** `../nn/dense.js` seen from `train/fit.ts` → `nn/dense.js`. */
function resolveRelative(from: string, spec: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const piece of spec.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
}

const files = sourceFiles(`${ROOT}src`);

test('every folder of src/ has a rank in the architecture', () => {
  const parts = [...new Set(files.map(partOf))].sort();
  const missing = parts.filter((part) => !(part in RANK));
  assert.deepEqual(missing, [], `give these a rank here and in docs/architecture.md: ${missing.join(', ')}`);
});

test('imports point down: no file imports a folder of a higher rank', () => {
  const upward: string[] = [];
  for (const file of files) {
    const part = partOf(file);
    for (const spec of importsOf(readFileSync(`${ROOT}src/${file}`, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = partOf(resolveRelative(file, spec));
      if (target !== part && (RANK[target] ?? Infinity) > RANK[part]!)
        upward.push(`${file} imports ${spec} (${part} ${RANK[part]} → ${target} ${RANK[target]})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('the core imports no Node built-in and no package', () => {
  const offending: string[] = [];
  for (const file of files) {
    if (OUTSIDE_CORE.has(partOf(file))) continue;
    for (const spec of importsOf(readFileSync(`${ROOT}src/${file}`, 'utf8'))) {
      if (!spec.startsWith('.')) offending.push(`${file} imports ${spec}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('the import scanner sees static, dynamic and re-exported imports and skips comments', () => {
  const seen = importsOf(
    [
      "import { a } from './a.js';",
      "export { b } from '../b.js';",
      "const c = await import('node:fs');",
      "import './side.js';",
      "// import { d } from './d.js';",
      '/* from "./e.js" */',
    ].join('\n'),
  );
  assert.deepEqual(seen, ['./a.js', '../b.js', 'node:fs', './side.js']);
});
