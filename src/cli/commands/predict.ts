import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { csvRecords } from '../../data/csv.js';
import { predictionColumns } from '../../data/prediction-columns.js';
import type { Predictions } from '../../data/preprocessor.js';
import { predictTable } from '../../model/predict-table.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { readTableFile } from '../../node/read-table-file.js';
import { csvLine } from '../csv-write.js';
import { loadModelFile } from '../load-model.js';
import { parsePath } from '../options.js';
import { refuseOutputsOverInputs } from '../output-guard.js';
import { predictImages } from '../../model/predict-images.js';
import type { Model } from '../../model/parts.js';
import { readImagesToPredict } from '../image-source.js';

interface PredictFlags {
  out?: string;
  json?: boolean;
}

/** Text is handed to standard output in pieces of about this many characters. */
const CHUNK = 1 << 16;

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description(
      'predict raw CSV rows with a model file: the rows come back with the predictions appended; for a model of images: a PNG image, an IDX images file or CSV pixel rows, one line per image',
    )
    .argument('<model.json>', 'a model file written by neurite train (or the playground)', parsePath)
    .argument('<data.csv>', "rows with the model's input columns (the target may be absent); or images, for a model of images", parsePath)
    .option('-o, --out <file>', 'write the CSV (or the JSON lines) here instead of to standard output', parsePath)
    .option('--json', 'JSON lines instead of CSV: one object per row, {"row", "predicted", "probabilities": {label: p}} (values: {"row", "predicted"})')
    .action(async (modelPath: string, dataPath: string, flags: PredictFlags) => {
      if (flags.out !== undefined) {
        refuseOutputsOverInputs(
          [{ flag: '-o/--out', path: flags.out }],
          [
            { flag: '<model.json>', path: modelPath },
            { flag: '<data.csv>', path: dataPath },
          ],
        );
      }
      const model = (await loadModelFile(modelPath)).model!;
      if (model.preprocessing.image) {
        await predictImagesCommand(model, dataPath, flags);
        return;
      }
      const table = await readTableFile(dataPath, model.preprocessing.readOptions());
      const predictions = predictTable(model, table);
      const write = flags.out === undefined ? (text: string) => process.stdout.write(text) : null;
      const { classes, target } = model.preprocessing;
      const lines = flags.json === true ? jsonLines(predictions, classes) : csvWithPredictions(dataPath, predictions, target.name, classes);
      let text = '';
      let rows = 0;
      for await (const line of lines) {
        text += line;
        rows++;
        if (write && text.length > CHUNK) {
          write(text);
          text = '';
        }
      }
      if (write) write(text);
      else {
        await writeFileAtomic(flags.out!, text);
        process.stderr.write(`${flags.json === true ? rows : rows - 1} predictions written to ${flags.out}\n`);
      }
    });
}

/**
 * The data file's rows as they are, each with the predictions appended: `predicted_<target>` and, for a
 * classifier, one `p_<label>` per class (a name the file already has gets a suffix: `predictionColumns`).
 */
async function* csvWithPredictions(dataPath: string, predictions: Predictions, target: string, classes: readonly string[]): AsyncGenerator<string> {
  const labels = predictions.task === 'classification' ? classes : [];
  const added = (i: number): string[] =>
    predictions.task === 'regression' ? [String(predictions.values[i])] : [predictions.labels[i]!, ...predictions.probabilities[i]!.map(String)];
  let index = -1;
  const stream = createReadStream(dataPath, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const record of csvRecords(stream, { file: basename(dataPath) })) {
      if (index < 0) {
        const names = predictionColumns(record.fields, target, labels);
        yield csvLine([...record.fields, names.predicted, ...names.probabilities]);
      } else {
        yield csvLine([...record.fields, ...added(index)]);
      }
      index++;
    }
  } finally {
    stream.destroy();
  }
}

/** One JSON object per data row (counted from 1 after the header): the prediction, and each class's probability. */
function* jsonLines(predictions: Predictions, classes: readonly string[]): Generator<string> {
  if (predictions.task === 'regression') {
    for (let i = 0; i < predictions.values.length; i++) yield JSON.stringify({ row: i + 1, predicted: predictions.values[i] }) + '\n';
    return;
  }
  for (let i = 0; i < predictions.labels.length; i++) {
    // fromEntries defines own properties: a label such as "__proto__" stays a key like any other.
    const probabilities = Object.fromEntries(classes.map((label, c) => [label, predictions.probabilities[i]![c]]));
    yield JSON.stringify({ row: i + 1, predicted: predictions.labels[i], probabilities }) + '\n';
  }
}

/**
 * A model of images: one CSV line per image, `image,predicted_<target>,p_<class>...` (the image's file name,
 * or its number from 1), or with --json one object per image. Written like the table predictions.
 */
async function predictImagesCommand(model: Model, dataPath: string, flags: PredictFlags): Promise<void> {
  const pre = model.preprocessing;
  const images = await readImagesToPredict(dataPath, pre.image!.shape, pre.target.name);
  const predictions = predictImages(model, images);
  if (predictions.task !== 'classification') return;
  const name = (i: number) => images.names?.[i] ?? String(i + 1);
  const lines: string[] = [];
  if (flags.json === true) {
    for (let i = 0; i < images.count; i++) {
      const probabilities = Object.fromEntries(pre.classes.map((label, c) => [label, predictions.probabilities[i]![c]]));
      lines.push(JSON.stringify({ image: name(i), predicted: predictions.labels[i], probabilities }) + '\n');
    }
  } else {
    const names = predictionColumns(['image'], pre.target.name, pre.classes);
    lines.push(csvLine(['image', names.predicted, ...names.probabilities]));
    for (let i = 0; i < images.count; i++) lines.push(csvLine([name(i), predictions.labels[i]!, ...predictions.probabilities[i]!.map(String)]));
  }
  const text = lines.join('');
  if (flags.out === undefined) process.stdout.write(text);
  else {
    await writeFileAtomic(flags.out, text);
    process.stderr.write(`${images.count} predictions written to ${flags.out}\n`);
  }
}
