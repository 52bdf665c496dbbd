// Every file llmplan writes goes through writeFileAtomic: the text goes to a new temporary file beside the target
// (created exclusively, flushed to disk), which is then renamed over it. A rename within one file system is atomic on
// POSIX, so a reader (or a run killed mid-write) sees the old file or the new one, never a half-written one. A target
// that cannot be written is an InputError (exit 2), found before any long work by `checkWritable`, and so is a target
// that is one of the command's own inputs (by identity: a symbolic link, hard link or `./` spelling is the same file).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { echo, InputError } from '../errors.ts';

function statOrNull(path: string) {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Refuse, before the work, a target that is an input, whose directory is missing, or which is itself a directory. */
export function checkWritable(path: string, flag: string, inputs: readonly string[] = []): void {
  const target = statOrNull(path);
  if (target) {
    for (const input of inputs) {
      const s = statOrNull(input);
      if (s && s.dev === target.dev && s.ino === target.ino) {
        throw new InputError([{ path: flag, message: `${echo(path)} is an input of this command (${echo(input)}); refusing to overwrite it`, hint: 'write to another file' }]);
      }
    }
  }
  const dir = statOrNull(dirname(path));
  if (!dir) throw new InputError([{ path: flag, message: `directory ${echo(dirname(path))} does not exist` }]);
  if (!dir.isDirectory()) throw new InputError([{ path: flag, message: `${echo(dirname(path))} is not a directory` }]);
  if (target?.isDirectory()) throw new InputError([{ path: flag, message: `${echo(path)} is a directory; expected a file name` }]);
  if (target && !target.isFile()) throw new InputError([{ path: flag, message: `${echo(path)} is not a regular file`, hint: 'llmplan replaces regular files only' }]);
}

const WRITE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG', 'EISDIR', 'ENOTDIR', 'ENOENT', 'EXDEV']);

/** Write `text` to `path` whole or not at all. `flag` names the target in messages (`--out`). */
export function writeFileAtomic(path: string, text: string, flag = path, inputs: readonly string[] = []): void {
  checkWritable(path, flag, inputs);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const bytes = Buffer.from(text, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (WRITE_ERRORS.has(code)) throw new InputError([{ path: flag, message: `cannot write ${echo(path)}: ${code}` }]);
    throw e;
  }
}
