import type { Parameter } from '../nn/layer.js';
import { requirePositive } from './validate.js';

// The option checks below are inline on the good path so that calling these once per batch allocates nothing.

/**
 * Gradient clipping, between backpropagation and the optimizer's step. Both functions change `Parameter.grad`
 * in place and allocate nothing.
 */

/**
 * ‖g‖₂ over every gradient of every parameter together: √(Σ_p Σ_i g_pi²), summed in float64.
 *
 * @example
 * ```ts
 * import { Network, globalGradNorm } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 1 }] });
 * network.parameters()[0]!.grad.set([3, 4]);
 * console.log(globalGradNorm(network.parameters())); // 5: √(Σ g²) over every parameter
 * ```
 */
export function globalGradNorm(params: readonly Parameter[]): number {
  let sum = 0;
  for (let p = 0; p < params.length; p++) {
    const g = params[p]!.grad;
    for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  }
  return Math.sqrt(sum);
}

/**
 * Clipping by global norm (Pascanu et al., 2013; PyTorch's clip_grad_norm_): when ‖g‖₂ > maxNorm, every
 * gradient is scaled by maxNorm / ‖g‖₂, so the direction is kept and the norm becomes maxNorm. Gradients
 * with a norm ≤ maxNorm are left untouched.
 *
 * Returns the norm before clipping (worth logging). If it is not finite (NaN or ∞: the training has diverged)
 * the gradients are left as they are; the caller should check `Number.isFinite` and stop.
 *
 * @example
 * ```ts
 * import { Matrix, MeanSquaredError, Network, clipGradNorm, globalGradNorm } from 'neurite';
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * network.computeGradients(Matrix.from([[100]]), Matrix.from([[-100]]), new MeanSquaredError()); // a huge error
 * const before = clipGradNorm(network.parameters(), 1); // rescales every gradient so the global norm is ≤ 1
 * console.log(before, globalGradNorm(network.parameters())); // a large norm, then 1
 * ```
 */
export function clipGradNorm(params: readonly Parameter[], maxNorm: number): number {
  if (!(maxNorm > 0 && maxNorm < Infinity)) requirePositive('max norm', maxNorm);
  const norm = globalGradNorm(params);
  if (norm > maxNorm && Number.isFinite(norm)) {
    const scale = maxNorm / norm;
    for (let p = 0; p < params.length; p++) {
      const g = params[p]!.grad;
      for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale;
    }
  }
  return norm;
}

/**
 * Clipping by value (PyTorch's clip_grad_value_): every gradient element is clamped to [−clipValue, clipValue].
 * Unlike norm clipping this can change the gradient's direction. NaN stays NaN.
 * Returns how many elements were clamped.
 *
 * @example
 * ```ts
 * import { Network, clipGradValue } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 1 }] });
 * const [weights] = network.parameters();
 * weights!.grad.set([5, -0.2]);
 * clipGradValue(network.parameters(), 1);
 * console.log(Array.from(weights!.grad)); // [1, -0.2…]: each entry clamped to [−1, 1]
 * ```
 */
export function clipGradValue(params: readonly Parameter[], clipValue: number): number {
  if (!(clipValue > 0 && clipValue < Infinity)) requirePositive('clip value', clipValue);
  let clamped = 0;
  for (let p = 0; p < params.length; p++) {
    const g = params[p]!.grad;
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!;
      if (v > clipValue) {
        g[i] = clipValue;
        clamped++;
      } else if (v < -clipValue) {
        g[i] = -clipValue;
        clamped++;
      }
    }
  }
  return clamped;
}
