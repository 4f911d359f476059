import { Option, type Command } from 'commander';
import { NeuriteError } from '../../errors.js';
import { explain, type ExplainOptions } from '../../explain/explain.js';
import { shape, type ExplainFormatOptions } from '../../explain/format-common.js';
import { formatExplainJson } from '../../explain/format-json.js';
import { formatExplainMarkdown } from '../../explain/format-markdown.js';
import { formatExplainText } from '../../explain/format-text.js';
import type { ExplainTrace } from '../../explain/trace.js';
import { seedWorkedExample } from '../../explain/worked-example.js';
import { modelExplainSample, networkSample, type SampleRequest } from '../explain-sample.js';
import { loadModelFile } from '../load-model.js';
import { chooseLoss } from '../model-loss.js';
import { parsePath, parsePositiveInteger, parsePositiveNumber } from '../options.js';

export type ExplainFormat = 'text' | 'markdown' | 'json';

export interface ExplainCommandOptions extends SampleRequest {
  /** A model file (or a bare network's toJSON()); without one, the seed's worked example. */
  model?: string;
  loss?: string;
  format?: ExplainFormat;
  top?: number;
  all?: boolean;
  /** Take one SGD step with this η and show it (default 0.1 for the worked example, none for a model). */
  learningRate?: number;
  write?: (text: string) => void;
}

/** `neurite explain`: one sample's forward pass, loss and every gradient as the chain rule writes it. */
export async function runExplain(options: ExplainCommandOptions = {}): Promise<void> {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const format = options.format ?? 'text';
  const view: ExplainFormatOptions = {};
  if (options.top !== undefined) view.top = options.top;
  if (options.all === true) view.all = true;

  let trace: ExplainTrace;
  let source: Record<string, unknown> | null = null;
  if (options.model === undefined) {
    const stray = (['input', 'target', 'loss', 'data', 'row'] as const).filter((key) => options[key] !== undefined);
    if (stray.length > 0) {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `${stray.map((key) => `--${key}`).join(', ')} need a model file: neurite explain <model.json> --data <file.csv> --row <n>, or --input ...`,
      );
    }
    const example = seedWorkedExample();
    trace = explain(example.network, example.input, example.target, {
      raw: example.raw,
      step: { learningRate: options.learningRate ?? 0.1 },
    });
    view.title =
      format === 'markdown'
        ? "neurite explain: the seed's worked example"
        : "neurite explain: the seed's worked example (docs/seed-walkthrough.md §5): all weights 1, biases 0, one sample, Alice";
  } else {
    const loaded = await loadModelFile(options.model, { allowNetwork: true });
    const sample = loaded.model === null ? networkSample(options) : await modelExplainSample(loaded.model, options);
    const { loss, source: lossSource } = chooseLoss(loaded, options.loss);
    const traceOptions: ExplainOptions = { loss, ...sample.names };
    if (options.learningRate !== undefined) traceOptions.step = { learningRate: options.learningRate };
    trace = explain(loaded.network, sample.input, sample.target, traceOptions);
    const head = `one sample through a ${shape(trace)} network (${trace.dtype}), loss ${trace.loss.name} (${lossSource})`;
    view.title = format === 'markdown' ? `neurite explain: ${sample.description}` : `neurite explain: ${head}\n  sample   ${sample.description}`;
    source = { model: options.model, ...sample.source, loss: { name: trace.loss.name, from: lossSource } };
  }
  if (format === 'json') {
    // JSON keeps every gradient (`parameters`); --top and --all limit only the per-weight chain records.
    // Where the sample came from goes in front of the trace, after its format and version.
    const withSource = source === null ? trace : Object.assign({ format: trace.format, version: trace.version, source }, trace);
    write(formatExplainJson(withSource, options.all === true ? { all: true } : options.top !== undefined ? { maxWeightsPerLayer: options.top } : {}));
  } else if (format === 'markdown') write(formatExplainMarkdown(trace, view));
  else write(formatExplainText(trace, view));
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      "show the chain rule at work: one sample's forward pass, its loss, and every gradient as a product of factors (no model: the seed's worked example)",
    )
    .argument('[model]', "a model file (or a network's toJSON()); without one, the seed's worked example (all weights 1, Alice)", parsePath)
    .option('--data <file.csv>', "take the sample from this CSV file, read and encoded with the model's preprocessing", parsePath)
    .option('--row <n>', 'with --data: the data row to explain, counting from 1 = the first row after the header (default 1)', parsePositiveInteger)
    .option(
      '--input <values>',
      'the raw values by column name, "weight_lb=128,height_in=63" (or all in input order); the model\'s preprocessing is applied. A bare network: its inputs as numbers',
    )
    .option(
      '--target <value>',
      "a class label or a value in the target's units (default: the row's target; else for a classifier the predicted class; a regression model needs one). A bare network: numbers",
    )
    .option(
      '--loss <name>',
      "the loss to differentiate (default: the model's training loss; else mse for regression, the cross-entropy for a softmax or sigmoid classifier; a bare network: mse)",
    )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option(
      '--top <k>',
      "per layer, show the k neurons and parameters with the largest gradients (default 10; json: the weights' chain records, default 1000)",
      parsePositiveInteger,
    )
    .option('--all', 'show every neuron and parameter')
    .option('--learning-rate <eta>', 'take one SGD step with this η and show every parameter before and after (worked example: 0.1)', parsePositiveNumber)
    .action(async (model: string | undefined, options: Omit<ExplainCommandOptions, 'model' | 'write'>) => {
      const run: ExplainCommandOptions = { ...options };
      if (model !== undefined) run.model = model;
      await runExplain(run);
    });
}
