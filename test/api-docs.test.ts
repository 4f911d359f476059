// The API reference is generated from the JSDoc (`npm run docs`, TypeDoc). Here: every public symbol (each export
// of every entry: src/index.ts, the optional entries src/<name>/index.ts, `neurite/<name>`, and
// src/node/threads.ts, `neurite/threads`) has a doc comment; every exported value (function, class, constant) has an `@example`, while
// type-only exports (interfaces, type aliases) need the doc comment and an example only where it helps; every
// example type-checks against the public API and runs; and TypeDoc builds the reference without a warning (no
// broken {@link}, nothing referenced but hidden).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from './helpers/paths.js';
import { checkAndRun, projectCompilerOptions, type Snippet } from './helpers/snippets.js';

interface Documented {
  name: string;
  file: string;
  /** A function, class or constant (something with a run-time value), not only a type. */
  value: boolean;
  doc: string;
  examples: string[];
}

function publicSymbols(program: ts.Program, entry: string): Documented[] {
  const checker = program.getTypeChecker();
  const index = program.getSourceFile(ROOT + entry);
  assert.ok(index, `${entry} is in the program`);
  const module = checker.getSymbolAtLocation(index)!;
  return checker.getExportsOfModule(module).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const examples = target
      .getJsDocTags(checker)
      .filter((tag) => tag.name === 'example')
      .map((tag) => ts.displayPartsToString(tag.text));
    return {
      name: symbol.name,
      value: (target.flags & ts.SymbolFlags.Value) !== 0,
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

const options = projectCompilerOptions();
// Each entry point and the module specifier a user imports it by.
const ENTRIES: Record<string, string> = {
  'src/index.ts': 'neurite',
  'src/data/index.ts': 'neurite/data',
  'src/onnx/index.ts': 'neurite/onnx',
  'src/explain/index.ts': 'neurite/explain',
  'src/seed/index.ts': 'neurite/seed',
  'src/node/threads.ts': 'neurite/threads',
};
const program = ts.createProgram(
  Object.keys(ENTRIES).map((entry) => ROOT + entry),
  options,
);
const symbols = Object.keys(ENTRIES).flatMap((entry) => publicSymbols(program, entry).map((s) => ({ ...s, entry: ENTRIES[entry]! })));

test('package.json exports exactly the entries this test documents (and browser builds of them), and typedoc documents them all', () => {
  const pkg = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8')) as { exports: Record<string, unknown> };
  const subpaths = Object.values(ENTRIES).map((name) => `.${name.slice('neurite'.length)}`);
  const exported = Object.keys(pkg.exports).filter((path) => path !== './package.json');
  // './browser/<name>' is the browser build of './<name>': it documents nothing of its own.
  const modules = exported.filter((path) => !path.startsWith('./browser')).sort();
  assert.deepEqual(modules, [...subpaths].sort());
  const browser = exported.filter((path) => path.startsWith('./browser')).map((path) => `.${path.slice('./browser'.length)}`);
  assert.deepEqual(
    browser.filter((path) => !subpaths.includes(path)),
    [],
  );
  const typedoc = JSON.parse(readFileSync(ROOT + 'typedoc.json', 'utf8')) as { entryPoints: string[] };
  assert.deepEqual([...typedoc.entryPoints].sort(), Object.keys(ENTRIES).sort());
});

test('no name is exported by two entries: each lives in one place', () => {
  const owners = new Map<string, string[]>();
  for (const s of symbols) owners.set(s.name, [...(owners.get(s.name) ?? []), s.entry]);
  const twice = [...owners].filter(([, entries]) => entries.length > 1).map(([name, entries]) => `${name} (${entries.join(', ')})`);
  assert.deepEqual(twice, []);
});

test("every example of an optional entry's export imports it from that entry", () => {
  const wrong = symbols
    .filter((s) => s.entry !== 'neurite' && s.examples.length > 0)
    .filter((s) => !s.examples.some((text) => text.includes(`from '${s.entry}'`)))
    .map((s) => `${s.name} (${s.entry})`);
  assert.deepEqual(wrong, []);
});

test('every public symbol (each export of every entry) has a doc comment', () => {
  assert.ok(symbols.length > 250, `only ${symbols.length} exports found`);
  const missing = symbols.filter((s) => s.doc === '').map((s) => `${s.name} (${s.file})`);
  assert.deepEqual(missing, [], `add a /** ... */ comment to: ${missing.join(', ')}`);
});

test('every exported value (function, class, constant) shows an example', () => {
  const values = symbols.filter((s) => s.value);
  assert.ok(values.length > 150, `only ${values.length} exported values found`);
  const without = values.filter((s) => s.examples.length === 0).map((s) => `${s.name} (${s.file})`);
  assert.deepEqual(without, [], `add an @example to: ${without.join(', ')}`);
});

test('every @example type-checks against the public API and runs', () => {
  const snippets: Snippet[] = symbols.flatMap((s) =>
    s.examples.map((text, i) => ({ name: `${s.name}${i === 0 ? '' : `-${i + 1}`}`, code: exampleCode(text) })),
  );
  assert.ok(snippets.length > 150, `only ${snippets.length} examples found`);
  // predictTable's example reads a model.json from the current folder.
  const { typeErrors, failures } = checkAndRun('doc-examples', snippets, {
    files: { 'model.json': ROOT + 'examples/browser/gender.model.json' },
    oldProgram: program,
  });
  assert.deepEqual(typeErrors, [], 'examples that do not type-check');
  assert.deepEqual(failures, [], 'examples that throw');
});

test('TypeDoc builds the API reference with no warnings', () => {
  const run = spawnSync(process.execPath, [ROOT + 'node_modules/typedoc/bin/typedoc', '--emit', 'none', '--treatWarningsAsErrors', '--logLevel', 'Warn'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `typedoc:\n${run.stdout}\n${run.stderr}`);
});
