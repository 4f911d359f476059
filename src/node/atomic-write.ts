// Node-only (uses fs): not exported from src/index.ts; the CLI imports it directly.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { NeuriteError, describe } from '../errors.js';

export interface AtomicWriteOptions {
  /** File mode of a new file (default 0o666, less the umask). An existing file's mode is kept. */
  mode?: number;
}

/**
 * Writes a file so that readers only ever see the old content or the complete new one: the data goes to a
 * temporary file in the same directory (same file system, so the rename is atomic), which is flushed to disk
 * (fsync) and then renamed over the target; the directory is flushed too where the platform allows. If
 * anything fails the temporary file is removed and an existing target is left untouched. Errors are
 * NeuriteError code IO with the path and the system error code.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  if (typeof path !== 'string' || path === '') throw new NeuriteError('INVALID_ARGUMENT', `writeFileAtomic needs a file path, got ${describe(path)}`);
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) {
    throw new NeuriteError('INVALID_ARGUMENT', `writeFileAtomic writes a string or bytes, got ${describe(data)}`);
  }
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let mode = options.mode ?? 0o666;
  let keepMode = false;
  try {
    mode = (await fs.stat(path)).mode & 0o7777;
    keepMode = true;
  } catch {
    // a new file
  }
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(temp, 'wx', mode);
    if (keepMode) await handle.chmod(mode); // open() applies the umask; an existing file keeps its exact mode
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = null;
    await fs.rename(temp, path);
  } catch (error) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException)?.code;
    throw new NeuriteError('IO', `Cannot write ${path}: ${await reason(error, code, dir)}`, { file: path, systemCode: code }, { cause: error });
  }
  await syncDirectory(dir);
}

/** The system error in words, without the temporary file's name where the cause is plain. */
async function reason(error: unknown, code: string | undefined, dir: string): Promise<string> {
  if (
    code === 'ENOENT' &&
    !(await fs.stat(dir).then(
      () => true,
      () => false,
    ))
  )
    return `the folder ${dir} does not exist`;
  if (code === 'ENOTDIR') return `${dir} is not a folder`;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOSPC') return 'no space left on the device';
  return error instanceof Error ? error.message : String(error);
}

/** Makes the rename itself durable; not possible on every platform (e.g. Windows), where it is skipped. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
