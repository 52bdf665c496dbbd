// Every input file llmplan reads comes through here: regular files only (a directory, a device such as /dev/zero or
// a FIFO is refused before any read), at most the file kind's limit in bytes counted while reading (a device's stat
// says 0 bytes and it never ends), and valid UTF-8 (the first bad byte is located).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { LIMITS, limitText, type LimitName } from '../core/bounds.ts';
import { InputError } from '../errors.ts';

export type FileLimit = Extract<LimitName, 'scenarioBytes' | 'catalogBytes' | 'calibrationBytes' | 'csvBytes'>;

const CHUNK_BYTES = 64 * 1024;

/** The text of `path` (`shown` names it in messages, e.g. as the user typed it), or an InputError. */
export function readInputFile(path: string, limit: FileLimit, shown: string = path): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below like any other non-file.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw openError(e, shown);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError([{ file: shown, message: 'is a directory; expected a file' }]);
    if (!stat.isFile()) throw new InputError([{ file: shown, message: `is ${kindOf(stat)}, not a regular file`, hint: 'llmplan reads regular files only' }]);
    const max = LIMITS[limit].max;
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new InputError([{ file: shown, message: `is too large: a file of this kind has ${limitText(limit)}` }]);
      chunks.push(n === CHUNK_BYTES ? buf : buf.subarray(0, n));
    }
    return decodeUtf8(Buffer.concat(chunks, total), shown);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw openError(e, shown);
  } finally {
    closeSync(fd);
  }
}

function kindOf(s: Stats): string {
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isSocket()) return 'a socket';
  return 'not a file';
}

const OPEN_ERRORS: Record<string, string> = {
  ENOENT: 'file not found',
  ENOTDIR: 'file not found (a part of the path is not a directory)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory; expected a file',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links in the path',
  EIO: 'cannot be read (I/O error)',
  EAGAIN: 'cannot be read without waiting (not a regular file)',
};

function openError(e: unknown, shown: string): Error {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  const message = OPEN_ERRORS[code];
  return message ? new InputError([{ file: shown, message }]) : (e as Error);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 text without its byte-order mark; invalid bytes are an InputError at their line and column. */
export function decodeUtf8(bytes: Uint8Array, shown: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const col = new TextDecoder().decode(bytes.subarray(lineStart, at)).length + 1;
    const byte = (bytes[at] ?? 0).toString(16).padStart(2, '0');
    throw new InputError([{ file: shown, line, col, message: `is not valid UTF-8 (byte 0x${byte})`, hint: 'save the file as UTF-8' }]);
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    // Overlong 3- and 4-byte forms, UTF-16 surrogates and code points past U+10FFFF.
    const d1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && d1 < 0xa0) || (c === 0xed && d1 > 0x9f) || (c === 0xf0 && d1 < 0x90) || (c === 0xf4 && d1 > 0x8f)) return i;
    i += n + 1;
  }
  return b.length;
}
