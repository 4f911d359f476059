// Node-only (uses fs): not exported from src/index.ts; the CLI imports it directly.
import { createReadStream, promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { readTable } from '../data/read-table.js';
import type { Table } from '../data/table.js';
import type { TableOptions } from '../data/table-builder.js';
import { NeuriteError, isNeuriteError } from '../errors.js';

/**
 * Reads a CSV file into a table as a stream of UTF-8 text (1 MiB at a time): a 200 MB file is never one
 * string, and the file size lets each column be allocated once. Messages name the file by its base name
 * unless `options.file` says otherwise.
 */
export async function readTableFile(path: string, options: TableOptions = {}): Promise<Table> {
  let size = 0;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new NeuriteError('IO', `${path} is not a file`, { file: path });
    size = stat.size;
  } catch (error) {
    if (isNeuriteError(error)) throw error;
    throw ioError(path, error);
  }
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    return await readTable(stream, { file: basename(path), sizeHint: size, ...options });
  } catch (error) {
    if (isNeuriteError(error)) throw error;
    throw ioError(path, error);
  } finally {
    stream.destroy();
  }
}

/** A model file's text, refusing a file over `maxBytes` before reading it. */
export async function readModelText(path: string, maxBytes: number): Promise<string> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new NeuriteError('IO', `${path} is not a file`, { file: path });
    if (stat.size > maxBytes) {
      throw new NeuriteError('MODEL_FORMAT', `${path} is ${stat.size} bytes; a model file may be at most ${maxBytes}`, { file: path, path: '' });
    }
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if (isNeuriteError(error)) throw error;
    throw ioError(path, error);
  }
}

function ioError(path: string, error: unknown): NeuriteError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
  return new NeuriteError('IO', `Cannot read ${path}: ${why}`, { file: path, systemCode: code }, { cause: error });
}
