import { getBackend } from '../backend/index.js';
import type { Backend } from '../backend/backend.js';
import { NeuriteError, describe, requireNumber } from '../errors.js';
import type { Parameter } from '../nn/layer.js';
import { allocate, dtypeOf, type FloatArray } from '../tensor/matrix.js';
import type { Optimizer, OptimizerSpec, OptimizerState, ParameterStateJSON } from './optimizer.js';
import { requireLearningRate } from './validate.js';

/** A per-parameter buffer an optimizer keeps, e.g. Adam's first moment `m`. */
export interface SlotSpec {
  readonly name: string;
  /** The value every element starts at (default 0; AdaGrad's accumulator may start higher). */
  readonly initial?: number;
  /** True for running sums of squares: a restored state with a negative value is refused. */
  readonly nonNegative?: boolean;
}

interface ParameterState {
  /** Updates this parameter has received, counting the one in progress: t = 1, 2, ... */
  step: number;
  readonly length: number;
  /** One buffer per slot, in `slotSpecs` order, in the parameter's precision. */
  readonly slots: FloatArray[];
}

/**
 * What every optimizer shares: the learning rate, the step count, and per-parameter state keyed by
 * `Parameter.name`, created on first sight and serializable. Subclasses are thin: they validate their options,
 * name their slots, and call a pure update function per parameter from `update`.
 *
 * State buffers use the parameter's precision (float32 or float64), as PyTorch does, so a float32 model's
 * optimizer needs no more memory than its weights per slot. Saved states hold those exact values as numbers,
 * so a JSON round trip restores them bit for bit.
 *
 * @example
 * ```ts
 * import { BaseOptimizer, sgdUpdate, type Parameter } from 'neurite';
 * // A plain gradient step as an optimizer of your own: no slots, one pure update per parameter.
 * class Plain extends BaseOptimizer {
 *   readonly name = 'plain';
 *   protected readonly slotSpecs = [];
 *   constructor() {
 *     super(0.1);
 *   }
 *   protected update(param: Parameter): void {
 *     sgdUpdate(param.value, param.grad, this.learningRate);
 *   }
 *   toJSON() {
 *     return { name: this.name, learningRate: this.learningRate };
 *   }
 * }
 * const w = { name: 'w', kind: 'weight' as const, shape: [1, 1] as const, value: Float64Array.of(1), grad: Float64Array.of(2) };
 * new Plain().step([w]);
 * console.log(w.value[0]); // 0.8
 * ```
 */
export abstract class BaseOptimizer implements Optimizer {
  abstract readonly name: string;
  /** The buffers this optimizer keeps per parameter, given its options. */
  protected abstract readonly slotSpecs: readonly SlotSpec[];

  private rate: number;
  private count = 0;
  private readonly states = new Map<string, ParameterState>();
  /** Restored by `setState` but not yet met in `step` (we learn each parameter's precision then). */
  private readonly pending = new Map<string, ParameterStateJSON>();
  /** The parameters of the last `step` and their states, in the same order (emptied whenever states change). */
  private cachedParams: readonly Parameter[] = [];
  private cachedStates: ParameterState[] = [];

