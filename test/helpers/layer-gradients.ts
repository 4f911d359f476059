import assert from 'node:assert/strict';
import { jsBackend, Matrix, type Layer, type Rng } from '../../src/index.js';
import { centralDifference, relativeError } from './numeric.js';

/**
 * A layer's backward pass against central differences of L = Σ dOut ⊙ forward(x), in float64: ∂L/∂x for every
 * input value, and ∂L/∂θ for every parameter value. Each numerical side runs a whole forward pass in `training`
 * mode (a batch norm's batch statistics then couple the rows). Returns the worst relative error.
 */
export function layerGradientError(layer: Layer, x: Matrix, rng: Rng, { training = true, h = 1e-5, floor = 1e-7 } = {}): number {
  const ctx = { training, backend: jsBackend };
  const out = layer.forward(x, ctx);
  const dOut = Matrix.zeros(out.rows, out.cols, 'float64');
  for (let i = 0; i < dOut.data.length; i++) dOut.data[i] = rng.normal();
  const dX = Float64Array.from(layer.backward(dOut, { backend: jsBackend, needInputGradient: true })!.data);
  const params = layer.parameters('layer');
  const analytic = params.map((p) => Float64Array.from(p.grad));
  const objective = (): number => {
    const y = layer.forward(x, ctx).data;
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += dOut.data[i]! * y[i]!;
    return sum;
  };
  const along = (values: Float64Array | Float32Array, i: number) => (v: number) => {
    const original = values[i]!;
    values[i] = v;
    const value = objective();
    values[i] = original;
    return value;
  };
  let worst = 0;
  const compare = (a: number, values: Float64Array | Float32Array, i: number, what: string) => {
    const numeric = centralDifference(along(values, i), values[i]!, h);
    const error = relativeError(a, numeric, floor);
    assert.ok(Number.isFinite(error), `${what}: ${a} vs ${numeric}`);
    worst = Math.max(worst, error);
  };
  for (let i = 0; i < x.data.length; i++) compare(dX[i]!, x.data, i, `∂L/∂x[${i}]`);
  params.forEach((p, k) => {
    for (let i = 0; i < p.value.length; i++) compare(analytic[k]![i]!, p.value, i, `∂L/∂${p.name}[${i}]`);
  });
  return worst;
}

/** A float64 batch of `rows` samples whose values are distinct, at least 0.01 apart (max pooling away from ties). */
export function distinctValues(rng: Rng, rows: number, cols: number): Matrix {
  const n = rows * cols;
  const order = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(order);
  return new Matrix(
    rows,
    cols,
    Float64Array.from(order, (k) => (k - n / 2) * 0.01 + rng.uniform() * 0.001),
  );
}
