import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EpochLog } from '../src/index.js';
import { writeReport } from '../src/report/report.js';
import { prepareData } from '../playground/src/engine/datasets.js';
import { playgroundReport } from '../playground/src/engine/exports.js';
import { modelFileText, readModelFile, trainedFor } from '../playground/src/engine/model-file.js';
import { defaultSettings, type Settings } from '../playground/src/engine/settings.js';
import { trainerConfig } from '../playground/src/engine/setup.js';
import { Trainer, type TrainerConfig, type TrainerProgress, type TrainerStatus } from '../playground/src/engine/trainer.js';

// Runs of the playground's engine as the page makes them: where a run stands when it is exported, and
// what the default setup teaches.

/** A Trainer whose status changes can be awaited. */
function trainer(config: TrainerConfig) {
  const progress: TrainerProgress[] = [];
  let waiting: { status: TrainerStatus; resolve: () => void } | null = null;
  const t = new Trainer(config, {
    progress: (p) => progress.push(p),
    status: (s) => {
      if (waiting && (s === waiting.status || s === 'error')) waiting.resolve();
    },
  });
  const until = (action: () => void, status: TrainerStatus) =>
    new Promise<void>((resolve) => {
      waiting = { status, resolve };
      action();
    });
  return { t, progress, until };
}

test('paused within an epoch, the model file, the report and the curves say how far, with the status bar numbers', async () => {
  const s: Settings = { ...defaultSettings(), data: 'spirals', size: 60, hidden: [5], batchSize: 8, validation: 0.25, epochs: 2 };
  const data = prepareData(s);
  const { t, progress, until } = trainer(trainerConfig(s, data));
  await until(() => t.train(), 'done');
  for (let i = 0; i < 3; i++) await until(() => t.step(), 'paused');
  // 45 training rows in batches of 8: 6 batches an epoch; two epochs and three batches are done.
  assert.deepEqual(t.position(), { epochs: 2, batch: 3, batchesPerEpoch: 6 });
  const shown = progress.at(-1)!;
  assert.deepEqual([shown.epoch, shown.batch, shown.batchesPerEpoch], [2, 3, 6]);
  const measurement = t.measure();
  assert.deepEqual(shown.measurement.train, measurement.train, 'the status bar shows the weights as they are');

  const run = { ...t.position(), history: t.history, measurement };
  assert.equal(trainedFor(run), '2 epochs and 3 of 6 batches');
  assert.equal(trainedFor({ epochs: 1, batch: 0, batchesPerEpoch: 6 }), '1 epoch');
  const text = modelFileText(t.network, data, s, run);
  const training = readModelFile(text, 'model.json').model.training;
  assert.deepEqual([training.epochs, training['batches'], training['batchesPerEpoch']], [2, 3, 6]);
  assert.deepEqual(training.metrics, { train: measurement.train, validation: measurement.validation }, "the file's scores are its weights'");

  const report = playgroundReport(t.network, data, s, run);
  assert.equal(report.history.length, 3, 'two epochs and the point within the third');
  assert.deepEqual(report.history.at(-1), {
    epoch: 2,
    at: 2.5,
    loss: measurement.train.loss,
    metrics: { accuracy: measurement.train.accuracy },
    valLoss: measurement.validation!.loss,
    valMetrics: { accuracy: measurement.validation!.accuracy },
  });
  assert.equal(report.summary!['training accuracy'], measurement.train.accuracy);
  assert.equal(report.summary!['validation loss'], measurement.validation!.loss);
  assert.equal(report.summary!['batches of epoch 3 (of 6)'], 3);
  const html = writeReport(report);
  assert.match(html, /<p>2\.5 epochs\.<\/p>/);
  assert.match(html, new RegExp(`data-series="training accuracy" data-last="${measurement.train.accuracy}"`));
});

/** Means over the last fifth of a run, and the mean validation loss of the fifth before the last two. */
function tail(history: readonly EpochLog[]) {
  const fifth = Math.floor(history.length / 5);
  const mean = (logs: readonly EpochLog[], pick: (h: EpochLog) => number) => logs.reduce((sum, h) => sum + pick(h), 0) / logs.length;
  const last = history.slice(-fifth);
  const middle = history.slice(2 * fifth, 3 * fifth);
  return {
    trainAccuracy: mean(last, (h) => h.metrics.accuracy!),
    valAccuracy: mean(last, (h) => h.valMetrics!.accuracy!),
    trainLoss: mean(last, (h) => h.loss),
    valLoss: mean(last, (h) => h.valLoss!),
    middleValLoss: mean(middle, (h) => h.valLoss!),
  };
}

test('the default spirals setup shows a network that generalizes: validation keeps up with training', async () => {
  // 500 epochs of the page's defaults with spirals picked (the seeds are the defaults'). Before the defaults
  // changed (200 points, no penalty) the last fifth averaged 98.7% training and 80.5% validation accuracy,
  // and the validation loss rose from 0.52 (epochs 201–300) to 0.69 (epochs 401–500).
  const s: Settings = { ...defaultSettings(), data: 'spirals', epochs: 500 };
  const { t, until } = trainer(trainerConfig(s, prepareData(s)));
  await until(() => t.train(), 'done');
  assert.equal(t.status, 'done');
  assert.equal(t.history.length, 500);
  const m = tail(t.history);
  const figures = JSON.stringify(m);
  assert.ok(m.valAccuracy >= 0.93, `validation accuracy ${figures}`);
  assert.ok(m.trainAccuracy - m.valAccuracy <= 0.05, `validation within 5 points of training ${figures}`);
  assert.ok(m.valLoss <= 2 * m.trainLoss, `validation loss near training loss ${figures}`);
  assert.ok(m.valLoss <= m.middleValLoss, `validation loss not climbing ${figures}`);
});
