import { untilInterrupted } from '../interrupt.js';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ColumnOverride } from '../../data/table-builder.js';
import { activationNames, resolveActivation } from '../../activations/registry.js';
import { lossNames, resolveLoss } from '../../losses/registry.js';
import { createOptimizer, optimizerNames } from '../../optim/registry.js';
import { parseInteger, parseNonNegativeInteger, parsePath, parsePositiveInteger, parsePositiveNumber } from '../options.js';
import { refuseOutputsOverInputs, type NamedFile, type OutputFile } from '../output-guard.js';
import { chooseReporterMode, createReporter } from '../reporter.js';
import { runTraining } from '../training/run.js';
import { DEFAULTS, parseHidden, type TrainSettings } from '../training/settings.js';
import { parseImageShape } from '../../data/image-set.js';
import { sourceKind } from '../image-source.js';
import { UsageError } from '../usage-error.js';
import { readFile } from 'node:fs/promises';
import { NeuriteError } from '../../errors.js';
import { IMAGE_NETWORKS, isImageNetworkName, type ImageNetworkLayers, type ImageNetworkName } from '../../model/default-image-network.js';
import { IMAGE_TRAIN_DEFAULTS } from '../../model/train-image-model.js';
import { SEARCH_OFF_FLAGS, type SearchRequest } from '../training/search-run.js';
import { MAX_BUDGET } from '../../model/search-budget.js';
import { periodOption, trainSeriesFromFlags, type SeriesTrainFlags } from '../series/series-flags.js';
import { trainTextCommand } from '../training/text-run.js';

/** The options as commander parses them: the settings that arrive as they are, and the ones still to convert. */
interface TrainFlags
  extends Pick<
    TrainSettings,
    'task' | 'activation' | 'optimizer' | 'epochs' | 'batchSize' | 'validation' | 'test' | 'patience' | 'l1' | 'l2' | 'dropout' | 'scaling' | 'missing' | 'seed'
  > {
  hidden: string;
  target?: string;
  labels?: string;
  image?: string;
  channels?: 1 | 3;
  loss?: string;
  lr: string;
  schedule: 'constant' | 'cosine';
  network?: string;
  float64?: boolean;
  out: string;
  checkpoint?: string;
  checkpointEvery: number;
  resume?: string;
  report?: string;
  json?: boolean;
  categorical?: string;
  numeric?: string;
  ignore?: string;
  text?: string;
  threads: number | 'auto';
  search: boolean;
  budget?: number;
  window?: number;
  horizon?: number;
  chars?: boolean;
  units?: number;
  embedding?: number;
}

function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1)
    throw new InvalidArgumentError(`expected a fraction from 0 up to (not including) 1, got "${value}"`);
  return n;
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got "${value}"`);
  return n;
}

function learningRate(value: string): string {
  if (value !== 'auto') parsePositiveNumber(value);
  return value;
}

/** A name the table resolves (a canonical name or an older alias) as its canonical name, or a usage error listing the canonical names. */
function choice(name: string, names: () => string[], canonical: (value: string) => string) {
  return (value: string): string => {
    try {
      return canonical(value);
    } catch {
      throw new InvalidArgumentError(`unknown ${name} "${value}"; expected one of: ${names().join(', ')}`);
    }
  };
}

function budgetSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > MAX_BUDGET) {
    throw new InvalidArgumentError(`expected the search's time limit in seconds, above 0 and at most ${MAX_BUDGET} (a week), got "${value}"`);
  }
  return n;
}

