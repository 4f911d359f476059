import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  Huber,
  Matrix,
  MeanAbsoluteError,
  Network,
  Rng,
  lossNames,
  resolveActivation,
  resolveLoss,
  type FloatArray,
  type Loss,
} from '../src/index.js';
import { assertClose, centralDifference, randomMatrix, relativeError, throwsNeurite, unfused } from './helpers/numeric.js';

const f64 = (...values: number[]) => Float64Array.from(values);

test('every registered loss is covered here', () => {
  assert.deepEqual([...lossNames()].sort(), ['binary_cross_entropy', 'categorical_cross_entropy', 'huber', 'mean_absolute_error', 'mean_squared_error']);
});

test('mae on a hand-computed case: |1−0.5| + |0−0.5| + 0 + |1−2| over 4 = 0.5', () => {
  assert.equal(new MeanAbsoluteError().forward(f64(0.5, 0.5, 0, 2), f64(1, 0, 0, 1), 2, 2), 0.5);
  const grad = new Float64Array(4);
  new MeanAbsoluteError().backward(f64(0.5, 0.5, 0, 2), f64(1, 0, 0, 1), grad, 2, 2);
  assert.deepEqual(Array.from(grad), [-0.25, 0.25, 0, 0.25]);
});

test('huber on a hand-computed case: d = [−0.5, 0.5, 0, 2] gives (0.125 + 0.125 + 0 + 1.5) / 4, and δ = 2 keeps all quadratic', () => {
  const pred = f64(0.5, 0.5, 0, 3);
  const target = f64(1, 0, 0, 1);
  assert.equal(new Huber().forward(pred, target, 4, 1), 0.4375);
  assert.equal(new Huber({ delta: 2 }).forward(pred, target, 4, 1), 0.5625);
  const grad = new Float64Array(4);
  new Huber().backward(pred, target, grad, 4, 1);
  assert.deepEqual(Array.from(grad), [-0.125, 0.125, 0, 0.25]);
});

test('binary cross-entropy on a hand-computed case: −(ln 0.8 + ln 0.6) / 2, from probabilities and from logits', () => {
  const bce = new BinaryCrossEntropy();
  const expected = 0.3669845875401002; // numpy: -(log(0.8) + log(0.6)) / 2
  assertClose(bce.forward(f64(0.8, 0.4), f64(1, 0), 1, 2), expected, 1e-15, 'from probabilities');
  assertClose(bce.forwardFromLogits(f64(Math.log(4), Math.log(2 / 3)), f64(1, 0), 1, 2), expected, 1e-15, 'from logits');
});

test('categorical cross-entropy on a hand-computed case: −(ln 0.5 + ln 0.1) / 2 rows, from probabilities and from logits', () => {
  const cce = new CategoricalCrossEntropy();
  const expected = 1.4978661367769954; // numpy: -(log(0.5) + log(0.1)) / 2
  const p = f64(0.2, 0.5, 0.3, 0.1, 0.6, 0.3);
  const y = f64(0, 1, 0, 1, 0, 0);
  assertClose(cce.forward(p, y, 2, 3), expected, 1e-15, 'from probabilities');
  assertClose(cce.forwardFromLogits(p.map(Math.log), y, 2, 3), expected, 1e-15, 'from logits (z = log p)');
});

/** Random predictions and targets kept away from mae's kink (d = 0) and huber's (|d| = δ). */
function regressionData(rng: Rng, n: number, delta: number): { pred: Float64Array; target: Float64Array } {
  const pred = new Float64Array(n);
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    target[i] = rng.normal();
    let d = 0;
    while (Math.abs(d) < 0.05 || Math.abs(Math.abs(d) - delta) < 0.05) d = rng.normal(0, 1.5);
    pred[i] = target[i]! + d;
  }
  return { pred, target };
}

