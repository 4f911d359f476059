// An activation defined in the tests through the public interface: its backward pass is deliberately wrong,
// for the gradient checks to catch.
import type { Activation, FloatArray } from '../../src/index.js';

/** A sigmoid whose backward pass is deliberately wrong (10% too large); its df is right. */
export class BrokenSigmoid implements Activation {
  readonly name = 'broken-sigmoid';
  readonly elementwise = true;
  f(z: number): number {
    return 1 / (1 + Math.exp(-z));
  }
  df(_z: number, a: number): number {
    return a * (1 - a);
  }
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) a[i] = 1 / (1 + Math.exp(-z[i]!));
  }
  backward(_z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) dZ[i] = 1.1 * dA[i]! * a[i]! * (1 - a[i]!);
  }
  toJSON() {
    return { name: this.name };
  }
}
