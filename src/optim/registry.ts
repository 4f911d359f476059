import { NeuriteError, describe } from '../errors.js';
import { Registry } from '../registry.js';
import { AdaGrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import type { Optimizer, OptimizerSpec } from './optimizer.js';
import { RMSProp } from './rmsprop.js';
import { SGD } from './sgd.js';

/** One entry of the table: how to build the optimizer and which options it accepts. */
export interface OptimizerEntry {
  create(options: Record<string, unknown>): Optimizer;
  /** Option names `createOptimizer` accepts for this entry (anything else is refused, naming these). */
  options: readonly string[];
  /** One line for `--help` texts. */
  description: string;
}

const SGD_OPTIONS = ['learningRate', 'momentum', 'nesterov'] as const;
const ADAM_OPTIONS = ['learningRate', 'beta1', 'beta2', 'epsilon'] as const;

/**
 * Names → optimizers: the one table the command line, model files and `fit` use. The core otherwise passes
 * Optimizer objects around; nothing else switches on optimizer names. Each class's name is its class's in
 * snake_case (`AdamW` → 'adamw', `RMSProp` → 'rmsprop'); 'momentum' and 'nesterov' name presets of SGD.
 */
const registry = /* @__PURE__ */ new Registry<OptimizerEntry>('optimizer', {
  sgd: { create: (o) => new SGD(o), options: SGD_OPTIONS, description: "stochastic gradient descent (the seed's)" },
  momentum: {
    create: (o) => new SGD({ momentum: 0.9, ...o }),
    options: SGD_OPTIONS,
    description: 'SGD with momentum (default 0.9)',
  },
  nesterov: {
    create: (o) => new SGD({ momentum: 0.9, nesterov: true, ...o }),
    options: SGD_OPTIONS,
    description: 'SGD with Nesterov momentum (default 0.9)',
  },
  adagrad: {
    create: (o) => new AdaGrad(o),
    options: ['learningRate', 'epsilon', 'initialAccumulatorValue'],
    description: 'AdaGrad: steps shrink with the sum of squared gradients',
  },
  rmsprop: {
    create: (o) => new RMSProp(o),
    options: ['learningRate', 'rho', 'epsilon', 'momentum'],
    description: 'RMSProp: steps scaled by a moving root mean square of the gradients',
  },
  adam: { create: (o) => new Adam(o), options: ADAM_OPTIONS, description: 'Adam: momentum plus RMSProp scaling, bias-corrected' },
  adamw: {
    create: (o) => new AdamW(o),
    options: [...ADAM_OPTIONS, 'weightDecay'],
    description: 'AdamW: Adam with decoupled weight decay on weights (not biases)',
  },
});

/** Anything that names an optimizer: an {@link Optimizer} object, a name (`'adam'`), or a spec with options. */
export type OptimizerLike = Optimizer | string | OptimizerSpec;

/**
 * Adds (or replaces) an optimizer in the name table.
 *
 * @example
 * ```ts
 * import { Adam, createOptimizer, registerOptimizer } from 'neurite';
 * registerOptimizer('adam_fast', {
 *   create: (options) => new Adam({ learningRate: Number(options['learningRate'] ?? 0.01), beta2: 0.99 }),
 *   options: ['learningRate'],
 *   description: 'Adam with β2 = 0.99 and a larger default rate',
 * });
 * console.log(createOptimizer('adam_fast', { learningRate: 0.02 }).toJSON()); // { name: 'adam', learningRate: 0.02, beta2: 0.99, ... }
 * ```
 */
export function registerOptimizer(name: string, entry: OptimizerEntry): void {
  registry.register(name, entry);
}

/**
 * The names the optimizer table knows: 'sgd' and its presets 'momentum' and 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw', and any registered.
 *
 * @example
 * ```ts
 * import { optimizerNames } from 'neurite';
 * console.log(optimizerNames()); // ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw']
 * ```
 */
export function optimizerNames(): string[] {
  return registry.names();
}

/**
 * The table entry for a name (its accepted options and description), or undefined.
 *
 * @example
 * ```ts
 * import { optimizerEntry } from 'neurite';
 * const entry = optimizerEntry('rmsprop');
 * console.log(entry?.description, entry?.options); // one line for --help and the options it accepts
 * ```
 */
export function optimizerEntry(name: string): OptimizerEntry | undefined {
  return registry.find(name);
}

/**
 * Builds an optimizer by name: `createOptimizer('adam', { learningRate: 0.01 })`. Options left undefined take
 * the class's default; an unknown name or option is refused with the list of valid ones. A `name` key in the
 * options is ignored, so `createOptimizer(spec.name, spec)` rebuilds an optimizer from its `toJSON()`.
 *
 * @example
 * ```ts
 * import { Network, createOptimizer, fit } from 'neurite';
 * const optimizer = createOptimizer('adam', { learningRate: 0.05 }); // e.g. from command-line options
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * await fit(network, [[0], [1]], [[1], [3]], { epochs: 10, optimizer });
 * console.log(optimizer.toJSON()); // { name: 'adam', learningRate: 0.05, ... }
 * ```
 */
export function createOptimizer(name: string, options: Record<string, unknown> = {}): Optimizer {
  const entry = registry.get(name);
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new NeuriteError('INVALID_ARGUMENT', `Options for optimizer ${name} must be an object, got ${describe(options)}`);
  }
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (key === 'name' || options[key] === undefined) continue;
    if (!entry.options.includes(key)) {
      throw new NeuriteError('INVALID_ARGUMENT', `Unknown option ${JSON.stringify(key)} for optimizer ${name}; expected one of: ${entry.options.join(', ')}`, {
        field: key,
        expected: entry.options,
        actual: key,
      });
    }
    given[key] = options[key];
  }
  return entry.create(given);
}

/**
 * An Optimizer passes through; a name or a `toJSON()` spec is built with `createOptimizer`.
 *
 * @example
 * ```ts
 * import { SGD, resolveOptimizer } from 'neurite';
 * console.log(resolveOptimizer('adam').name); // a name: its defaults
 * console.log(resolveOptimizer({ name: 'sgd', learningRate: 0.1, momentum: 0.9 }).toJSON()); // a spec, as model files store it
 * console.log(resolveOptimizer(new SGD()) instanceof SGD); // true: an optimizer passes through
 * ```
 */
export function resolveOptimizer(value: OptimizerLike): Optimizer {
  if (typeof value === 'object' && value !== null && typeof (value as Optimizer).step === 'function') return value as Optimizer;
  if (typeof value === 'string') return createOptimizer(value);
  const spec = value as OptimizerSpec;
  if (spec === null || typeof spec !== 'object' || typeof spec.name !== 'string') {
    throw new NeuriteError('INVALID_ARGUMENT', `An optimizer must be an Optimizer, a name or a {name, ...options} object, got ${describe(value)}`, {
      field: 'optimizer',
      actual: value,
    });
  }
  return createOptimizer(spec.name, spec);
}
