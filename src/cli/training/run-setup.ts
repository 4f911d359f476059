import { basename } from 'node:path';
import type { PreparedDataset } from '../../data/prepare.js';
import type { Table } from '../../data/table.js';
import type { ColumnOverride } from '../../data/table-builder.js';
import { NeuriteError } from '../../errors.js';
import { chooseLearningRate as chooseRate, mostlyNumericTypo, prepareTrainingData, tooFewToHoldOut } from '../../model/training-steps.js';
import type { Network } from '../../nn/network.js';
import { readTableFile } from '../../node/read-table-file.js';
import type { TrainingReporter } from '../reporter.js';
import { readCheckpoint, type Checkpoint } from './checkpoint.js';
import type { TrainRun } from './run.js';
import type { TrainSettings } from './settings.js';
import { parseImageShape } from '../../data/image-set.js';
import { prepareImageTraining } from '../../model/train-image-model.js';
import { MIN_ROWS_TO_HOLD_OUT } from '../../model/train-options.js';
import { readLabelledImages, sourceKind } from '../image-source.js';

// The steps of `neurite train` before the first epoch: settings, data, learning rate.

/** The settings of the run: the command line's, or with `--resume` the checkpoint's (same target required). */
export async function resumeSettings(run: TrainRun): Promise<{ resumed: Checkpoint | null; settings: TrainSettings }> {
  const resumed = run.resume ? await readCheckpoint(run.resume) : null;
  const settings: TrainSettings = resumed
    ? {
        ...resumed.settings,
        data: run.settings.data,
        ...(run.settings.labels !== undefined ? { labels: run.settings.labels } : {}),
        ...(run.epochsOverride ? { epochs: run.epochsOverride } : {}),
      }
    : run.settings;
  if (resumed && resumed.settings.target !== run.settings.target) {
    throw new NeuriteError('INVALID_ARGUMENT', `The checkpoint was trained on target "${resumed.settings.target}", not "${run.settings.target}"`);
  }
  return { resumed, settings };
}

/**
 * The run's data, read and encoded by its kind: a CSV table (`table` is then the file as read), or labelled
 * images (an IDX pair, a folder of class folders of PNG images, a CSV file of pixel rows with `--image`),
 * split and scaled as `trainImageModel` does (`table` null: the metrics of classes need none).
 */
export async function loadTrainingData(
  settings: TrainSettings,
  columns: Record<string, ColumnOverride>,
  resumed: Checkpoint | null,
  reporter: TrainingReporter,
): Promise<{ table: Table | null; data: PreparedDataset }> {
  if (settings.image === undefined && (await sourceKind(settings.data)) === 'csv') {
    const table = await readTrainingTable(settings.data, columns);
    return { table, data: prepareData(table, settings, resumed, reporter) };
  }
  const image = settings.image === undefined ? undefined : parseImageShape(settings.image);
  const { set } = await readLabelledImages(settings.data, { labels: settings.labels, image, target: settings.target, channels: settings.channels });
  reporter.event(
    'images',
    `${set.count} images of ${set.shape.join('x')} (height x width x channels), ${set.classes.length} classes: ${set.classes.slice(0, 12).join(', ')}${set.classes.length > 12 ? ', …' : ''}`,
    {
      images: set.count,
      shape: [...set.shape],
      classes: set.classes,
    },
  );
  if (set.count < MIN_ROWS_TO_HOLD_OUT && (settings.validation > 0 || settings.test > 0)) {
    reporter.event(
      'notice',
      `notice: ${set.count} images is too few to hold any out: training on all of them, and the final metrics are on the training images`,
    );
  }
  const data = prepareImageTraining(set, settings);
  checkResumedData(data, settings, resumed);
  return { table: null, data };
}

/** Reads the CSV file; a column of numbers with a stray text is refused (almost always a typo; one typed by hand has no notice). */
export async function readTrainingTable(file: string, columns: Record<string, ColumnOverride>): Promise<Table> {
  const table = await readTableFile(file, { columns });
  const typo = mostlyNumericTypo(table);
  if (typo) {
    throw new NeuriteError('CSV_SCHEMA', `${typo.message}; to read it as categories, pass --categorical ${typo.column}`, {
      file: basename(file),
      field: typo.column,
    });
  }
  return table;
}

/**
 * Splits and encodes the table as the library does (a table too small to hold rows out trains on all of
 * them: here with a notice). A resumed run must see the data its checkpoint was trained on: the same fitted
 * preprocessing.
 */
export function prepareData(table: Table, settings: TrainSettings, resumed: Checkpoint | null, reporter: TrainingReporter): PreparedDataset {
  if (tooFewToHoldOut(table) && (settings.validation > 0 || settings.test > 0)) {
    reporter.event(
      'notice',
      `notice: ${table.rowCount} rows is too few to hold any out: training on all of them, and the final metrics are on the training rows`,
    );
  }
  const data = prepareTrainingData(table, settings);
  for (const notice of data.notices) reporter.event('notice', `notice: ${notice.message}`, { code: notice.code, column: notice.column });
  checkResumedData(data, settings, resumed);
  return data;
}

/** A resumed run must see the data its checkpoint was trained on: the same fitted preprocessing. */
function checkResumedData(data: PreparedDataset, settings: TrainSettings, resumed: Checkpoint | null): void {
  if (resumed && JSON.stringify(resumed.model.preprocessing.toJSON()) !== JSON.stringify(data.preprocessor.toJSON())) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${basename(settings.data)} is not the data the checkpoint was trained on (its preprocessing differs); resume with the same file`,
    );
  }
}

/**
 * The learning rate: the one asked for, or with `--lr auto` the finder's suggestion, reported. A resumed run
 * keeps the rate its checkpoint stores, so the finder is not run again.
 */
export async function chooseLearningRate(
  network: Network,
  data: PreparedDataset,
  settings: TrainSettings,
  loss: string,
  reporter: TrainingReporter,
): Promise<number> {
  const { learningRate, finder } = await chooseRate(network, data, settings, loss);
  if (!finder) return learningRate;
  reporter.event('lr', `learning-rate finder: ${finder.curve.length} steps, suggested rate ${finder.suggestion.toPrecision(3)}`, {
    suggestion: finder.suggestion,
  });
  return learningRate;
}
