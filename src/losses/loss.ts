import type { Spec } from '../registry.js';
import type { FloatArray } from '../tensor/matrix.js';

/**
 * A loss over a batch of predictions `[rows, cols]` against targets of the same shape.
 * `forward` returns the mean over the batch; `backward` writes ∂L/∂y_pred for every prediction.
 *
 * A loss may be fused with the output activation it belongs with (binary cross-entropy with sigmoid,
 * categorical cross-entropy with softmax). When the network's last activation is `fusedActivation`, the
 * network calls the `*FromLogits` pair instead, which works on the pre-activations z: that is numerically
 * stable and its gradient ∂L/∂z is the simple (ŷ − y) / rows.
 *
 * Mean conventions (what "the mean over the batch" divides by):
 *   mean_squared_error, mean_absolute_error, huber, binary_cross_entropy: mean over every element (rows × cols);
 *   categorical_cross_entropy: sum over the classes of a row, mean over rows (one distribution per row).
 */
export interface Loss {
  readonly name: string;
  forward(pred: FloatArray, target: FloatArray, rows: number, cols: number): number;
  backward(pred: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void;
  readonly fusedActivation?: string;
  /** The mean loss computed from logits z (the output layer's pre-activations). */
  forwardFromLogits?(logits: FloatArray, target: FloatArray, rows: number, cols: number): number;
  /** ∂L/∂z, given the logits z and the activated outputs a = f(z). */
  backwardFromLogits?(logits: FloatArray, probs: FloatArray, target: FloatArray, grad: FloatArray, rows: number, cols: number): void;
  toJSON(): LossSpec;
}

/** A loss by name with its options, as JSON stores it: `{ name: 'huber', delta: 2 }`. */
export type LossSpec = Spec;
