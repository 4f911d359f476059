import { statSync, type BigIntStats } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** A file that a command reads or writes, with the flag or argument that named it (for the message). */
export interface NamedFile {
  /** How the command line named it: `-o/--out`, `--report`, `<data.csv>`. */
  flag: string;
  path: string;
}

export interface OutputFile extends NamedFile {
  /**
   * Inputs (by flag) this output may replace on purpose: a resumed run updates the checkpoint it resumed
   * from, which it has read whole before it writes.
   */
  mayReplace?: readonly string[];
}

/**
 * Refuses, before any work, a command line whose output would replace one of its inputs or another of its
 * outputs: nothing is read or written, and the error (exit code 2) says which flag names which file.
 *
 * Two paths are one file when they resolve to the same absolute path (`data.csv`, `./data.csv`,
 * `dir/../data.csv`) or, both existing, share device and inode (a symbolic link, a hard link, another
 * spelling on a case-insensitive disk). An output that does not exist yet cannot be an existing input.
 */
export function refuseOutputsOverInputs(outputs: readonly OutputFile[], inputs: readonly NamedFile[]): void {
  for (const output of outputs) {
    for (const input of inputs) {
      if (output.mayReplace?.includes(input.flag) || !sameFile(output.path, input.path)) continue;
      const what = output.path === input.path ? `is the input ${input.flag}` : `is the same file as the input ${input.flag} (${input.path})`;
      throw new UsageError(
        `${output.flag} ${output.path} ${what}: writing it would destroy that input, so nothing was done; choose another path for ${output.flag}`,
        { field: output.flag, file: input.path },
      );
    }
  }
  outputs.forEach((output, i) => {
    const other = outputs.slice(0, i).find((earlier) => sameFile(earlier.path, output.path));
    if (other) {
      throw new UsageError(
        `${other.flag} ${other.path} and ${output.flag} ${output.path} name the same file: one would overwrite the other, so nothing was done; choose different paths`,
        { field: output.flag, file: output.path },
      );
    }
  });
}

/** Whether two paths name one file: the same absolute path, or the same device and inode. */
export function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const first = identity(a);
  const second = identity(b);
  // Inode 0 means the file system gives none (some network or virtual drives): the paths decide alone.
  return first !== undefined && second !== undefined && first.ino !== 0n && first.dev === second.dev && first.ino === second.ino;
}

/** The file's stat (through symbolic links), or undefined where there is none to read. */
function identity(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined; // not readable (a folder without permission, a path through a file): no identity to compare
  }
}
