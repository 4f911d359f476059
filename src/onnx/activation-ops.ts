import type { Activation, ActivationSpec } from '../activations/activation.js';
import { NeuriteError, describe } from '../errors.js';
import type { GraphBuilder } from './graph-builder.js';

/**
 * How each of neurite's activations becomes ONNX operators (opset 13), keyed by the activation's name.
 * In a float64 graph, LeakyRelu, Elu and Softplus are composed from primitives instead: ONNX allows them on
 * doubles, but ONNX Runtime's CPU provider implements them for float32 only.
 * Options come from `activation.toJSON()` (e.g. `{ name: 'leaky_relu', slope: 0.01 }`).
 *
 * `reference` is f(z) exactly as the emitted operators define it, in float64. Before exporting, the exporter
 * evaluates the network's own activation at a few points and compares: an activation whose name is known but
 * whose formula differs (another GELU variant, an option under another name) is refused, not exported wrong.
 */
export interface ActivationExport {
  /** The ONNX rendering, in words (for docs and error messages). */
  readonly onnx: string;
  /** 'elementwise': f acts on each value; 'rows': on each row of the batch (softmax). */
  readonly kind: 'elementwise' | 'rows';
  /** Appends the ops for a = f(z); returns the name of a. */
  emit(g: GraphBuilder, z: string, spec: ActivationSpec, where: string): string;
  /** f(z) as the emitted ops compute it (elementwise activations). */
  reference?(z: number, spec: ActivationSpec, where: string): number;
}

/** GELU's tanh approximation: √(2/π) and the cubic coefficient. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_K = 0.044715;

const table: Record<string, ActivationExport> = {
  // f(z) = z: no op at all.
  linear: {
    onnx: '(nothing: the identity)',
    kind: 'elementwise',
    emit: (_g, z) => z,
    reference: (z) => z,
  },
  // f(z) = 1 / (1 + e^(−z))
  sigmoid: {
    onnx: 'Sigmoid',
    kind: 'elementwise',
    emit: (g, z) => g.op('Sigmoid', [z]),
    reference: (z) => 1 / (1 + Math.exp(-z)),
  },
  // f(z) = tanh(z)
  tanh: {
    onnx: 'Tanh',
    kind: 'elementwise',
    emit: (g, z) => g.op('Tanh', [z]),
    reference: (z) => Math.tanh(z),
  },
  // f(z) = max(0, z)
  relu: {
    onnx: 'Relu',
    kind: 'elementwise',
    emit: (g, z) => g.op('Relu', [z]),
    reference: (z) => Math.max(0, z),
  },
  // f(z) = z for z ≥ 0, slope · z below; ONNX calls the slope alpha.
  leaky_relu: {
    onnx: 'LeakyRelu(alpha = slope)',
    kind: 'elementwise',
    emit: (g, z, spec, where) => {
      const slope = option(spec, 'slope', where);
      if (g.elemType === 'float32') return g.op('LeakyRelu', [z], [{ name: 'alpha', type: 'float', value: slope }]);
      // float64: max(0, z) − slope · max(0, −z), from ops every runtime implements for doubles.
      return g.op('Sub', [g.op('Relu', [z]), g.op('Mul', [g.op('Relu', [g.op('Neg', [z])]), g.scalar(slope)])]);
    },
    reference: (z, spec, where) => (z >= 0 ? z : option(spec, 'slope', where) * z),
  },
  // f(z) = z for z > 0, α(e^z − 1) below.
  elu: {
    onnx: 'Elu(alpha)',
    kind: 'elementwise',
    emit: (g, z, spec, where) => {
      const alpha = option(spec, 'alpha', where);
      if (g.elemType === 'float32') return g.op('Elu', [z], [{ name: 'alpha', type: 'float', value: alpha }]);
      // float64: max(0, z) + α · (e^min(z, 0) − 1).
      const below = g.op('Sub', [g.op('Exp', [g.op('Min', [z, g.scalar(0)])]), g.scalar(1)]);
      return g.op('Add', [g.op('Relu', [z]), g.op('Mul', [below, g.scalar(alpha)])]);
    },
    reference: (z, spec, where) => (z > 0 ? z : option(spec, 'alpha', where) * Math.expm1(z)),
  },
  // f(z) = ln(1 + e^z)
  softplus: {
    onnx: 'Softplus',
    kind: 'elementwise',
    emit: (g, z) => {
      if (g.elemType === 'float32') return g.op('Softplus', [z]);
      // float64: max(0, z) + ln(1 + e^(−|z|)), which never overflows.
      const tail = g.op('Log', [g.op('Add', [g.op('Exp', [g.op('Neg', [g.op('Abs', [z])])]), g.scalar(1)])]);
      return g.op('Add', [g.op('Relu', [z]), tail]);
    },
    reference: (z) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))),
  },
  // f(z) = ½ z (1 + tanh(√(2/π) (z + 0.044715 z³))), the tanh approximation. ONNX has a Gelu operator only
  // from opset 20, so at opset 13 it is composed: z³ = z·z·z; u = √(2/π)·(z + 0.044715·z³); f = (½z)·(1 + tanh u).
  gelu: {
    onnx: 'Mul, Add, Tanh: 0.5·z·(1 + tanh(√(2/π)·(z + 0.044715·z³)))',
    kind: 'elementwise',
    emit: (g, z) => {
      const z2 = g.op('Mul', [z, z]);
      const z3 = g.op('Mul', [z2, z]);
      const inner = g.op('Add', [z, g.op('Mul', [z3, g.scalar(GELU_K)])]);
      const t = g.op('Tanh', [g.op('Mul', [inner, g.scalar(GELU_C)])]);
      return g.op('Mul', [g.op('Mul', [z, g.scalar(0.5)]), g.op('Add', [t, g.scalar(1)])]);
    },
    reference: (z) => 0.5 * z * (1 + Math.tanh(GELU_C * (z + GELU_K * z * z * z))),
  },
  // a_i = e^(z_i) / Σ_j e^(z_j) over each row; at opset 13 Softmax acts on one axis, here the last.
  softmax: {
    onnx: 'Softmax(axis = -1)',
    kind: 'rows',
    emit: (g, z) => g.op('Softmax', [z], [{ name: 'axis', type: 'int', value: -1 }]),
  },
};

/**
 * The activation names the ONNX exporter knows.
 *
 * @example
 * ```ts
 * import { onnxActivationNames } from 'neurite/onnx';
 * console.log(onnxActivationNames()); // the activations exportOnnx can write as ONNX operators
 * ```
 */
