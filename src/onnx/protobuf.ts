import { NeuriteError } from '../errors.js';

/**
 * A minimal Protocol Buffers writer: the wire types the ONNX messages use, nothing else.
 * (Why not a protobuf library: see docs/onnx.md, "The encoder".)
 *
 * Every field is a key, the varint (field number << 3 | wire type), followed by its value:
 *
 *   wire type 0  VARINT  int32, int64, enum: base-128 groups, least significant first, the high bit of each byte
 *                        set while more follow. A negative int32/int64 is its 64-bit two's complement: 10 bytes.
 *   wire type 2  LEN     string (UTF-8), bytes or an embedded message:
 *                        a varint byte count, then the bytes.
 *   wire type 5  I32     float: 4 bytes, little-endian.
 *
 * A repeated field is the same key written once per value (onnx.proto is proto2 and packs none of the fields
 * used here; parsers accept both forms, and this is the one ONNX's own serializer writes).
 *
 * Small values go into a growing scratch buffer; byte arrays and nested messages are kept by reference, so a
 * large tensor is copied once, in `finish()`, however deep it is nested.
 */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private partsLength = 0;
  private buf = new Uint8Array(64);
  private pos = 0;
  private readonly view8 = new DataView(new ArrayBuffer(8));

  /** Bytes written so far. */
  get length(): number {
    return this.partsLength + this.pos;
  }

  /** An int32, int64 or enum field (wire type 0). */
  int(field: number, value: number): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  /** A float field (wire type 5). */
  float(field: number, value: number): this {
    this.key(field, 5);
    this.view8.setFloat32(0, value, true);
    this.raw(new Uint8Array(this.view8.buffer, 0, 4));
    return this;
  }

  /** A string field, UTF-8 encoded (wire type 2). */
  string(field: number, value: string): this {
    return this.bytes(field, encodeUtf8(value));
  }

  /** A bytes field (wire type 2); the array is kept by reference until `finish()`. */
  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    this.append(value);
    return this;
  }

  /** An embedded message (wire type 2): the child's bytes are kept by reference. */
  message(field: number, child: ProtoWriter): this {
    this.key(field, 2);
    this.varint(child.length);
    child.flush();
    for (const part of child.parts) this.append(part);
    return this;
  }

  /** The message's bytes, in one array. */
  finish(): Uint8Array {
    this.flush();
    if (this.parts.length === 1) return this.parts[0]!;
    const out = new Uint8Array(this.partsLength);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** Base-128 varint of a safe integer; negatives as 64-bit two's complement (10 bytes), as protobuf requires. */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) {
      throw new NeuriteError('INVALID_ARGUMENT', `A protobuf varint must be a safe integer, got ${value}`, { actual: value });
    }
    this.reserve(10);
    if (value >= 0) {
      let v = value;
      while (v >= 0x80) {
        this.buf[this.pos++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
      this.buf[this.pos++] = v;
    } else {
      let v = BigInt.asUintN(64, BigInt(value));
      while (v >= 0x80n) {
        this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
        v >>= 7n;
      }
      this.buf[this.pos++] = Number(v);
    }
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** Small arrays are copied into the scratch buffer; large ones are kept by reference. */
  private append(bytes: Uint8Array): void {
    if (bytes.length <= 64) {
      this.raw(bytes);
      return;
    }
    this.flush();
    this.parts.push(bytes);
    this.partsLength += bytes.length;
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(Math.max(n, this.buf.length * 2));
  }

  private flush(): void {
    if (this.pos === 0) return;
    this.parts.push(this.buf.slice(0, this.pos));
    this.partsLength += this.pos;
    // The next scratch buffer grows with the message, up to 64 KiB, so many small fields cost few parts.
    this.buf = new Uint8Array(Math.min(65536, this.buf.length * 2));
    this.pos = 0;
  }
}

const utf8 = new TextEncoder();

function encodeUtf8(value: string): Uint8Array {
  return utf8.encode(value);
}
