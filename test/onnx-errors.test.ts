import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dense, Dropout, Network, NeuriteError, Rng, resolveActivation, type Activation } from '../src/index.js';
import { exportOnnx, type OnnxExportOptions } from '../src/onnx/index.js';

function throwsNeurite(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

function net(act: Activation | string = 'sigmoid', units = 3): Network {
  const rng = new Rng(1);
  return new Network([new Dense({ inputs: 2, units: 4, activation: 'sigmoid', rng }), new Dense({ inputs: 4, units, activation: act, rng })]);
}

/** An activation under a known name whose formula differs from what the name means in ONNX. */
function impostor(name: string, f: (z: number) => number, options: Record<string, unknown> = {}): Activation {
  const base = resolveActivation({ name: 'tanh' });
  return Object.assign(Object.create(base) as Activation, { name, elementwise: true, f, toJSON: () => ({ name, ...options }) });
}

test('an activation the exporter does not know is UNSUPPORTED, naming the layer and the known ones', () => {
  throwsNeurite(
    () => exportOnnx(net(impostor('swish', (z) => z / (1 + Math.exp(-z))))),
    'UNSUPPORTED',
    /^layers\.1\.activation: activation "swish" has no ONNX export; the exporter knows: linear, sigmoid, tanh, relu, leaky_relu, elu, softplus, gelu, softmax$/,
  );
});

test('a known name with another formula is refused, not exported wrong (exact GELU vs the tanh approximation)', () => {
  // GELU with the exact Φ(z) = ½(1 + erf(z/√2)): differs from the tanh form by up to ~5e-4.
  const erf = (x: number) => {
    // The Maclaurin series; accurate to ~1e-8 for |x| ≤ 4.3, far finer than the 5e-4 that tells the two apart.
    let sum = x;
    let term = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  };
  const exact = impostor('gelu', (z) => 0.5 * z * (1 + erf(Math.min(6, Math.max(-6, z)) / Math.SQRT2)));
  throwsNeurite(
    () => exportOnnx(net(exact)),
    'UNSUPPORTED',
    /layers\.1\.activation: activation "gelu" gives .* at z = .*, but its ONNX rendering \(Mul, Add, Tanh: .*\) gives .*; this variant of the activation cannot be exported/,
  );
});

test('an activation option that is missing or named otherwise is UNSUPPORTED, naming the option', () => {
  const noSlope = impostor('leaky_relu', (z) => (z >= 0 ? z : 0.01 * z), { negativeSlope: 0.01 });
  throwsNeurite(
    () => exportOnnx(net(noSlope)),
    'UNSUPPORTED',
    /activation "leaky_relu" needs a finite number "slope" in its options \(toJSON\(\)\) to be exported, got undefined/,
  );
  const wrongSlope = impostor('leaky_relu', (z) => (z >= 0 ? z : 0.2 * z), { slope: 0.1 });
  throwsNeurite(() => exportOnnx(net(wrongSlope)), 'UNSUPPORTED', /gives -1\.6 at z = -8, but its ONNX rendering \(LeakyRelu\(alpha = slope\)\) gives -0\.8/);
  throwsNeurite(() => exportOnnx(net(impostor('elu', (z) => z, { alpha: 'one' }))), 'UNSUPPORTED', /"elu" needs a finite number "alpha".*got "one"/);
});

test('a layer type the exporter does not know is UNSUPPORTED; dropout is not', () => {
  const odd = Object.assign(new Dropout({ inputs: 4, rate: 0.5 }), { type: 'batchnorm' });
  const rng = new Rng(1);
  const layers = [new Dense({ inputs: 2, units: 4, rng }), odd, new Dense({ inputs: 4, units: 1, rng })];
  throwsNeurite(
    () => exportOnnx(new Network(layers)),
    'UNSUPPORTED',
    /^layers\.1: layer type "batchnorm" cannot be exported to ONNX; the exporter knows: dense, dropout, flatten, reshape, conv2d, maxPool2d, avgPool2d, globalAvgPool2d, batchNorm, embedding, timeDistributed, simpleRnn, lstm, gru$/,
  );
  assert.ok(exportOnnx(new Network([layers[0]!, new Dropout({ inputs: 4, rate: 0.5 }), layers[2]!])).length > 0);
});

test('non-finite weights are refused with their place', () => {
  const network = net();
  (network.layers[1] as Dense).weights[5] = NaN;
  throwsNeurite(() => exportOnnx(network), 'NON_FINITE', /^layers\.1\.weights\[5\] is NaN; a network with non-finite parameters cannot be exported$/);
  const other = net();
  (other.layers[0] as Dense).bias[2] = Infinity;
  throwsNeurite(() => exportOnnx(other), 'NON_FINITE', /layers\.0\.bias\[2\] is Infinity/);
});

test('bad options are INVALID_ARGUMENT or SHAPE_MISMATCH with what was expected', () => {
  const network = net();
  const cases: [OnnxExportOptions, string, RegExp][] = [
    [
      { inputNormalization: { kind: 'standard', mean: [0], std: [1, 1] } },
      'SHAPE_MISMATCH',
      /inputNormalization\.mean must have 2 values \(one per network input\), got an array of length 1/,
    ],
    [{ inputNormalization: { kind: 'standard', mean: [0, 0], std: [1, 0] } }, 'INVALID_ARGUMENT', /std\[1\] is 0; the divisor must be > 0/],
    [{ inputNormalization: { kind: 'minmax', min: [0, 5], max: [1, 5] } }, 'INVALID_ARGUMENT', /max\[1\] − min\[1\] is 0/],
    [{ inputNormalization: { kind: 'minmax', min: [0, NaN], max: [1, 5] } }, 'NON_FINITE', /inputNormalization\.min\[1\] is NaN/],
    [{ inputNormalization: { kind: 'zscore' } as never }, 'INVALID_ARGUMENT', /kind must be "standard" or "minmax", got "zscore"/],
    [{ labels: ['a', 'b'] }, 'INVALID_ARGUMENT', /labels must be an array of 3 strings \(one per output\), got an array of length 2/],
    [{ featureNames: ['x'] }, 'INVALID_ARGUMENT', /featureNames must be an array of 2 strings/],
    [{ inputName: '' }, 'INVALID_ARGUMENT', /inputName must be a non-empty string/],
    [{ inputName: 'x', outputName: 'x' }, 'INVALID_ARGUMENT', /must differ, both are "x"/],
    [{ outputName: 'layers.0.weights' }, 'INVALID_ARGUMENT', /output name "layers\.0\.weights" is already used/],
    [{ metadata: { 'neurite.labels': '[]' } }, 'INVALID_ARGUMENT', /keys starting with "neurite\." are the exporter's own/],
    [{ dtype: 'float16' as never }, 'INVALID_ARGUMENT', /dtype must be "float32" or "float64", got "float16"/],
  ];
  for (const [options, code, pattern] of cases) throwsNeurite(() => exportOnnx(network, options), code, pattern);
  throwsNeurite(() => exportOnnx({ layers: [] } as unknown as Network), 'INVALID_ARGUMENT', /exportOnnx needs a Network/);
  // One sigmoid output may carry two labels: the negative and the positive class.
  assert.ok(exportOnnx(net('sigmoid', 1), { labels: ['male', 'female'] }).length > 0);
});
