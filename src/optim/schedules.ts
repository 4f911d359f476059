import { NeuriteError, describe, requireInteger } from '../errors.js';
import { Registry } from '../registry.js';
import { requireDecayFactor, requireLearningRate, requireNonNegative, requireBoolean } from './validate.js';

/**
 * A learning-rate schedule: a pure function from a step count to η.
 *
 * Unit: **optimizer steps** (one per batch). `rateAt(t)` is the rate for the update that follows t earlier
 * updates, so the training loop does, before every `optimizer.step(params)`:
 *
 *   optimizer.learningRate = schedule.rateAt(optimizer.iterations);
 *
 * Because `optimizer.iterations` is restored with the optimizer's state, a resumed run continues the
 * schedule exactly. For a schedule counted in epochs, wrap it: `new PerEpoch(schedule, stepsPerEpoch)`
 * turns step t into epoch ⌊t / stepsPerEpoch⌋ (stepsPerEpoch = ⌈samples / batch size⌉).
 *
 * Schedules hold no state, so one can be shared and asked about any step in any order.
 * `createSchedule(schedule.toJSON())` rebuilds an equal one.
 */
export interface LearningRateSchedule {
  readonly name: string;
  /** η for step t (an integer ≥ 0). */
  rateAt(step: number): number;
  toJSON(): ScheduleSpec;
}

/** A schedule by name with its options: `{ name: 'cosine_annealing', initialRate: 0.1, totalSteps: 1000 }`. */
export interface ScheduleSpec {
  name: string;
  [option: string]: unknown;
}

function requireStep(step: number): number {
  return requireInteger('step', step, 0);
}

/**
 * η_t = η0 at every step: what training without a schedule does.
 *
 * @example
 * ```ts
 * import { ConstantRate, Network, SGD, fit } from 'neurite';
 * const schedule = new ConstantRate({ initialRate: 0.05 });
 * console.log(schedule.rateAt(0), schedule.rateAt(1000)); // 0.05 0.05
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1]], [[1], [3]], { epochs: 5, optimizer: new SGD(), schedule });
 * ```
 */
export class ConstantRate implements LearningRateSchedule {
  readonly name = 'constant_rate';
  readonly initialRate: number;

  constructor({ initialRate }: { initialRate: number }) {
    this.initialRate = requireLearningRate(initialRate, 'initial rate');
  }

  rateAt(step: number): number {
    requireStep(step);
    return this.initialRate;
  }

  toJSON() {
    return { name: this.name, initialRate: this.initialRate };
  }
}

/** Options of {@link StepDecay}. */
export interface StepDecayOptions {
  /** η0, the rate of the first `stepSize` steps. */
  initialRate: number;
  /** Steps between drops (an integer ≥ 1). */
  stepSize: number;
  /** γ in (0, 1], the factor at each drop (default 0.1). */
  gamma?: number;
}

/**
 * Step decay (PyTorch's StepLR): η_t = η0 · γ^⌊t / stepSize⌋, dropping by γ every `stepSize` steps.
 *
 * @example
 * ```ts
 * import { StepDecay } from 'neurite';
 * const schedule = new StepDecay({ initialRate: 0.1, stepSize: 30, gamma: 0.1 });
 * console.log(schedule.rateAt(29), schedule.rateAt(30), schedule.rateAt(60)); // 0.1 0.01 0.001…
 * ```
 */
export class StepDecay implements LearningRateSchedule {
  readonly name = 'step_decay';
  readonly initialRate: number;
  readonly stepSize: number;
  readonly gamma: number;

  constructor({ initialRate, stepSize, gamma = 0.1 }: StepDecayOptions) {
    this.initialRate = requireLearningRate(initialRate, 'initial rate');
    this.stepSize = requireInteger('stepSize', stepSize, 1);
    this.gamma = requireDecayFactor('gamma', gamma);
  }

  rateAt(step: number): number {
    return this.initialRate * this.gamma ** Math.floor(requireStep(step) / this.stepSize);
  }

