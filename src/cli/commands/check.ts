import { Option, type Command } from 'commander';
import { basename } from 'node:path';
import { checkNetworkGradients, type NetworkCheckOptions, type NetworkCheckResult } from '../../nn/check-network.js';
import { gradientCheckExitCode } from '../../nn/gradient-check.js';
import { NeuriteError } from '../../errors.js';
import type { Model } from '../../io/model-file.js';
import { loadModelFile } from '../load-model.js';
import { encodeTarget, readModelData } from '../model-data.js';
import { chooseLoss } from '../model-loss.js';
import { parseInteger, parseNonNegativeInteger, parsePath, parsePositiveInteger, parsePositiveNumber } from '../options.js';

export interface CheckCommandOptions {
  model: string;
  loss?: string;
  /** A CSV file: check on its first `rows` complete rows, encoded with the model's preprocessing. */
  data?: string;
  /** With `data`: how many rows (default 16). */
  rows?: number;
  samples?: number;
  seed?: number;
  tolerance?: number;
  epsilon?: number;
  floor?: number;
  /** Check at most this many values per parameter (spread evenly); 0 for every value. */
  maxPerParameter?: number;
  format?: 'text' | 'json';
  write?: (text: string) => void;
}

/**
 * `neurite check <model.json>`: numerical against analytic gradients, layer by layer, in float64, on rows of
 * `data` (encoded with the model's preprocessing) or on random samples.
 * Returns the exit code: 0 when every relative error is within the tolerance, 1 when one is not.
 */
export async function runCheck(options: CheckCommandOptions): Promise<number> {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const loaded = await loadModelFile(options.model, { allowNetwork: true });
  const { loss, source } = chooseLoss(loaded, options.loss);
  const check: NetworkCheckOptions = { loss, samples: options.samples ?? 4, seed: options.seed ?? 1 };
  let samples = `${check.samples} random samples`;
  if (options.data !== undefined) {
    if (loaded.model === null) {
      throw new NeuriteError('INVALID_ARGUMENT', `--data needs a model file (with its preprocessing); ${options.model} is a bare network`, { field: 'data' });
    }
    if (options.samples !== undefined || options.seed !== undefined) {
      throw new NeuriteError('INVALID_ARGUMENT', "--samples and --seed draw random samples; with --data the samples are the file's rows (--rows)", {
        field: 'samples',
      });
    }
    const rows = await dataRows(loaded.model, options.data, options.rows ?? 16);
    check.inputs = rows.inputs;
    check.targets = rows.targets;
    samples = rows.description;
  } else if (options.rows !== undefined) {
    throw new NeuriteError('INVALID_ARGUMENT', '--rows counts rows of --data; without it, --samples sets the number of random samples', { field: 'rows' });
  }
  if (options.tolerance !== undefined) check.tolerance = options.tolerance;
  if (options.epsilon !== undefined) check.epsilon = options.epsilon;
  if (options.floor !== undefined) check.floor = options.floor;
  const per = options.maxPerParameter ?? 200;
  if (per > 0) check.maxPerParameter = per;
  const result = checkNetworkGradients(loaded.network, check);
  const header: CheckHeader = { file: options.model, dtype: loaded.network.dtype, loss: `${result.loss} (${source})`, samples };
  const withoutParameters = loaded.network.layers.flatMap((layer, i) => (layer.parameters(`layers.${i}`).length === 0 ? [`${i} (${layer.type})`] : []));
  if (withoutParameters.length > 0) header.withoutParameters = withoutParameters;
  write(options.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatCheck(header, result, per));
  return gradientCheckExitCode(result);
}

/**
 * The first `count` rows of a CSV file that have the target and (unless the model fills missing inputs) every
 * input, encoded as the network saw them in training: inputs through the preprocessing, targets one-hot,
 * 0/1 or standardized.
 */
