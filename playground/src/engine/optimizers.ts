import { NeuriteError, SGD, type Optimizer, type Parameter } from '../../../src/index.js';
import type { Regularization } from './settings.js';

/**
 * The one table from optimizer names (the page's list, the URL, the model file) to the library's classes.
 * Add a row when the library gains an optimizer, e.g. `adam: ({ learningRate }) => new Adam({ learningRate })`.
 */
export const OPTIMIZERS: Record<string, (options: { learningRate: number }) => Optimizer> = {
  sgd: ({ learningRate }) => new SGD({ learningRate }),
};

export function optimizerNames(): string[] {
  return Object.keys(OPTIMIZERS);
}

export function makeOptimizer(name: string, learningRate: number, regularization: Regularization = 'none', rate = 0): Optimizer {
  const factory = Object.hasOwn(OPTIMIZERS, name) ? OPTIMIZERS[name] : undefined;
  if (!factory) {
    throw new NeuriteError('INVALID_ARGUMENT', `Unknown optimizer ${JSON.stringify(name)}; expected one of: ${optimizerNames().join(', ')}`, {
      field: 'optimizer',
    });
  }
  const inner = factory({ learningRate });
  return regularization === 'none' || rate === 0 ? inner : new WeightPenalty(inner, regularization, rate);
}

/**
 * L1 or L2 weight penalty added to the weights' gradients (never the biases') before the optimizer's step:
 * L2 adds λ·Σw² to the loss, so ∂/∂w = 2λw; L1 adds λ·Σ|w|, so ∂/∂w = λ·sign(w).
 * It stands in for the library's regularization until that is merged.
 */
class WeightPenalty implements Optimizer {
  constructor(
    private readonly inner: Optimizer,
    private readonly kind: 'l1' | 'l2',
    private readonly rate: number,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  get learningRate(): number {
    return this.inner.learningRate;
  }
  set learningRate(value: number) {
    this.inner.learningRate = value;
  }

  get iterations(): number {
    return this.inner.iterations;
  }
  getState() {
    return this.inner.getState();
  }
  setState(state: Parameters<Optimizer['setState']>[0]): void {
    this.inner.setState(state);
  }
  reset(): void {
    this.inner.reset();
  }

  step(params: readonly Parameter[]): void {
    const lambda = this.rate;
    for (const p of params) {
      if (p.kind !== 'weight') continue;
      const w = p.value;
      const g = p.grad;
      if (this.kind === 'l2') for (let i = 0; i < w.length; i++) g[i] = g[i]! + 2 * lambda * w[i]!;
      else for (let i = 0; i < w.length; i++) g[i] = g[i]! + lambda * Math.sign(w[i]!);
    }
    this.inner.step(params);
  }

  toJSON() {
    return { ...this.inner.toJSON(), regularization: { kind: this.kind, rate: this.rate } };
  }
}
