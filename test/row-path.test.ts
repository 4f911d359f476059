// predictInto's one-sample path for small dense networks (src/nn/row-path.ts) against the batch path it stands in
// for: forward on one row, bit for bit, in float32 and float64, on both backends, with every elementwise
// activation, softmax and dropout; and where it must not be taken (big layers, a backend with no small products,
// a Dense subclass), the batch path with the same results.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBackend } from '../src/backend/index.js';
import { wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import { Dense, Dropout, Matrix, Network, Rng, jsBackend, type Backend, type DType, type LayerSpec } from '../src/index.js';
import { throwsNeurite } from './helpers/numeric.js';

/** A Dense the one-sample path does not take (it takes Dense itself only): a network of these runs the batch path. */
class BatchDense extends Dense {}

const backends: Backend[] = [jsBackend, ...(wasmSimdSupported() ? [findBackend('wasm')!] : [])];

const shapes: { name: string; inputs: number; layers: LayerSpec[] }[] = [
  { name: '3-1 sigmoid', inputs: 3, layers: [{ units: 1, activation: 'sigmoid' }] },
  { name: 'the seed 2-2-1', inputs: 2, layers: [{ units: 2 }, { units: 1 }] },
  {
    name: '4-5-3-2 relu tanh linear',
    inputs: 4,
    layers: [
      { units: 5, activation: 'relu' },
      { units: 3, activation: 'tanh' },
      { units: 2, activation: 'linear' },
    ],
  },
  {
    name: '3-4-dropout-3 softmax',
    inputs: 3,
    layers: [
      { units: 4, activation: 'leaky_relu' },
      { type: 'dropout', rate: 0.5 },
      { units: 3, activation: 'softmax' },
    ],
  },
  {
    name: 'dropout(0)-2-3-3-1 elu gelu softplus',
    inputs: 2,
    layers: [
      { type: 'dropout', rate: 0 },
      { units: 3, activation: 'elu' },
      { units: 3, activation: 'gelu' },
      { units: 1, activation: 'softplus' },
    ],
  },
];

function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) assert.fail(`${what}[${i}]: ${got[i]}, the batch path gives ${want[i]}`);
  }
}

/** The same network (the same weight objects' values) built from BatchDense layers. */
function batchTwin(network: Network): Network {
  const layers = network.layers.map((layer) => {
    if (layer instanceof Dropout) return new Dropout({ inputs: layer.inputSize, rate: layer.rate, dtype: layer.dtype });
    const dense = layer as Dense;
    const rows = Array.from({ length: dense.outputSize }, (_, j) => Array.from(dense.weights.subarray(j * dense.inputSize, (j + 1) * dense.inputSize)));
    return new BatchDense({ ...denseOptions(dense), weights: rows, bias: Array.from(dense.bias) });
  });
  const twin = new Network(layers);
  twin.backend = network.backend;
  return twin;
}

function denseOptions(dense: Dense) {
  return { inputs: dense.inputSize, units: dense.outputSize, activation: dense.activation, dtype: dense.dtype };
}

function usesRowPath(network: Network): boolean {
  return (network as unknown as { rowPath: object | null }).rowPath !== null;
}

function sample(rng: Rng, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => rng.normal(0, scale));
}

for (const backend of backends) {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const shape of shapes) {
      test(`predictInto is forward on one row, bit for bit: ${shape.name}, ${dtype}, ${backend.name}`, () => {
        const network = Network.create({ inputs: shape.inputs, layers: shape.layers, seed: 7, dtype, initializer: 'normal' });
        network.backend = backend;
        const rng = new Rng(3);
        const kinds = [(v: number[]) => v, (v: number[]) => Float32Array.from(v), (v: number[]) => Float64Array.from(v)];
        for (let i = 0; i < 30; i++) {
          const values = sample(rng, shape.inputs, i < 10 ? 1 : 20);
          const input = kinds[i % 3]!(values);
          const out = network.predictInto(input, new Array<number>(network.outputSize));
          sameBits(out, network.forward(Matrix.row(Array.from(input), dtype)).data, `sample ${i}`);
          network.forward(Matrix.from([values, values], dtype)); // another batch shape in between
        }
        assert.equal(usesRowPath(network), true);
        // Not a forward pass: the last batch's output is still there.
        const before = network.forward(Matrix.from([sample(rng, shape.inputs, 1), sample(rng, shape.inputs, 1)], dtype));
        const kept = before.clone();
        network.predictInto(sample(rng, shape.inputs, 1), new Float64Array(network.outputSize));
        assert.equal(network.lastOutput, before);
        sameBits(network.lastOutput!.data, kept.data, 'lastOutput');
      });
    }
  }
}

test('predictInto takes the batch path for big layers and for a backend with no small products, with the same results', () => {
  const wide = Network.create({ inputs: 300, layers: [{ units: 2, activation: 'relu' }, { units: 1 }], seed: 2 });
  const plain = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 2 });
  plain.backend = { ...jsBackend, name: 'js-without-small-products', smallProducts: 0 };
  for (const network of [wide, plain]) {
    const x = sample(new Rng(5), network.inputSize, 1);
    sameBits(network.predictInto(x, [0]), network.forward(Matrix.row(x)).data, 'output');
    assert.equal(usesRowPath(network), false);
  }
  assert.equal(usesRowPath(batchTwin(plain)), false);
});

for (const inputs of [2, 300]) {
  test(`predictInto checks its arguments as before (${inputs} inputs: the ${inputs === 2 ? 'one-sample' : 'batch'} path)`, () => {
    const network = Network.create({ inputs, layers: [{ units: 2 }, { units: 1 }], seed: 3 });
    const ok = new Array<number>(inputs).fill(1);
    const nan = [...ok.slice(1), NaN];
    network.predictInto(ok, [0]);
    assert.equal(usesRowPath(network), inputs === 2);
    throwsNeurite(() => network.predictInto([1], [0]), 'SHAPE_MISMATCH', new RegExp(`^The input has 1 values; the network expects ${inputs}$`));
    throwsNeurite(() => network.predictInto(nan, []), 'SHAPE_MISMATCH', /^The output needs room for 1 values, got/); // before the values
    throwsNeurite(() => network.predictInto(nan, [0]), 'NON_FINITE', new RegExp(`^Input value ${inputs - 1} is NaN; expected a finite number$`));
  });
}

test('predictInto on the one-sample path checks its arguments as before', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 3 });
  const out = [0];
  network.predictInto([1, 2], out);
  assert.equal(usesRowPath(network), true);
  throwsNeurite(() => network.predictInto([1], out), 'SHAPE_MISMATCH', /^The input has 1 values; the network expects 2$/);
  throwsNeurite(() => network.predictInto(null as unknown as number[], out), 'SHAPE_MISMATCH', /^The input has no values; the network expects 2$/);
  throwsNeurite(() => network.predictInto([1, 2], []), 'SHAPE_MISMATCH', /^The output needs room for 1 values, got/);
  throwsNeurite(() => network.predictInto([1, Infinity], out), 'NON_FINITE', /^Input value 1 is Infinity; expected a finite number$/);
  throwsNeurite(() => network.predictInto(['1', 2] as unknown as number[], out), 'NON_FINITE', /^Input value 0 is/);
  throwsNeurite(() => network.predictInto([1, null] as unknown as number[], out), 'NON_FINITE', /^Input value 1 is null/);
  throwsNeurite(() => network.predictInto(Float64Array.of(NaN, 1), out), 'NON_FINITE', /^Input value 0 is NaN/);
  assert.deepEqual(out, network.predict([1, 2]));
});
