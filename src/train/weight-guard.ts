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
    for (let i = 0; i < params.length; i++) this.copies[i]!.set(params[i]!.value);
  }

  finite(): boolean {
    for (const p of this.network.parameters()) {
      const v = p.value;
      // x − x is 0 for finite x and NaN for ±Infinity and NaN: one check covers all three.
      let acc = 0;
      for (let i = 0; i < v.length; i++) acc += v[i]! - v[i]!;
      if (acc !== 0) return false;
    }
    return true;
  }

  restore(): void {
    const params = this.network.parameters();
    for (let i = 0; i < params.length; i++) params[i]!.value.set(this.copies[i]!);
  }
}
