// Activations and losses defined here, in the tests, through the public interfaces only: they exercise the
// elementwise, non-elementwise (softmax) and fused-loss paths before the library's own versions land.
import type { Activation, FloatArray, Loss } from '../../src/index.js';

/** f(z) = tanh z, f'(z) = 1 − f(z)². */
export class TestTanh implements Activation {
  readonly name = 'test-tanh';
  readonly elementwise = true;
  f(z: number): number {
    return Math.tanh(z);
  }
  df(_z: number, a: number): number {
    return 1 - a * a;
  }
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) a[i] = Math.tanh(z[i]!);
  }
  backward(_z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) dZ[i] = dA[i]! * (1 - a[i]! * a[i]!);
  }
  toJSON() {
    return { name: this.name };
  }
}

/** a_k = e^(z_k) / Σ_m e^(z_m) per row; ∂L/∂z_k = a_k (∂L/∂a_k − Σ_m ∂L/∂a_m a_m). */
export class TestSoftmax implements Activation {
  readonly name = 'test-softmax';
  readonly elementwise = false;
  f(): number {
    throw new Error('softmax is not elementwise');
  }
  df(): number {
    throw new Error('softmax is not elementwise');
  }
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let k = 0; k < cols; k++) max = Math.max(max, z[o + k]!);
      let sum = 0;
      for (let k = 0; k < cols; k++) sum += a[o + k] = Math.exp(z[o + k]! - max);
      for (let k = 0; k < cols; k++) a[o + k] = a[o + k]! / sum;
    }
  }
  backward(_z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let s = 0;
      for (let k = 0; k < cols; k++) s += dA[o + k]! * a[o + k]!;
      for (let k = 0; k < cols; k++) dZ[o + k] = a[o + k]! * (dA[o + k]! - s);
    }
  }
  toJSON() {
    return { name: this.name };
  }
}

/** Categorical cross-entropy, L = −(1/rows) Σ y log ŷ, fused with TestSoftmax: ∂L/∂z = (ŷ − y) / rows. */
export class TestCrossEntropy implements Loss {
  readonly name = 'test-cce';
  readonly fusedActivation = 'test-softmax';
  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number {
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) if (target[i]! > 0) sum -= target[i]! * Math.log(pred[i]!);
    return sum / rows;
  }
  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) grad[i] = -target[i]! / pred[i]! / rows;
  }
  forwardFromLogits(z: FloatArray, target: FloatArray, rows: number, cols: number): number {
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let k = 0; k < cols; k++) max = Math.max(max, z[o + k]!);
      let s = 0;
      for (let k = 0; k < cols; k++) s += Math.exp(z[o + k]! - max);
      const lse = max + Math.log(s);
      for (let k = 0; k < cols; k++) sum += target[o + k]! * (lse - z[o + k]!);
    }
    return sum / rows;
  }
  backwardFromLogits(_z: FloatArray, probs: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) grad[i] = (probs[i]! - target[i]!) / rows;
  }
  toJSON() {
    return { name: this.name };
  }
}

/** Binary cross-entropy fused with the sigmoid: ∂L/∂z = (ŷ − y) / n, n = every output of the batch. */
export class TestBinaryCrossEntropy implements Loss {
  readonly name = 'test-bce';
  readonly fusedActivation = 'sigmoid';
  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number {
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) sum -= target[i]! * Math.log(pred[i]!) + (1 - target[i]!) * Math.log(1 - pred[i]!);
    return sum / (rows * cols);
  }
  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = (pred[i]! - target[i]!) / (pred[i]! * (1 - pred[i]!)) / n;
  }
  forwardFromLogits(z: FloatArray, target: FloatArray, rows: number, cols: number): number {
    let sum = 0;
    for (let i = 0; i < rows * cols; i++) {
      const v = z[i]!;
      sum += Math.max(v, 0) - v * target[i]! + Math.log1p(Math.exp(-Math.abs(v)));
    }
    return sum / (rows * cols);
  }
  backwardFromLogits(_z: FloatArray, probs: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void {
    const n = rows * cols;
    for (let i = 0; i < n; i++) grad[i] = (probs[i]! - target[i]!) / n;
  }
  toJSON() {
    return { name: this.name };
  }
}

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
