import { NeuriteError } from '../errors.js';

/** The generator's saved state ({@link Rng.getState}): the four 32-bit state words and the spare normal draw. */
export interface RngState {
  s: [number, number, number, number];
  spare: number | null;
}

/**
 * The one seeded pseudo-random generator behind initialization, shuffling and dropout:
 * **xoshiro128\*\*** (Blackman & Vigna, 2018), a 128-bit state seeded from a 32-bit seed by SplitMix32.
 * Uniform draws take 53 bits from two outputs; normal draws use the Box–Muller transform (the second
 * value of each pair is kept for the next call, and is part of the saved state).
 *
 * @example
 * ```ts
 * import { Rng } from 'neurite';
 * const rng = new Rng(42);
 * const state = rng.getState();
 * const a = [rng.uniform(), rng.normal(), rng.int(6)];
 * rng.setState(state); // the same draws again, bit for bit
 * console.log(a[0] === rng.uniform()); // true
 * ```
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed = 42) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new NeuriteError('INVALID_ARGUMENT', `A seed must be an integer, got ${String(seed)}`, { field: 'seed', actual: seed });
    }
    // SplitMix32 spreads any seed (even 0) over the whole state.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  range(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Standard normal (mean 0, standard deviation 1), or N(mean, std²). */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.uniform(); // log(0) is -Infinity
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    this.spare = radius * Math.sin(angle);
    return mean + std * radius * Math.cos(angle);
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new NeuriteError('INVALID_ARGUMENT', `Rng.int needs an integer bound in [1, 2^32], got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A snapshot that `setState` restores exactly (for checkpoints). */
  getState(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  setState(state: RngState): void {
    const s = state?.s;
    if (!Array.isArray(s) || s.length !== 4 || !s.every((v) => Number.isInteger(v))) {
      throw new NeuriteError('INVALID_ARGUMENT', 'An RNG state needs `s`: four 32-bit integers');
    }
    if (s.every((v) => (v | 0) === 0)) throw new NeuriteError('INVALID_ARGUMENT', 'An RNG state of all zeros never changes');
    if (state.spare !== null && (typeof state.spare !== 'number' || !Number.isFinite(state.spare))) {
      throw new NeuriteError('INVALID_ARGUMENT', 'An RNG state `spare` must be null or a finite number');
    }
    [this.s0, this.s1, this.s2, this.s3] = s.map((v) => v | 0) as [number, number, number, number];
    this.spare = state.spare;
  }

  clone(): Rng {
    const copy = new Rng(0);
    copy.setState(this.getState());
    return copy;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