function columnList(value: string): string {
  if (value.split(',').some((name) => name.trim() === '')) throw new InvalidArgumentError(`expected column names separated by commas, got "${value}"`);
  return value;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a network on a CSV file or on images, and write one model file (network, preprocessing, metadata)')
    .argument(
      '<data.csv>',
      'training data: a CSV file with a header row, an IDX images file (with --labels), or a folder with one sub-folder of PNG images per class',
      parsePath,
    )
    .option('-t, --target <column>', 'the column to predict (required for a CSV file)')
    .option('--labels <idx-labels>', 'the IDX labels file that goes with an IDX images file', parsePath)
    .option('--image <HxWxC>', "a CSV file's rows are pixel values of images of this shape, e.g. 8x8x1 (the --target column is the label)", imageShapeText)
    .option('--channels <n>', 'read a folder of PNG images as 1 (gray) or 3 (RGB) channels (default: 1 when every image is gray)', channelCount)
    .addOption(new Option('--task <task>', 'what to predict').choices(['auto', 'classification', 'regression']).default(DEFAULTS.task))
    .option('--hidden <sizes>', 'hidden layer sizes, e.g. 64,32 ("none" for no hidden layer)', hiddenSizes, DEFAULTS.hidden.join(','))
    .option(
      '--activation <name>',
      "hidden layers' activation",
      choice('activation', activationNames, (value) => resolveActivation(value).name),
      DEFAULTS.activation,
    )
    .option(
      '--loss <name>',
      'loss (default: cross-entropy for classes, mse for values)',
      choice('loss', lossNames, (value) => resolveLoss(value).name),
    )
    .option(
      '--optimizer <name>',
      'optimizer',
      choice('optimizer', optimizerNames, (value) => createOptimizer(value) && value),
      DEFAULTS.optimizer,
    )
    .option('--lr <rate>', 'learning rate, or "auto" to run the learning-rate finder', learningRate, String(DEFAULTS.learningRate))
    .addOption(
      new Option('--schedule <kind>', 'learning rate over the run: constant, or cosine (falls to 0 by the last epoch; default for images)')
        .choices(['constant', 'cosine'])
        .default(DEFAULTS.schedule),
    )
    .option('--network <name|spec.json>', `images: ${IMAGE_NETWORKS.join(', ')} (default cnn; see docs/images.md), or a JSON file of { "layers": [...] }`)
    .option('--epochs <n>', 'passes over the training rows', parsePositiveInteger, DEFAULTS.epochs)
    .option('--batch-size <n>', 'rows per gradient step', parsePositiveInteger, DEFAULTS.batchSize)
    .option('--validation <fraction>', 'rows held out for validation curves and early stopping', fraction, DEFAULTS.validation)
    .option('--test <fraction>', 'rows held out for the final metrics', fraction, DEFAULTS.test)
    .option(
      '--patience <epochs>',
      'early stopping: epochs without a better validation loss (0: off; needs --validation)',
      parseNonNegativeInteger,
      DEFAULTS.patience,
    )
    .option('--l1 <lambda>', 'L1 penalty on the weights', nonNegative, DEFAULTS.l1)
    .option('--l2 <lambda>', 'L2 penalty on the weights', nonNegative, DEFAULTS.l2)
    .option('--dropout <rate>', 'dropout after each hidden layer', fraction, DEFAULTS.dropout)
    .addOption(new Option('--scaling <kind>', 'numeric input scaling').choices(['standard', 'minmax', 'none']).default(DEFAULTS.scaling))
    .addOption(
      new Option('--missing <policy>', 'missing values: fail, drop the rows, or fill with the mean')
        .choices(['error', 'drop', 'mean'])
        .default(DEFAULTS.missing),
    )
    .option('--categorical <columns>', 'read these columns as categories', columnList)
    .option('--numeric <columns>', 'read these columns as numbers', columnList)
    .option('--ignore <columns>', 'leave these columns out', columnList)
    .option(
      '--text <column>',
      'read this column as text, a sequence of words for an embedding and a GRU (default: a column of free text is found by itself; "none": no text column)',
    )
    .option(
      '--no-search',
      `train the default settings as they are, without choosing them by cross-validation first (also off with --${SEARCH_OFF_FLAGS.join(', --')} or --resume)`,
    )
    .option('--budget <seconds>', 'time limit of the search and the final fit (default: from the table size, 20 s for 1,000 rows)', budgetSeconds)
    .option('--seed <n>', 'seed for weights, splits, shuffling and dropout', parseInteger, DEFAULTS.seed)
    .option('--float64', 'train in float64 (default float32)')
    .option('-o, --out <file>', 'where to write the model', parsePath, 'model.json')
    .option('--checkpoint <file>', 'checkpoint file (default: <out> with .checkpoint.json)', parsePath)
    .option('--checkpoint-every <epochs>', 'write a checkpoint every n epochs (0: only on Ctrl-C)', parseNonNegativeInteger, 0)
    .option('--resume <checkpoint>', 'carry on from a checkpoint (its settings are used; --epochs may raise the total)', parsePath)
    .option('--report <file.html>', 'also write a self-contained HTML training report', parsePath)
    .option('--json', 'print one JSON event per line')
    .option(
      '--window <steps>',
      'time series: forecast from the previous <steps> rows (with --horizon; see docs/forecasting.md); text: characters per input window (default 32)',
      parsePositiveInteger,
    )
    .option('--horizon <steps>', 'time series: how many rows ahead to forecast', parsePositiveInteger)
    .option('--period <steps>', 'time series: the season in rows, for the "value one season ago" baseline ("auto": detect, the default; "none")', periodOption)
    .option('--date <column>', 'time series: the date column (default: the one column whose values are all dates, if any)')
    .option('--features <columns>', 'time series: extra numeric columns read at every step beside the target', columnList)
    .option('--sort-dates', 'time series: sort the rows by date instead of refusing a file out of order')
    .addOption(
      new Option('--inputs <kind>', "time series: values relative to the window's last one (default), or standardized levels").choices(['relative', 'levels']),
    )
    .option('--units <n>', "time series: units of the recurrent (or dense) layer (default 32); text: the LSTM layer's units (default 64)", parsePositiveInteger)
    .option('--threads <n>', 'threads for large layers ("auto": every core when a batch is large enough to gain)', threadCount, 'auto' as const)
    .option('--chars', 'read the file as UTF-8 text and train a character-level model (the default for a .txt file without --target; docs/text-generation.md)')
    .option('--embedding <n>', "text: dimensions of each character's embedding (default 16)", parsePositiveInteger)
    .action(async (file: string, flags: TrainFlags, command: Command) => {
      if (flags.chars === true || (flags.target === undefined && /\.txt$/i.test(file))) {
        process.exitCode = await trainTextCommand(file, flags, command);
        return;
      }
      if (flags.window !== undefined || flags.horizon !== undefined) {
        process.exitCode = await trainSeriesFromFlags(file, flags as unknown as SeriesTrainFlags, command);
        return;
      }
      const kind = await sourceKind(file);
      if (flags.target === undefined && (kind === 'csv' || kind === 'png')) {
        throw new UsageError(
          kind === 'csv'
            ? `${file} is read as CSV: give --target <column>, the column to predict (for images: an IDX file with --labels, or a folder of class folders)`
            : `${file} is one PNG image; to learn from images give a folder with one sub-folder of PNG images per class`,
        );
      }
      const images = kind !== 'csv' || flags.image !== undefined;
      if (!images && flags.network !== undefined) throw new UsageError('--network is for images; for a table, give --hidden');
      // An image source takes the image defaults of every training setting not given on the command line.
      const defaulted = (name: string) => images && command.getOptionValueSource(name) === 'default';
      const settings: TrainSettings = {
        data: file,
        target: flags.target ?? 'label',
        ...(flags.labels !== undefined ? { labels: flags.labels } : {}),
        ...(flags.image !== undefined ? { image: flags.image } : {}),
        ...(flags.channels !== undefined ? { channels: flags.channels } : {}),
        task: flags.task,
        hidden: parseHidden(flags.hidden),
        activation: flags.activation,
        loss: flags.loss ?? '',
        optimizer: flags.optimizer,
        learningRate: flags.lr === 'auto' ? 'auto' : Number(flags.lr),
        schedule: flags.schedule,
        epochs: flags.epochs,
        batchSize: flags.batchSize,
        validation: flags.validation,
        test: flags.test,
        patience: flags.patience,
        l1: flags.l1,
        l2: flags.l2,
        dropout: flags.dropout,
        scaling: flags.scaling,
        missing: flags.missing,
        seed: flags.seed,
        dtype: flags.float64 ? 'float64' : 'float32',
        ...(flags.text !== undefined ? { text: flags.text.trim() === 'none' ? [] : [flags.text.trim()] } : {}),
        ...imageDefaults(defaulted),
        ...(flags.network !== undefined ? { network: await readNetworkOption(flags.network) } : {}),
      };
      const columns: Record<string, ColumnOverride> = {};
      const mark = (list: string | undefined, kind: ColumnOverride) =>
        list?.split(',').forEach((name) => Object.defineProperty(columns, name.trim(), { value: kind, enumerable: true, writable: true, configurable: true }));
      mark(flags.categorical, 'categorical');
      mark(flags.numeric, 'numeric');
      mark(flags.ignore, 'ignore');

      const checkpoint = flags.checkpoint ?? flags.out.replace(/\.json$/i, '') + '.checkpoint.json';
      refuseOutputsOverInputs(trainOutputs(flags, checkpoint, command), [
        { flag: '<data.csv>', path: file },
        ...(flags.labels !== undefined ? [{ flag: '--labels', path: flags.labels }] : []),
        ...(flags.resume !== undefined ? [{ flag: '--resume', path: flags.resume }] : []),
      ] satisfies NamedFile[]);

      const reporter = createReporter(chooseReporterMode(flags.json === true));
      const given = SEARCH_OFF_FLAGS.filter((name) => command.getOptionValueSource(name) === 'cli');
      const search = flags.search && given.length === 0 && flags.resume === undefined;
      if (!search && flags.budget !== undefined) {
        const why = !flags.search ? '--no-search' : flags.resume !== undefined ? '--resume' : `--${given[0]} chooses the settings`;
        reporter.event('notice', `notice: --budget has no effect: there is no search (${why})`, { code: 'BUDGET_UNUSED' });
      }
      try {
        process.exitCode = await untilInterrupted((signal) =>
          runTraining({
            settings,
            columns,
            out: flags.out,
            checkpoint,
            checkpointEvery: flags.checkpointEvery,
            ...(flags.resume !== undefined ? { resume: flags.resume } : {}),
            ...(flags.resume !== undefined && command.getOptionValueSource('epochs') === 'cli' ? { epochsOverride: flags.epochs } : {}),
            ...(flags.report !== undefined ? { report: flags.report } : {}),
            reporter,
            signal,
            threads: flags.threads,
            ...(search ? { search: searchRequest(flags, command) } : {}),
          }),
        );
      } finally {
        reporter.stop();
      }
    });
}