  protected constructor(learningRate: unknown) {
    this.rate = requireLearningRate(learningRate);
  }

  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    // Checked inline so the per-batch assignment by a schedule allocates nothing on the good path.
    if (!(typeof value === 'number' && value >= 0 && value < Infinity)) requireNumber('learning rate', value, { min: 0 });
    this.rate = value;
  }

  get iterations(): number {
    return this.count;
  }

  /**
   * Applies one update to one parameter. `slots` are this parameter's buffers in `slotSpecs` order,
   * `t` counts its updates including this one (1 on the first call), and `backend` is the network's, whose
   * kernels an update may use (as SGD's `sgdStep` does).
   */
  protected abstract update(param: Parameter, slots: readonly FloatArray[], t: number, backend: Backend): void;

  abstract toJSON(): OptimizerSpec;

  step(params: readonly Parameter[], backend: Backend = getBackend()): void {
    const states = this.checkedStates(params);
    for (let i = 0; i < params.length; i++) {
      const state = states[i]!;
      state.step += 1;
      this.update(params[i]!, state.slots, state.step, backend);
    }
    this.count += 1;
  }

  /**
   * For a caller that takes the step itself (a network's one-row kernel, in the same call as the gradients):
   * η when this step of `params` is the plain w ← w − η·g, else NaN (the default; SGD without momentum says
   * otherwise). Checks the parameters as `step` does. After taking it, the caller counts it (`countStep`).
   * @internal
   */
  plainStepRate(_params: readonly Parameter[]): number {
    return NaN;
  }

  /** Counts `steps` (default 1) over `params` (each one's and `iterations`) that a caller took itself (`plainStepRate`). @internal */
  countStep(params: readonly Parameter[], steps = 1): void {
    const states = this.cachedStatesFor(params);
    for (let i = 0; i < states.length; i++) states[i]!.step += steps;
    this.count += steps;
  }

  /** The states of `params`, in order, each checked against its parameter's length. */
  protected checkedStates(params: readonly Parameter[]): ParameterState[] {
    // The states of the last parameter list, in its order: a training loop passes the same list every step,
    // and looking each state up by name would cost more than updating the seed network's six weights.
    const states = this.cachedStatesFor(params);
    for (let i = 0; i < params.length; i++) {
      const param = params[i]!;
      const state = states[i]!;
      if (state.length !== param.value.length) {
        throw new NeuriteError(
          'SHAPE_MISMATCH',
          `${this.name}: parameter ${param.name} has ${param.value.length} values, but this optimizer's state for it has ${state.length}; ` +
            'call reset() before using the optimizer on a different network',
          { field: param.name, expected: state.length, actual: param.value.length },
        );
      }
    }
    return states;
  }

  /** Each parameter's state, from the cache when `params` holds the same parameters as last time. */
  private cachedStatesFor(params: readonly Parameter[]): ParameterState[] {
    const cached = this.cachedParams;
    let same = cached.length === params.length;
    for (let i = 0; same && i < params.length; i++) same = cached[i] === params[i];
    if (same) return this.cachedStates;
    const states: ParameterState[] = [];
    for (let i = 0; i < params.length; i++) {
      const param = params[i]!;
      states.push(this.states.get(param.name) ?? this.createState(param));
    }
    this.cachedParams = params.slice();
    this.cachedStates = states;
    return states;
  }

  reset(): void {
    this.states.clear();
    this.pending.clear();
    this.cachedParams = [];
    this.cachedStates = [];
    this.count = 0;
  }

  getState(): OptimizerState {
    const parameters: ParameterStateJSON[] = [];
    for (const [name, state] of this.states) {
      const slots: Record<string, number[]> = {};
      this.slotSpecs.forEach((spec, k) => {
        slots[spec.name] = Array.from(state.slots[k]!);
      });
      parameters.push({ name, step: state.step, slots });
    }
    for (const saved of this.pending.values()) parameters.push(copyEntry(saved));
    return { optimizer: this.name, version: 1, step: this.count, parameters };
  }

  setState(state: OptimizerState): void {
    const entries = this.validateState(state);
    this.reset();
    for (const entry of entries) this.pending.set(entry.name, entry);
    this.count = state.step;
  }

  private createState(param: Parameter): ParameterState {
    const n = param.value.length;
    if (param.grad.length !== n) {
      throw new NeuriteError('SHAPE_MISMATCH', `${this.name}: parameter ${param.name} has ${n} values but ${param.grad.length} gradients`, {
        field: param.name,
        expected: n,
        actual: param.grad.length,
      });
    }
    const dtype = dtypeOf(param.value);
    const saved = this.pending.get(param.name);
    const slots = this.slotSpecs.map((spec) => {
      const buffer = allocate(dtype, n);
      const values = saved?.slots[spec.name];
      if (values !== undefined) {
        if (values.length !== n) {
          throw new NeuriteError(
            'SHAPE_MISMATCH',
            `${this.name}: the restored state for parameter ${param.name} has ${values.length} values in ${spec.name}, but the parameter has ${n}`,
            { field: param.name, expected: n, actual: values.length },
          );
        }
        buffer.set(values);
      } else if (spec.initial !== undefined && spec.initial !== 0) {
        buffer.fill(spec.initial);
      }
      return buffer;
    });
    const state: ParameterState = { step: saved?.step ?? 0, length: n, slots };
    this.pending.delete(param.name);
    this.states.set(param.name, state);
    return state;
  }

  /** Checks a saved state completely before anything is replaced; returns deep copies of its entries. */
  private validateState(state: OptimizerState): ParameterStateJSON[] {
    const fail = (message: string, path: string, actual?: unknown): never => invalidState(this.name, message, path, actual);
    if (state === null || typeof state !== 'object' || Array.isArray(state)) fail(`expected an object, got ${describe(state)}`, '', state);
    if (state.optimizer !== this.name) {
      fail(`it was saved by ${describe(state.optimizer)}, and this optimizer is ${JSON.stringify(this.name)}`, 'optimizer', state.optimizer);
    }
    if (state.version !== 1) fail(`version must be 1, got ${describe(state.version)}`, 'version', state.version);
    if (typeof state.step !== 'number' || !Number.isSafeInteger(state.step) || state.step < 0) {
      fail(`step must be an integer ≥ 0, got ${describe(state.step)}`, 'step', state.step);
    }
    if (!Array.isArray(state.parameters)) fail(`parameters must be an array, got ${describe(state.parameters)}`, 'parameters', state.parameters);
    const expected = this.slotSpecs.map((s) => s.name);
    const seen = new Set<string>();
    return state.parameters.map((entry, i) => {
      const at = `parameters[${i}]`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(`${at} must be an object, got ${describe(entry)}`, at, entry);
      if (typeof entry.name !== 'string' || entry.name === '')
        fail(`${at}.name must be a non-empty string, got ${describe(entry.name)}`, `${at}.name`, entry.name);
      if (seen.has(entry.name)) fail(`parameter ${entry.name} appears twice`, `${at}.name`, entry.name);
      seen.add(entry.name);
      if (typeof entry.step !== 'number' || !Number.isSafeInteger(entry.step) || entry.step < 0 || entry.step > state.step) {
        fail(`${at}.step must be an integer from 0 to the optimizer's step ${state.step}, got ${describe(entry.step)}`, `${at}.step`, entry.step);
      }
      const slots = entry.slots;
      if (slots === null || typeof slots !== 'object' || Array.isArray(slots))
        fail(`${at}.slots must be an object, got ${describe(slots)}`, `${at}.slots`, slots);
      const keys = Object.keys(slots);
      const keep = expected.length === 0 ? 'no buffers' : `the buffers ${expected.join(', ')}`;
      for (const key of keys) {
        if (!expected.includes(key))
          fail(`${at}.slots has an unexpected buffer ${JSON.stringify(key)}; ${this.name} with these options keeps ${keep}`, `${at}.slots.${key}`);
      }
      const copy: Record<string, number[]> = {};
      let length = -1;
      for (const spec of this.slotSpecs) {
        const path = `${at}.slots.${spec.name}`;
        const values: unknown = Object.hasOwn(slots, spec.name) ? slots[spec.name] : undefined;
        if (!Array.isArray(values))
          fail(`${path} must be an array of numbers, got ${describe(values)}; ${this.name} with these options keeps ${keep}`, path, values);
        const array = values as unknown[];
        if (length >= 0 && array.length !== length) fail(`${path} has ${array.length} values but the other buffers have ${length}`, path, array.length);
        length = array.length;
        for (let j = 0; j < array.length; j++) {
          const v = array[j];
          if (typeof v !== 'number' || !Number.isFinite(v) || (spec.nonNegative === true && v < 0)) {
            fail(`${path}[${j}] is ${describe(v)}; expected a finite number${spec.nonNegative === true ? ' ≥ 0' : ''}`, `${path}[${j}]`, v);
          }
        }
        copy[spec.name] = (array as number[]).slice();
      }
      return { name: entry.name, step: entry.step, slots: copy };
    });
  }
}

function invalidState(optimizer: string, message: string, path: string, actual?: unknown): never {
  throw new NeuriteError('MODEL_FORMAT', `Invalid ${optimizer} optimizer state: ${message}`, { path, actual });
}

function copyEntry(entry: ParameterStateJSON): ParameterStateJSON {
  const slots: Record<string, number[]> = {};
  for (const key of Object.keys(entry.slots)) slots[key] = entry.slots[key]!.slice();
  return { name: entry.name, step: entry.step, slots };
}
