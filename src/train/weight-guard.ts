import { allocate, type FloatArray } from '../tensor/matrix.js';
import type { Network } from '../nn/network.js';

/**
 * Keeps a copy of the weights from before each update, so a step that makes any weight NaN or infinite can
 * be undone: a diverged network keeps its last finite weights. "Weights" are everything the network learns
 * (`network.learnedArrays()`: the parameters, and state arrays such as a batch norm's running statistics, which a
 * training forward pass moves). The copies are allocated once.
 *
 * Two sets of copies take turns: `finite()` checks the weights after a step and copies them in the same pass
 * into the spare set, which becomes the copy from before the next step. So `save()` copies nothing while the
 * weights have not changed since (training steps back to back); `stale()` says they may have (user code ran).
 */
export class WeightGuard {
  private saved: FloatArray[];
  private spare: FloatArray[];
  /** True while `saved` holds the weights as they are. */
  private current = false;

  constructor(private readonly network: Network) {
    const make = () => network.learnedArrays().map((values) => allocate(network.dtype, values.length));
    this.saved = make();
    this.spare = make();
  }

  save(): void {
    if (this.current) return;
    const arrays = this.network.learnedArrays();
    for (let i = 0; i < arrays.length; i++) this.saved[i]!.set(arrays[i]!);
    this.current = true;
  }

  stale(): void {
    this.current = false;
  }

  finite(): boolean {
    const arrays = this.network.learnedArrays();
    for (let p = 0; p < arrays.length; p++) {
      const v = arrays[p]!;
      const to = this.spare[p]!;
      // x − x is 0 for finite x and NaN for ±Infinity and NaN: one check covers all three. Four sums, so
      // that the additions do not wait on each other.
      let a0 = 0,
        a1 = 0,
        a2 = 0,
        a3 = 0;
      const n = v.length;
      const short = n <= 16; // (copied in the loop, where a call to `set` costs more)
      let i = 0;
      for (; !short && i + 4 <= n; i += 4) {
        a0 += v[i]! - v[i]!;
        a1 += v[i + 1]! - v[i + 1]!;
        a2 += v[i + 2]! - v[i + 2]!;
        a3 += v[i + 3]! - v[i + 3]!;
      }
      for (; i < n; i++) {
        const x = v[i]!;
        a0 += x - x;
        if (short) to[i] = x;
      }
      if (a0 + a1 + a2 + a3 !== 0) return (this.current = false);
      if (!short) to.set(v);
    }
    const next = this.spare;
    this.spare = this.saved;
    this.saved = next;
    return (this.current = true);
  }

  restore(): void {
    const arrays = this.network.learnedArrays();
    for (let i = 0; i < arrays.length; i++) arrays[i]!.set(this.saved[i]!);
  }
}