  toJSON() {
    return { name: this.name, initialRate: this.initialRate, stepSize: this.stepSize, gamma: this.gamma };
  }
}

/** Options of {@link ExponentialDecay}. */
export interface ExponentialDecayOptions {
  /** η0. */
  initialRate: number;
  /** In (0, 1]: the factor the rate is multiplied by every `decaySteps` steps. */
  decayRate: number;
  /** Steps over which the rate falls by `decayRate` (default 1). */
  decaySteps?: number;
  /** Drop in whole stages (⌊t / decaySteps⌋) instead of smoothly (default false). */
  staircase?: boolean;
}

/**
 * Exponential decay (Keras's ExponentialDecay; PyTorch's ExponentialLR when decaySteps = 1):
 * η_t = η0 · decayRate^(t / decaySteps), with the exponent floored when `staircase` is true.
 *
 * @example
 * ```ts
 * import { ExponentialDecay } from 'neurite';
 * const schedule = new ExponentialDecay({ initialRate: 0.1, decayRate: 0.5, decaySteps: 100 });
 * console.log(schedule.rateAt(0), schedule.rateAt(100), schedule.rateAt(50)); // 0.1 0.05 0.0707…
 * ```
 */
export class ExponentialDecay implements LearningRateSchedule {
  readonly name = 'exponential_decay';
  readonly initialRate: number;
  readonly decayRate: number;
  readonly decaySteps: number;
  readonly staircase: boolean;

  constructor({ initialRate, decayRate, decaySteps = 1, staircase = false }: ExponentialDecayOptions) {
    this.initialRate = requireLearningRate(initialRate, 'initial rate');
    this.decayRate = requireDecayFactor('decayRate', decayRate);
    this.decaySteps = requireInteger('decaySteps', decaySteps, 1);
    this.staircase = requireBoolean('staircase', staircase);
  }

  rateAt(step: number): number {
    const p = requireStep(step) / this.decaySteps;
    return this.initialRate * this.decayRate ** (this.staircase ? Math.floor(p) : p);
  }

  toJSON() {
    return { name: this.name, initialRate: this.initialRate, decayRate: this.decayRate, decaySteps: this.decaySteps, staircase: this.staircase };
  }
}

/** Options of {@link CosineAnnealing}. */
export interface CosineAnnealingOptions {
  /** η0, the rate at step 0. */
  initialRate: number;
  /** T, the step at which the rate reaches `minRate` (an integer ≥ 1); it stays there afterwards. */
  totalSteps: number;
  /** η_min ≥ 0, where the curve ends (default 0); must not exceed η0. */
  minRate?: number;
}

/**
 * Cosine annealing without restarts (Loshchilov & Hutter's SGDR curve, PyTorch's CosineAnnealingLR):
 * η_t = η_min + (η0 − η_min) · (1 + cos(π · t / T)) / 2 for t ≤ T, and η_min for t > T.
 *
 * @example
 * ```ts
 * import { Adam, CosineAnnealing, Network, fit } from 'neurite';
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * const schedule = new CosineAnnealing({ initialRate: 0.1, totalSteps: 100, minRate: 0.001 });
 * console.log(schedule.rateAt(0), schedule.rateAt(50), schedule.rateAt(100)); // 0.1 0.0505 0.001
 * await fit(network, [[0], [1]], [[1], [3]], { epochs: 100, batchSize: 2, optimizer: new Adam(), schedule });
 * ```
 */
export class CosineAnnealing implements LearningRateSchedule {
  readonly name = 'cosine_annealing';
  readonly initialRate: number;
  readonly totalSteps: number;
  readonly minRate: number;

  constructor({ initialRate, totalSteps, minRate = 0 }: CosineAnnealingOptions) {
    this.initialRate = requireLearningRate(initialRate, 'initial rate');
    this.totalSteps = requireInteger('totalSteps', totalSteps, 1);
    this.minRate = requireNonNegative('minimum rate', minRate);
    if (this.minRate > this.initialRate) {
      throw new NeuriteError('INVALID_ARGUMENT', `Invalid minimum rate: ${this.minRate} is above the initial rate ${this.initialRate}`, {
        field: 'minRate',
        expected: `≤ ${this.initialRate}`,
        actual: this.minRate,
      });
    }
  }