/** The image training defaults (IMAGE_TRAIN_DEFAULTS) of the options left at their table defaults. */
function imageDefaults(defaulted: (option: string) => boolean): Partial<TrainSettings> {
  const option: Record<keyof typeof IMAGE_TRAIN_DEFAULTS, string> = {
    optimizer: 'optimizer',
    learningRate: 'lr',
    schedule: 'schedule',
    epochs: 'epochs',
    batchSize: 'batchSize',
    validation: 'validation',
    patience: 'patience',
    l2: 'l2',
  };
  return Object.fromEntries(Object.entries(IMAGE_TRAIN_DEFAULTS).filter(([key]) => defaulted(option[key as keyof typeof option])));
}

/** `--network`: a name of IMAGE_NETWORKS, or a JSON file whose `layers` (and optional `inputShape`) give the network whole. */
async function readNetworkOption(value: string): Promise<ImageNetworkName | ImageNetworkLayers> {
  if (isImageNetworkName(value)) return value;
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch {
    throw new UsageError(`--network takes ${IMAGE_NETWORKS.join(', ')} or a JSON file of { "layers": [...] }; "${value}" is neither`);
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    throw new NeuriteError('DATA_FORMAT', `--network ${value} is not valid JSON: ${(error as Error).message}`, { file: value });
  }
  const layers = (spec as { layers?: unknown } | null)?.layers;
  if (spec === null || typeof spec !== 'object' || !Array.isArray(layers) || layers.length === 0) {
    throw new NeuriteError(
      'DATA_FORMAT',
      `--network ${value} must hold a JSON object with "layers": [...] (the network's layers, the last one a softmax over the classes)`,
      {
        file: value,
      },
    );
  }
  return spec as ImageNetworkLayers;
}

