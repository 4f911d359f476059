import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConstantRate,
  CosineAnnealing,
  ExponentialDecay,
  LinearWarmup,
  PerEpoch,
  StepDecay,
  createSchedule,
  scheduleNames,
  type LearningRateSchedule,
} from '../src/index.js';
import { assertClose, throwsNeurite } from './helpers/params.js';

function rates(schedule: LearningRateSchedule, steps: number[]): number[] {
  return steps.map((t) => schedule.rateAt(t));
}

test('step decay: η0 · γ^⌊t / stepSize⌋', () => {
  const s = new StepDecay({ initialRate: 0.1, stepSize: 3, gamma: 0.5 });
  assertClose(rates(s, [0, 1, 2, 3, 5, 6, 8, 9]), [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]);
  assert.equal(new StepDecay({ initialRate: 1, stepSize: 10 }).rateAt(25), 0.1 ** 2);
});

test('exponential decay: η0 · r^(t / decaySteps), smooth or in stairs', () => {
  const smooth = new ExponentialDecay({ initialRate: 1, decayRate: 0.5, decaySteps: 2 });
  assertClose(rates(smooth, [0, 1, 2, 3, 4]), [1, Math.SQRT1_2, 0.5, 0.5 * Math.SQRT1_2, 0.25]);
  const stairs = new ExponentialDecay({ initialRate: 1, decayRate: 0.5, decaySteps: 2, staircase: true });
  assertClose(rates(stairs, [0, 1, 2, 3, 4]), [1, 1, 0.5, 0.5, 0.25]);
  // decaySteps = 1 is PyTorch's ExponentialLR: η0 · γᵗ.
  assertClose(rates(new ExponentialDecay({ initialRate: 0.2, decayRate: 0.9 }), [3]), [0.2 * 0.9 ** 3]);
});

test('cosine annealing: η_min + (η0 − η_min)(1 + cos(πt/T))/2, then η_min', () => {
  const s = new CosineAnnealing({ initialRate: 1, totalSteps: 4, minRate: 0.2 });
  assertClose(rates(s, [0, 1, 2, 3, 4, 5, 100]), [1, 0.2 + 0.4 * (1 + Math.SQRT1_2), 0.6, 0.2 + 0.4 * (1 - Math.SQRT1_2), 0.2, 0.2, 0.2]);
  assert.equal(s.rateAt(0), 1);
  assert.equal(s.rateAt(4), 0.2);
  assert.equal(new CosineAnnealing({ initialRate: 0.1, totalSteps: 10 }).rateAt(10), 0);
});

test('linear warm-up ramps to the wrapped schedule, which then starts at its own step 0', () => {
  const constant = new LinearWarmup({ warmupSteps: 4, schedule: new ConstantRate({ initialRate: 0.8 }) });
  assertClose(rates(constant, [0, 1, 2, 3, 4, 50]), [0.2, 0.4, 0.6, 0.8, 0.8, 0.8]);
  const fromStart = new LinearWarmup({ warmupSteps: 4, startRate: 0.4, schedule: new ConstantRate({ initialRate: 0.8 }) });
  assertClose(rates(fromStart, [0, 3]), [0.5, 0.8]);
  const cosine = new CosineAnnealing({ initialRate: 1, totalSteps: 4 });
  const warm = new LinearWarmup({ warmupSteps: 2, schedule: cosine });
  assertClose(rates(warm, [0, 1, 2, 4, 6]), [0.5, 1, cosine.rateAt(0), cosine.rateAt(2), cosine.rateAt(4)]);
});

test('PerEpoch runs an epoch schedule from optimizer steps', () => {
  const s = new PerEpoch(new StepDecay({ initialRate: 1, stepSize: 2, gamma: 0.5 }), 10);
  assertClose(rates(s, [0, 9, 10, 19, 20, 39, 40]), [1, 1, 1, 1, 0.5, 0.5, 0.25]);
});