function checkPlainGradient(loss: Loss, pred: Float64Array, target: Float64Array, rows: number, cols: number): void {
  const grad = new Float64Array(pred.length);
  loss.backward(pred, target, grad, rows, cols);
  for (let i = 0; i < pred.length; i++) {
    const numeric = centralDifference(
      (v) => {
        const p = pred.slice();
        p[i] = v;
        return loss.forward(p, target, rows, cols);
      },
      pred[i]!,
      1e-6,
    );
    assert.ok(relativeError(grad[i]!, numeric) <= 1e-7, `${loss.name} ∂L/∂pred[${i}] = ${grad[i]}, numeric ${numeric}`);
  }
}

function checkLogitGradient(loss: Loss, activation: string, z: Float64Array, target: Float64Array, rows: number, cols: number): void {
  const probs = new Float64Array(z.length);
  resolveActivation(activation).forward(z, probs, rows, cols);
  const grad = new Float64Array(z.length);
  loss.backwardFromLogits!(z, probs, target, grad, rows, cols);
  for (let i = 0; i < z.length; i++) {
    const numeric = centralDifference((v) => {
      const zz = z.slice();
      zz[i] = v;
      return loss.forwardFromLogits!(zz, target, rows, cols);
    }, z[i]!);
    assert.ok(relativeError(grad[i]!, numeric) <= 1e-8, `${loss.name} ∂L/∂z[${i}] = ${grad[i]}, numeric ${numeric}`);
  }
}

test('mse, mae and huber: backward agrees with central differences of forward', () => {
  const rng = new Rng(11);
  for (const loss of [resolveLoss('mse'), new MeanAbsoluteError(), new Huber(), new Huber({ delta: 0.3 })]) {
    const delta = loss instanceof Huber ? loss.delta : Infinity;
    const { pred, target } = regressionData(rng, 12, delta);
    checkPlainGradient(loss, pred, target, 3, 4);
  }
});

test('binary cross-entropy: both paths agree with central differences (soft and hard targets)', () => {
  const rng = new Rng(12);
  const bce = new BinaryCrossEntropy();
  const z = randomMatrix(rng, 3, 4, 2).data as Float64Array;
  const target = Float64Array.from(z, (_, i) => (i % 3 === 0 ? rng.uniform() : rng.int(2)));
  checkLogitGradient(bce, 'sigmoid', z, target, 3, 4);
  checkPlainGradient(
    bce,
    z.map((v) => 1 / (1 + Math.exp(-v))),
    target,
    3,
    4,
  );
});

test('categorical cross-entropy: both paths agree with central differences (one-hot, soft and unnormalized targets)', () => {
  const rng = new Rng(13);
  const cce = new CategoricalCrossEntropy();
  const rows = 3;
  const cols = 4;
  const z = randomMatrix(rng, rows, cols, 2).data as Float64Array;
  const target = new Float64Array(rows * cols);
  target[2] = 1; // row 0 one-hot
  for (let c = 0; c < cols; c++) target[cols + c] = 0.25; // row 1 soft
  for (let c = 0; c < cols; c++) target[2 * cols + c] = rng.uniform(); // row 2: does not sum to 1
  checkLogitGradient(cce, 'softmax', z, target, rows, cols);
  const probs = new Float64Array(rows * cols);
  resolveActivation('softmax').forward(z, probs, rows, cols);
  checkPlainGradient(cce, probs, target, rows, cols);
});

