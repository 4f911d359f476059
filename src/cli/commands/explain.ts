import { Option, type Command } from 'commander';
import { NeuriteError } from '../../errors.js';
import { explain, type ExplainOptions } from '../../explain/explain.js';
import { explainLayers, type ExplainLayersOptions } from '../../explain/explain-layers.js';
import { shape, type ExplainFormatOptions } from '../../explain/format-common.js';
import { layersShape } from '../../explain/format-layers-common.js';
import { formatExplainJson } from '../../explain/format-json.js';
import { formatExplainMarkdown } from '../../explain/format-markdown.js';
import { formatExplainText } from '../../explain/format-text.js';
import type { LayerExplainTrace } from '../../explain/layer-trace.js';
import type { ExplainTrace } from '../../explain/trace.js';
import { seedWorkedExample } from '../../explain/worked-example.js';
import { imageExplainSample, type ImageSampleRequest } from '../explain-image-sample.js';
import { modelExplainSample, networkSample, type ExplainSample, type SampleRequest } from '../explain-sample.js';
import { readsSequences, sequenceExplainSample } from '../explain-sequence-sample.js';
import { loadModelFile } from '../load-model.js';
import { chooseLoss } from '../model-loss.js';
import { parsePath, parsePositiveInteger, parsePositiveNumber } from '../options.js';
import { parseImageShape } from '../../data/image-set.js';
import { Dense } from '../../nn/dense.js';
import type { Network } from '../../nn/network.js';
import { passesThrough } from '../../explain/upstream-route.js';

export type ExplainFormat = 'text' | 'markdown' | 'json';

export interface ExplainCommandOptions extends SampleRequest, Omit<ImageSampleRequest, 'target'> {
  /** A model file (or a bare network's toJSON()); without one, the seed's worked example. */
  model?: string;
  /** `--weight`: a parameter to write out as the chain rule's sum (conv1[f=3,ky=1,kx=2,c=0], dense1[j=0,i=4], w5). */
  weight?: string;
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

