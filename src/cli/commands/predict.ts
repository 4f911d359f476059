import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { csvRecords } from '../../data/csv.js';
import { predictTable } from '../../model/predict-table.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { readTableFile } from '../../node/read-table-file.js';
import { csvLine } from '../csv-write.js';
import { loadModelFile } from '../load-model.js';

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('predict raw CSV rows with a model file: the rows come back with the predictions appended')
    .argument('<model.json>', 'a model file written by neurite train (or the playground)')
    .argument('<data.csv>', "rows with the model's input columns (the target may be absent)")
    .option('-o, --out <file>', 'write the CSV here instead of to standard output')
    .action(async (modelPath: string, dataPath: string, flags: { out?: string }) => {
      const model = (await loadModelFile(modelPath)).model!;
      const table = await readTableFile(dataPath, model.preprocessing.readOptions());
      const predictions = predictTable(model, table);
      // Appended to each row: the predicted label and each class's probability, or the predicted value.
      const classes = model.preprocessing.classes;
      const columns =
        predictions.task === 'regression'
          ? { header: [`predicted_${model.preprocessing.target.name}`], row: (i: number) => [String(predictions.values[i])] }
          : {
              header: [`predicted_${model.preprocessing.target.name}`, ...classes.map((label) => `p_${label}`)],
              row: (i: number) => [predictions.labels[i]!, ...predictions.probabilities[i]!.map(String)],
            };
      let text = '';
      let index = -1;
      const stream = createReadStream(dataPath, { encoding: 'utf8', highWaterMark: 1 << 20 });
      try {
        for await (const record of csvRecords(stream, { file: basename(dataPath) })) {
          text += csvLine(index < 0 ? [...record.fields, ...columns.header] : [...record.fields, ...columns.row(index)]);
          index++;
          if (!flags.out && text.length > 1 << 16) {
            process.stdout.write(text);
            text = '';
          }
        }
      } finally {
        stream.destroy();
      }
      if (flags.out) {
        await writeFileAtomic(flags.out, text);
        process.stderr.write(`${index} predictions written to ${flags.out}\n`);
      } else {
        process.stdout.write(text);
      }
    });
}
