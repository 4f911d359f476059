import { type Command, InvalidArgumentError } from 'commander';
import { generateText, MAX_GENERATED_CHARACTERS } from '../../model/generate-text.js';
import { textModelParts } from '../../model/text-model.js';
import { loadModelFile } from '../load-model.js';
import { parseInteger, parseNonNegativeInteger, parsePath } from '../options.js';

interface GenerateFlags {
  prompt: string;
  length: number;
  temperature: number;
  seed: number;
  json?: boolean;
}

function temperature(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError(`expected a temperature ≥ 0 (0: always the most probable character), got "${value}"`);
  return n;
}

function length(value: string): number {
  const n = parseNonNegativeInteger(value);
  if (n > MAX_GENERATED_CHARACTERS) throw new InvalidArgumentError(`expected at most ${MAX_GENERATED_CHARACTERS} characters, got "${value}"`);
  return n;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('continue a prompt with a character-level text model (trained by `neurite train book.txt`)')
    .argument('<model.json>', 'a text model file', parsePath)
    .option('-p, --prompt <text>', 'the text to continue (a shorter one than the window is padded with spaces on the left)', '')
    .option('-n, --length <n>', 'characters to generate', length, 200)
    .option('-t, --temperature <T>', 'sampling temperature: below 1 safer, above 1 wilder, 0 the most probable character every time', temperature, 1)
    .option('--seed <n>', 'seed of the sampling: the same seed gives the same text', parseInteger, 42)
    .option('--json', 'print { prompt, text, unknown, ... } as JSON')
    .action(async (modelPath: string, flags: GenerateFlags) => {
      const { model } = await loadModelFile(modelPath);
      const { window } = textModelParts(model!);
      const result = generateText(model!, { prompt: flags.prompt, length: flags.length, temperature: flags.temperature, seed: flags.seed });
      if (flags.json) {
        const out = {
          prompt: flags.prompt,
          text: result.text,
          unknown: result.unknown,
          length: flags.length,
          temperature: flags.temperature,
          seed: flags.seed,
          window,
        };
        process.stdout.write(JSON.stringify(out) + '\n');
        return;
      }
      if (result.unknown.length > 0) {
        const list = result.unknown.map((ch) => JSON.stringify(ch)).join(' ');
        process.stderr.write(`notice: the model's vocabulary does not have ${list}: read as <unk> (the unknown character)\n`);
      }
      process.stdout.write(`${flags.prompt}${result.text}\n`);
    });
}
