import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { NeuriteError, isNeuriteError } from '../../errors.js';
import { Network, type NetworkJSON } from '../../nn/network.js';
import { exportOnnx, ONNX_OPSET, type OnnxExportOptions } from '../../onnx/export.js';
import { writeFileAtomic } from '../write-atomic.js';

export interface ExportCommandOptions {
  format: 'onnx';
  out?: string;
  float64?: boolean;
}

/**
 * Reads a model file for export: the network, and what the export needs beside it (preprocessing, labels).
 * For now a JSON file holding `{ network: NetworkJSON, ... }` or a bare NetworkJSON. The one place to change
 * when the validating model-file loader lands: map its preprocessing and label names to `OnnxExportOptions`.
 */
export function loadModelForExport(path: string): { network: Network; options: OnnxExportOptions } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new NeuriteError('IO', `Cannot read model file ${path}: ${reason}`, { file: path }, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NeuriteError('MODEL_FORMAT', `${path} is not valid JSON: ${(error as Error).message}`, { file: path }, { cause: error });
  }
  const body = json !== null && typeof json === 'object' && 'network' in json ? (json as { network: unknown }).network : json;
  try {
    return { network: Network.fromJSON(body as NetworkJSON), options: {} };
  } catch (error) {
    if (isNeuriteError(error)) throw new NeuriteError(error.code, `${path}: ${error.message}`, { ...error.details, file: path }, { cause: error });
    throw error;
  }
}

/** `neurite export`: a model file → an ONNX file; returns the line it prints. */
export function runExport(modelPath: string, options: ExportCommandOptions): string {
  const out = options.out ?? modelPath.replace(/\.json$/i, '') + '.onnx';
  const { network, options: exportOptions } = loadModelForExport(modelPath);
  const bytes = exportOnnx(network, {
    ...exportOptions,
    dtype: options.float64 === true ? 'float64' : 'float32',
    producerVersion: packageVersion(),
  });
  writeFileAtomic(out, bytes);
  return `wrote ${out}: ONNX opset ${ONNX_OPSET}, ${bytes.length} bytes; input "input" [batch, ${network.inputSize}] → output "output" [batch, ${network.outputSize}]`;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '';
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a model to a serving format: ONNX, for ONNX Runtime, TensorRT, OpenVINO and others (docs/onnx.md)')
    .argument('<model>', 'the model file (JSON)')
    .addOption(new Option('--format <format>', 'the output format').choices(['onnx']).default('onnx'))
    .option('--out <file>', 'the file to write (default: the model file with .onnx instead of .json)')
    .option('--float64', 'float64 tensors in the graph (default float32, what serving engines expect)')
    .action((model: string, options: ExportCommandOptions) => {
      process.stdout.write(runExport(model, options) + '\n');
    });
}
