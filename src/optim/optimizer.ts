import type { Backend } from '../backend/backend.js';
import type { Parameter } from '../nn/layer.js';

/**
 * Updates parameters from their gradients. One class per algorithm, options validated in the constructor.
 * Per-parameter state (momentum, moment estimates) is kept by parameter name (`Parameter.name`), so the
 * same optimizer passed to `fit` again continues where it stopped, and `getState()`/`setState()` carry that
 * state through a checkpoint: resuming gives bit-identical weights.
 *
 * The training loop's contract, per batch:
 *
 *   network.computeGradients(x, y, loss)              // fills every Parameter.grad
 *   clipGradNorm(params, maxNorm)                     // optional
 *   optimizer.learningRate = schedule.rateAt(optimizer.iterations)   // optional
 *   optimizer.step(params, backend)                   // updates every Parameter.value in place
 */
export interface Optimizer {
  readonly name: string;
  /**
   * η, the learning rate the next step uses. A schedule may set it between steps; the setter accepts any
   * finite number ≥ 0 (a schedule may reach 0), while constructors require > 0.
   */
  learningRate: number;
  /** How many times `step` has been called since construction, `reset()` or the restored state: 0, 1, 2, ... */
  readonly iterations: number;
  /**
   * One update of every parameter from its gradient, in place. Allocates only the first time it meets a
   * parameter name (its state buffers, in the parameter's precision); later calls allocate nothing.
   * `backend`: the kernels of the network these parameters belong to (`Network.trainStep` and `fit` pass
   * the network's own); default: the library's current backend, as a network without one of its own uses.
   * The results are the same on every backend; only the time differs.
   */
  step(params: readonly Parameter[], backend?: Backend): void;
  /** A deep copy of the per-parameter state and step counts as plain JSON-able numbers. */
  getState(): OptimizerState;
  /** Replaces the state with a validated copy of `state` (from `getState()`, possibly through JSON). */
  setState(state: OptimizerState): void;
  /** Forgets every parameter's state and the step count, as if newly constructed. */
  reset(): void;
  /** The algorithm's name and options: `createOptimizer(spec.name, spec)` builds an equal optimizer. */
  toJSON(): OptimizerSpec;
  /** η when the next step of `params` is the plain w ← w − η·g (SGD without momentum), else NaN. @internal */
  plainStepRate?(params: readonly Parameter[]): number;
  /** Counts `steps` that a caller took itself after `plainStepRate`. @internal */
  countStep?(params: readonly Parameter[], steps?: number): void;
}

/** An optimizer by name with its options, as JSON stores it: `{ name: 'adam', learningRate: 0.01 }`. */
export interface OptimizerSpec {
  name: string;
  [option: string]: unknown;
}

/** The saved state of one parameter: its own step count and its named buffers (e.g. Adam's m and v). */
export interface ParameterStateJSON {
  name: string;
  /** Updates this parameter has received (Adam's t for its bias correction). */
  step: number;
  /** One array per buffer, each as long as the parameter. */
  slots: Record<string, number[]>;
}

/** Everything an optimizer remembers, as plain numbers: written into checkpoints for `--resume`. */
export interface OptimizerState {
  /** The optimizer's `name`; `setState` refuses a state saved by another algorithm. */
  optimizer: string;
  version: 1;
  /** `iterations`: calls to `step` so far. */
  step: number;
  parameters: ParameterStateJSON[];
}