async function dataRows(model: Model, file: string, count: number): Promise<{ inputs: number[][]; targets: number[][]; description: string }> {
  const pre = model.preprocessing;
  const table = await readModelData(pre, file, 'required');
  const columns = pre.inputs.map((input) => table.column(input.name));
  const target = table.column(pre.target.name);
  const rows: number[] = [];
  for (let row = 0; row < table.rowCount && rows.length < count; row++) {
    if (table.isMissing(target, row)) continue;
    if (pre.missing !== 'mean' && columns.some((column) => table.isMissing(column, row))) continue;
    rows.push(row);
  }
  if (rows.length === 0) {
    throw new NeuriteError('MISSING_VALUE', `${basename(file)} has no row with the target and every input of the model; nothing to check on`, { file });
  }
  const x = pre.transform(table, rows, { dtype: 'float64' });
  const inputs = rows.map((_, k) => Array.from(x.data.subarray(k * x.cols, (k + 1) * x.cols)));
  const targets = rows.map((row) => encodeTarget(pre, table.text(target, row), table.where(row)).vector);
  const skipped = rows[rows.length - 1]! + 1 - rows.length;
  const description = `${rows.length} rows of ${basename(file)}${skipped > 0 ? ` (${skipped} incomplete rows skipped)` : ''}`;
  return { inputs, targets, description };
}

/** What the report's second line names: the file, its precision, the loss (and why), the samples. */
export interface CheckHeader {
  file: string;
  dtype: string;
  loss: string;
  samples: string;
  /** Layers with nothing to check (dropout, flatten, reshape), as `2 (flatten)`: backpropagation passes through them. */
  withoutParameters?: string[];
}

export function formatCheck(header: CheckHeader, result: NetworkCheckResult, per: number): string {
  const lines: string[] = [];
  const e = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));
  lines.push('neurite check: numerical (central differences) against analytic (backpropagation) gradients');
  const precision = result.converted ? `float64 (converted from ${header.dtype})` : 'float64';
  lines.push(`  ${header.file} · ${precision} · loss ${header.loss} · ${header.samples}${per > 0 ? ` · up to ${per} values per parameter` : ''}`);
  for (const layer of result.layers) {
    const worst = result.parameters.filter((p) => layer.parameters.includes(p.name)).sort((a, b) => b.maxRelativeError - a.maxRelativeError)[0];
    const at = !layer.passed && worst ? `  worst ${worst.name}[${worst.worst.index}]: analytic ${worst.worst.analytic}, numeric ${worst.worst.numeric}` : '';
    lines.push(`  layer ${String(layer.index).padEnd(3)} max relative error ${e(layer.maxRelativeError).padStart(9)}  ${layer.passed ? 'ok' : 'FAIL'}${at}`);
  }
  if (header.withoutParameters) {
    lines.push(`  without parameters (checked through the layers around them): layer ${header.withoutParameters.join(', ')}`);
  }
  lines.push(`largest relative error ${e(result.maxRelativeError)} (tolerance ${e(result.tolerance)}): ${result.passed ? 'PASS' : 'FAIL'}`);
  return lines.join('\n') + '\n';
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("check a network's backpropagation against central differences, layer by layer (exit code 0 pass, 1 fail)")
    .argument('<model>', "a model file (or a network's toJSON())", parsePath)
    .option('--data <file.csv>', "check on rows of this CSV file, encoded with the model's preprocessing (it needs the target column)", parsePath)
    .option('--rows <n>', 'with --data: use the first n complete rows (default 16)', parsePositiveInteger)
    .option(
      '--loss <name>',
      "the loss to differentiate (default: the model's training loss; else mse for regression, the cross-entropy for a softmax or sigmoid classifier; a bare network: mse)",
    )
    .option('--samples <n>', 'without --data: random samples to check on (default 4)', parsePositiveInteger)
    .option('--seed <n>', 'without --data: seed for the random samples (default 1)', parseInteger)
    .option('--tolerance <t>', 'largest relative error that passes (default 1e-6)', parsePositiveNumber)
    .option('--epsilon <h>', 'step of the central difference (default 1e-4)', parsePositiveNumber)
    .option('--floor <f>', 'gradients smaller than this are compared absolutely (default 1e-5)', parsePositiveNumber)
    .option('--max-per-parameter <n>', 'check at most n values of each parameter, spread evenly; 0 for all (default 200)', parseNonNegativeInteger)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (model: string, options: Omit<CheckCommandOptions, 'model' | 'write'>) => {
      process.exitCode = await runCheck({ ...options, model });
    });
}
