import type { Spec } from '../registry.js';
import type { FloatArray } from '../tensor/matrix.js';

/**
 * An activation a = f(z), applied to a batch `[rows, cols]` of pre-activations z (the weighted sums).
 * `forward` and `backward` sit side by side in each implementation: the formula and its derivative.
 */
export interface Activation {
  readonly name: string;
  /** True when f acts on each value alone (everything but softmax): then `f` and `df` are the whole story. */
  readonly elementwise: boolean;
  /** f(z) for one value (elementwise activations; softmax throws). */
  f(z: number): number;
  /** f'(z) for one value, given z and a = f(z) (elementwise activations; softmax throws). */
  df(z: number, a: number): number;
  /** a = f(z) over a batch. */
  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void;
  /** ∂L/∂z = ∂L/∂a · ∂a/∂z over a batch, given z, a = f(z) and ∂L/∂a. `dZ` may alias `dA`. */
  backward(z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void;
  /** Options that recreate this activation (e.g. a leaky ReLU's slope), for the model file. */
  toJSON(): ActivationSpec;
}

/** An activation by name with its options, as JSON stores it: `{ name: 'leaky_relu', slope: 0.1 }`. */
export type ActivationSpec = Spec;