  rateAt(step: number): number {
    const t = Math.min(requireStep(step), this.totalSteps);
    return this.minRate + ((this.initialRate - this.minRate) * (1 + Math.cos((Math.PI * t) / this.totalSteps))) / 2;
  }

  toJSON() {
    return { name: this.name, initialRate: this.initialRate, totalSteps: this.totalSteps, minRate: this.minRate };
  }
}

/** Options of {@link LinearWarmup}. */
export interface LinearWarmupOptions {
  /** W, the number of warm-up steps (an integer ≥ 1). */
  warmupSteps: number;
  /** The schedule that takes over after warm-up; its step 0 is step W of the whole run. */
  schedule: LearningRateSchedule;
  /** η_start ≥ 0, where the ramp starts (default 0). */
  startRate?: number;
}

/**
 * Linear warm-up in front of another schedule S (whose step 0 comes after the warm-up):
 *
 *   η_t = η_start + (S(0) − η_start) · (t + 1) / W     for t < W
 *   η_t = S(t − W)                                        for t ≥ W
 *
 * The first step already moves (with η_start = 0 it uses S(0) / W), and step W − 1 reaches S(0).
 * So a cosine over the rest of the run is `new LinearWarmup({ warmupSteps: W, schedule:
 * new CosineAnnealing({ initialRate, totalSteps: total − W }) })`.
 *
 * @example
 * ```ts
 * import { CosineAnnealing, LinearWarmup } from 'neurite';
 * const schedule = new LinearWarmup({ warmupSteps: 10, schedule: new CosineAnnealing({ initialRate: 0.01, totalSteps: 100 }) });
 * console.log(schedule.rateAt(0), schedule.rateAt(5), schedule.rateAt(10)); // 0.001 0.006 0.01: a linear ramp, then the cosine
 * ```
 */
export class LinearWarmup implements LearningRateSchedule {
  readonly name = 'linear_warmup';
  readonly warmupSteps: number;
  readonly schedule: LearningRateSchedule;
  readonly startRate: number;

  constructor({ warmupSteps, schedule, startRate = 0 }: LinearWarmupOptions) {
    this.warmupSteps = requireInteger('warmupSteps', warmupSteps, 1);
    this.schedule = requireSchedule('schedule', schedule);
    this.startRate = requireNonNegative('start rate', startRate);
  }

  rateAt(step: number): number {
    const t = requireStep(step);
    if (t >= this.warmupSteps) return this.schedule.rateAt(t - this.warmupSteps);
    const target = this.schedule.rateAt(0);
    return this.startRate + ((target - this.startRate) * (t + 1)) / this.warmupSteps;
  }

  toJSON() {
    return { name: this.name, warmupSteps: this.warmupSteps, startRate: this.startRate, schedule: this.schedule.toJSON() };
  }
}

/**
 * Runs a schedule written in epochs from optimizer steps: η_t = S(⌊t / stepsPerEpoch⌋).
 *
 * @example
 * ```ts
 * import { PerEpoch, StepDecay } from 'neurite';
 * // Halve the rate every 10 epochs when an epoch has 25 steps (batches).
 * const schedule = new PerEpoch(new StepDecay({ initialRate: 0.1, stepSize: 10, gamma: 0.5 }), 25);
 * console.log(schedule.rateAt(0), schedule.rateAt(249), schedule.rateAt(250)); // 0.1 0.1 0.05
 * ```
 */
export class PerEpoch implements LearningRateSchedule {
  readonly name = 'per_epoch';
  readonly schedule: LearningRateSchedule;
  readonly stepsPerEpoch: number;

  constructor(schedule: LearningRateSchedule, stepsPerEpoch: number) {
    this.schedule = requireSchedule('schedule', schedule);
    this.stepsPerEpoch = requireInteger('stepsPerEpoch', stepsPerEpoch, 1);
  }

