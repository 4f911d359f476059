/**
 * A PNG encoder small enough to read: 8-bit gray or RGB, no filtering, the image data in deflate's stored
 * (uncompressed) blocks. The report's feature maps are a few hundred pixels each, so compressing them would
 * save little; what matters is that the file stays self-contained with no dependency. Pure: no DOM, no Node.
 */
import { NeuriteError } from '../errors.js';

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Deflate's stored blocks hold at most 65,535 bytes each. */
const STORED_BLOCK = 65_535;

let crcTable: Uint32Array | null = null;

/** CRC-32 (polynomial 0xEDB88320, as PNG and zlib use) of `bytes`, over every chunk's type and data. */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 255]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Adler-32, the checksum that ends a zlib stream: a = 1 + Σ bytes, b = Σ a, each mod 65521. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]!) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored deflate blocks: header 78 01, blocks [final flag, LEN, ~LEN, bytes], Adler-32. */
function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / STORED_BLOCK));
  const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const part = data.subarray(b * STORED_BLOCK, (b + 1) * STORED_BLOCK);
    out[at] = b === blocks - 1 ? 1 : 0;
    out[at + 1] = part.length & 255;
    out[at + 2] = part.length >>> 8;
    out[at + 3] = ~part.length & 255;
    out[at + 4] = (~part.length >>> 8) & 255;
    out.set(part, at + 5);
    at += 5 + part.length;
  }
  new DataView(out.buffer).setUint32(at, adler32(data));
  return out;
}

/** One chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * A PNG file of `width × height` pixels, `channels` 1 (gray) or 3 (RGB), from 8-bit values row by row
 * (`width · height · channels` of them, each 0–255).
 */
export function encodePng(width: number, height: number, channels: 1 | 3, pixels: ArrayLike<number>): Uint8Array {
  const stride = width * channels;
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || pixels.length !== stride * height) {
    throw new NeuriteError('INVALID_ARGUMENT', `encodePng: ${width} × ${height} × ${channels} needs ${stride * height} values, got ${pixels.length}`, {
      expected: stride * height,
      actual: pixels.length,
    });
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bits per value
  header[9] = channels === 1 ? 0 : 2; // colour type: gray, or RGB
  // Each scanline starts with its filter type, 0 (none).
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < stride; i++) raw[y * (stride + 1) + 1 + i] = pixels[y * stride + i]!;
  }
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of `bytes` (RFC 4648, with padding). */
export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += BASE64[(n >>> 18) & 63]! + BASE64[(n >>> 12) & 63]!;
    out += i + 1 < bytes.length ? BASE64[(n >>> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? BASE64[n & 63]! : '=';
  }
  return out;
}

/** The PNG as a `data:image/png;base64,...` URI, for an <img> in a self-contained page. */
export function pngDataUri(width: number, height: number, channels: 1 | 3, pixels: ArrayLike<number>): string {
  return `data:image/png;base64,${base64(encodePng(width, height, channels, pixels))}`;
}
