import type { Backend } from '../backend/backend.js';
import type { Parameter } from '../nn/layer.js';
import type { FloatArray } from '../tensor/matrix.js';
import { BaseOptimizer, type SlotSpec } from './base.js';
import { NeuriteError } from '../errors.js';
import { requireBoolean, requireFraction } from './validate.js';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** η, the step size (default 0.01; the seed uses 0.1). */
  learningRate?: number;
  /** μ in [0, 1), how much of the previous step the velocity keeps (default 0: the seed's plain SGD). */
  momentum?: number;
  /** Nesterov's look-ahead form of momentum (default false; needs momentum > 0). */
  nesterov?: boolean;
}

const NO_SLOTS: readonly SlotSpec[] = [];
const VELOCITY: readonly SlotSpec[] = [{ name: 'velocity' }];

/**
 * Stochastic gradient descent. With μ = 0 it is the seed's update, for every weight and bias:
 *
 *   w ← w − η · g                           (g = ∂L/∂w)
 *
 * With momentum μ > 0 it keeps a velocity b per parameter (starting at 0), in PyTorch's form:
 *
 *   b ← μ · b + g
 *   w ← w − η · b                           (classical momentum)
 *   w ← w − η · (g + μ · b)                 (nesterov: the gradient plus a look-ahead along the new velocity)
 *
 * (Sutskever's form v ← μv − ηg, w ← w + v is the same trajectory while η is constant; this form keeps η
 * out of the velocity, so a schedule changing η acts at once.)
 *
 * Shape: each parameter's value, gradient and velocity have the same length; the velocity has its precision.
 *
 * @example
 * ```ts
 * import { Network, SGD, fit } from 'neurite';
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1], [2]], [[1], [3], [5]], { epochs: 200, batchSize: 3, optimizer: new SGD({ learningRate: 0.1, momentum: 0.9 }) });
 * console.log(network.predict([3])); // ≈ [7]: y = 2x + 1
 * ```
 */
export class SGD extends BaseOptimizer {
  readonly name = 'sgd';
  readonly momentum: number;
  readonly nesterov: boolean;
  protected readonly slotSpecs: readonly SlotSpec[];

  constructor({ learningRate = 0.01, momentum = 0, nesterov = false }: SGDOptions = {}) {
    super(learningRate);
    this.momentum = requireFraction('momentum', momentum);
    this.nesterov = requireBoolean('nesterov', nesterov);
    if (this.nesterov && this.momentum === 0) {
      throw new NeuriteError('INVALID_ARGUMENT', 'Nesterov momentum requires a momentum > 0, got 0', {
        field: 'momentum',
        expected: '> 0 with nesterov: true',
        actual: 0,
      });
    }
    this.slotSpecs = this.momentum > 0 ? VELOCITY : NO_SLOTS;
  }

  /** η for a step without momentum, which is the plain w ← w − η·g (see BaseOptimizer). @internal */
  override plainStepRate(params: readonly Parameter[]): number {
    if (this.momentum !== 0) return NaN;
    this.checkedStates(params);
    return this.learningRate;
  }

  protected update(param: Parameter, slots: readonly FloatArray[], _t: number, backend: Backend): void {
    if (this.momentum === 0) sgdStep(backend, param.value, param.grad, this.learningRate);
    else sgdMomentumUpdate(param.value, param.grad, slots[0]!, this.learningRate, this.momentum, this.nesterov);
  }

  toJSON(): { name: string; learningRate: number; momentum: number; nesterov: boolean } {
    return { name: this.name, learningRate: this.learningRate, momentum: this.momentum, nesterov: this.nesterov };
  }
}

/**
 * w ← w − η · g on `backend`, and the one place its variant is chosen: the backend's kernel
 * (`Backend.subtractScaled`, the same arithmetic) where it has one and the step is not small on it
 * (`Backend.smallElementwise`), else the reference loop `sgdUpdate`.
 */
function sgdStep(backend: Backend, w: FloatArray, g: FloatArray, lr: number): void {
  if (w.length <= (backend.smallElementwise ?? -1) || backend.subtractScaled?.(w, g, lr) !== true) sgdUpdate(w, g, lr);
}

/**
 * w ← w − η · g, in place: the reference SGD step.
 *
 * @example
 * ```ts
 * import { sgdUpdate } from 'neurite';
 * const w = Float64Array.of(1, 2);
 * sgdUpdate(w, Float64Array.of(0.5, -1), 0.1);
 * console.log([...w]); // [0.95, 2.1]
 * ```
 */
export function sgdUpdate(w: FloatArray, g: FloatArray, lr: number): void {
  for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * g[i]!;
}

/**
 * b ← μ · b + g; then w ← w − η · b, or w ← w − η · (g + μ · b) with Nesterov. In place.
 *
 * @example
 * ```ts
 * import { sgdMomentumUpdate } from 'neurite';
 * const w = Float64Array.of(1);
 * const velocity = Float64Array.of(0);
 * sgdMomentumUpdate(w, Float64Array.of(1), velocity, 0.1, 0.9, false);
 * console.log(w[0], velocity[0]); // 0.9 1
 * ```
 */
export function sgdMomentumUpdate(w: FloatArray, g: FloatArray, b: FloatArray, lr: number, momentum: number, nesterov: boolean): void {
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    b[i] = momentum * b[i]! + gi;
    // Read the velocity back from b so float32 state steps with the value it stores.
    w[i] = w[i]! - lr * (nesterov ? gi + momentum * b[i]! : b[i]!);
  }
}