test('every schedule survives toJSON → createSchedule', () => {
  const all: LearningRateSchedule[] = [
    new ConstantRate({ initialRate: 0.3 }),
    new StepDecay({ initialRate: 0.1, stepSize: 3, gamma: 0.5 }),
    new ExponentialDecay({ initialRate: 0.1, decayRate: 0.96, decaySteps: 5, staircase: true }),
    new CosineAnnealing({ initialRate: 0.1, totalSteps: 20, minRate: 0.01 }),
    new LinearWarmup({ warmupSteps: 5, startRate: 0.01, schedule: new CosineAnnealing({ initialRate: 0.1, totalSteps: 20 }) }),
    new PerEpoch(new LinearWarmup({ warmupSteps: 2, schedule: new StepDecay({ initialRate: 0.1, stepSize: 4 }) }), 7),
  ];
  assert.deepEqual(all.map((s) => s.name).sort(), scheduleNames().sort());
  for (const s of all) {
    const copy = createSchedule(JSON.parse(JSON.stringify(s.toJSON())));
    assert.deepEqual(copy.toJSON(), s.toJSON());
    for (let t = 0; t < 60; t++) assert.equal(copy.rateAt(t), s.rateAt(t), `${s.name} at step ${t}`);
  }
});

test('schedules validate their options and the step', () => {
  throwsNeurite(() => new StepDecay({ initialRate: -1, stepSize: 3 }), 'INVALID_ARGUMENT', /^Invalid initial rate: -1 /);
  throwsNeurite(() => new StepDecay({ initialRate: 0.1, stepSize: 0 }), 'INVALID_ARGUMENT', /^stepSize must be an integer ≥ 1, got 0$/);
  throwsNeurite(
    () => new StepDecay({ initialRate: 0.1, stepSize: 2, gamma: 1.5 }),
    'INVALID_ARGUMENT',
    /^Invalid gamma: 1\.5 \(expected a finite number > 0 and ≤ 1\)$/,
  );
  throwsNeurite(() => new ExponentialDecay({ initialRate: 0.1, decayRate: 0 }), 'INVALID_ARGUMENT', /^Invalid decayRate: 0 /);
  throwsNeurite(
    () => new CosineAnnealing({ initialRate: 0.1, totalSteps: 10, minRate: 0.2 }),
    'INVALID_ARGUMENT',
    /^Invalid minimum rate: 0\.2 is above the initial rate 0\.1$/,
  );
  throwsNeurite(() => new CosineAnnealing({ initialRate: 0.1, totalSteps: 2.5 }), 'INVALID_ARGUMENT', /^totalSteps must be an integer ≥ 1, got 2\.5$/);
  throwsNeurite(
    () => new LinearWarmup({ warmupSteps: 3, schedule: 0.1 as unknown as LearningRateSchedule }),
    'INVALID_ARGUMENT',
    /^Invalid schedule: 0\.1 \(expected a learning-rate schedule with rateAt\(step\)\)$/,
  );
  throwsNeurite(() => new PerEpoch(new ConstantRate({ initialRate: 1 }), 0), 'INVALID_ARGUMENT', /^stepsPerEpoch must be an integer ≥ 1, got 0$/);
  const s = new ConstantRate({ initialRate: 1 });
  throwsNeurite(() => s.rateAt(-1), 'INVALID_ARGUMENT', /^step must be an integer ≥ 0, got -1$/);
  throwsNeurite(() => s.rateAt(1.5), 'INVALID_ARGUMENT', /^step must be an integer ≥ 0, got 1\.5$/);
  throwsNeurite(
    () => createSchedule({ name: 'linear' }),
    'INVALID_ARGUMENT',
    /^Unknown schedule "linear"; expected one of: constant_rate, step_decay, exponential_decay, cosine_annealing, linear_warmup, per_epoch$/,
  );
  throwsNeurite(() => createSchedule({ name: 'cosine', initialRate: 0.1 }), 'INVALID_ARGUMENT', /^totalSteps must be an integer ≥ 1, got undefined$/);
});
