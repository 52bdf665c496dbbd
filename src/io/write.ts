// Files are written whole or not at all: to a temporary file in the same directory, then renamed over the target
// (rename within one file system is atomic on POSIX). A target that cannot be written is an InputError (exit 2),
// found before any long work by `checkWritable`.
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.ts';

/** Refuse, before the work, a target whose directory is missing or which is itself a directory. */
export function checkWritable(path: string, flag: string, inputs: readonly string[] = []): void {
  if (inputs.includes(path)) throw new InputError([{ path: flag, message: `${path} is an input of this command; refusing to overwrite it`, hint: 'write to another file' }]);
  let dir;
  try {
    dir = statSync(dirname(path));
  } catch {
    throw new InputError([{ path: flag, message: `directory ${dirname(path)} does not exist` }]);
  }
  if (!dir.isDirectory()) throw new InputError([{ path: flag, message: `${dirname(path)} is not a directory` }]);
  try {
    if (statSync(path).isDirectory()) throw new InputError([{ path: flag, message: `${path} is a directory; expected a file name` }]);
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
}

export function writeFileAtomic(path: string, text: string, flag: string): void {
  checkWritable(path, flag);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC') throw new InputError([{ path: flag, message: `cannot write ${path}: ${code}` }]);
    throw e;
  }
}
