import { NeuriteError, describe } from '../errors.js';

/** The element types of the IDX format, by the name of the typed array that holds them. */
export type IdxType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** One IDX file as read: its element type, its dimensions (outermost first) and its values in row-major order. */
export interface IdxArray {
  type: IdxType;
  /** e.g. `[60000, 28, 28]` for MNIST's training images, `[60000]` for its labels. */
  dims: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** A name for messages (e.g. the file name). */
  source?: string;
  /** The most values the file may hold (default 2^31 − 1); a header that claims more is refused before allocating. */
  maxValues?: number;
}

/** Type code (the magic number's third byte) → element type and bytes per element. */
const TYPES: Record<number, { type: IdxType; bytes: number }> = {
  8: { type: 'uint8', bytes: 1 },
  9: { type: 'int8', bytes: 1 },
  11: { type: 'int16', bytes: 2 },
  12: { type: 'int32', bytes: 4 },
  13: { type: 'float32', bytes: 4 },
  14: { type: 'float64', bytes: 8 },
};

/** The most dimensions an IDX header may declare (the format allows 255; images and labels use 1 to 4). */
const MAX_DIMS = 8;

/**
 * Parses the IDX format of MNIST and Fashion-MNIST (uncompressed bytes; gunzip first, or use the CLI, which
 * does): a magic number `0x00 0x00 <type> <ndims>`, `ndims` big-endian 32-bit dimensions, then the values,
 * big-endian, row-major. Every type code is read: 0x08 unsigned byte, 0x09 signed byte, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64. The header is checked against the byte length before anything is
 * allocated: a wrong magic number, an unknown type, a zero or absurd dimension, a file cut short or one with
 * bytes left over is a `NeuriteError` with code `DATA_FORMAT` naming the source (`details.file`), and
 * `details.reason` saying which: `magic`, `type`, `dims`, `size` or `truncated`.
 *
 * @example
 * ```ts
 * import { parseIdx } from 'neurite/data';
 * // 2 images of 2 × 2 unsigned bytes: magic 00 00 08 03, dims 2, 2, 2, then 8 pixel values.
 * const bytes = Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 128, 7, 1, 2, 3, 4]);
 * const idx = parseIdx(bytes, { source: 'tiny-images.idx' });
 * console.log(idx.type, idx.dims, idx.data[1]); // uint8 [2, 2, 2] 255
 * ```
 */
export function parseIdx(bytes: Uint8Array, options: ParseIdxOptions = {}): IdxArray {
  const source = options.source ?? 'the IDX data';
  const maxValues = options.maxValues ?? 2 ** 31 - 1;
  if (!(bytes instanceof Uint8Array)) throw new NeuriteError('INVALID_ARGUMENT', `parseIdx needs a Uint8Array, got ${describe(bytes)}`, { field: 'bytes' });
  const fail = (reason: string, message: string, details: Record<string, unknown> = {}): never => {
    throw new NeuriteError('DATA_FORMAT', `${source}: ${message}`, { file: source, reason, ...details });
  };
  if (bytes.length < 4) fail('truncated', `is ${bytes.length} byte(s) long: too short for an IDX header (4 bytes of magic number, then the dimensions)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    fail(
      'magic',
      gzip
        ? 'is gzip-compressed: gunzip it first (the command line reads .gz files as they are)'
        : `is not an IDX file: it starts with bytes ${hex(bytes.subarray(0, 4))}; an IDX file starts with 00 00, a type code and the number of dimensions`,
      { actual: hex(bytes.subarray(0, 4)) },
    );
  }
  const code = bytes[2]!;
  const kind = TYPES[code];
  if (!kind) {
    fail(
      'type',
      `has type code 0x${code.toString(16).padStart(2, '0')}, which IDX does not define; the codes are 08 (unsigned byte), 09 (signed byte), 0B (int16), 0C (int32), 0D (float32) and 0E (float64)`,
      {
        actual: code,
      },
    );
  }
  const { type, bytes: size } = kind!;
  const ndims = bytes[3]!;
  if (ndims < 1 || ndims > MAX_DIMS) fail('dims', `declares ${ndims} dimensions; expected 1 to ${MAX_DIMS}`, { actual: ndims });
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes)
    fail('truncated', `is cut short: its header declares ${ndims} dimensions (${headerBytes} bytes of header), but it is ${bytes.length} bytes long`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const n = view.getUint32(4 + 4 * d, false);
    if (n === 0) fail('dims', `dimension ${d + 1} of ${ndims} is 0; every dimension must be at least 1`, { dims: [...dims, n] });
    dims.push(n);
    count *= n;
    if (count > maxValues) fail('size', `declares dimensions starting ${dims.join(' × ')}: more than ${maxValues} values, refused before allocating`, { dims });
  }
  const expected = headerBytes + count * size;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'is cut short' : 'has bytes left over';
    fail(
      bytes.length < expected ? 'truncated' : 'size',
      `${what}: its header says ${dims.join(' × ')} values of ${type} (${expected} bytes with the header), but it is ${bytes.length} bytes long`,
      {
        expected,
        actual: bytes.length,
        dims,
      },
    );
  }
  return { type, dims, data: readValues(view, headerBytes, count, type) };
}

/** The values after the header, converted from big-endian into a native typed array (bytes are copied as they are). */
function readValues(view: DataView, start: number, count: number, type: IdxType): IdxArray['data'] {
  const bytes = new Uint8Array(view.buffer, view.byteOffset + start, count * TYPE_BYTES[type]);
  switch (type) {
    case 'uint8':
      return bytes.slice();
    case 'int8':
      return new Int8Array(bytes.slice().buffer);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(start + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(start + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(start + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(start + 8 * i, false);
      return out;
    }
  }
}

const TYPE_BYTES: Record<IdxType, number> = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 };

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
