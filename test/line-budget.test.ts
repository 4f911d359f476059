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
// #15's recurrent layers (simpleRnn, lstm, gru: the shared base, its buffers and checks, the three cells, their
// layer types, the orthogonal initializer and the model file's checks): about 730. #15's embedding and
// timeDistributed layers (their classes, types and model-file checks: about 330) and text columns (tokenizer,
// vocabulary, free-text detection, the text input in the preprocessing and the model file, the text network:
// about 260).
// #15's time-series forecasting (dates and gaps, windows and their scaling, the season, the naive baselines,
// the forecaster, its model file's checks and its training): about 800.
// #15's character-level text (UTF-8 decoding that names the bad byte, the character vocabulary, windows,
// training and seeded sampling): about 430.
// Their ONNX export (RNN, LSTM, GRU with the gate reordering and the masked lengths computed in the graph,
// embedding, timeDistributed): 112. Explain through time (the state over the steps, a weight's gradient as a
// sum over steps, ∂L/∂h_t going back): about 300. Measured together: 17,267.
// #17's one-sample training path (TrainPath), predict without a matrix per call, fit's synchronous stretches:
// about 170; the LSTM's kernels' wrappers and their choice (#15's fast path): about 80. Measured together: 17,520.
// The one Ctrl-C handler and keepValues (review of #15): about 20; LSTM inference with the input projection in
// each step's product (src/nn/lstm-inference.ts, its kernel's wrapper and choice): about 90. Measured: 17,630.
// Conv2D inference without patches (its wrapper, choice and the layer's refusals after such a pass): about 80.
// Measured: 17,714. Its weight gradient without patches in training, and matmulTransA's transposed way: about
// 90. Measured: 17,803.
// #16's search, second round: early stopping on the search's own score (search-stopping.ts) and the final fit's
// weight average (weight-average.ts, its hooks in autoFit and neurite train): about 90. Measured together: 17,879. LSTM inference's product and cell in
// one kernel (the weights arranged by groups of four units): about 35. Measured: 17,914.
// The convolution's kernels shared between threads (#14: the images in runs, the weight gradient in tiles; the
// jobs' arguments and their cases in shares.ts): about 90. Measured: 18,038; with im2col and col2im
// shared the same way (WINDOW_JOB): 18,092. A stride-1 convolution's ∂L/∂X without ∂L/∂P (#14: its wrapper,
// the convolution it is, its choice in Conv2D and its thread job): about 80. Measured: 18,165. Max pooling's
// backward pass on the WebAssembly kernel too (its wrapper, beside the forward one's in pool-kernels.ts, and the
// pools' buffers in the backend's memory): about 40. Measured: 18,203. The one-row kernel of small dense
// networks (#17: its plan and calls in backend/wasm/row-kernel.ts, its choice in nn/dense-row-kernel.ts and
// row-path.ts, fit's stretches in train/fit-rows.ts, the optimizer's plain step, fit's memory given back): about 430. Measured: 18,635.
const CORE_LINE_BUDGET = 18_700;

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
