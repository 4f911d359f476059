// Node-only: PNG files in, raw 8-bit pixels out, for the command line. The header is read and checked here,
// before the decoder (fast-png) allocates anything: an image too large to be one, or a compressed stream that
// would inflate past what its header promises, is refused first.
import { inflateSync } from 'node:zlib';
import { convertIndexedToRgb, decode, type DecodedPng } from 'fast-png';
import { NeuriteError } from '../errors.js';

/** What a PNG's IHDR chunk says. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: number;
  interlaced: boolean;
}

/** The largest image read (16 million pixels, 4096 × 4096): a header promising more is refused unread. */
export const MAX_PNG_PIXELS = 4096 * 4096;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Channels per pixel of each colour type, and the bit depths the PNG standard allows for it. */
const COLOR_TYPES: Record<number, { channels: number; depths: number[] }> = {
  0: { channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { channels: 3, depths: [8, 16] },
  3: { channels: 1, depths: [1, 2, 4, 8] },
  4: { channels: 2, depths: [8, 16] },
  6: { channels: 4, depths: [8, 16] },
};

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Gray PNGs (colour types 0 and 4) read as one channel by default; the others (RGB, RGBA, palette) as three. */
export function isGray(header: PngHeader): boolean {
  return header.colorType === 0 || header.colorType === 4;
}

/**
 * Reads and checks the signature and the IHDR chunk (the first 33 bytes): not a PNG, a damaged header, or
 * a size over {@link MAX_PNG_PIXELS} is a DATA_FORMAT error naming the file, before any pixel is decoded.
 */
export function readPngHeader(bytes: Uint8Array, file: string): PngHeader {
  const fail = (message: string, details: Record<string, unknown> = {}): never => {
    throw new NeuriteError('DATA_FORMAT', `${file}: ${message}`, { file, ...details });
  };
  if (!isPng(bytes)) {
    const start = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    fail(`is not a PNG image (a PNG starts with the bytes 89 50 4e 47 0d 0a 1a 0a; this file ${bytes.length === 0 ? 'is empty' : `starts with ${start}`})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || view.getUint32(8) !== 13 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
    fail('is a damaged PNG: it does not begin with a complete IHDR chunk');
  }
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24]!,
    colorType: bytes[25]!,
    interlaced: bytes[28] === 1,
  };
  if (header.width === 0 || header.height === 0) fail(`its header says ${header.width}×${header.height} pixels; an image has at least one`);
  if (header.width * header.height > MAX_PNG_PIXELS) {
    fail(`its header says ${header.width}×${header.height} pixels; images of more than ${MAX_PNG_PIXELS} pixels (4096×4096) are refused before decoding`, {
      actual: [header.width, header.height],
    });
  }
  const kind = COLOR_TYPES[header.colorType];
  if (!kind || !kind.depths.includes(header.bitDepth)) fail(`has colour type ${header.colorType} with bit depth ${header.bitDepth}, which PNG does not define`);
  return header;
}

/**
 * Decodes a PNG into raw 8-bit values of `channels` channels (1: gray, 3: RGB), row-major, channels last.
 * Palette images are expanded, 16-bit values rounded to 8 bits (x · 255 / 65535), 1-, 2- and 4-bit gray
 * stretched to 0–255, alpha composited onto black (v · α), RGB made gray by luminance (0.299 R + 0.587 G +
 * 0.114 B, Rec. 601) and gray repeated into RGB.
 */
export function decodePng(bytes: Uint8Array, file: string, channels: 1 | 3): { header: PngHeader; pixels: Uint8Array } {
  const header = readPngHeader(bytes, file);
  checkInflatedSize(bytes, header, file);
  let png: DecodedPng;
  try {
    png = decode(bytes);
  } catch (error) {
    throw new NeuriteError('DATA_FORMAT', `${file}: is a damaged PNG (${error instanceof Error ? error.message : String(error)})`, { file }, { cause: error });
  }
  const { width, height } = header;
  const source = samples(png, header);
  const per = source.length / (width * height);
  const hasAlpha = per === 2 || per === 4;
  const color = per >= 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const alpha = hasAlpha ? source[p * per + per - 1]! / 255 : 1;
    const r = source[p * per]! * alpha;
    const g = color ? source[p * per + 1]! * alpha : r;
    const b = color ? source[p * per + 2]! * alpha : r;
    if (channels === 1) pixels[p] = Math.round(color ? 0.299 * r + 0.587 * g + 0.114 * b : r);
    else pixels.set([Math.round(r), Math.round(g), Math.round(b)], p * 3);
  }
  return { header, pixels };
}

/** The decoded samples as 8-bit values, channels per pixel unchanged (palette entries expanded). */
function samples(png: DecodedPng, header: PngHeader): Uint8Array {
  if (header.colorType === 3) return convertIndexedToRgb(png);
  const data = png.data;
  if (png.depth === 16) return Uint8Array.from(data, (v) => Math.round((v * 255) / 65535));
  if (png.depth === 8) return data instanceof Uint8Array ? data : Uint8Array.from(data);
  // 1, 2 or 4 bits per gray value, each row padded to whole bytes: unpack and stretch to 0–255.
  const depth = png.depth;
  const max = (1 << depth) - 1;
  const rowBytes = Math.ceil((header.width * depth) / 8);
  const out = new Uint8Array(header.width * header.height);
  for (let y = 0; y < header.height; y++) {
    for (let x = 0; x < header.width; x++) {
      const bit = x * depth;
      const byte = data[y * rowBytes + (bit >> 3)]!;
      out[y * header.width + x] = Math.round((((byte >> (8 - depth - (bit & 7))) & max) * 255) / max);
    }
  }
  return out;
}

/**
 * Inflates the image data with a cap on the output: the filtered rows the header promises (plus the seven
 * interlacing passes' filter bytes). A stream that would inflate past it (a decompression bomb behind a
 * small header) is refused; one that does not inflate at all is a damaged file.
 */
function checkInflatedSize(bytes: Uint8Array, header: PngHeader, file: string): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let ended = false;
  for (let at = 8; !ended; ) {
    if (at + 12 > bytes.length) throw new NeuriteError('DATA_FORMAT', `${file}: is cut short (it ends before its IEND chunk)`, { file });
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) {
      throw new NeuriteError('DATA_FORMAT', `${file}: is cut short (its ${type} chunk runs past the end of the file)`, { file });
    }
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    ended = type === 'IEND';
    at += 12 + length;
  }
  if (parts.length === 0) throw new NeuriteError('DATA_FORMAT', `${file}: is a damaged PNG: it has no image data (IDAT chunk)`, { file });
  const bits = header.bitDepth * COLOR_TYPES[header.colorType]!.channels;
  const limit = header.height * (Math.ceil((header.width * bits) / 8) + 1) + 7 * (header.height + 8) + 64;
  try {
    inflateSync(Buffer.concat(parts), { maxOutputLength: limit });
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
    throw new NeuriteError(
      'DATA_FORMAT',
      tooLarge
        ? `${file}: its image data inflates to more than the ${limit} bytes its ${header.width}×${header.height} header allows; refused`
        : `${file}: is a damaged PNG (its image data does not inflate: ${(error as Error).message})`,
      { file },
      { cause: error },
    );
  }
}
