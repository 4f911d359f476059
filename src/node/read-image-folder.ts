// Node-only: a folder with one sub-folder per class of PNG images, as labelled images.
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import type { Images, ImageSet } from '../data/image-set.js';
import { compareText } from '../data/task.js';
import { NeuriteError } from '../errors.js';
import { decodePng, isGray, readPngHeader, type PngHeader } from './png-image.js';
import { readBytes } from './read-idx.js';

/** Options of {@link readImageFolder}. */
export interface ImageFolderOptions {
  /** 1 (gray) or 3 (RGB); default 1 when every image is gray, else 3. */
  channels?: 1 | 3;
}

/** The most bytes one PNG file may be (64 MiB). */
const MAX_PNG_BYTES = 64 << 20;

/**
 * Reads `folder/<class>/<image>.png`: the sub-folders are the classes, in sorted order; every file in them
 * must be a PNG image (hidden files, such as .DS_Store, are skipped), all of one size. Each image is checked
 * by its header before any is decoded: a file that is not a PNG, an image too large, or one whose size
 * differs from the first (both sizes and files named) stops the reading; so do a class folder with no
 * image and a folder with no class folder. Values are raw 8-bit (0–255), gray or RGB (see `decodePng`).
 */
export async function readImageFolder(folder: string, options: ImageFolderOptions = {}): Promise<ImageSet> {
  const name = basename(folder);
  const classes = (await entries(folder))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort(compareText);
  if (classes.length === 0) {
    throw new NeuriteError(
      'DATA_FORMAT',
      `${folder} has no class folders: an image folder holds one sub-folder per class (${name}/cat/1.png, ${name}/dog/2.png, ...)`,
      {
        file: folder,
      },
    );
  }
  if (classes.length < 2) {
    throw new NeuriteError('DATA_FORMAT', `${folder} has one class folder (${classes[0]}); classification needs at least two`, { file: folder });
  }
  const files: { path: string; name: string; label: number; bytes: Uint8Array; header: PngHeader }[] = [];
  for (const [label, cls] of classes.entries()) {
    const dir = join(folder, cls);
    const listed = (await entries(dir)).filter((e) => !e.name.startsWith('.')).sort((a, b) => compareText(a.name, b.name));
    const nested = listed.find((e) => e.isDirectory());
    if (nested) {
      throw new NeuriteError('DATA_FORMAT', `${join(name, cls, nested.name)} is a folder; a class folder holds PNG images only`, {
        file: join(dir, nested.name),
      });
    }
    if (listed.length === 0) {
      throw new NeuriteError('DATA_FORMAT', `The class folder ${join(name, cls)} has no images; put its PNG images there, or remove the folder`, { file: dir });
    }
    for (const entry of listed) {
      const path = join(dir, entry.name);
      const shown = join(name, cls, entry.name);
      const bytes = await readBytes(path, MAX_PNG_BYTES);
      const header = readPngHeader(bytes, shown);
      const first = files[0];
      if (first && (header.width !== first.header.width || header.height !== first.header.height)) {
        throw new NeuriteError(
          'DATA_FORMAT',
          `Images of mixed sizes: ${first.name} is ${first.header.width}×${first.header.height} but ${shown} is ${header.width}×${header.height}; ` +
            'every image must have one size (resize them first)',
          { file: path, expected: [first.header.width, first.header.height], actual: [header.width, header.height] },
        );
      }
      files.push({ path, name: shown, label, bytes, header });
    }
  }
  const channels = options.channels ?? (files.every((f) => isGray(f.header)) ? 1 : 3);
  const { width, height } = files[0]!.header;
  const size = width * height * channels;
  const pixels = new Uint8Array(files.length * size);
  const labels = new Int32Array(files.length);
  files.forEach((f, i) => {
    pixels.set(decodePng(f.bytes, f.name, channels).pixels, i * size);
    labels[i] = f.label;
  });
  return { shape: [height, width, channels], count: files.length, pixels, maxValue: 255, labels, classes, source: name, names: files.map((f) => f.name) };
}

/**
 * PNG files as images of the model's shape (`[height, width, channels]`): converted to its channels; an
 * image of another size is an error naming the file and both sizes.
 */
export async function readPngImages(paths: readonly string[], shape: readonly [number, number, number]): Promise<Images> {
  const [height, width, channels] = shape;
  if (channels !== 1 && channels !== 3) throw new NeuriteError('UNSUPPORTED', `PNG images are read as 1 or 3 channels; the model takes ${channels}`);
  const size = height * width * channels;
  const pixels = new Uint8Array(paths.length * size);
  for (const [i, path] of paths.entries()) {
    const bytes = await readBytes(path, MAX_PNG_BYTES);
    const header = readPngHeader(bytes, basename(path));
    if (header.width !== width || header.height !== height) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `${basename(path)} is ${header.width}×${header.height}; the model reads images of ${width}×${height} (width × height)`,
        {
          file: path,
          expected: [width, height],
          actual: [header.width, header.height],
        },
      );
    }
    pixels.set(decodePng(bytes, basename(path), channels).pixels, i * size);
  }
  return { shape: [height, width, channels], count: paths.length, pixels, maxValue: 255, names: paths.map((p) => basename(p)) };
}

async function entries(dir: string) {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NeuriteError('IO', `Cannot read the folder ${dir}: ${code === 'ENOENT' ? 'no such folder' : (error as Error).message}`, {
      file: dir,
      systemCode: code,
    });
  }
}
