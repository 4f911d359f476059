import { basename } from 'node:path';
import type { Command } from 'commander';
import { classificationReport } from '../../metrics/classification.js';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from '../../metrics/regression.js';
import { readTableFile } from '../../node/read-table-file.js';
import { evaluate, predictClasses } from '../../train/evaluate.js';
import { loadModelFile } from '../load-model.js';
import { chooseLoss } from '../model-loss.js';
import { parsePath } from '../options.js';
import { classificationTable, confusionTable } from '../training/summary.js';
import type { Table } from '../../data/table.js';
import { toClassIndices } from '../../metrics/labels.js';
import type { Matrix } from '../../tensor/matrix.js';
import { readLabelledImages } from '../image-source.js';
import { isSeriesModelFile } from '../series/load-series-model.js';
import { evaluateSeries } from '../series/series-evaluate.js';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      "a model's loss and metrics on labelled CSV rows, or on labelled images for a model of images; a forecaster's errors on every window of a series",
    )
    .argument('<model.json>', 'a model file', parsePath)
    .argument(
      '<data.csv>',
      'rows with the input columns and the target column; for a model of images: an IDX images file (with --labels), a folder of class folders of PNG images, or CSV pixel rows with the label column',
      parsePath,
    )
    .option('--labels <idx-labels>', 'the IDX labels file that goes with an IDX images file', parsePath)
    .option('--json', 'print one JSON object: rows, loss, and accuracy (classes) or r2, mae, rmse (values)')
    .option('--sort-dates', 'a forecaster: sort the rows by date instead of refusing a file out of order')
    .action(async (modelPath: string, dataPath: string, flags: { json?: boolean; labels?: string; sortDates?: boolean }) => {
      if (await isSeriesModelFile(modelPath)) return evaluateSeries(modelPath, dataPath, flags);
      const loaded = await loadModelFile(modelPath);
      const model = loaded.model!;
      const pre = model.preprocessing;
      const dtype = model.network.dtype;
      let table: Table | null = null;
      let x: Matrix;
      let y: Matrix;
      let truth: () => Int32Array;
      if (pre.image) {
        const shape = pre.image.shape;
        const { set } = await readLabelledImages(dataPath, { labels: flags.labels, image: shape, target: pre.target.name, channels: shape[2] === 3 ? 3 : 1 });
        x = pre.transformImages(set, undefined, dtype);
        y = pre.transformImageTargets(set, undefined, dtype);
        truth = () => toClassIndices(y);
      } else {
        const rows = await readTableFile(dataPath, pre.readOptions('include'));
        table = rows;
        x = pre.transform(rows, undefined, { dtype });
        y = pre.transformTarget(rows, undefined, dtype);
        truth = () => pre.targetIndices(rows);
      }
      const loss = evaluate(model.network, x, y, { loss: chooseLoss(loaded).loss }).loss;
      const out: Record<string, unknown> = { rows: x.rows, loss };
      let text = `${basename(dataPath)}: ${x.rows} ${pre.image ? 'images' : 'rows'}  loss ${loss.toFixed(4)}`;
      if (pre.task === 'classification') {
        const report = classificationReport(truth(), predictClasses(model.network, x), pre.classes.length);
        Object.assign(out, {
          accuracy: report.accuracy,
          macro: report.macro,
          classes: report.classes.map((c, i) => ({ label: pre.classes[i], ...c })),
          confusion: { labels: pre.classes, matrix: report.confusion },
        });
        text += `  accuracy ${report.accuracy.toFixed(4)}\n${classificationTable(report, pre.classes)}\n${confusionTable(report.confusion, pre.classes)}`;
      } else {
        const values = pre.targetValues(table!);
        const predicted = pre.inverseTarget(model.network.forward(x).clone());
        const metrics = { r2: r2Score(values, predicted), mae: meanAbsoluteError(values, predicted), rmse: rootMeanSquaredError(values, predicted) };
        Object.assign(out, metrics);
        text += `  r2 ${metrics.r2.toFixed(4)}  mae ${metrics.mae.toPrecision(5)}  rmse ${metrics.rmse.toPrecision(5)}`;
      }
      process.stdout.write(flags.json ? JSON.stringify(out) + '\n' : text + '\n');
    });
}
