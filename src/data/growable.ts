/**
 * Append-only typed arrays for reading tables of unknown length.
 *
 * They grow in fixed chunks (never copying what they hold), and `toArray` joins the chunks into one
 * exact-size array at the end. When the final length can be estimated (from the file size), `reserve`
 * allocates one block of about that size up front: if the estimate holds, `toArray` returns a view of that
 * block without copying, so the peak memory is about the table itself instead of about twice the table.
 */
const CHUNK = 16384;

type TypedArray = Float64Array | Int32Array;

abstract class Growable<T extends TypedArray> {
  private full: T[] = [];
  private current: T;
  private pos = 0;
  length = 0;

  constructor(private readonly make: (length: number) => T) {
    this.current = make(CHUNK);
  }

  push(value: number): void {
    if (this.pos === this.current.length) {
      this.full.push(this.current);
      this.current = this.make(CHUNK);
      this.pos = 0;
    }
    this.current[this.pos++] = value;
    this.length++;
  }

  /** Makes room for `total` values in one block, if nothing has been chunked yet. */
  reserve(total: number): void {
    if (this.full.length > 0 || total <= this.current.length) return;
    const block = this.make(total);
    block.set(this.current.subarray(0, this.pos));
    this.current = block;
  }

  /** Calls fn with every value in order. */
  forEach(fn: (value: number) => void): void {
    for (const chunk of this.full) for (let i = 0; i < chunk.length; i++) fn(chunk[i]!);
    for (let i = 0; i < this.pos; i++) fn(this.current[i]!);
  }

  /** One array of exactly `length` values; the builder is spent afterwards. */
  toArray(): T {
    const current = this.current;
    const pos = this.pos;
    this.current = this.make(0);
    this.pos = 0;
    // One block nearly full (a good reservation): a view, no copy (at most 10% of it unused).
    if (this.full.length === 0 && pos >= 0.9 * current.length) return current.subarray(0, pos) as T;
    const out = this.make(this.length);
    let at = 0;
    for (let k = 0; k < this.full.length; k++) {
      out.set(this.full[k]!, at);
      at += this.full[k]!.length;
      this.full[k] = this.current; // let the chunk go now
    }
    out.set(current.subarray(0, pos), at);
    this.full = [];
    return out;
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor() {
    super((n) => new Float64Array(n));
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor() {
    super((n) => new Int32Array(n));
  }
}
