import { InvalidArgumentError, Option, type Command } from 'commander';
import { NeuriteError } from '../../errors.js';
import { explain, type ExplainOptions } from '../../explain/explain.js';
import { formatExplainJson } from '../../explain/format-json.js';
import { formatExplainMarkdown } from '../../explain/format-markdown.js';
import { formatExplainText } from '../../explain/format-text.js';
import type { ExplainFormatOptions } from '../../explain/format-common.js';
import { seedWorkedExample } from '../../explain/worked-example.js';
import { loadNetworkFile } from '../load-network.js';
import { parseInteger, parsePositiveNumber } from '../options.js';

export type ExplainFormat = 'text' | 'markdown' | 'json';

export interface ExplainCommandOptions {
  /** A network or model file; without one, the seed's worked example. */
  model?: string;
  /** The sample's inputs, in order, already preprocessed. */
  input?: number[];
  target?: number[];
  loss?: string;
  format?: ExplainFormat;
  top?: number;
  all?: boolean;
  /** Take one SGD step with this η and show it (default 0.1 for the worked example, none for a model). */
  learningRate?: number;
  write?: (text: string) => void;
}

/** `neurite explain`: one sample's forward pass, loss and every gradient as the chain rule writes it. */
export function runExplain(options: ExplainCommandOptions = {}): void {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const view: ExplainFormatOptions = {};
  if (options.top !== undefined) view.top = options.top;
  if (options.all === true) view.all = true;
  const traceOptions: ExplainOptions = {};
  if (options.loss !== undefined) traceOptions.loss = options.loss;

  let trace;
  if (options.model === undefined) {
    if (options.input !== undefined || options.target !== undefined || options.loss !== undefined) {
      throw new NeuriteError('INVALID_ARGUMENT', '--input, --target and --loss need a model file: neurite explain <model.json> --input ... --target ...');
    }
    const example = seedWorkedExample();
    trace = explain(example.network, example.input, example.target, {
      raw: example.raw,
      step: { learningRate: options.learningRate ?? 0.1 },
    });
    view.title =
      options.format === 'markdown'
        ? "neurite explain: the seed's worked example"
        : "neurite explain: the seed's worked example (SEED.md §5): all weights 1, biases 0, one sample, Alice";
  } else {
    if (options.input === undefined || options.target === undefined) {
      throw new NeuriteError('INVALID_ARGUMENT', 'neurite explain <model.json> needs the sample: --input "v1,v2,..." and --target "t1,..."', {
        field: options.input === undefined ? 'input' : 'target',
      });
    }
    const network = loadNetworkFile(options.model);
    if (options.learningRate !== undefined) traceOptions.step = { learningRate: options.learningRate };
    trace = explain(network, options.input, options.target, traceOptions);
  }
  const format = options.format ?? 'text';
  if (format === 'json') {
    // JSON keeps every gradient (`parameters`); --top and --all limit only the per-weight chain records.
    write(formatExplainJson(trace, options.all === true ? { all: true } : options.top !== undefined ? { maxWeightsPerLayer: options.top } : {}));
  }
  else if (format === 'markdown') write(formatExplainMarkdown(trace, view));
  else write(formatExplainText(trace, view));
}

/** "1.5, -2,3" → [1.5, -2, 3]; names (weight_lb=128) need the model's preprocessing, which comes later. */
export function parseValues(value: string): number[] {
  if (value.includes('=')) {
    throw new InvalidArgumentError(
      `named values ("${value}") need the model's preprocessing, which neurite cannot read yet; give the network's inputs as numbers in order, e.g. "-2,-1"`,
    );
  }
  const parts = value.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n))) {
    throw new InvalidArgumentError(`expected comma-separated numbers, got "${value}"`);
  }
  return numbers;
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description("show the chain rule at work: one sample's forward pass, its loss, and every gradient as a product of factors (no model: the seed's worked example)")
    .argument('[model]', 'a network or model JSON file; without one, the seed\'s worked example (all weights 1, Alice)')
    .option('--input <values>', 'the sample\'s inputs, comma-separated, in input order', parseValues)
    .option('--target <values>', 'the sample\'s targets (y_true), comma-separated', parseValues)
    .option('--loss <name>', 'the loss to differentiate (default mse)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--top <k>', 'per layer, show the k neurons and parameters with the largest gradients (default 10; json: the weights\' chain records, default 1000)', parsePositiveInteger)
    .option('--all', 'show every neuron and parameter')
    .option('--learning-rate <eta>', 'take one SGD step with this η and show every parameter before and after (worked example: 0.1)', parsePositiveNumber)
    .action((model: string | undefined, options: Omit<ExplainCommandOptions, 'model' | 'write'>) => {
      const run: ExplainCommandOptions = { ...options };
      if (model !== undefined) run.model = model;
      runExplain(run);
    });
}

function parsePositiveInteger(value: string): number {
  const n = parseInteger(value);
  if (n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}