  let trace: ExplainTrace | LayerExplainTrace;
  let source: Record<string, unknown> | null = null;
  if (options.model === undefined) {
    const stray = (['input', 'target', 'loss', 'data', 'row', 'source', 'labels', 'index', 'image', 'weight'] as const).filter(
      (key) => options[key] !== undefined,
    );
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
    const sample =
      loaded.model === null && readsSequences(loaded.network) ? await sequenceSample(loaded.network, options) : await readSample(loaded.model, options);
    const { loss, source: lossSource } = chooseLoss(loaded, options.loss);
    let head: string;
    if (options.weight !== undefined || !allDense(loaded.network)) {
      // Any layers: the trace layer by layer, and the chosen parameter's chain-rule sum.
      if (options.learningRate !== undefined)
        throw new NeuriteError('INVALID_ARGUMENT', '--learning-rate takes a step on a dense network only; this trace is layer by layer', {
          field: 'learningRate',
        });
      const layerOptions: ExplainLayersOptions = { loss, maxTerms: options.all === true ? Number.MAX_SAFE_INTEGER : (options.top ?? 10) };
      if (options.weight !== undefined) layerOptions.weight = options.weight;
      if (sample.names.outputNames !== undefined) layerOptions.outputNames = sample.names.outputNames;
      const layered = explainLayers(loaded.network, sample.input, sample.target, layerOptions);
      head = `one sample through a ${layersShape(layered)} network (${layered.dtype}), loss ${layered.loss.name} (${lossSource})`;
      trace = layered;
    } else {
      const traceOptions: ExplainOptions = { loss, ...sample.names };
      if (options.learningRate !== undefined) traceOptions.step = { learningRate: options.learningRate };
      const dense = explain(loaded.network, sample.input, sample.target, traceOptions);
      head = `one sample through a ${shape(dense)} network (${dense.dtype}), loss ${dense.loss.name} (${lossSource})`;
      trace = dense;
    }
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

/** The sample: an image for a model of images; a CSV row or --input for a model of tables; numbers for a bare network. */
async function readSample(model: Awaited<ReturnType<typeof loadModelFile>>['model'], options: ExplainCommandOptions): Promise<ExplainSample> {
  if (model?.preprocessing.image) {
    if (options.input !== undefined)
      throw new NeuriteError('INVALID_ARGUMENT', 'This model reads images: give an image source (image.png, images.idx, pixels.csv), not --input', {
        field: 'input',
      });
    if (options.source !== undefined && options.data !== undefined)
      throw new NeuriteError('INVALID_ARGUMENT', 'Give the images once: as the argument after the model, or as --data', { field: 'data' });
    if (options.index !== undefined && options.row !== undefined)
      throw new NeuriteError('INVALID_ARGUMENT', '--index and --row both pick the image; give one', { field: 'row' });
    const request: ImageSampleRequest = {};
    const path = options.source ?? options.data;
    if (path !== undefined) request.source = path;
    const index = options.index ?? options.row;
    if (index !== undefined) request.index = index;
    if (options.labels !== undefined) request.labels = options.labels;
    if (options.image !== undefined) request.image = options.image;
    if (options.target !== undefined) request.target = options.target;
    return imageExplainSample(model, request);
  }
  const stray = (['source', 'labels', 'index', 'image'] as const).filter((key) => options[key] !== undefined);
  if (stray.length > 0) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${stray.map((key) => (key === 'source' ? 'an image source' : `--${key}`)).join(', ')}: for a model of images; this model reads ${model === null ? 'numbers (--input, --target)' : 'table rows (--data, --row, --input)'}`,
      { field: stray[0]! },
    );
  }
  return model === null ? networkSample(options) : modelExplainSample(model, options);
}

/** A bare network of sequences: the sample from a file after the model (CSV row or JSON), or --input. */
function sequenceSample(network: Network, options: ExplainCommandOptions): Promise<ExplainSample> {
  const stray = (['data', 'labels', 'image'] as const).filter((key) => options[key] !== undefined);
  if (stray.length > 0)
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${stray.map((k) => `--${k}`).join(', ')}: not for a network of sequences; give the sequence as a file after the model, or --input`,
      {
        field: stray[0]!,
      },
    );
  const request: Parameters<typeof sequenceExplainSample>[1] = {};
  if (options.source !== undefined) request.source = options.source;
  const row = options.row ?? options.index;
  if (row !== undefined) request.row = row;
  if (options.input !== undefined) request.input = options.input;
  if (options.target !== undefined) request.target = options.target;
  return sequenceExplainSample(network, request);
}

/** Dense layers only (dropout, flatten and reshape pass through): the neuron-by-neuron trace applies. */
function allDense(network: Network): boolean {
  return network.layers.every((layer) => layer instanceof Dense || passesThrough(layer));
}

export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description(
      "show the chain rule at work: one sample's forward pass, its loss, and every gradient as a product of factors (no model: the seed's worked example)",
    )
    .argument('[model]', "a model file (or a network's toJSON()); without one, the seed's worked example (all weights 1, Alice)", parsePath)
    .argument(
      '[images]',
      'for a model of images: a PNG image, an IDX images file, a folder of class folders, or CSV pixel rows; for a network of sequences: a CSV file of rows of T·F values (then the targets), or a JSON array',
      parsePath,
    )
    .option('--labels <idx-labels>', "the IDX labels file that goes with an IDX images file (the target: the image's label)", parsePath)
    .option('--index <n>', 'which image of an IDX file, folder or CSV file, from 1 as neurite predict numbers them (default 1)', parsePositiveInteger)
    .option('--image <HxWxC>', "CSV pixel rows' image shape (the model's; checked when given)", parseImageShape)
    .option(
      '--weight <name>',
      "write one parameter's gradient as the chain rule's sum: conv1[f=3,ky=1,kx=2,c=0], conv1.bias[f=3], dense1[j=2,i=5] or w5, dense1.bias[j=2], batchNorm1.gamma[c=0], lstm1.recurrent[gate=f,unit=3,h=5], lstm1.input[gate=i,unit=0,feature=0], gru1.bias[gate=z,unit=1]; layers by type and order (conv1, dense1) or layers[i]; indices from 0",
    )
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
      "per layer, show the k neurons and parameters with the largest gradients (default 10; json: the weights' chain records, default 1000); a layer-by-layer trace: the k feature maps drawn per layer and the k largest terms of --weight's sum",
      parsePositiveInteger,
    )
    .option('--all', 'show every neuron and parameter')
    .option('--learning-rate <eta>', 'take one SGD step with this η and show every parameter before and after (worked example: 0.1)', parsePositiveNumber)
    .action(async (model: string | undefined, images: string | undefined, options: Omit<ExplainCommandOptions, 'model' | 'write' | 'source'>) => {
      const run: ExplainCommandOptions = { ...options };
      if (model !== undefined) run.model = model;
      if (images !== undefined) run.source = images;
      await runExplain(run);
    });
}
