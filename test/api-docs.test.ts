// The API reference is generated from the JSDoc (`npm run docs`, TypeDoc). Here: every public symbol has a
// doc comment, the main entry points have an example, every example type-checks against the public API and
// runs, and TypeDoc builds the reference without a warning (no broken {@link}, nothing referenced but hidden).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT } from './helpers/paths.js';

/** The entry points a newcomer meets first: each must show its use in an `@example`. */
const MAIN = [
  'Matrix',
  'Rng',
  'NeuriteError',
  'Neuron',
  'Dense',
  'Dropout',
  'Network',
  'fit',
  'evaluate',
  'EarlyStopping',
  'SGD',
  'Adam',
  'CosineAnnealing',
  'MeanSquaredError',
  'mseLoss',
  'sigmoid',
  'resolveActivation',
  'resolveLoss',
  'explain',
  'formatExplainText',
  'gradientCheck',
  'checkNetworkGradients',
  'exportOnnx',
  'parseTable',
  'Table',
  'CsvParser',
  'prepareDataset',
  'Preprocessor',
  'splitRows',
  'serializeModel',
  'parseModel',
  'predictTable',
  'xor',
  'setBackend',
  'findLearningRate',
  'classificationReport',
  'trainSeedNetwork',
];

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(ROOT + 'tsconfig.json', ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, incremental: false, declaration: false, sourceMap: false };
}

interface Documented {
  name: string;
  file: string;
  doc: string;
  examples: string[];
}

function publicSymbols(program: ts.Program): Documented[] {
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(ROOT + 'src/index.ts');
  assert.ok(index, 'src/index.ts is in the program');
  const module = checker.getSymbolAtLocation(index)!;
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const examples = target
      .getJsDocTags(checker)
      .filter((tag) => tag.name === 'example')
      .map((tag) => ts.displayPartsToString(tag.text));
    return {
      name: symbol.name,
      file: target.declarations?.[0]?.getSourceFile().fileName.replace(ROOT, '') ?? '?',
      doc: ts.displayPartsToString(target.getDocumentationComment(checker)).trim(),
      examples,
    };
  });
}

/** The code of an @example: the ```ts fence's contents. */
function exampleCode(text: string): string {
  const fence = /```(?:ts|typescript)?\n([\s\S]*?)```/.exec(text);
  return (fence ? fence[1]! : text).trim() + '\n';
}

const options = compilerOptions();
const program = ts.createProgram([ROOT + 'src/index.ts'], options);
const symbols = publicSymbols(program);

test('every public symbol (each export of src/index.ts) has a doc comment', () => {
  assert.ok(symbols.length > 250, `only ${symbols.length} exports found`);
  const missing = symbols.filter((s) => s.doc === '').map((s) => `${s.name} (${s.file})`);
  assert.deepEqual(missing, [], `add a /** ... */ comment to: ${missing.join(', ')}`);
});

test('the main entry points each show an example', () => {
  const byName = new Map(symbols.map((s) => [s.name, s]));
  const unknown = MAIN.filter((name) => !byName.has(name));
  assert.deepEqual(unknown, [], 'names in MAIN that src/index.ts does not export');
  const without = MAIN.filter((name) => byName.get(name)!.examples.length === 0);
  assert.deepEqual(without, [], `add an @example to: ${without.join(', ')}`);
});

test('every @example type-checks against the public API and runs', () => {
  // Inside the package (dist/), so `import ... from 'neurite'` resolves to the package itself.
  const dir = ROOT + 'dist/doc-examples/';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: { name: string; ts: string; js: string }[] = [];
  for (const s of symbols) {
    s.examples.forEach((text, i) => {
      const name = `${s.name}${i === 0 ? '' : `-${i + 1}`}`;
      const code = exampleCode(text);
      // A module of its own (top-level await, its own imports).
      const source = /^\s*(import|export)\s/m.test(code) ? code : code + 'export {};\n';
      writeFileSync(dir + name + '.ts', source);
      files.push({ name, ts: dir + name + '.ts', js: dir + name + '.mjs' });
    });
  }
  assert.ok(files.length >= MAIN.length);

  const checked = ts.createProgram(
    files.map((f) => f.ts),
    { ...options, rootDir: ROOT, noUnusedLocals: false, noUnusedParameters: false },
    undefined,
    program,
  );
  const diagnostics = ts.getPreEmitDiagnostics(checked).filter((d) => d.file?.fileName.startsWith(dir));
  const messages = diagnostics.map((d) => {
    const where = d.file ? `${d.file.fileName.slice(dir.length)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  assert.deepEqual(messages, [], 'examples that do not type-check');

  for (const f of files) {
    const js = ts.transpileModule(ts.sys.readFile(f.ts)!, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(f.js, js.outputText);
  }
  // One process runs them all, one after another, in a scratch folder holding a model file to read.
  const cwd = mkdtempSync(join(tmpdir(), 'neurite-doc-examples-'));
  try {
    copyFileSync(ROOT + 'examples/browser/gender.model.json', join(cwd, 'model.json'));
    const runner = `const failures = [];
for (const [name, url] of ${JSON.stringify(files.map((f) => [f.name, pathToFileURL(f.js).href]))}) {
  try { await import(url); } catch (error) { failures.push(name + ': ' + (error && error.stack || error)); }
}
process.stdout.write('\\n@@' + JSON.stringify(failures) + '\\n');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', runner], { cwd, encoding: 'utf8', timeout: 120_000 });
    const marker = run.stdout.lastIndexOf('\n@@');
    assert.ok(marker >= 0, `the example runner failed:\n${run.stderr}`);
    const failures = JSON.parse(run.stdout.slice(marker + 3)) as string[];
    assert.deepEqual(failures, [], 'examples that throw');
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('TypeDoc builds the API reference with no warnings', () => {
  const run = spawnSync(process.execPath, [ROOT + 'node_modules/typedoc/bin/typedoc', '--emit', 'none', '--treatWarningsAsErrors', '--logLevel', 'Warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `typedoc:\n${run.stdout}\n${run.stderr}`);
});
