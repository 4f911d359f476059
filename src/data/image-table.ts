import { NeuriteError, describe } from '../errors.js';
import { categoryIndexer, numericReader } from './columns.js';
import { checkImageShape, imageSize, type Images, type ImageSet, type ImageShape } from './image-set.js';
import type { Table } from './table.js';
import { classLabels } from './task.js';
import { missingValue } from './data-errors.js';

/** Options of {@link imagesFromTable} and {@link imageSetFromTable}. */
export interface ImageTableOptions {
  /** The shape of one image, e.g. `[8, 8, 1]`; the pixel columns must hold exactly height × width × channels values. */
  shape: ImageShape;
  /** The raw value of full intensity (default: 1 when every value is in [0, 1], else 255, else 65535). */
  maxValue?: number;
}

/**
 * Labelled images from a table of pixel rows (`neurite train pixels.csv --image 8x8x1 --target label`):
 * every column but the target is a pixel value, in (y, x, c) order, so a row of 8 × 8 × 1 images has 64
 * pixel columns. Classes are the target's labels, sorted as for tables (numbers numerically). A missing
 * value, a column that is not numbers, a negative value, or a column count that is not the image size is
 * an error naming the line and column.
 *
 * @example
 * ```ts
 * import { imageSetFromTable, parseTable } from 'neurite/data';
 * const table = parseTable('p0,p1,p2,p3,label\n0,255,255,0,bar\n255,0,0,255,diagonal\n0,255,0,255,bar\n');
 * const set = imageSetFromTable(table, 'label', { shape: [2, 2, 1] });
 * console.log(set.count, set.classes, set.maxValue); // 3 ['bar', 'diagonal'] 255
 * ```
 */
export function imageSetFromTable(table: Table, target: string, options: ImageTableOptions): ImageSet {
  const column = table.column(target);
  const all = Int32Array.from({ length: table.rowCount }, (_, i) => i);
  const classes = classLabels(column, all);
  const index = categoryIndexer(column, classes);
  const labels = new Int32Array(table.rowCount);
  for (let row = 0; row < table.rowCount; row++) {
    const i = index(row);
    if (i < 0) throw missingValue(table, column, row, 'target');
    labels[row] = i;
  }
  return { ...imagesFromTable(table, { ...options, ignore: [target] }), labels, classes };
}

/**
 * Images from a table of pixel rows, without labels (to predict): every column not in `ignore` is a pixel
 * value, in (y, x, c) order. See {@link imageSetFromTable}.
 *
 * @example
 * ```ts
 * import { imagesFromTable, parseTable } from 'neurite/data';
 * const images = imagesFromTable(parseTable('a,b,c,d\n0,1,1,0\n'), { shape: [2, 2, 1] });
 * console.log(images.count, images.maxValue, Array.from(images.pixels)); // 1 1 [0, 1, 1, 0]
 * ```
 */
export function imagesFromTable(table: Table, options: ImageTableOptions & { ignore?: readonly string[] }): Images {
  if (options === null || typeof options !== 'object')
    throw new NeuriteError('INVALID_ARGUMENT', `imagesFromTable needs options { shape }, got ${describe(options)}`);
  const shape = checkImageShape(options.shape, 'shape');
  const ignore = options.ignore ?? [];
  const names = table.columnNames.filter((name) => !ignore.includes(name));
  const size = imageSize(shape);
  const where = table.file ?? 'the table';
  if (names.length !== size) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${where} has ${names.length} pixel column(s)${ignore.length > 0 ? ` besides ${ignore.map((n) => describe(n)).join(', ')}` : ''}; ` +
        `images of ${shape.join('x')} need ${size} (height × width × channels)`,
      { file: table.file, expected: size, actual: names.length },
    );
  }
  const count = table.rowCount;
  const pixels = new Float64Array(count * size);
  let max = 0;
  names.forEach((name, p) => {
    const column = table.column(name);
    const read = numericReader(table, column, 'it is a pixel value');
    for (let row = 0; row < count; row++) {
      const v = read(row);
      if (Number.isNaN(v)) throw missingValue(table, column, row, 'input');
      if (v < 0) {
        throw new NeuriteError('CSV_SCHEMA', `${table.where(row)}: the pixel column ${describe(name)} has ${v}; pixel values are at least 0`, {
          file: table.file,
          line: table.lines[row],
          field: name,
          actual: v,
        });
      }
      if (v > max) max = v;
      pixels[row * size + p] = v;
    }
  });
  const maxValue = options.maxValue ?? (max <= 1 ? 1 : max <= 255 ? 255 : max <= 65535 ? 65535 : max);
  return { shape, count, pixels, maxValue, ...(table.file !== undefined ? { source: table.file } : {}) };
}
