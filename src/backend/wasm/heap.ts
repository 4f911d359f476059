/**
 * The WebAssembly module's memory, seen from JavaScript: a small allocator for the float32 arrays layers keep
 * there (weights, gradients, batch buffers), and a scratch area that each kernel call reuses for operands
 * that live elsewhere and for packed matrices.
 *
 * Blocks come in power-of-two size classes (64 bytes and up), are recycled through one free list per class,
 * and are given back when the typed array that views them is garbage-collected (FinalizationRegistry).
 * Resident arrays are only handed out when the memory is shared: a shared memory keeps every existing view
 * valid when it grows, where growing an ordinary memory detaches all of them.
 */
export class WasmHeap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  /** The whole memory as floats; refreshed after growth. */
  f32: Float32Array;
  private top: number;
  private readonly freeLists: number[][] = [];
  /** Every buffer object resident views were made on (a shared memory's `buffer` is a new object after each growth). */
  private readonly buffers = new Set<ArrayBufferLike>();
  private lastBuffer: ArrayBufferLike | null = null;
  private readonly registry: FinalizationRegistry<number> | null;
  private scratchOffset = 0;
  private scratchBytes = 0;
  private scratchTop = 0;

  /** The first `reserved` bytes are left to the module (its static data: the constants of the exp kernel). */
  private readonly residentLimit: number;

  constructor(memory: WebAssembly.Memory, shared: boolean, reserved: number, residentLimit = RESIDENT_LIMIT) {
    this.memory = memory;
    this.residentLimit = residentLimit;
    this.shared = shared;
    this.f32 = new Float32Array(memory.buffer);
    this.top = reserved;
    this.registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((block) => this.freeBlock(block)) : null;
  }

  /**
   * A zero-filled float32 array inside the memory, freed when it is garbage-collected. Once the resident
   * blocks reach the resident limit (1 GiB by default) (many networks made in a loop that never yields, so finalizers have
   * had no chance to run), it hands out an ordinary array instead: the kernels then copy it per call, slower
   * but correct, and the memory stays bounded.
   */
  allocateFloat32(length: number): Float32Array {
    const bytes = float32Bytes(length);
    if (!this.hasFree(bytes) && this.top + (1 << sizeClass(bytes)) > this.residentLimit) return new Float32Array(length);
    const offset = this.alloc(bytes);
    const buffer = this.memory.buffer;
    if (buffer !== this.lastBuffer) {
      this.buffers.add(buffer);
      this.lastBuffer = buffer;
    }
    const view = new Float32Array(buffer, offset, length);
    view.fill(0);
    this.registry?.register(view, blockId(offset, bytes), view);
    return view;
  }

  /**
   * Gives back at once an array that `allocateFloat32` handed out (rather than when it is collected): its block
   * is the next one of its size, so a caller that allocates the same sizes again and again (fit, once a call)
   * reuses memory the system has already given the process, where fresh pages of a shared memory cost
   * microseconds each to touch. The array and every view of its memory must not be used again. Anything else
   * (another array, one given back already) is left alone.
   */
  release(array: Float32Array): void {
    if (this.registry?.unregister(array) !== true) return;
    this.freeBlock(blockId(array.byteOffset, float32Bytes(array.length)));
  }

  /** Byte offset of an array that lives in this memory (a view of a block it handed out), or −1. */
  offsetOf(array: ArrayBufferView): number {
    const buffer = array.buffer;
    if (buffer === this.lastBuffer || this.buffers.has(buffer)) return array.byteOffset;
    return -1;
  }

  /** Starts a kernel call: the scratch area is empty again, and at least `bytes` long. */
  beginScratch(bytes: number): void {
    if (bytes > this.scratchBytes) {
      if (this.scratchBytes > 0) this.freeBlock(blockId(this.scratchOffset, this.scratchBytes));
      const size = 1 << sizeClass(Math.max(bytes, 1 << 16));
      this.scratchOffset = this.alloc(size);
      this.scratchBytes = size;
    }
    this.scratchTop = this.scratchOffset;
  }

  /** Takes `bytes` (rounded up to 64) from the scratch area sized by `beginScratch`. */
  take(bytes: number): number {
    const offset = this.scratchTop;
    this.scratchTop += (bytes + 63) & ~63;
    return offset;
  }

  /** The array's offset when it is resident; otherwise a scratch copy of its first `length` values. */
  input(array: Float32Array, length: number): number {
    const offset = this.offsetOf(array);
    if (offset >= 0) return offset;
    const copy = this.take(4 * length);
    this.f32.set(length === array.length ? array : array.subarray(0, length), copy >>> 2);
    return copy;
  }

  /** Where a kernel may write `length` values for `array`: in place when resident, else in scratch. */
  output(array: Float32Array, length: number): number {
    const offset = this.offsetOf(array);
    return offset >= 0 ? offset : this.take(4 * length);
  }

  /** Copies a scratch result back into a non-resident array. */
  finish(array: Float32Array, offset: number, length: number): void {
    if (array.byteOffset === offset && this.offsetOf(array) >= 0) return;
    array.set(this.f32.subarray(offset >>> 2, (offset >>> 2) + length));
  }

  /** The [rows × cols] floats at byte offset `from`, transposed into [cols × rows] at `to` (no view made). */
  transpose(from: number, rows: number, cols: number, to: number): void {
    const f = this.f32;
    const a = from >>> 2;
    const b = to >>> 2;
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) f[b + j * rows + i] = f[a + i * cols + j]!;
  }

  /** Bytes needed in scratch for an array that may have to be copied in or out. */
  needs(array: Float32Array, length: number): number {
    return this.offsetOf(array) >= 0 ? 0 : (4 * length + 63) & ~63;
  }

  private alloc(bytes: number): number {
    const cls = sizeClass(bytes);
    const list = this.freeLists[cls];
    if (list && list.length > 0) return list.pop()!;
    const size = 1 << cls;
    const offset = Math.ceil(this.top / 64) * 64;
    const end = offset + size + 64; // keep a little slack past the last block
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / 65536);
      // Grow generously so that a run of allocations does not grow one page at a time.
      this.memory.grow(Math.max(pages, Math.ceil(have / 65536 / 4)));
      this.f32 = new Float32Array(this.memory.buffer);
    }
    this.top = offset + size;
    return offset;
  }

  private hasFree(bytes: number): boolean {
    const list = this.freeLists[sizeClass(bytes)];
    return list !== undefined && list.length > 0;
  }

  private freeBlock(block: number): void {
    const cls = block % 64;
    (this.freeLists[cls] ??= []).push(block - cls);
  }

  /** Refreshes the whole-memory view if another owner of the memory grew it. */
  refresh(): void {
    if (this.f32.buffer !== this.memory.buffer) this.f32 = new Float32Array(this.memory.buffer);
  }
}

/** Resident arrays stop here by default (1 GiB); see `allocateFloat32`. */
const RESIDENT_LIMIT = 2 ** 30;

/** ⌈log2(bytes)⌉, at least 6 (64 bytes). */
function sizeClass(bytes: number): number {
  return Math.max(6, 32 - Math.clz32(bytes - 1));
}

/** The bytes of a block for `length` float32 values (at least one value's, so every array has a block of its own). */
function float32Bytes(length: number): number {
  return Math.max(4 * length, 4);
}

/**
 * A block's id, what `freeBlock` takes back: its offset with its size class below 64 (offsets are multiples of
 * 64); plain arithmetic, not bit operations, so offsets past 2 GiB stay positive.
 */
function blockId(offset: number, bytes: number): number {
  return offset + sizeClass(bytes);
}
