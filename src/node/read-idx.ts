// Node-only: IDX files (MNIST, Fashion-MNIST) from disk, gzipped or not.
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseIdx, type IdxArray } from '../data/idx.js';
import { NeuriteError, isNeuriteError } from '../errors.js';

/** The most bytes an IDX file may hold, compressed or once gunzipped (1 GiB): past it, it is refused. */
export const MAX_IDX_BYTES = 1 << 30;

/** Whether bytes start as a gzip stream does (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads an IDX file, gunzipping it first when it starts with the gzip magic number (`.gz` as MNIST ships):
 * the output is capped at `maxBytes`, so a small file that inflates without end (a gzip bomb) is refused,
 * not allowed to fill memory. The header is then checked against the size (`parseIdx`). Errors name the file.
 */
export async function readIdxFile(path: string, { maxBytes = MAX_IDX_BYTES }: { maxBytes?: number } = {}): Promise<IdxArray> {
  const file = basename(path);
  let bytes: Uint8Array = await readBytes(path, maxBytes);
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
      throw new NeuriteError(
        'DATA_FORMAT',
        tooLarge
          ? `${file}: gunzipped, it is larger than ${maxBytes} bytes; refused (an IDX file that large is not one neurite reads)`
          : `${file}: starts as a gzip file but does not gunzip (${(error as Error).message}); is it cut short?`,
        { file, reason: tooLarge ? 'size' : 'gzip' },
        { cause: error },
      );
    }
  }
  return parseIdx(bytes, { source: file });
}

/** A whole file's bytes, refusing one over `maxBytes` before reading it. */
export async function readBytes(path: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new NeuriteError('IO', `${path} is not a file`, { file: path });
    if (stat.size > maxBytes) throw new NeuriteError('DATA_FORMAT', `${path} is ${stat.size} bytes; the limit is ${maxBytes}`, { file: path });
    return new Uint8Array(await fs.readFile(path));
  } catch (error) {
    if (isNeuriteError(error)) throw error;
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new NeuriteError(
      'IO',
      `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      { file: path, systemCode: code },
      { cause: error },
    );
  }
}
