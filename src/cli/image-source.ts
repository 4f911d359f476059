import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { imagesFromIdx, imagesOfIdx, type Images, type ImageSet, type ImageShape } from '../data/image-set.js';
import { imageSetFromTable, imagesFromTable } from '../data/image-table.js';
import type { Table } from '../data/table.js';
import { NeuriteError } from '../errors.js';
import { isPng } from '../node/png-image.js';
import { readImageFolder } from '../node/read-image-folder.js';
import { isGzip, readIdxFile } from '../node/read-idx.js';
import { readPngImages } from '../node/read-image-folder.js';
import { readTableFile } from '../node/read-table-file.js';
import { UsageError } from './usage-error.js';

/** What a data path on the command line is: a folder of class folders, an IDX file, a PNG image, or CSV text. */
export type SourceKind = 'folder' | 'idx' | 'png' | 'csv';

/**
 * Tells the kind of a data path by looking, not by its name: a folder; a file starting with the PNG
 * signature; one starting with 00 00 (an IDX magic number) or with the gzip magic 1f 8b (IDX as MNIST ships
 * it; CSV files are read uncompressed); anything else is CSV.
 */
export async function sourceKind(path: string): Promise<SourceKind> {
  let handle: fs.FileHandle | undefined;
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) return 'folder';
    handle = await fs.open(path, 'r');
    const head = new Uint8Array(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    const bytes = head.subarray(0, bytesRead);
    if (isPng(bytes)) return 'png';
    if ((bytes.length >= 2 && bytes[0] === 0 && bytes[1] === 0) || isGzip(bytes)) return 'idx';
    return 'csv';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Leave the error to the reader, which says it in its own words.
    if (code === 'ENOENT' || code === 'EACCES') return 'csv';
    throw error;
  } finally {
    await handle?.close();
  }
}

/** How to read labelled images from the command line's flags. */
export interface ImageSourceFlags {
  /** `--labels`: the IDX labels file that goes with an IDX images file. */
  labels?: string | undefined;
  /** `--image`: the shape of a CSV file's pixel rows. */
  image?: ImageShape | undefined;
  /** `--target`: a CSV file's label column. */
  target?: string | undefined;
  /** `--channels`: how to read a folder of PNG images. */
  channels?: 1 | 3 | undefined;
}

/**
 * Labelled images from a data path: a folder of class folders of PNG images, an IDX images file with
 * `--labels`, or a CSV file of pixel rows with `--image HxWxC` and `--target`. A path of another kind, or a
 * flag missing, is a usage error saying what to add. `table` (CSV only) is the file as read.
 */
export async function readLabelledImages(path: string, flags: ImageSourceFlags): Promise<{ set: ImageSet; kind: SourceKind; table: Table | null }> {
  const kind = await sourceKind(path);
  if (kind === 'folder') return { set: await readImageFolder(path, flags.channels ? { channels: flags.channels } : {}), kind, table: null };
  if (kind === 'idx') {
    if (flags.labels === undefined) {
      throw new UsageError(`${basename(path)} is an IDX file: give the labels that go with its images, --labels <idx-labels file>`, { file: path });
    }
    const [images, labels] = [await readIdxFile(path), await readIdxFile(flags.labels)];
    return { set: imagesFromIdx(images, labels, { images: basename(path), labels: basename(flags.labels) }), kind, table: null };
  }
  if (kind === 'png') {
    throw new UsageError(`${basename(path)} is one PNG image; to learn from images give a folder with one sub-folder of PNG images per class`, { file: path });
  }
  if (flags.image === undefined || flags.target === undefined) {
    throw new UsageError(`${basename(path)} is read as CSV: for rows of pixel values give --image HxWxC (e.g. 8x8x1) and --target <label column>`, {
      file: path,
    });
  }
  const table = await readTableFile(path);
  return { set: imageSetFromTable(table, flags.target, { shape: flags.image }), kind, table };
}

/**
 * Images to predict with a model that reads images of `shape`: one PNG image, an IDX images file, or a CSV
 * file of pixel rows (the model's target column, when there, is left out). Each image gets a name: the
 * PNG's file name, else its 1-based number.
 */
export async function readImagesToPredict(path: string, shape: ImageShape, target: string): Promise<Images> {
  const kind = await sourceKind(path);
  if (kind === 'png') return readPngImages([path], shape);
  if (kind === 'idx') return imagesOfIdx(await readIdxFile(path), basename(path));
  if (kind === 'folder') {
    throw new NeuriteError('UNSUPPORTED', `${path} is a folder; predict takes one PNG image, an IDX images file or a CSV file of pixel rows`, { file: path });
  }
  const table = await readTableFile(path);
  return imagesFromTable(table, { shape, ignore: [target] });
}
