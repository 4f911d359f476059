import {
  activationNames,
  resolveActivation,
  type Activation,
  type ActivationSpec,
  type DType,
  type FloatArray,
  type Layer,
  type LayerJSON,
  type Matrix,
  type Parameter,
} from '../../src/index.js';

/**
 * Activations for the ONNX tests. When neurite registers an activation of the name, the registered one is used;
 * until then a test stand-in with the same name, options and formula (forward and backward, so it trains).
 */
export function activation(spec: ActivationSpec): Activation {
  if (activationNames().includes(spec.name)) return resolveActivation(spec);
  const stub = stubs[spec.name];
  if (!stub) throw new Error(`no test activation named ${spec.name}`);
  return stub(spec);
}

/** An elementwise activation from f and f'(z, a). */
class Elementwise implements Activation {
  readonly elementwise = true;
  constructor(
    readonly name: string,
    private readonly options: Record<string, number>,
    readonly f: (z: number) => number,
    readonly df: (z: number, a: number) => number,
  ) {}

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) a[i] = this.f(z[i]!);
  }

  backward(z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    for (let i = 0; i < rows * cols; i++) dZ[i] = dA[i]! * this.df(z[i]!, a[i]!);
  }

  toJSON(): ActivationSpec {
    return { name: this.name, ...this.options };
  }
}

/** Row-wise softmax: a_i = e^(z_i − max) / Σ_j e^(z_j − max); ∂L/∂z_i = a_i (∂L/∂a_i − Σ_j a_j ∂L/∂a_j). */
class Softmax implements Activation {
  readonly name = 'softmax';
  readonly elementwise = false;

  f(): number {
    throw new Error('softmax is not elementwise');
  }

  df(): number {
    throw new Error('softmax is not elementwise');
  }

  forward(z: FloatArray, a: FloatArray, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let c = 0; c < cols; c++) max = Math.max(max, z[o + c]!);
      let sum = 0;
      for (let c = 0; c < cols; c++) sum += a[o + c] = Math.exp(z[o + c]! - max);
      for (let c = 0; c < cols; c++) a[o + c]! /= sum;
    }
  }

  backward(_z: FloatArray, a: FloatArray, dA: FloatArray, dZ: FloatArray, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let dot = 0;
      for (let c = 0; c < cols; c++) dot += a[o + c]! * dA[o + c]!;
      for (let c = 0; c < cols; c++) dZ[o + c] = a[o + c]! * (dA[o + c]! - dot);
    }
  }

  toJSON(): ActivationSpec {
    return { name: this.name };
  }
}

const C = Math.sqrt(2 / Math.PI);

const stubs: Record<string, (spec: ActivationSpec) => Activation> = {
  tanh: () => new Elementwise('tanh', {}, Math.tanh, (_z, a) => 1 - a * a),
  relu: () =>
    new Elementwise(
      'relu',
      {},
      (z) => Math.max(0, z),
      (z) => (z > 0 ? 1 : 0),
    ),
  leaky_relu: (spec) => {
    const slope = (spec['slope'] as number | undefined) ?? 0.01;
    return new Elementwise(
      'leaky_relu',
      { slope },
      (z) => (z >= 0 ? z : slope * z),
      (z) => (z >= 0 ? 1 : slope),
    );
  },
  elu: (spec) => {
    const alpha = (spec['alpha'] as number | undefined) ?? 1;
    return new Elementwise(
      'elu',
      { alpha },
      (z) => (z > 0 ? z : alpha * Math.expm1(z)),
      (z, a) => (z > 0 ? 1 : a + alpha),
    );
  },
  softplus: () =>
    new Elementwise(
      'softplus',
      {},
      (z) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))),
      (z) => 1 / (1 + Math.exp(-z)),
    ),
  gelu: () =>
    new Elementwise(
      'gelu',
      {},
      (z) => 0.5 * z * (1 + Math.tanh(C * (z + 0.044715 * z ** 3))),
      (z) => {
        const t = Math.tanh(C * (z + 0.044715 * z ** 3));
        return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * C * (1 + 3 * 0.044715 * z * z);
      },
    ),
  softmax: () => new Softmax(),
};

/** Every activation the exporter maps, with options other than the defaults where there are options. */
export const ALL_ACTIVATIONS: ActivationSpec[] = [
  { name: 'sigmoid' },
  { name: 'linear' },
  { name: 'tanh' },
  { name: 'relu' },
  { name: 'leaky_relu', slope: 0.1 },
  { name: 'elu', alpha: 0.7 },
  { name: 'softplus' },
  { name: 'gelu' },
  { name: 'softmax' },
];

/** A stand-in for the Dropout layer (`type: 'dropout'`), as it is at inference: the identity. */
export class IdentityDropout implements Layer {
  readonly type = 'dropout';
  readonly dtype: DType = 'float32';
  constructor(readonly inputSize: number) {}
  get outputSize(): number {
    return this.inputSize;
  }
  forward(x: Matrix): Matrix {
    return x;
  }
  backward(dOut: Matrix): Matrix {
    return dOut;
  }
  parameters(): Parameter[] {
    return [];
  }
  toJSON(): LayerJSON {
    return { type: 'dropout', units: this.inputSize, rate: 0.5 };
  }
}
