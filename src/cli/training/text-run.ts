import { untilInterrupted } from '../interrupt.js';
import { basename } from 'node:path';
import { NeuriteError, isNeuriteError } from '../../errors.js';
import { serializeModel } from '../../io/model-file.js';
import { generateText } from '../../model/generate-text.js';
import { textModelParts } from '../../model/text-model.js';
import { trainTextModel, type TrainTextModelOptions } from '../../model/train-text-model.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { readTextFile } from '../../node/read-text-file.js';
import type { Command } from 'commander';
import { chooseReporterMode, createReporter, type TrainingReporter } from '../reporter.js';
import { refuseOutputsOverInputs } from '../output-guard.js';
import { TEXT_TRAIN_DEFAULTS } from '../../model/train-text-model.js';
import { VERSION } from '../version.js';

/** A `neurite train book.txt` run: the file, where the model goes, and `trainTextModel`'s settings. */
export interface TextTrainRun {
  file: string;
  out: string;
  options: Omit<TrainTextModelOptions, 'signal' | 'callbacks'>;
  reporter: TrainingReporter;
  signal: AbortSignal;
}

/** Characters of the sample printed after training, and its temperature. */
const SAMPLE = { length: 200, temperature: 0.8 } as const;

/** The `neurite train` flags a text run reads. */
export interface TextTrainFlags {
  out: string;
  json?: boolean;
  window?: number;
  units?: number;
  embedding?: number;
  epochs: number;
  batchSize: number;
  lr: string;
  optimizer: string;
  validation: number;
  seed: number;
  float64?: boolean;
}

/**
 * `neurite train book.txt` (or `--chars`): the command line's settings where given, else `TEXT_TRAIN_DEFAULTS`
 * (not the table defaults), then {@link runTextTraining} with Ctrl-C wired to stop it. Returns the exit code.
 */
export async function trainTextCommand(file: string, flags: TextTrainFlags, command: Command): Promise<number> {
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  refuseOutputsOverInputs([{ flag: '--out', path: flags.out }], [{ flag: '<book.txt>', path: file }]);
  const options: TextTrainRun['options'] = {
    window: flags.window ?? TEXT_TRAIN_DEFAULTS.window,
    units: flags.units ?? TEXT_TRAIN_DEFAULTS.units,
    embedding: flags.embedding ?? TEXT_TRAIN_DEFAULTS.embedding,
    epochs: given('epochs') ? flags.epochs : TEXT_TRAIN_DEFAULTS.epochs,
    batchSize: given('batchSize') ? flags.batchSize : TEXT_TRAIN_DEFAULTS.batchSize,
    learningRate: given('lr') && flags.lr !== 'auto' ? Number(flags.lr) : TEXT_TRAIN_DEFAULTS.learningRate,
    optimizer: given('optimizer') ? flags.optimizer : TEXT_TRAIN_DEFAULTS.optimizer,
    validation: given('validation') ? flags.validation : TEXT_TRAIN_DEFAULTS.validation,
    seed: flags.seed,
    dtype: flags.float64 ? 'float64' : 'float32',
  };
  const reporter = createReporter(chooseReporterMode(flags.json === true));
  if (given('lr') && flags.lr === 'auto') {
    reporter.event('notice', `notice: --lr auto is for tables and images; a text model trains at ${TEXT_TRAIN_DEFAULTS.learningRate}`, {
      code: 'LR_AUTO_UNUSED',
    });
  }
  try {
    return await untilInterrupted((signal) => runTextTraining({ file, out: flags.out, options, reporter, signal }));
  } finally {
    reporter.stop();
  }
}

/**
 * Trains a character-level model on a text file as `trainTextModel` does, reporting progress, the validation
 * loss in nats per character (and bits, nats / ln 2), and a sample continuing the validation part's first
 * line; writes the model file. Ctrl-C stops it with nothing written (exit code 130).
 */
export async function runTextTraining(run: TextTrainRun): Promise<number> {
  const { reporter, options } = run;
  const text = await readTextFile(run.file);
  let model;
  try {
    model = await trainTextModel(text, {
      ...options,
      signal: run.signal,
      callbacks: {
        onTrainBegin: (info) => {
          reporter.event(
            'text',
            `${basename(run.file)}: ${[...text].length} characters; ${info.trainRows} training windows of ${options.window} characters, ${info.validationRows} validation windows (the last ${Math.round((options.validation ?? 0) * 100)}% of the text)`,
            { trainWindows: info.trainRows, validationWindows: info.validationRows },
          );
          reporter.start({ ...info, initialEpoch: 0 });
        },
        onBatchEnd: (info) => reporter.batch(info),
        onEpochEnd: (log) => reporter.epoch(log, options.epochs ?? log.epoch + 1),
      },
    });
  } catch (error) {
    reporter.stop();
    if (isNeuriteError(error) && error.code === 'DATA_FORMAT') {
      throw new NeuriteError(error.code, `${basename(run.file)}: ${error.message}`, { ...error.details, file: basename(run.file) }, { cause: error });
    }
    if (!isNeuriteError(error) || error.code !== 'ABORTED') throw error;
    reporter.event('interrupted', 'interrupted: no model written (a text model has no checkpoint; run it again with fewer --epochs)', {});
    return 130;
  }
  reporter.stop();
  const { vocabulary, info } = textModelParts(model);
  const rare = vocabulary.unknownIn([...text].slice(0, info.trainCharacters).join(''));
  reporter.event(
    'vocabulary',
    `vocabulary: ${vocabulary.size - 1} characters and <unk> (id 0)${rare.length > 0 ? `; read as <unk> (seen fewer than ${info.minCount} times in training): ${rare.map((ch) => JSON.stringify(ch)).join(' ')}` : ''}`,
    { characters: vocabulary.size - 1, unknown: rare },
  );
  const metrics = model.training.metrics as { validation?: { loss: number }; train?: { loss: number } };
  const loss = metrics.validation?.loss;
  if (loss !== undefined) {
    reporter.event('summary', `validation loss ${loss.toFixed(4)} nats per character (${(loss / Math.LN2).toFixed(3)} bits)`, { validationLoss: loss });
  }
  const prompt = samplePrompt(text, info.trainCharacters, info.window);
  const sample = generateText(model, { prompt, ...SAMPLE, seed: options.seed ?? 42 });
  reporter.event('sample', `sample (temperature ${SAMPLE.temperature}, after ${JSON.stringify(prompt)}):\n${prompt}${sample.text}`, {
    prompt,
    text: sample.text,
  });
  const training = { ...model.training, library: VERSION, data: basename(run.file), date: new Date().toISOString() };
  await writeFileAtomic(run.out, serializeModel({ network: model.network, preprocessing: model.preprocessing, training }));
  reporter.event('saved', `model written to ${run.out}`, { path: run.out });
  return 0;
}

/** The validation part's first full line (at most a window long), or its first characters: text the model never trained on. */
function samplePrompt(text: string, at: number, window: number): string {
  const rest = [...text].slice(at, at + 4 * window).join('');
  const lines = rest.split('\n');
  const line = lines.length > 2 ? lines[1]!.trim() : rest.trim();
  return [...line].slice(0, Math.min(window, 40)).join('');
}
