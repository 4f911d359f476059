import { basename } from 'node:path';
import { imagesOfIdx, type Images, type ImageSet, type ImageShape } from '../data/image-set.js';
import { imageSetFromTable, imagesFromTable } from '../data/image-table.js';
import { NeuriteError } from '../errors.js';
import type { Model } from '../io/model-file.js';
import { readPngImages } from '../node/read-image-folder.js';
import { readIdxFile } from '../node/read-idx.js';
import { readTableFile } from '../node/read-table-file.js';
import { Matrix } from '../tensor/matrix.js';
import type { ExplainSample } from './explain-sample.js';
import { readLabelledImages, sourceKind } from './image-source.js';
import { encodeTarget } from './model-data.js';
import { UsageError } from './usage-error.js';

/** What `neurite explain` was asked to trace on a model of images. */
export interface ImageSampleRequest {
  /** The images: a PNG file, an IDX images file, a folder of class folders, or CSV pixel rows. */
  source?: string;
  /** `--labels`: the IDX labels that go with an IDX images file. */
  labels?: string;
  /** `--index` (or `--row`): which image, from 1 (as `neurite predict` numbers them). */
  index?: number;
  /** `--image`: the CSV rows' shape; must be the model's when given. */
  image?: ImageShape;
  /** `--target`: the class to differentiate against. */
  target?: string;
}

/**
 * One image for `explain`, scaled as the model file says (x / maxValue), with its target: `--target` when
 * given, else the image's label (IDX with --labels, a class folder, a CSV row's label column), else the class
 * the model predicts (the trace then shows what would make the model surer of its own answer).
 */
export async function imageExplainSample(model: Model, request: ImageSampleRequest): Promise<ExplainSample> {
  const pre = model.preprocessing;
  const shape = pre.image!.shape;
  const path = request.source;
  if (path === undefined) {
    throw new UsageError(
      'neurite explain <model.json> needs an image: <image.png>, <images.idx> --labels <labels.idx> --index <n>, <folder> --index <n>, or <pixels.csv> --index <n>',
      {},
    );
  }
  if (request.image !== undefined && request.image.join('x') !== shape.join('x')) {
    throw new NeuriteError('SHAPE_MISMATCH', `--image ${request.image.join('x')} is not the model's image shape ${shape.join('x')}`, {
      field: 'image',
      expected: [...shape],
      actual: [...request.image],
    });
  }
  const { images, labelled } = await readImages(path, shape, pre.target.name, request.labels);
  const index = request.index ?? 1;
  if (!Number.isInteger(index) || index < 1 || index > images.count) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `--index ${index} is outside ${basename(path)}, which has ${images.count} image(s): images count from 1, as neurite predict numbers them`,
      { field: 'index', expected: `1 … ${images.count}`, actual: index },
    );
  }
  const input = Float64Array.from(pre.transformImages(images, [index - 1], 'float64').data);
  const imageName = images.names?.[index - 1];
  const where = `image ${index} of ${basename(path)}${imageName !== undefined && imageName !== basename(path) ? ` (${imageName})` : ''}`;

  let text: string;
  let from: 'option' | 'label' | 'prediction';
  if (request.target !== undefined) [text, from] = [request.target, 'option'];
  else if (labelled !== null) [text, from] = [labelled.classes[labelled.labels[index - 1]!]!, 'label'];
  else [text, from] = [predictedClass(model, input), 'prediction'];
  const encoded = encodeTarget(pre, text, from === 'option' ? '--target' : where);
  const fromText = { option: 'from --target', label: "the image's label", prediction: 'the predicted class, as no label was given (--target to choose one)' }[
    from
  ];
  const t = pre.target;
  return {
    input,
    target: encoded.vector,
    names: { outputNames: t.task === 'regression' ? [t.name] : pre.outputWidth === 1 ? [t.classes[1]!] : [...t.classes] },
    description: `${where}, scaled x / ${pre.image!.scale}; target ${pre.target.name} = ${encoded.label}, ${fromText}`,
    source: { images: path, index, ...(request.labels !== undefined ? { labels: request.labels } : {}), target: { value: encoded.label, from } },
  };
}

/** The images of `path` and, where the source carries them, their labels. */
async function readImages(path: string, shape: ImageShape, target: string, labels: string | undefined): Promise<{ images: Images; labelled: ImageSet | null }> {
  const kind = await sourceKind(path);
  if (kind === 'png') {
    if (labels !== undefined) throw new UsageError('--labels goes with an IDX images file, not a PNG image', { file: path });
    return { images: await readPngImages([path], shape), labelled: null };
  }
  if (kind === 'folder' || (kind === 'idx' && labels !== undefined)) {
    const { set } = await readLabelledImages(path, { labels, image: shape, target, channels: shape[2] === 3 ? 3 : 1 });
    return { images: set, labelled: set };
  }
  if (kind === 'idx') return { images: imagesOfIdx(await readIdxFile(path), basename(path)), labelled: null };
  const table = await readTableFile(path);
  if (table.columnNames.includes(target)) {
    const set = imageSetFromTable(table, target, { shape });
    return { images: set, labelled: set };
  }
  return { images: imagesFromTable(table, { shape }), labelled: null };
}

function predictedClass(model: Model, input: Float64Array): string {
  const output = model.network.predict(Array.from(input));
  const decoded = model.preprocessing.decode(Matrix.from([output], 'float64'));
  return decoded.task === 'classification' ? decoded.labels[0]! : '';
}
