import { basename } from 'node:path';
import type { Preprocessor } from '../../data/preprocessor.js';
import type { PreparedDataset } from '../../data/prepare.js';
import type { Network } from '../../nn/network.js';
import { convPictures, type ReportSample } from '../../report/conv-sections.js';
import { reportLayers } from '../../report/layer-table.js';
import type { ReportInput } from '../../report/report.js';
import type { EpochLog } from '../../train/fit.js';
import type { FinalMetrics } from './final-metrics.js';
import type { TrainSettings } from './settings.js';

/**
 * The HTML report of a finished `neurite train` run (`--report`): curves, architecture, settings, metrics;
 * for a network with layers other than dense ones, a table of every layer; for one that starts with a
 * convolution, its filters and the feature maps of `sample` (see {@link reportSample}).
 */
export function trainingReportInput(
  settings: TrainSettings,
  pre: Preprocessor,
  network: Network,
  history: EpochLog[],
  training: { loss: string; learningRate: number },
  final: FinalMetrics,
  sample?: ReportSample | null,
): ReportInput {
  // A table's network (dense layers, maybe dropout) is drawn; any other (an image network) is tabulated.
  const allDense = network.layers.every((layer) => layer.type === 'dense' || layer.type === 'dropout');
  const convolution = sample ? convPictures(network, sample, pre.classes) : null;
  return {
    title: `neurite: ${basename(settings.data)} → ${settings.target}`,
    history,
    architecture: {
      inputs: pre.featureNames,
      layers: network.layers.flatMap((layer) => {
        const json = layer.toJSON();
        return json.type === 'dense'
          ? [{ units: layer.outputSize, activation: (json['activation'] as { name: string }).name, weights: json['weights'] as number[] }]
          : [];
      }),
      ...(allDense ? {} : { table: { inputShape: [...network.inputShape], layers: reportLayers(network) } }),
    },
    ...(convolution ? { convolution } : {}),
    settings: {
      data: basename(settings.data),
      target: settings.target,
      task: pre.task,
      ...(allDense ? { hidden: settings.hidden.join(',') || 'none', activation: settings.activation } : {}),
      loss: training.loss,
      optimizer: settings.optimizer,
      'learning rate': training.learningRate,
      epochs: history.length,
      'batch size': settings.batchSize,
      l2: settings.l2,
      seed: settings.seed,
    },
    summary: Object.fromEntries(Object.entries(final.metrics).map(([k, v]) => [`${final.split} ${k}`, v])),
    ...(final.confusion ? { confusion: { labels: pre.classes, matrix: final.confusion, split: final.split } } : {}),
  };
}

/**
 * The sample whose feature maps the report draws: the first held-out image (test, else validation), else
 * the first training image, with its true class; null for data that is not images.
 */
export function reportSample(data: PreparedDataset): ReportSample | null {
  if (data.preprocessor.image === null) return null;
  const [split, name] = data.test ? [data.test, 'test'] : data.validation ? [data.validation, 'validation'] : [data.train, 'training'];
  const y = Array.from(split.y.rowView(0));
  const label = data.preprocessor.classes[y.indexOf(Math.max(...y))];
  return { values: Array.from(split.x.rowView(0)), name: `image ${split.rows[0]! + 1} (${name} split)`, ...(label !== undefined ? { label } : {}) };
}
