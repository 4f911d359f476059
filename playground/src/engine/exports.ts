import { Matrix, NeuriteError, type FloatArray, type Network } from '../../../src/index.js';
import { appendedColumnNames, predictionColumns } from '../../../src/data/prediction-columns.js';
import { classificationReport } from '../../../src/metrics/classification.js';
import type { Images } from '../../../src/data/index.js';
import { convPictures, type ReportSample } from '../../../src/report/conv-sections.js';
import { reportLayers } from '../../../src/report/layer-table.js';
import type { ReportEpoch, ReportInput } from '../../../src/report/report.js';
import type { PreparedData } from './datasets.js';
import type { PreparedImages } from './images.js';
import { measuredEpoch, type Measurement } from './measure.js';
import type { PlaygroundRun } from './model-file.js';
import type { Settings } from './settings.js';
import { lossFor, type Encoded } from './setup.js';

/** A CSV field, quoted when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The class each row is predicted as, and one probability per class: the network's outputs for every data
 * row (from the worker's measurement) decoded by the data's preprocessing, as `neurite predict` decodes them.
 */
export function decodeRows(data: PreparedData, outputs: FloatArray): { probabilities: number[][]; predicted: number[] } {
  const width = data.preprocessor.outputWidth;
  const decoded = data.preprocessor.decode(new Matrix(outputs.length / width, width, outputs));
  if (decoded.task !== 'classification') throw new NeuriteError('UNSUPPORTED', 'The playground classifies; this preprocessing is for regression');
  return { probabilities: decoded.probabilities, predicted: Array.from(decoded.indices) };
}

/**
 * The data with the page's predictions: the raw input columns (named as in the model file, so the CSV can be
 * fed back to `neurite predict`), the target, the split, then the columns `neurite predict` appends:
 * `predicted_<target>` and `p_<label>` per class (`predictionColumns`: a name the data has gets a suffix).
 */
export function predictionsCsv(data: PreparedData, outputs: FloatArray): string {
  const { probabilities, predicted } = decodeRows(data, outputs);
  const header = [...data.inputNames, data.targetName];
  header.push(...appendedColumnNames(header, ['split']));
  const added = predictionColumns(header, data.targetName, data.labels);
  const lines = [[...header, added.predicted, ...added.probabilities].map(csvField).join(',')];
  data.raw.forEach((row, i) => {
    lines.push(
      [
        String(row[0]),
        String(row[1]),
        csvField(data.labels[data.classes[i]!]!),
        data.isValidation[i] ? 'validation' : 'training',
        csvField(data.labels[predicted[i]!]!),
        ...probabilities[i]!.map(String),
      ].join(','),
    );
  });
  return lines.join('\n') + '\n';
}

/**
 * The same report `neurite train --report` writes, for the page's current run. Its numbers are the page's:
 * the curves are the epoch logs the page draws, plus, when paused within an epoch, a last point for the
 * weights as they are (at the fraction of the epoch done); the result table is the status bar's measurement.
 */
export function playgroundReport(network: Network, data: PreparedData, settings: Settings, run: PlaygroundRun & { measurement: Measurement }): ReportInput {
  const { predicted } = decodeRows(data, run.measurement.outputs);
  const hasValidation = data.isValidation.some(Boolean);
  const rows = data.classes.map((_, i) => i).filter((i) => data.isValidation[i] === hasValidation);
  const { confusion: matrix, macro } = classificationReport(
    rows.map((i) => data.classes[i]!),
    rows.map((i) => predicted[i]!),
    data.labels.length,
  );
  const { history, summary } = runRecord(run);
  summary[`${hasValidation ? 'validation' : 'training'} macro F1`] = macro.f1;
  const json = network.toJSON();
  return {
    title: `neurite playground: ${settings.data}`,
    history,
    architecture: {
      inputs: data.inputNames,
      layers: json.layers.map((l) => ({
        units: l.units as number,
        activation: (l.activation as { name: string }).name,
        weights: l.weights as number[],
      })),
    },
    settings: {
      data: settings.data === 'csv' ? `CSV (${data.inputNames.join(', ')} → ${data.targetName})` : settings.data,
      rows: data.raw.length,
      'validation rows': data.isValidation.filter(Boolean).length,
      ...(settings.data === 'csv' || settings.data === 'gender' ? {} : { noise: settings.noise, 'data seed': settings.dataSeed }),
      'hidden layers': settings.hidden.length ? settings.hidden.join(', ') : 'none',
      activation: settings.activation,
      ...trainingSettings(settings, data),
    },
    summary,
    confusion: { labels: data.labels, matrix, split: hasValidation ? 'validation' : 'training' },
  };
}

/**
 * The image mode's report: the curves and the status bar's numbers as in {@link playgroundReport}, every
 * layer of the CNN, its first-layer filters, and the feature maps of `drawing` (the pad as the network read
 * it), or of the first held-out image when nothing is drawn.
 */
export function imageReport(network: Network, images: PreparedImages, settings: Settings, run: PlaygroundRun, drawing: Images | null): ReportInput {
  const { history, summary } = runRecord(run);
  const held = images.data.validation ?? images.data.train;
  const index = held.rows[0]!;
  const sample: ReportSample = drawing
    ? { values: images.preprocessor.transformImages(drawing, undefined, network.dtype).data, name: 'the drawing on the page' }
    : { values: held.x.rowView(0), name: `image ${index + 1} of the set`, label: images.set.classes[images.set.labels[index]!]! };
  const convolution = convPictures(network, sample, images.labels);
  return {
    title: 'neurite playground: shapes (images)',
    history,
    architecture: { inputs: [], layers: [], table: { inputShape: [...network.inputShape], layers: reportLayers(network) } },
    ...(convolution ? { convolution } : {}),
    settings: {
      data: `shapes, ${images.set.count} images of ${images.set.shape.join(' × ')}`,
      'validation images': images.data.validation?.rows.length ?? 0,
      noise: settings.noise,
      'data seed': settings.dataSeed,
      ...trainingSettings(settings, images),
    },
    summary,
  };
}

/** The curves' points and the result table of a run: each epoch's log, plus the weights as they are when paused within an epoch. */
function runRecord(run: PlaygroundRun): { history: ReportEpoch[]; summary: Record<string, number> } {
  const { train, validation } = run.measurement;
  const history: ReportEpoch[] = [...run.history];
  if (run.batch > 0) history.push({ ...measuredEpoch(run.epochs, run.measurement), at: run.epochs + run.batch / run.batchesPerEpoch });
  const summary: Record<string, number> = { epochs: run.epochs };
  if (run.batch > 0) summary[`batches of epoch ${run.epochs + 1} (of ${run.batchesPerEpoch})`] = run.batch;
  if (run.epochs > 0 || run.batch > 0) {
    summary['training loss'] = train.loss;
    summary['training accuracy'] = train.accuracy;
    if (validation) {
      summary['validation loss'] = validation.loss;
      summary['validation accuracy'] = validation.accuracy;
    }
  }
  return { history, summary };
}

/** The training settings both modes share. */
function trainingSettings(settings: Settings, data: Encoded): Record<string, string | number> {
  return {
    loss: lossFor(settings, data),
    optimizer: settings.optimizer,
    'learning rate': settings.learningRate,
    'batch size': settings.batchSize,
    regularization: settings.regularization === 'none' ? 'none' : `${settings.regularization} (${settings.regularizationRate})`,
    seed: settings.seed,
  };
}
