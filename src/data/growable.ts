/**
 * Append-only typed arrays that grow in fixed chunks, so that reading a large file never copies or
 * over-allocates a whole column; `toArray` then copies the chunks into one exact-size array, releasing each
 * chunk as it goes (the peak is the finished array plus this column's chunks, not twice the table).
 */
const CHUNK = 16384;

export class GrowableFloat64 {
  private chunks: Float64Array[] = [];
  private current = new Float64Array(CHUNK);
  private pos = 0;
  length = 0;

  push(value: number): void {
    if (this.pos === CHUNK) {
      this.chunks.push(this.current);
      this.current = new Float64Array(CHUNK);
      this.pos = 0;
    }
    this.current[this.pos++] = value;
    this.length++;
  }

  /** Calls fn with every value in order. */
  forEach(fn: (value: number) => void): void {
    for (const chunk of this.chunks) for (let i = 0; i < CHUNK; i++) fn(chunk[i]!);
    for (let i = 0; i < this.pos; i++) fn(this.current[i]!);
  }

  /** One exact-size array; the builder is spent afterwards. */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      out.set(this.chunks[k]!, at);
      at += CHUNK;
      this.chunks[k] = EMPTY_F64; // let the chunk go now
    }
    out.set(this.current.subarray(0, this.pos), at);
    this.chunks = [];
    this.current = EMPTY_F64;
    this.pos = 0;
    return out;
  }
}

export class GrowableInt32 {
  private chunks: Int32Array[] = [];
  private current = new Int32Array(CHUNK);
  private pos = 0;
  length = 0;

  push(value: number): void {
    if (this.pos === CHUNK) {
      this.chunks.push(this.current);
      this.current = new Int32Array(CHUNK);
      this.pos = 0;
    }
    this.current[this.pos++] = value;
    this.length++;
  }

  /** One exact-size array; the builder is spent afterwards. */
  toArray(): Int32Array {
    const out = new Int32Array(this.length);
    let at = 0;
    for (let k = 0; k < this.chunks.length; k++) {
      out.set(this.chunks[k]!, at);
      at += CHUNK;
      this.chunks[k] = EMPTY_I32;
    }
    out.set(this.current.subarray(0, this.pos), at);
    this.chunks = [];
    this.current = EMPTY_I32;
    this.pos = 0;
    return out;
  }
}

const EMPTY_F64 = new Float64Array(0);
const EMPTY_I32 = new Int32Array(0);
