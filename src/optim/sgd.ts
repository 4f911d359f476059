import { requireNumber } from '../errors.js';
import type { Parameter } from '../nn/layer.js';
import type { Optimizer } from './optimizer.js';

export interface SGDOptions {
  /** η, the step size (the seed uses 0.1). */
  learningRate?: number;
}

/**
 * Stochastic gradient descent, the seed's update: w ← w − η · ∂L/∂w for every weight and bias.
 */
export class SGD implements Optimizer {
  readonly name = 'sgd';
  learningRate: number;

  constructor({ learningRate = 0.01 }: SGDOptions = {}) {
    this.learningRate = requireNumber('learning rate', learningRate, { min: 0, exclusiveMin: true });
  }

  step(params: Parameter[]): void {
    const lr = this.learningRate;
    for (const p of params) {
      const w = p.value;
      const g = p.grad;
      for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * g[i]!;
    }
  }

  toJSON() {
    return { name: this.name, learningRate: this.learningRate };
  }
}
