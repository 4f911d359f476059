// The published package, used as a stranger uses it: `npm pack`, install the tarball into a fresh project
// (outside this repository), then `import`, `require`, the browser bundle, the types, and `npx neurite demo`.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from './helpers/paths.js';

const run = promisify(execFile);

/** The optional entries, `neurite/<name>`, besides the core and `neurite/threads`. */
const SUBPATHS = ['data', 'onnx', 'explain', 'seed'];

// `npm test` runs us with npm's own variables set, among them npm_config_local_prefix (this repository):
// an `npm install` that inherited it would install into the repository instead of the temporary project.
// Keep only where npm's cache and configuration live.
const KEEP = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_registry', 'npm_config_cafile']);
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_') || KEEP.has(key)));
delete env.INIT_CWD;

async function sh(file: string, args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd, env, maxBuffer: 32 << 20 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    const tail = (text = '') => (text.length > 2000 ? `…${text.slice(-2000)}` : text);
    assert.fail(`${file} ${args.join(' ').slice(0, 200)} (in ${cwd}) failed:\n${tail(e.stdout)}\n${tail(e.stderr)}`);
  }
}

describe('the packed package, installed into a fresh project', { timeout: 240_000 }, () => {
  let dir = '';
  let app = '';
  let files: string[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'neurite-pack-'));
    // --ignore-scripts: `npm test` has just built dist/ (prepare would build it all again).
    const packed = JSON.parse(await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as [
      { filename: string; files: { path: string }[] },
    ];
    files = packed[0].files.map((f) => f.path);
    app = join(dir, 'app');
    await mkdir(app);
    await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'neurite-consumer', version: '1.0.0', private: true }));
    // The runtime dependencies (commander, cli-progress) come from npm's cache when it has them.
    await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, packed[0].filename)], app);
  });

  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the tarball holds the builds, the data the demo reads and the license, and no tests or source maps', () => {
    for (const path of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/cjs/index.js',
      'dist/cjs/index.d.ts',
      'dist/cjs/package.json',
      'dist/cjs/threads.js',
      'dist/browser/neurite.min.js',
      ...SUBPATHS.flatMap((name) => [
        `dist/src/${name}/index.js`,
        `dist/src/${name}/index.d.ts`,
        `dist/cjs/${name}/index.js`,
        `dist/cjs/${name}/index.d.ts`,
        `dist/browser/${name}.min.js`,
      ]),
      'data/gender.csv',
      'data/gender-new.csv',
      'playground/dist/index.html',
    ]) {
      assert.ok(files.includes(path), `${path} is missing from the tarball`);
    }
    const unwanted = files.filter(
      (f) => f.startsWith('dist/test/') || f.startsWith('src/') || f.endsWith('.map') || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    assert.deepEqual(unwanted, []);
  });

  test('import: an ES module trains XOR with fit and predicts it', async () => {
    await writeFile(
      join(app, 'esm.mjs'),
      `import { Adam, Network, fit, isNeuriteError } from 'neurite';
import { xor } from 'neurite/data';
const data = xor({ size: 64, seed: 1 });
const network = Network.create({ inputs: 2, layers: [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed: 3 });
const result = await fit(network, data.x, data.labels.map((v) => [v]), {
  epochs: 300, batchSize: 16, optimizer: new Adam({ learningRate: 0.05 }), loss: 'binary_crossentropy', metrics: ['accuracy'],
});
const last = result.history.at(-1);
const [a, b] = network.predict([[0.5, -0.5], [0.5, 0.5]]);
console.log(JSON.stringify({ epochs: result.history.length, accuracy: last.metrics.accuracy, a: a[0], b: b[0], error: isNeuriteError(new Error('x')) }));
`,
    );
    const out = JSON.parse(await sh(process.execPath, ['esm.mjs'], app)) as { epochs: number; accuracy: number; a: number; b: number; error: boolean };
    assert.equal(out.epochs, 300);
    assert.ok(out.accuracy >= 0.95, `XOR training accuracy ${out.accuracy}`);
    assert.ok(out.a > 0.5 && out.b < 0.5, `XOR(0.5, −0.5) = ${out.a}, XOR(0.5, 0.5) = ${out.b}`);
    assert.equal(out.error, false);
  });

  test('require: CommonJS gets the same API, the package.json and the seed neuron', async () => {
    await writeFile(
      join(app, 'cjs.cjs'),
      `const neurite = require('neurite');
const { Neuron, NeuriteError } = neurite;
const neuron = new Neuron([0, 1], 4);
let code = null;
try { neurite.Network.create({ inputs: 0, layers: [] }); } catch (e) { code = e instanceof NeuriteError ? e.code : String(e); }
console.log(JSON.stringify({ y: neuron.feedforward([2, 3]), version: require('neurite/package.json').version, code, names: Object.keys(neurite).length }));
`,
    );
    const out = JSON.parse(await sh(process.execPath, ['cjs.cjs'], app)) as { y: number; version: string; code: string; names: number };
    assert.equal(out.y, 0.9990889488055994);
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(out.version, pkg.version);
    assert.equal(out.code, 'INVALID_ARGUMENT');
    const esm = JSON.parse(await sh(process.execPath, ['--input-type=module', '-e', `import * as n from 'neurite'; console.log(Object.keys(n).length)`], app));
    assert.equal(out.names, esm, 'import and require expose the same names');
  });

  test('neurite/threads: import and require start helpers on the one default backend of the core', async () => {
    const esm = await sh(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { useThreads, threadCount } from 'neurite/threads';
import { getBackend } from 'neurite';
const threads = await useThreads(2);
console.log(threads, threadCount(), getBackend().threading.pool.threads);`,
      ],
      app,
    );
    assert.equal(esm.trim(), '2 2 2');
    const cjs = await sh(
      process.execPath,
      [
        '-e',
        `const t = require('neurite/threads'); t.useThreads(2).then((n) => console.log(n, t.threadCount(), require('neurite').getBackend().threading.pool.threads));`,
      ],
      app,
    );
    assert.equal(cjs.trim(), '2 2 2');
  });

  test('neurite/browser: the ES module builds run the seed network, and its entries share the core', async () => {
    const out = await sh(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { trainSeedNetwork, predictFemale } from 'neurite/browser/seed';
import { Matrix } from 'neurite/browser';
import { prepareDataset, tableFromRecords } from 'neurite/browser/data';
const people = [['Alice', 133, 65, 'F'], ['Bob', 160, 72, 'M'], ['Charlie', 152, 70, 'M'], ['Diana', 120, 60, 'F']].map(([name, weight, height, gender]) => ({ name, weight, height, gender }));
const { network } = trainSeedNetwork(people);
console.log(predictFemale(network, { weight: 128, height: 63 }) > 0.9, predictFemale(network, { weight: 155, height: 68 }) < 0.1, prepareDataset(tableFromRecords(people), { target: 'gender', inputs: ['weight', 'height'] }).train.x instanceof Matrix);`,
      ],
      app,
    );
    assert.equal(out.trim(), 'true true true');
  });

  test('every optional entry loads through import and require, and shares the one core: its classes, name tables and backend', async () => {
    // A name registered through the core is known to the entries' code, the entries' matrices are the core's
    // Matrix, and their errors the core's NeuriteError: one copy of every module, whichever way it is loaded.
    const check = (load: (specifier: string) => string) => `
const core = ${load('neurite')};
const data = ${load('neurite/data')};
const onnx = ${load('neurite/onnx')};
const explainEntry = ${load('neurite/explain')};
const seed = ${load('neurite/seed')};
core.registerActivation('twice', () => core.resolveActivation('linear'));
const network = core.Network.create({ inputs: 2, layers: [{ units: 2, activation: 'twice' }, { units: 1, activation: 'sigmoid' }], seed: 1 });
const prepared = data.prepareDataset(data.tableFromRecords([{ a: 1, b: 2, y: 'p' }, { a: 2, b: 1, y: 'q' }, { a: 3, b: 0, y: 'p' }]), { target: 'y' });
let code = null;
try { data.parseTable(''); } catch (e) { code = e instanceof core.NeuriteError ? e.code : 'another NeuriteError class'; }
const trace = explainEntry.explain(network, [1, 2], [1]);
console.log(JSON.stringify({
  matrix: prepared.train.x instanceof core.Matrix,
  code,
  explained: trace.layers.length,
  onnx: onnx.exportOnnx(network).length > 0,
  seed: seed.seedWorkedExample().network instanceof core.Network,
  entries: [core, data, onnx, explainEntry, seed].map((m) => Object.keys(m).length),
}));`;
    await writeFile(
      join(app, 'entries.mjs'),
      `${check((s) => `await import('${s}')`)}
`,
    );
    await writeFile(
      join(app, 'entries.cjs'),
      `(async () => {${check((s) => `require('${s}')`)}
})();
`,
    );
    const esm = JSON.parse(await sh(process.execPath, ['entries.mjs'], app)) as Record<string, unknown>;
    const cjs = JSON.parse(await sh(process.execPath, ['entries.cjs'], app)) as Record<string, unknown>;
    assert.deepEqual(esm, cjs, 'import and require give the same entries');
    assert.equal(esm['matrix'], true);
    assert.ok(typeof esm['code'] === 'string' && esm['code'] !== 'another NeuriteError class', `parseTable's error: ${esm['code']}`);
    assert.equal(esm['explained'], 2);
    assert.equal(esm['onnx'], true);
    assert.equal(esm['seed'], true);
    assert.ok((esm['entries'] as number[]).every((n) => n > 0));
  });

  test('types: TypeScript checks a consumer through the import and the require entry points (nodenext, DOM lib)', async () => {
    await writeFile(
      join(app, 'esm.mts'),
      `import { Network, fit, Matrix, type FitResult } from 'neurite';\nimport { useThreads } from 'neurite/threads';\nimport { parseTable, type Table } from 'neurite/data';\nimport { exportOnnx } from 'neurite/onnx';\nimport { explain } from 'neurite/explain';\nimport { trainSeedNetwork } from 'neurite/seed';\nexport const table: Table = parseTable('a,b\\n1,2\\n');\nexport const onnx: Uint8Array = exportOnnx(Network.create({ inputs: 1, layers: [{ units: 1 }] }));\nexport const used = [explain, trainSeedNetwork];\nconst n: Network = Network.create({ inputs: 2, layers: [{ units: 1 }] });\nexport const r: Promise<FitResult> = fit(n, Matrix.zeros(1, 2), Matrix.zeros(1, 1), { epochs: 1 });\nexport const t: Promise<number> = useThreads(1, n.backend ?? undefined);\n`,
    );
    await writeFile(
      join(app, 'cjs.cts'),
      `import neurite = require('neurite');\nimport threads = require('neurite/threads');\nimport data = require('neurite/data');\nexport const table: data.Table = data.parseTable('a,b\\n1,2\\n');\nexport const n: neurite.Network = neurite.Network.create({ inputs: 2, layers: [{ units: 1 }] });\nexport const t: number = threads.threadCount();\n`,
    );
    // A browser project's settings: the DOM library, no @types/node, no skipLibCheck.
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [], strict: true, noEmit: true },
        files: ['esm.mts', 'cjs.cts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    await sh(process.execPath, [tsc, '-p', '.'], app);
    const used = (await sh(process.execPath, [tsc, '-p', '.', '--listFilesOnly'], app)).split(/\r?\n/);
    assert.ok(
      used.some((f) => f.endsWith('node_modules/neurite/dist/src/index.d.ts')),
      'import resolves to the ES module types',
    );
    assert.ok(
      used.some((f) => f.endsWith('node_modules/neurite/dist/cjs/index.d.ts')),
      'require resolves to the CommonJS types',
    );
    for (const name of SUBPATHS) {
      assert.ok(
        used.some((f) => f.endsWith(`node_modules/neurite/dist/src/${name}/index.d.ts`)),
        `import resolves neurite/${name} to its ES module types`,
      );
    }
    assert.ok(
      used.some((f) => f.endsWith('node_modules/neurite/dist/cjs/data/index.d.ts')),
      'require resolves neurite/data to its CommonJS types',
    );
  });

  test("npx neurite demo prints the seed article's numbers from the installed package", async () => {
    // --no: use the installed bin, never download one.
    const out = await sh('npx', ['--no', 'neurite', 'demo'], app);
    assert.match(out, /y = f\(7\) = 0\.9990889488055994/);
    assert.match(out, /o1 = f\(0\.9526\) = 0\.7216325609518421/);
    assert.match(out, /MSE = 0\.5/);
    assert.match(out, /Training on 4 people \(data\/gender\.csv\)/);
    assert.match(out, /Emily .*female/);
    assert.match(out, /Frank .*male/);
    const help = await sh('npx', ['--no', '--', 'neurite', '--help'], app);
    for (const command of ['demo', 'train', 'predict', 'explain', 'export', 'playground']) assert.match(help, new RegExp(`^  ${command}\\b`, 'm'));
  });
});
