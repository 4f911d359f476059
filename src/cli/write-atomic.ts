import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { NeuriteError } from '../errors.js';

/**
 * Writes a file so that readers see the old contents or the new, never half a file: the bytes go to a
 * temporary file in the same folder (so the rename stays on one file system), which then replaces the target.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, data, { flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' && !existsSync(dirname(path)) ? `the folder ${dirname(path)} does not exist`
      : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EISDIR' ? 'it is a folder'
      : error instanceof Error ? error.message : String(error);
    throw new NeuriteError('IO', `Cannot write ${path}: ${reason}`, { file: path }, { cause: error });
  }
}
