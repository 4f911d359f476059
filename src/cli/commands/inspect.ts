import type { Command } from 'commander';
import { Dense } from '../../nn/dense.js';
import { loadModelFile } from '../load-model.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description("a model file's architecture, parameter count, preprocessing and training metadata")
    .argument('<model.json>', 'a model file')
    .option('--json', 'print the summary as JSON')
    .action(async (modelPath: string, flags: { json?: boolean }) => {
      const { network, preprocessing: pre, training } = (await loadModelFile(modelPath)).model!;
      const layers = network.layers.map((layer, i) => ({
        index: i,
        type: layer.type,
        inputs: layer.inputSize,
        outputs: layer.outputSize,
        ...(layer instanceof Dense ? { activation: layer.activation.name, parameters: layer.weights.length + layer.bias.length } : {}),
        ...(layer.type === 'dropout' ? { rate: (layer.toJSON() as { rate?: number }).rate } : {}),
      }));
      const summary = {
        dtype: network.dtype,
        parameters: network.parameterCount(),
        layers,
        task: pre.task,
        target: pre.target.name,
        classes: pre.classes,
        inputs: pre.inputs.map((input) =>
          input.kind === 'numeric'
            ? { name: input.name, kind: input.kind, offset: input.offset, scale: input.scale }
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
      lines.push(`  input       ${network.inputSize} features`);
      for (const l of layers) {
        lines.push(
          `  layer ${l.index}     ${l.type.padEnd(8)} ${String(l.inputs).padStart(5)} → ${String(l.outputs).padEnd(5)} ${'activation' in l ? `${l.activation}, ${l.parameters} parameters` : `rate ${l.rate}`}`,
        );
      }
      lines.push('', 'preprocessing (fitted on the training rows)');
      for (const input of summary.inputs) {
        lines.push(
          'categories' in input
            ? `  ${input.name}: one-hot over ${input.categories!.join(', ')}`
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

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
