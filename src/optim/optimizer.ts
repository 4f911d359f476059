import type { Parameter } from '../nn/layer.js';

/**
 * Updates parameters from their gradients. One class per algorithm, options validated in the constructor.
 * Per-parameter state (momentum, moment estimates) is kept by parameter name, so the same optimizer passed
 * to `fit` again continues where it stopped.
 */
export interface Optimizer {
  readonly name: string;
  /** The learning rate the next step uses (a schedule may change it between steps). */
  learningRate: number;
  step(params: Parameter[]): void;
  toJSON(): OptimizerSpec;
}

export interface OptimizerSpec {
  name: string;
  [option: string]: unknown;
}
