// A line budget, so the core stays small enough to read in an afternoon. Counted: lines of the core's
// TypeScript that hold code (not blank, not only comments). Not counted: the command line (src/cli/) and
// its Node-only helpers (src/node/, src/report/), the WebAssembly kernels' AssemblyScript source
// (src/backend/wasm/assembly/) and the generated file that embeds them.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from './helpers/paths.js';

/** Lines of code allowed in the core. Raise it deliberately, in its own commit, saying why. */
// 10,050 after #13; issue #14's image layers (conv2d, im2col, pools, batch norm: about 1,400 lines), images in
// (IDX, pixel rows, ImageData, the shapes set, the image input of a Model: about 730) and the ONNX export of the
// image layers (150), explain on CNNs (about 1,200), and #16's search of the default settings (about 500).
// 14,106 before #17; its fast paths through the calls users make add about 170: the one-sample training path
// (TrainPath in nn/row-path.ts), predict(row) through predictInto's path, fit's synchronous loop.
const CORE_LINE_BUDGET = 14_300;

const EXCLUDED = [/^cli\//, /^node\//, /^report\//, /^backend\/wasm\/assembly\//, /\.generated\.ts$/];

/** Tokens after which a `/` divides; anywhere else it starts a regular expression. */
const ENDS_EXPRESSION = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.CloseParenToken,
  ts.SyntaxKind.CloseBracketToken,
  ts.SyntaxKind.CloseBraceToken,
  ts.SyntaxKind.ThisKeyword,
  ts.SyntaxKind.PlusPlusToken,
  ts.SyntaxKind.MinusMinusToken,
  ts.SyntaxKind.ExclamationToken,
]);

/** How many lines of `source` hold code: some token other than white space or a comment is on them. */
function codeLines(source: string): number {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, source);
  const breaks: number[] = [];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) breaks.push(i);
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo; // the number of line breaks before pos
  };
  const lines = new Set<number>();
  const braces: ('brace' | 'template')[] = [];
  let previous = ts.SyntaxKind.Unknown;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) continue;
    // The scanner needs the parser's context for two things: where a `}` resumes a template literal,
    // and whether a `/` starts a regular expression.
    if (kind === ts.SyntaxKind.OpenBraceToken) braces.push('brace');
    if (kind === ts.SyntaxKind.CloseBraceToken && braces.pop() === 'template') kind = scanner.reScanTemplateToken(false);
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) braces.push('template');
    if ((kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) && !ENDS_EXPRESSION.has(previous)) kind = scanner.reScanSlashToken();
    for (let line = lineOf(scanner.getTokenStart()), last = lineOf(scanner.getTokenEnd() - 1); line <= last; line++) lines.add(line);
    previous = kind;
  }
  return lines.size;
}

function coreFiles(): string[] {
  return (readdirSync(ROOT + 'src', { recursive: true, encoding: 'utf8' }) as string[])
    .map((f) => f.replace(/\\/g, '/'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !EXCLUDED.some((pattern) => pattern.test(f)))
    .sort();
}

test('codeLines counts code, not blank lines or comments', () => {
  const source = [
    '// a comment',
    '',
    '/**',
    ' * docs',
    ' */',
    'const a = 1; // trailing',
    'const s = `x ${a} /* not a comment',
    '${`nested ${a}`} y`;',
    "const r = /'\\/*/g; // a regular expression, not a string or a comment",
    '/* one */ let b = a / 2; /* two',
    ' */',
    '   ',
  ].join('\n');
  assert.equal(codeLines(source), 5);
});

test(`the core holds at most ${CORE_LINE_BUDGET.toLocaleString('en')} lines of code`, () => {
  const counts = coreFiles().map((file) => ({ file, lines: codeLines(readFileSync(ROOT + 'src/' + file, 'utf8')) }));
  assert.ok(counts.length > 80, `only ${counts.length} core files found`);
  const total = counts.reduce((sum, c) => sum + c.lines, 0);
  const largest = [...counts]
    .sort((a, b) => b.lines - a.lines)
    .slice(0, 5)
    .map((c) => `${c.file} ${c.lines}`)
    .join(', ');
  assert.ok(total <= CORE_LINE_BUDGET, `the core has ${total} lines of code, over the budget of ${CORE_LINE_BUDGET} (largest: ${largest})`);
});
