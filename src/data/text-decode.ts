import { NeuriteError } from '../errors.js';

/** Options of {@link decodeText}. */
export interface DecodeTextOptions {
  /** A name for messages (e.g. the file's base name). */
  file?: string;
}

/**
 * The text of a file's bytes, read as UTF-8, refusing what is not text: no bytes at all (or only a byte-order
 * mark), a NUL byte (what binary files are full of, and never in text), or a byte sequence that is not
 * UTF-8 (a stray continuation byte, a sequence cut short, an overlong form, a surrogate, a code point past
 * U+10FFFF). Each is a DATA_FORMAT error naming the file, the byte offset (0-based) and the line (1-based).
 * A leading byte-order mark is dropped.
 *
 * @example
 * ```ts
 * import { decodeText } from 'neurite/data';
 * console.log(decodeText(new TextEncoder().encode('héllo\n'))); // 'héllo\n'
 * try {
 *   decodeText(new Uint8Array([0x61, 0x0a, 0x62, 0xff]), { file: 'book.txt' });
 * } catch (error) {
 *   console.log((error as Error).message); // book.txt is not UTF-8 text: byte 0xff at byte offset 3 (line 2) ...
 * }
 * ```
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions = {}): string {
  const file = options.file ?? 'The text';
  if (!(bytes instanceof Uint8Array)) throw new NeuriteError('INVALID_ARGUMENT', `decodeText needs a Uint8Array of the file's bytes`);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (bytes.length - bom === 0) {
    throw new NeuriteError('DATA_FORMAT', `${file} is empty: there is no text to learn from`, { file: options.file, reason: 'empty' });
  }
  const bad = firstInvalidByte(bytes, bom);
  if (bad !== null) {
    const line = lineAt(bytes, bad.offset);
    const byte = `0x${bytes[bad.offset]!.toString(16).padStart(2, '0')}`;
    const what =
      bad.reason === 'nul'
        ? `${file} is not text (a binary file?): a NUL byte at byte offset ${bad.offset} (line ${line})`
        : `${file} is not UTF-8 text: byte ${byte} at byte offset ${bad.offset} (line ${line}) ${bad.reason}; save it as UTF-8`;
    throw new NeuriteError('DATA_FORMAT', what, { file: options.file, offset: bad.offset, line, reason: bad.reason === 'nul' ? 'binary' : 'utf8' });
  }
  return new TextDecoder('utf-8').decode(bytes.subarray(bom));
}

/** The first byte that makes the bytes not UTF-8 text, and why; null when they are. */
function firstInvalidByte(bytes: Uint8Array, start: number): { offset: number; reason: string } | null {
  const n = bytes.length;
  let i = start;
  while (i < n) {
    const b = bytes[i]!;
    if (b === 0) return { offset: i, reason: 'nul' };
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the range of the first one (RFC 3629's table,
    // which leaves out overlong forms, the surrogates U+D800–DFFF and code points past U+10FFFF).
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) count = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      count = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      count = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else {
      return { offset: i, reason: b < 0xc0 ? 'is a continuation byte with no lead byte before it' : 'can start no UTF-8 character' };
    }
    for (let k = 1; k <= count; k++) {
      if (i + k >= n) return { offset: i, reason: 'starts a character that the file cuts short' };
      const c = bytes[i + k]!;
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c < lo || c > hi) return { offset: i, reason: `starts a character that byte 0x${c.toString(16).padStart(2, '0')} does not continue` };
    }
    i += count + 1;
  }
  return null;
}

/** The 1-based line of a byte offset: one more than the line feeds before it. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
