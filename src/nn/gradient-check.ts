import { requireNumber } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import type { Matrix } from '../tensor/matrix.js';
import type { Network } from './network.js';

/** The check of one parameter record: its worst relative and absolute errors. */
export interface ParameterCheck {
  name: string;
  /** The largest |analytic − numeric| / max(|analytic|, |numeric|, floor) over this parameter's values. */
  maxRelativeError: number;
  maxAbsoluteError: number;
  /** Flat index of the worst value, with both estimates. */
  worst: { index: number; analytic: number; numeric: number };
}

/** The parameters of one layer (`layers.<index>.*`) together: its largest relative error. */
export interface LayerCheck {
  index: number;
  parameters: string[];
  maxRelativeError: number;
  maxAbsoluteError: number;
  passed: boolean;
}

/** What {@link gradientCheck} returns: every parameter's check and whether all passed. */
export interface GradientCheckResult {
  parameters: ParameterCheck[];
  /** The same checks grouped by layer, in layer order. */
  layers: LayerCheck[];
  maxRelativeError: number;
  passed: boolean;
  tolerance: number;
}

/** Options of {@link gradientCheck}. */
export interface GradientCheckOptions {
  /** Step h of the central difference (default 1e-4). */
  epsilon?: number;
  /**
   * 4 (default): the fourth-order central difference (−L(w+2h) + 8L(w+h) − 8L(w−h) + L(w−2h)) / 12h, accurate
   * enough in float64 to test tiny gradients to a relative 1e-6; 2: the plain (L(w+h) − L(w−h)) / 2h.
   */
  order?: 2 | 4;
  /** Largest relative error that passes. */
  tolerance?: number;
  /** Denominator floor, so gradients that are both ~0 do not divide noise by noise. */
  floor?: number;
  /** Check at most this many values per parameter (spread evenly), for wide layers. */
  maxPerParameter?: number;
  /**
   * The loss to differentiate numerically; by default the network's mean loss on (x, y). Pass one when
   * training adds terms (weight decay) or randomness (a fixed dropout mask) that the plain loss lacks.
   */
  objective?: () => number;
  /** Fills the analytic gradients; by default `network.computeGradients(x, y, loss)`. */
  analytic?: () => void;
}

/**
 * Numerical against analytic gradients, parameter by parameter: backpropagation must agree with central
 * differences of the loss. Use a float64 network: float32 rounding swamps the differences.
 *
 * @example
 * ```ts
 * import { Matrix, MeanSquaredError, Network, gradientCheck } from 'neurite';
 * const network = Network.create({ inputs: 3, layers: [{ units: 4, activation: 'tanh' }, { units: 2 }], dtype: 'float64' });
 * const x = Matrix.from([[0.1, -0.2, 0.3], [1, 0.5, -1]], 'float64');
 * const y = Matrix.from([[0, 1], [1, 0]], 'float64');
 * const result = gradientCheck(network, x, y, new MeanSquaredError());
 * console.log(result.passed, result.maxRelativeError); // true, far below the tolerance
 * ```
 */
export function gradientCheck(network: Network, x: Matrix, y: Matrix, loss: Loss, options: GradientCheckOptions = {}): GradientCheckResult {
  const epsilon = requireNumber('epsilon', options.epsilon ?? 1e-4, { min: 0, exclusiveMin: true });
  const order = options.order ?? 4;
  const tolerance = requireNumber('tolerance', options.tolerance ?? 1e-6, { min: 0 });
  const floor = options.floor ?? 1e-8;
  const maxPer = options.maxPerParameter ?? Infinity;
  const objective = options.objective ?? (() => network.loss(x, y, loss));
  const analyticFill = options.analytic ?? (() => void network.computeGradients(x, y, loss));

  analyticFill();
  const params = network.parameters();
  const analytic = params.map((p) => Float64Array.from(p.grad));
  const checks: ParameterCheck[] = params.map((p, pi) => {
    const w = p.value;
    const stride = Math.max(1, Math.ceil(w.length / maxPer));
    let maxRel = 0;
    let maxAbs = 0;
    let worst = { index: 0, analytic: analytic[pi]![0] ?? 0, numeric: NaN };
    for (let i = 0; i < w.length; i += stride) {
      const original = w[i]!;
      const at = (delta: number): number => {
        w[i] = original + delta;
        const value = objective();
        w[i] = original;
        return value;
      };
      const numeric =
        order === 2
          ? (at(epsilon) - at(-epsilon)) / (2 * epsilon)
          : // differences first, so a value the loss does not depend on (a dead ReLU's weight) gets exactly 0
            (8 * (at(epsilon) - at(-epsilon)) - (at(2 * epsilon) - at(-2 * epsilon))) / (12 * epsilon);
      const a = analytic[pi]![i]!;
      const abs = Math.abs(a - numeric);
      const rel = abs / Math.max(Math.abs(a), Math.abs(numeric), floor);
      if (rel > maxRel || Number.isNaN(rel)) {
        maxRel = Number.isNaN(rel) ? Infinity : rel;
        worst = { index: i, analytic: a, numeric };
      }
      maxAbs = Math.max(maxAbs, abs);
    }
    return { name: p.name, maxRelativeError: maxRel, maxAbsoluteError: maxAbs, worst };
  });
  const maxRelativeError = checks.reduce((m, c) => Math.max(m, c.maxRelativeError), 0);
  return { parameters: checks, layers: byLayer(checks, tolerance), maxRelativeError, passed: maxRelativeError <= tolerance, tolerance };
}

/** Groups parameter checks named `layers.<i>.<what>` by layer; any other name is a layer of its own. */
function byLayer(checks: ParameterCheck[], tolerance: number): LayerCheck[] {
  const layers = new Map<string, LayerCheck>();
  checks.forEach((c, i) => {
    const match = /^layers\.(\d+)\./.exec(c.name);
    const key = match ? match[1]! : c.name;
    let layer = layers.get(key);
    if (!layer) {
      layer = { index: match ? Number(match[1]) : i, parameters: [], maxRelativeError: 0, maxAbsoluteError: 0, passed: true };
      layers.set(key, layer);
    }
    layer.parameters.push(c.name);
    layer.maxRelativeError = Math.max(layer.maxRelativeError, c.maxRelativeError);
    layer.maxAbsoluteError = Math.max(layer.maxAbsoluteError, c.maxAbsoluteError);
    layer.passed = layer.maxRelativeError <= tolerance;
  });
  return [...layers.values()];
}

/**
 * The exit code a command gives for a gradient check: 0 when it passed, 1 when it failed.
 *
 * @example
 * ```ts
 * import { Matrix, MeanSquaredError, Network, gradientCheck, gradientCheckExitCode } from 'neurite';
 * const network = Network.create({ inputs: 2, layers: [{ units: 3, activation: 'tanh' }, { units: 1 }], dtype: 'float64' });
 * const result = gradientCheck(network, Matrix.from([[0.5, -1]], 'float64'), Matrix.from([[1]], 'float64'), new MeanSquaredError());
 * console.log(gradientCheckExitCode(result)); // 0 when it passed: process.exitCode = gradientCheckExitCode(result) in a script
 * ```
 */
export function gradientCheckExitCode(result: Pick<GradientCheckResult, 'passed'>): 0 | 1 {
  return result.passed ? 0 : 1;
}
