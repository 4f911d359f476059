import type { FloatArray } from '../tensor/matrix.js';
import type { Activation } from './activation.js';

/** The identity: f(z) = z, f'(z) = 1. For regression outputs and for logits. */
export class Linear implements Activation {
  readonly name = 'linear';
  readonly elementwise = true;

  f(z: number): number {
    return z;
  }

  df(): number {
    return 1;
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    if (a !== z) a.set(z.subarray(0, rows * cols));
  }

  backward(_z: FloatArray, _a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    if (dZ !== dA) dZ.set(dA.subarray(0, rows * cols));
  }

  toJSON() {
    return { name: this.name };
  }
}
