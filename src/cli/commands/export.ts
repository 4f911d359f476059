import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { exportOnnx, ONNX_OPSET, type OnnxExportOptions } from '../../onnx/export.js';
import { onnxPreprocessingOptions } from '../../onnx/preprocessing-options.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import type { Model } from '../../io/model-file.js';
import { loadModelFile } from '../load-model.js';
import { parsePath } from '../options.js';
import { refuseOutputsOverInputs } from '../output-guard.js';

export interface ExportCommandOptions {
  format: 'onnx';
  out?: string;
  float64?: boolean;
}

/**
 * `neurite export`: a model file → an ONNX file; returns what it prints. The model's preprocessing goes into
 * the graph (numeric scaling in front, a standardized regression target undone after the last layer), so
 * raw numbers go in and predictions come out as `neurite predict` gives them; one-hot columns are the caller's
 * to encode (their names are in the file's metadata). A bare network file is exported as it is. An output
 * path that is the model file itself is refused before anything is read.
 */
export async function runExport(modelPath: string, options: ExportCommandOptions): Promise<string> {
  const out = options.out ?? modelPath.replace(/\.json$/i, '') + '.onnx';
  refuseOutputsOverInputs([{ flag: options.out === undefined ? '-o/--out (default)' : '-o/--out', path: out }], [{ flag: '<model>', path: modelPath }]);
  const loaded = await loadModelFile(modelPath, { allowNetwork: true });
  const pipeline: OnnxExportOptions = loaded.model === null ? {} : onnxPreprocessingOptions(loaded.model.preprocessing);
  const bytes = exportOnnx(loaded.network, {
    ...pipeline,
    dtype: options.float64 === true ? 'float64' : 'float32',
    producerVersion: packageVersion(),
  });
  await writeFileAtomic(out, bytes);
  const { network } = loaded;
  const lines = [
    `wrote ${out}: ONNX opset ${ONNX_OPSET}, ${bytes.length} bytes; input "input" [batch, ${network.inputShape.join(', ')}] → output "output" [batch, ${network.outputShape.join(', ')}]`,
  ];
  if (loaded.model !== null) lines.push(...describePipeline(loaded.model, pipeline));
  return lines.join('\n');
}

/** Lines that say what goes in and what comes out of the exported graph. */
function describePipeline(model: Model, pipeline: OnnxExportOptions): string[] {
  const pre = model.preprocessing;
  const features = pre.featureNames;
  const oneHot = pre.inputs.filter((input) => input.kind === 'categorical').map((input) => input.name);
  const norm = pipeline.inputNormalization;
  const shown = features.length <= 12 ? features.join(', ') : `${features.slice(0, 12).join(', ')}, … (${features.length} in all)`;
  const lines = [`  input columns, in order: ${shown} (metadata neurite.features)`];
  const how = [norm ? `numbers go in raw (${norm.kind === 'minmax' ? 'min-max' : 'standard'} scaling inside the graph)` : 'numbers go in as they are'];
  if (oneHot.length > 0) how.push(`${oneHot.join(', ')} one-hot: 1 in the row's category column, 0 in the others (encoded by the caller)`);
  lines.push(`  ${how.join('; ')}`);
  const target = pre.target;
  if (target.task === 'classification') {
    lines.push(
      `  output: ${pre.outputWidth === 1 ? `the probability of ${target.classes[1]} (against ${target.classes[0]})` : `one column per class, in order: ${target.classes.join(', ')}`}`,
    );
  } else {
    lines.push(`  output: ${target.name}${pipeline.outputDenormalization ? ', in its own units (the target standardization is undone inside the graph)' : ''}`);
  }
  return lines;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '';
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export a model to a serving format: ONNX, for ONNX Runtime, TensorRT, OpenVINO and others (docs/onnx.md)')
    .argument('<model>', "the model file (or a network's toJSON())", parsePath)
    .addOption(new Option('--format <format>', 'the output format').choices(['onnx']).default('onnx'))
    .option('-o, --out <file>', 'the file to write (default: the model file with .onnx instead of .json)', parsePath)
    .option('--float64', 'float64 tensors in the graph (default float32, what serving engines expect)')
    .action(async (model: string, options: ExportCommandOptions) => {
      process.stdout.write((await runExport(model, options)) + '\n');
    });
}