/** Validates `--image` while the command line is parsed: a bad shape is a usage error (exit code 2). */
function imageShapeText(value: string): string {
  try {
    parseImageShape(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}

function channelCount(value: string): 1 | 3 {
  if (value !== '1' && value !== '3') throw new InvalidArgumentError(`expected 1 (gray) or 3 (RGB), got "${value}"`);
  return Number(value) as 1 | 3;
}

/** `--budget` and `--batch-size` as the search takes them: only when given on the command line. */
function searchRequest(flags: TrainFlags, command: Command): SearchRequest {
  return {
    ...(flags.budget !== undefined ? { budget: flags.budget } : {}),
    ...(command.getOptionValueSource('batchSize') === 'cli' ? { batchSize: flags.batchSize } : {}),
  };
}

function threadCount(value: string): number | 'auto' {
  if (value === 'auto') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected "auto" or a whole number of threads ≥ 1, got "${value}"`);
  return n;
}

/** Validates `--hidden` while the command line is parsed, so that a bad size is a usage error (exit code 2). */
function hiddenSizes(value: string): string {
  try {
    parseHidden(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
  return value;
}

/**
 * Every file a run may write: the model, the report, the checkpoint. The checkpoint may replace the one the
 * run resumed from (read whole before training starts): that is how a resumed run carries on saving.
 */
function trainOutputs(flags: TrainFlags, checkpoint: string, command: Command): OutputFile[] {
  const defaulted = (name: string) => command.getOptionValueSource(name) === 'default';
  return [
    { flag: defaulted('out') ? '-o/--out (default)' : '-o/--out', path: flags.out },
    ...(flags.report !== undefined ? [{ flag: '--report', path: flags.report }] : []),
    { flag: flags.checkpoint === undefined ? '--checkpoint (default: from -o/--out)' : '--checkpoint', path: checkpoint, mayReplace: ['--resume'] },
  ];
}
