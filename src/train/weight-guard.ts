import { allocate, type FloatArray } from '../tensor/matrix.js';
import type { Network } from '../nn/network.js';

/**
 * Keeps a copy of the weights from before each update, so a step that makes any weight NaN or infinite can
 * be undone: a diverged network keeps its last finite weights. The copies are allocated once.
 */
export class WeightGuard {
  private readonly copies: FloatArray[];

  constructor(private readonly network: Network) {
    this.copies = network.parameters().map((p) => allocate(network.dtype, p.value.length));
  }

  save(): void {
    const params = this.network.parameters();
    for (let i = 0; i < params.length; i++) copy(params[i]!.value, this.copies[i]!);
  }

  finite(): boolean {
    const params = this.network.parameters();
    for (let p = 0; p < params.length; p++) {
      const v = params[p]!.value;
      // x − x is 0 for finite x and NaN for ±Infinity and NaN: one check covers all three. Four sums, so
      // that the additions do not wait on each other.
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0;
      const n = v.length;
      let i = 0;
      for (; i + 4 <= n; i += 4) {
        a0 += v[i]! - v[i]!;
        a1 += v[i + 1]! - v[i + 1]!;
        a2 += v[i + 2]! - v[i + 2]!;
        a3 += v[i + 3]! - v[i + 3]!;
      }
      for (; i < n; i++) a0 += v[i]! - v[i]!;
      if (a0 + a1 + a2 + a3 !== 0) return false;
    }
    return true;
  }

  restore(): void {
    const params = this.network.parameters();
    for (let i = 0; i < params.length; i++) params[i]!.value.set(this.copies[i]!);
  }
}

/** `to.set(from)`, as a loop for short arrays (the seed network's), where the call costs more than the copy. */
function copy(from: FloatArray, to: FloatArray): void {
  const n = from.length;
  if (n > 16) {
    to.set(from);
    return;
  }
  for (let i = 0; i < n; i++) to[i] = from[i]!;
}
