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

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description("a model's loss and metrics on labelled CSV rows")
    .argument('<model.json>', 'a model file', parsePath)
    .argument('<data.csv>', 'rows with the input columns and the target column', parsePath)
    .option('--json', 'print one JSON object: rows, loss, and accuracy (classes) or r2, mae, rmse (values)')
    .action(async (modelPath: string, dataPath: string, flags: { json?: boolean }) => {
      const loaded = await loadModelFile(modelPath);
      const model = loaded.model!;
      const pre = model.preprocessing;
      const table = await readTableFile(dataPath, pre.readOptions('include'));
      const dtype = model.network.dtype;
      const x = pre.transform(table, undefined, { dtype });
      const y = pre.transformTarget(table, undefined, dtype);
      const loss = evaluate(model.network, x, y, { loss: chooseLoss(loaded).loss }).loss;
      const out: Record<string, unknown> = { rows: x.rows, loss };
      let text = `${basename(dataPath)}: ${x.rows} rows  loss ${loss.toFixed(4)}`;
      if (pre.task === 'classification') {
        const report = classificationReport(pre.targetIndices(table), predictClasses(model.network, x), pre.classes.length);
        Object.assign(out, {
          accuracy: report.accuracy,
          macro: report.macro,
          classes: report.classes.map((c, i) => ({ label: pre.classes[i], ...c })),
          confusion: { labels: pre.classes, matrix: report.confusion },
        });
        text += `  accuracy ${report.accuracy.toFixed(4)}\n${classificationTable(report, pre.classes)}\n${confusionTable(report.confusion, pre.classes)}`;
      } else {
        const truth = pre.targetValues(table);
        const predicted = pre.inverseTarget(model.network.forward(x).clone());
        const metrics = { r2: r2Score(truth, predicted), mae: meanAbsoluteError(truth, predicted), rmse: rootMeanSquaredError(truth, predicted) };
        Object.assign(out, metrics);
        text += `  r2 ${metrics.r2.toFixed(4)}  mae ${metrics.mae.toPrecision(5)}  rmse ${metrics.rmse.toPrecision(5)}`;
      }
      process.stdout.write(flags.json ? JSON.stringify(out) + '\n' : text + '\n');
    });
}