  rateAt(step: number): number {
    return this.schedule.rateAt(Math.floor(requireStep(step) / this.stepsPerEpoch));
  }

  toJSON() {
    return { name: this.name, stepsPerEpoch: this.stepsPerEpoch, schedule: this.schedule.toJSON() };
  }
}

function requireSchedule(name: string, value: unknown): LearningRateSchedule {
  if (value === null || typeof value !== 'object' || typeof (value as LearningRateSchedule).rateAt !== 'function') {
    throw new NeuriteError('INVALID_ARGUMENT', `Invalid ${name}: ${describe(value)} (expected a learning-rate schedule with rateAt(step))`, {
      field: name,
      actual: value,
    });
  }
  return value as LearningRateSchedule;
}

/**
 * Names → schedules, from their `toJSON()` (the one table for checkpoints and the command line). Each name is
 * its class's in snake_case (`CosineAnnealing` → 'cosine_annealing'); the older short names stay as aliases.
 */
const registry = /* @__PURE__ */ new Registry<(spec: ScheduleSpec) => LearningRateSchedule>(
  'schedule',
  {
    constant_rate: (s) => new ConstantRate(s as unknown as { initialRate: number }),
    step_decay: (s) => new StepDecay(s as unknown as StepDecayOptions),
    exponential_decay: (s) => new ExponentialDecay(s as unknown as ExponentialDecayOptions),
    cosine_annealing: (s) => new CosineAnnealing(s as unknown as CosineAnnealingOptions),
    linear_warmup: (s) => new LinearWarmup({ ...(s as unknown as LinearWarmupOptions), schedule: createSchedule(s.schedule as ScheduleSpec) }),
    per_epoch: (s) => new PerEpoch(createSchedule(s.schedule as ScheduleSpec), s.stepsPerEpoch as number),
  },
  {
    constant: 'constant_rate',
    step: 'step_decay',
    exponential: 'exponential_decay',
    cosine: 'cosine_annealing',
    warmup: 'linear_warmup',
    'per-epoch': 'per_epoch',
  },
);

/**
 * The canonical names the schedule table knows (the older 'constant', 'step', 'cosine', ... resolve too).
 *
 * @example
 * ```ts
 * import { scheduleNames } from 'neurite';
 * console.log(scheduleNames()); // ['constant_rate', 'step_decay', 'exponential_decay', 'cosine_annealing', 'linear_warmup', 'per_epoch']
 * ```
 */
export function scheduleNames(): string[] {
  return registry.names();
}

/**
 * Adds (or replaces) a schedule in the name table.
 *
 * @example
 * ```ts
 * import { ConstantRate, createSchedule, registerSchedule } from 'neurite';
 * registerSchedule('inverse_time', (spec) => ({
 *   name: 'inverse_time',
 *   rateAt: (step: number) => Number(spec['initialRate']) / (1 + step / 100),
 *   toJSON: () => spec,
 * }));
 * console.log(createSchedule({ name: 'inverse_time', initialRate: 0.1 }).rateAt(100)); // 0.05
 * ```
 */
export function registerSchedule(name: string, factory: (spec: ScheduleSpec) => LearningRateSchedule): void {
  registry.register(name, factory);
}

/**
 * Builds a schedule from `{ name, ...options }`, e.g. `{ name: 'cosine_annealing', initialRate: 0.1, totalSteps: 1000 }`.
 *
 * @example
 * ```ts
 * import { createSchedule } from 'neurite';
 * const schedule = createSchedule({ name: 'cosine_annealing', initialRate: 0.1, totalSteps: 1000 }); // e.g. from a config file
 * console.log(schedule.rateAt(500), schedule.toJSON()); // 0.05 …
 * ```
 */
export function createSchedule(spec: ScheduleSpec): LearningRateSchedule {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new NeuriteError('INVALID_ARGUMENT', `A schedule must be an object like {name: "cosine_annealing", ...}, got ${describe(spec)}`, {
      field: 'schedule',
      actual: spec,
    });
  }
  return registry.get(spec.name)(spec);
}
