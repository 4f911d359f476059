import { NeuriteError, describe, requireNumber } from '../errors.js';
import type { Parameter } from './layer.js';

/** Weight penalties added to the training loss. Both default to 0 (off). */
export interface Regularization {
  /** λ₁ of the L1 (lasso) term: pushes weights to exactly 0 (sparse weights). */
  l1?: number;
  /** λ₂ of the L2 (ridge, weight decay) term: shrinks weights in proportion to their size. */
  l2?: number;
}

/*
 * The convention, on weights only (kind 'weight'; biases and scales, a batch norm's γ and β, are never penalized):
 *   penalty    R(w)     = λ₁ Σ |w| + (λ₂ / 2) Σ w²
 *   gradient   ∂R/∂w    = λ₁ · sign(w) + λ₂ · w      (sign(0) = 0, a subgradient)
 * R is added to the batch's mean loss as it is (not divided by the batch size). With the ½, λ₂ is exactly the
 * "weight decay" of PyTorch's SGD (w ← w − η (∂L/∂w + λ₂ w)); Keras's `l2(λ)` means λ Σ w², i.e. our λ₂ = 2λ.
 */

/**
 * R(w) = λ₁ Σ|w| + (λ₂/2) Σ w² over every weight (not bias) parameter.
 *
 * @example
 * ```ts
 * import { Network, penalty } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 3, activation: 'relu' }, { units: 1 }] });
 * console.log(penalty(network.parameters(), { l2: 0.01 })); // (λ/2)·Σw² over the weights (biases are not penalized)
 * ```
 */
export function penalty(params: readonly Parameter[], reg: Regularization): number {
  const { l1, l2 } = checkRegularization(reg);
  if (l1 === 0 && l2 === 0) return 0;
  let abs = 0;
  let squares = 0;
  for (const p of params) {
    if (p.kind !== 'weight') continue;
    const w = p.value;
    for (let i = 0; i < w.length; i++) {
      const v = w[i]!;
      abs += Math.abs(v);
      squares += v * v;
    }
  }
  return l1 * abs + 0.5 * l2 * squares;
}

/**
 * grad += λ₁ · sign(w) + λ₂ · w for every weight (not bias) parameter; call after backpropagation filled grad.
 *
 * @example
 * ```ts
 * import { Network, addPenaltyGradient } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 1 }] });
 * const params = network.parameters(); // after a backward pass, before the optimizer's step:
 * addPenaltyGradient(params, { l1: 0.001, l2: 0.01 }); // grad += λ1·sign(w) + λ2·w on the weights
 * ```
 */
export function addPenaltyGradient(params: readonly Parameter[], reg: Regularization): void {
  const { l1, l2 } = checkRegularization(reg);
  if (l1 === 0 && l2 === 0) return;
  for (const p of params) {
    if (p.kind !== 'weight') continue;
    const w = p.value;
    const g = p.grad;
    for (let i = 0; i < w.length; i++) g[i] = g[i]! + l1 * Math.sign(w[i]!) + l2 * w[i]!;
  }
}

/**
 * Validates a `{ l1?, l2? }` object: each a finite number ≥ 0 (missing means 0).
 */
export function checkRegularization(reg: Regularization): { l1: number; l2: number } {
  if (reg === null || typeof reg !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `Regularization must be an object like { l1: 0.001, l2: 0.01 }, got ${describe(reg)}`, {
      field: 'regularization',
      actual: reg,
    });
  }
  return {
    l1: requireNumber('regularization l1', reg.l1 ?? 0, { min: 0 }),
    l2: requireNumber('regularization l2', reg.l2 ?? 0, { min: 0 }),
  };
}
