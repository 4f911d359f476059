import { InvalidArgumentError, Option, type Command } from 'commander';
import { checkNetworkGradients, type NetworkCheckOptions, type NetworkCheckResult } from '../../nn/check-network.js';
import { gradientCheckExitCode } from '../../nn/gradient-check.js';
import { loadNetworkFile } from '../load-network.js';
import { parseInteger, parsePositiveNumber } from '../options.js';

export interface CheckCommandOptions {
  model: string;
  loss?: string;
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
 * `neurite check <model.json>`: numerical against analytic gradients, layer by layer, in float64.
 * Returns the exit code: 0 when every relative error is within the tolerance, 1 when one is not.
 */
export function runCheck(options: CheckCommandOptions): number {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const network = loadNetworkFile(options.model);
  const check: NetworkCheckOptions = { loss: options.loss ?? 'mse', samples: options.samples ?? 4, seed: options.seed ?? 1 };
  if (options.tolerance !== undefined) check.tolerance = options.tolerance;
  if (options.epsilon !== undefined) check.epsilon = options.epsilon;
  if (options.floor !== undefined) check.floor = options.floor;
  const per = options.maxPerParameter ?? 200;
  if (per > 0) check.maxPerParameter = per;
  const result = checkNetworkGradients(network, check);
  write(options.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatCheck(options.model, network.dtype, result, per));
  return gradientCheckExitCode(result);
}

export function formatCheck(file: string, dtype: string, result: NetworkCheckResult, per: number): string {
  const lines: string[] = [];
  const e = (v: number) => (Number.isFinite(v) ? v.toExponential(2) : String(v));
  lines.push('neurite check: numerical (central differences) against analytic (backpropagation) gradients');
  const precision = result.converted ? `float64 (converted from ${dtype})` : 'float64';
  const samples = result.randomSamples ? `${result.samples} random samples` : `${result.samples} samples`;
  lines.push(`  ${file} · ${precision} · loss ${result.loss} · ${samples}${per > 0 ? ` · up to ${per} values per parameter` : ''}`);
  for (const layer of result.layers) {
    const worst = result.parameters.filter((p) => layer.parameters.includes(p.name)).sort((a, b) => b.maxRelativeError - a.maxRelativeError)[0];
    const at = !layer.passed && worst ? `  worst ${worst.name}[${worst.worst.index}]: analytic ${worst.worst.analytic}, numeric ${worst.worst.numeric}` : '';
    lines.push(`  layer ${String(layer.index).padEnd(3)} max relative error ${e(layer.maxRelativeError).padStart(9)}  ${layer.passed ? 'ok' : 'FAIL'}${at}`);
  }
  lines.push(`largest relative error ${e(result.maxRelativeError)} (tolerance ${e(result.tolerance)}): ${result.passed ? 'PASS' : 'FAIL'}`);
  return lines.join('\n') + '\n';
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check a network\'s backpropagation against central differences, layer by layer (exit code 0 pass, 1 fail)')
    .argument('<model>', 'a network or model JSON file')
    .option('--loss <name>', 'the loss to differentiate (default mse)')
    .option('--samples <n>', 'random samples to check on (default 4)', positive)
    .option('--seed <n>', 'seed for the random samples (default 1)', parseInteger)
    .option('--tolerance <t>', 'largest relative error that passes (default 1e-6)', parsePositiveNumber)
    .option('--epsilon <h>', 'step of the central difference (default 1e-4)', parsePositiveNumber)
    .option('--floor <f>', 'gradients smaller than this are compared absolutely (default 1e-5)', parsePositiveNumber)
    .option('--max-per-parameter <n>', 'check at most n values of each parameter, spread evenly; 0 for all (default 200)', nonNegative)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((model: string, options: Omit<CheckCommandOptions, 'model' | 'write'>) => {
      process.exitCode = runCheck({ ...options, model });
    });
}

function positive(value: string): number {
  const n = parseInteger(value);
  if (n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

function nonNegative(value: string): number {
  const n = parseInteger(value);
  if (n < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got "${value}"`);
  return n;
}
