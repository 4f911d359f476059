// Node-only: a text file from disk for character-level models (`neurite train book.txt`).
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { decodeText } from '../data/text-decode.js';
import { NeuriteError } from '../errors.js';
import { readBytes } from './read-idx.js';

/**
 * The most bytes a text file for training may hold (8 MiB, about 8 million characters of English): past it,
 * the file is refused before a byte is read. Larger texts train for hours on a CPU; cut them first.
 */
export const MAX_TEXT_BYTES = 8 << 20;

/**
 * A text file's contents as UTF-8: refused before reading when it is larger than `maxBytes`, and refused with
 * the byte offset and line when it is empty, binary (a NUL byte) or not UTF-8 ({@link decodeText}).
 */
export async function readTextFile(path: string, { maxBytes = MAX_TEXT_BYTES }: { maxBytes?: number } = {}): Promise<string> {
  const size = await fs.stat(path).then(
    (stat) => (stat.isFile() ? stat.size : -1),
    () => -1, // readBytes says why in its own words
  );
  if (size > maxBytes) {
    throw new NeuriteError(
      'DATA_FORMAT',
      `${basename(path)} is ${size} bytes; a text file for training may be at most ${maxBytes} (${maxBytes >> 20} MiB): train on a part of it`,
      { file: basename(path), actual: size, expected: maxBytes, reason: 'size' },
    );
  }
  return decodeText(await readBytes(path, maxBytes), { file: basename(path) });
}
