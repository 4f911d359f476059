import { basename } from 'node:path';
import type { Preprocessor } from '../../data/preprocessor.js';
import type { Network } from '../../nn/network.js';
import type { ReportInput } from '../../report/report.js';
import type { EpochLog } from '../../train/fit.js';
import type { FinalMetrics } from './final-metrics.js';
import type { TrainSettings } from './settings.js';

/** The HTML report of a finished `neurite train` run (`--report`): curves, architecture, settings, metrics. */
export function trainingReportInput(
  settings: TrainSettings,
  pre: Preprocessor,
  network: Network,
  history: EpochLog[],
  training: { loss: string; learningRate: number },
  final: FinalMetrics,
): ReportInput {
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
    },
    settings: {
      data: basename(settings.data),
      target: settings.target,
      task: pre.task,
      hidden: settings.hidden.join(',') || 'none',
      activation: settings.activation,
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
