import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { ROOT } from './paths.js';

/** A piece of documentation code: TypeScript that imports from 'neurite' as a reader's code would. */
export interface Snippet {
  name: string;
  code: string;
}

/** The project's compiler options (tsconfig.json), for checking without emitting. */
export function projectCompilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(ROOT + 'tsconfig.json', ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true, incremental: false, declaration: false, sourceMap: false };
}

/** The ```ts (or ```typescript) fenced blocks of a Markdown text, in order. */
export function typescriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```(?:ts|typescript)\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

/**
 * Type-checks the snippets against the public API (each is a module of its own under dist/, inside the
 * package, so `import ... from 'neurite'` resolves to the package itself), then runs them one after another
 * in one process, in a scratch folder holding `files` (name there → path here). Returns the type errors and the snippets that threw.
 */
export function checkAndRun(
  folder: string,
  snippets: readonly Snippet[],
  { files = {}, oldProgram }: { files?: Record<string, string>; oldProgram?: ts.Program } = {},
): { typeErrors: string[]; failures: string[] } {
  const dir = ROOT + `dist/${folder}/`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const paths = snippets.map((s) => {
    const code = s.code.trim() + '\n';
    writeFileSync(dir + s.name + '.ts', /^\s*(import|export)\s/m.test(code) ? code : code + 'export {};\n');
    return { name: s.name, ts: dir + s.name + '.ts', js: dir + s.name + '.mjs' };
  });

  const options = { ...projectCompilerOptions(), rootDir: ROOT, noUnusedLocals: false, noUnusedParameters: false };
  const program = ts.createProgram(
    paths.map((p) => p.ts),
    options,
    undefined,
    oldProgram,
  );
  const typeErrors = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(dir))
    .map(
      (d) =>
        `${d.file!.fileName.slice(dir.length)}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  if (typeErrors.length > 0) return { typeErrors, failures: [] };

  for (const p of paths) {
    const js = ts.transpileModule(ts.sys.readFile(p.ts)!, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    writeFileSync(p.js, js.outputText);
  }
  const cwd = mkdtempSync(join(tmpdir(), `neurite-${folder}-`));
  try {
    for (const [name, path] of Object.entries(files)) copyFileSync(path, join(cwd, name));
    const runner = `const failures = [];
for (const [name, url] of ${JSON.stringify(paths.map((p) => [p.name, pathToFileURL(p.js).href]))}) {
  try { await import(url); } catch (error) { failures.push(name + ': ' + ((error && error.stack) || error)); }
}
process.stdout.write('\\n@@' + JSON.stringify(failures) + '\\n');`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', runner], { cwd, encoding: 'utf8', timeout: 120_000 });
    const marker = run.stdout.lastIndexOf('\n@@');
    if (marker < 0) return { typeErrors, failures: [`the runner failed: ${run.stderr}`] };
    return { typeErrors, failures: JSON.parse(run.stdout.slice(marker + 3)) as string[] };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
