import { NeuriteError, describe, requireNumber } from '../errors.js';

/**
 * Option checks shared by the optimizers and schedules. Messages follow PyTorch's
 * ("Invalid learning rate: -1") and then say what was expected.
 */

/** A learning rate for a constructor: finite and > 0. */
export function requireLearningRate(value: unknown, name = 'learning rate'): number {
  return requireNumber(name, value, { min: 0, exclusiveMin: true });
}

/** A finite number ≥ 0 (weight decay, an initial accumulator value). */
export function requireNonNegative(name: string, value: unknown): number {
  return requireNumber(name, value, { min: 0 });
}

/** A finite number > 0 (epsilon, a maximum norm). */
export function requirePositive(name: string, value: unknown): number {
  return requireNumber(name, value, { min: 0, exclusiveMin: true });
}

/** A decay coefficient in [0, 1): β1, β2, ρ, momentum. At 1 the average would never forget its start. */
export function requireFraction(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new NeuriteError('INVALID_ARGUMENT', `Invalid ${name}: ${describe(value)} (expected a finite number ≥ 0 and < 1)`, {
      field: name,
      expected: '≥ 0 and < 1',
      actual: value,
    });
  }
  return value;
}

/** A multiplicative decay factor in (0, 1]. */
export function requireDecayFactor(name: string, value: unknown): number {
  return requireNumber(name, value, { min: 0, exclusiveMin: true, max: 1 });
}

export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new NeuriteError('INVALID_ARGUMENT', `Invalid ${name}: ${describe(value)} (expected true or false)`, {
      field: name,
      expected: 'boolean',
      actual: value,
    });
  }
  return value;
}
