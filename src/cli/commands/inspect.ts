import type { Command } from 'commander';
import { Dense } from '../../nn/dense.js';
import { formatShape } from '../../nn/shape.js';
import { loadModelFile } from '../load-model.js';
import { parsePath } from '../options.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description("a model file's architecture, parameter count, preprocessing and training metadata")
    .argument('<model.json>', 'a model file', parsePath)
    .option('--json', 'print the summary as JSON')
    .action(async (modelPath: string, flags: { json?: boolean }) => {
      const { network, preprocessing: pre, training } = (await loadModelFile(modelPath)).model!;
      const layers = network.layers.map((layer, i) => ({
        index: i,
        type: layer.type,
        inputs: layer.inputSize,
        outputs: layer.outputSize,
        inputShape: [...layer.inputShape],
        outputShape: [...layer.outputShape],
        ...(layer instanceof Dense ? { activation: layer.activation.name, parameters: layer.weights.length + layer.bias.length } : {}),
        ...(layer.type === 'dropout' ? { rate: (layer.toJSON() as { rate?: number }).rate } : {}),
      }));
      const summary = {
        dtype: network.dtype,
        parameters: network.parameterCount(),
        inputShape: [...network.inputShape],
        outputShape: [...network.outputShape],
        layers,
        task: pre.task,
        target: pre.target.name,
        classes: pre.classes,
        inputs: pre.inputs.map((input) =>
          input.kind === 'numeric'
            ? { name: input.name, kind: input.kind, offset: input.offset, scale: input.scale }
            : input.kind === 'image'
              ? { name: input.name, kind: input.kind, shape: input.shape, offset: input.offset, scale: input.scale }
              : input.kind === 'text'
                ? { name: input.name, kind: input.kind, words: input.vocabulary.length, length: input.length }
                : { name: input.name, kind: input.kind, categories: input.categories },
        ),
        missing: pre.missing,
        training,
      };
      if (flags.json) {
        process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
        return;
      }
      const lines = [`${modelPath}: ${pre.task} of "${pre.target.name}", ${summary.parameters} parameters (${network.dtype})`, '', 'architecture'];
      const rows = network.inputShape.length === 1;
      lines.push(
        `  input       ${rows ? `${network.inputSize} features` : `${formatShape(network.inputShape)} per sample (${network.inputSize} values, channels last)`}`,
      );
      // Rows of features print as sizes (9 → 8); other shapes as shapes ([4, 4, 1] → [16]).
      const shown = (shape: readonly number[]) => (shape.length === 1 ? String(shape[0]) : formatShape(shape));
      const width = Math.max(5, ...layers.map((l) => shown(l.inputShape).length));
      const outWidth = Math.max(5, ...layers.map((l) => shown(l.outputShape).length));
      for (const l of layers) {
        lines.push(
          `  layer ${String(l.index).padEnd(6)}${l.type.padEnd(8)} ${shown(l.inputShape).padStart(width)} → ${shown(l.outputShape).padEnd(outWidth)} ${details(l)}`.trimEnd(),
        );
      }
      lines.push('', 'preprocessing (fitted on the training rows)');
      for (const input of summary.inputs) {
        lines.push(
          'words' in input
            ? `  ${input.name}: text, lower-cased words → ids (${input.words} words known, others unknown), padded at the end to ${input.length} tokens`
            : 'categories' in input
              ? `  ${input.name}: one-hot over ${input.categories!.join(', ')}`
              : 'shape' in input
                ? `  ${input.name}: ${formatShape(input.shape!)} pixels (height, width, channels), each (x − ${fmt(input.offset!)}) / ${fmt(input.scale!)}`
                : `  ${input.name}: (x − ${fmt(input.offset!)}) / ${fmt(input.scale!)}`,
        );
      }
      lines.push(`  missing values: ${pre.missing}`);
      lines.push(`  target ${pre.target.name}: ${pre.task === 'classification' ? `classes ${pre.classes.join(', ')}` : 'a number'}`);
      lines.push('', 'training');
      for (const [key, value] of Object.entries(training)) lines.push(`  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}

/** What a layer adds to its line (from its summary): a dense layer's activation and parameters, dropout's rate. */
function details(l: { type: string; activation?: string; parameters?: number; rate?: number | undefined }): string {
  if (l.activation !== undefined) return `${l.activation}, ${l.parameters} parameters`;
  if (l.type === 'dropout') return `rate ${l.rate}`;
  if (l.type === 'flatten' || l.type === 'reshape') return 'no parameters (the same values, another shape)';
  return '';
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