test('cross-entropy from logits is finite and exact at ±1e4; on probabilities 0 and 1 it is clamped, not infinite', () => {
  const bce = new BinaryCrossEntropy();
  assert.equal(bce.forwardFromLogits(f64(1e4), f64(1), 1, 1), 0);
  assert.equal(bce.forwardFromLogits(f64(-1e4), f64(1), 1, 1), 1e4);
  assert.equal(bce.forwardFromLogits(f64(1e4), f64(0), 1, 1), 1e4);
  const probs = f64(1, 0);
  const grad = new Float64Array(2);
  bce.backwardFromLogits(f64(1e4, -1e4), probs, f64(0, 1), grad, 1, 2);
  assert.deepEqual(Array.from(grad), [0.5, -0.5]);
  const clamped = bce.forward(f64(0, 1), f64(1, 0), 1, 2);
  assertClose(clamped, -Math.log(1e-7), 1e-9, 'bce at p = 0 and 1 with wrong labels');
  bce.backward(f64(0, 1), f64(1, 0), grad, 1, 2);
  assert.ok(grad.every(Number.isFinite) && grad[0]! < 0 && grad[1]! > 0, `finite, pushing back: ${grad}`);

  const cce = new CategoricalCrossEntropy();
  const z = f64(1e4, -1e4, 0);
  assert.equal(cce.forwardFromLogits(z, f64(0, 1, 0), 1, 3), 2e4);
  assert.equal(cce.forwardFromLogits(z, f64(1, 0, 0), 1, 3), 0);
  const p = new Float64Array(3);
  resolveActivation('softmax').forward(z, p, 1, 3);
  const g3 = new Float64Array(3);
  cce.backwardFromLogits(z, p, f64(0, 1, 0), g3, 1, 3);
  assert.deepEqual(Array.from(g3), [1, -1, 0]);
  assertClose(cce.forward(f64(1, 0, 0), f64(0, 1, 0), 1, 3), -Math.log(1e-7), 1e-9, 'cce at p = 0');
  cce.backward(f64(1, 0, 0), f64(0, 1, 0), g3, 1, 3);
  assert.ok(g3.every(Number.isFinite), `finite: ${g3}`);
});

class CountingBCE extends BinaryCrossEntropy {
  fusedCalls = 0;
  override forwardFromLogits(logits: FloatArray, target: FloatArray, rows: number, cols: number): number {
    this.fusedCalls++;
    return super.forwardFromLogits(logits, target, rows, cols);
  }
}

test("a network takes the fused path when its last activation is the loss's, and both paths give the same gradients", () => {
  const make = (output: string) =>
    Network.create({
      inputs: 3,
      layers: [
        { units: 4, activation: 'tanh' },
        { units: 2, activation: output },
      ],
      dtype: 'float64',
      seed: 5,
    });
  const rng = new Rng(3);
  const x = randomMatrix(rng, 5, 3);
  const y = Matrix.from(
    [
      [1, 0],
      [0, 1],
      [1, 1],
      [0, 0],
      [0.3, 0.9],
    ],
    'float64',
  );
  const counting = new CountingBCE();
  const fusedNet = make('sigmoid');
  const plainNet = make('sigmoid');
  const fusedLoss = fusedNet.computeGradients(x, y, counting);
  assert.equal(counting.fusedCalls, 1);
  const plainLoss = plainNet.computeGradients(x, y, unfused(counting));
  assert.equal(counting.fusedCalls, 1);
  assertClose(plainLoss, fusedLoss, 1e-14, 'loss');
  fusedNet.parameters().forEach((p, i) => {
    const q = plainNet.parameters()[i]!;
    p.grad.forEach((g, j) => assertClose(q.grad[j]!, g, 1e-12, `${p.name}[${j}]`));
  });
  // A linear output does not match bce's fused sigmoid: the plain path runs.
  make('linear').computeGradients(x, y, counting);
  assert.equal(counting.fusedCalls, 1);
});

test('loss options are validated and saved', () => {
  assert.deepEqual(resolveLoss({ name: 'huber', delta: 0.5 }).toJSON(), { name: 'huber', delta: 0.5 });
  assert.deepEqual(resolveLoss('huber').toJSON(), { name: 'huber', delta: 1 });
  assert.deepEqual(resolveLoss('mae').toJSON(), { name: 'mean_absolute_error' });
  assert.deepEqual(resolveLoss('binary_crossentropy').toJSON(), { name: 'binary_cross_entropy', epsilon: 1e-7 });
  assert.equal(resolveLoss('categorical_crossentropy').fusedActivation, 'softmax');
  throwsNeurite(() => new Huber({ delta: 0 }), 'INVALID_ARGUMENT', /huber delta: 0 \(expected a finite number > 0\)/);
  throwsNeurite(() => resolveLoss({ name: 'binary_crossentropy', epsilon: 1 }), 'INVALID_ARGUMENT', /binary_cross_entropy epsilon: 1/);
  throwsNeurite(
    () => resolveLoss('crossentropy'),
    'INVALID_ARGUMENT',
    /Unknown loss "crossentropy"; expected one of: mean_squared_error, mean_absolute_error, huber/,
  );
});