export function onnxActivationNames(): string[] {
  return Object.keys(table);
}

/** The mapping for an activation, checked against the activation's own f; throws UNSUPPORTED when there is none. */
export function activationExport(activation: Activation, where: string): { spec: ActivationSpec; mapping: ActivationExport } {
  const spec = activation.toJSON();
  const name = spec?.name;
  const mapping = typeof name === 'string' && Object.hasOwn(table, name) ? table[name]! : undefined;
  if (!mapping) {
    throw new NeuriteError(
      'UNSUPPORTED',
      `${where}: activation ${describe(name)} has no ONNX export; the exporter knows: ${onnxActivationNames().join(', ')}`,
      { path: where, expected: onnxActivationNames(), actual: name },
    );
  }
  checkAgainstReference(activation, spec, mapping, where);
  return { spec, mapping };
}

/** Points where the activation is compared with its ONNX rendering: both signs, small and saturating. */
const SAMPLES = [-8, -3, -1.5, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 1.5, 3, 8];

function checkAgainstReference(activation: Activation, spec: ActivationSpec, mapping: ActivationExport, where: string): void {
  const ours = new Float64Array(SAMPLES.length);
  const theirs = new Float64Array(SAMPLES.length);
  if (mapping.kind === 'elementwise') {
    SAMPLES.forEach((z, i) => {
      ours[i] = mapping.reference!(z, spec, where);
      theirs[i] = activation.elementwise ? activation.f(z) : NaN;
    });
  } else {
    // Row-wise: one row of all the samples, through the activation's own batch forward.
    activation.forward(Float64Array.from(SAMPLES), theirs, 1, SAMPLES.length);
    const max = Math.max(...SAMPLES);
    let sum = 0;
    SAMPLES.forEach((z, i) => (sum += ours[i] = Math.exp(z - max)));
    for (let i = 0; i < ours.length; i++) ours[i]! /= sum;
  }
  for (let i = 0; i < SAMPLES.length; i++) {
    const a = theirs[i]!;
    const b = ours[i]!;
    if (!(Math.abs(a - b) <= 1e-7 * (1 + Math.abs(b)))) {
      throw new NeuriteError(
        'UNSUPPORTED',
        `${where}: activation "${spec.name}" gives ${a} at z = ${SAMPLES[i]}, but its ONNX rendering (${mapping.onnx}) gives ${b}; ` +
          'this variant of the activation cannot be exported',
        { path: where, z: SAMPLES[i], expected: b, actual: a },
      );
    }
  }
}

function option(spec: ActivationSpec, key: string, where: string): number {
  const value = spec[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new NeuriteError(
      'UNSUPPORTED',
      `${where}: activation "${spec.name}" needs a finite number "${key}" in its options (toJSON()) to be exported, got ${describe(value)}`,
      { path: where, field: key, actual: value },
    );
  }
  return value;
}
