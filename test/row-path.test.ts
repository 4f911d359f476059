// The one-sample path of small dense networks (src/nn/row-path.ts) against the batch path it stands in for:
// predictInto against forward on one row, and trainStep on one-row batches against the same network built from
// a Dense subclass (which the path does not take), bit for bit: outputs, losses, gradients, weights, the
// layers' last values and the optimizer's state, in float32 and float64, on both backends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findBackend } from '../src/backend/index.js';
import { wasmSimdSupported } from '../src/backend/wasm/wasm-backend.js';
import {
  Adam,
  BinaryCrossEntropy,
  CategoricalCrossEntropy,
  CosineAnnealing,
  Dense,
  Dropout,
  Huber,
  Matrix,
  MeanAbsoluteError,
  MeanSquaredError,
  Network,
  RMSProp,
  Rng,
  SGD,
  jsBackend,
  type Backend,
  type DType,
  type LayerSpec,
  type Loss,
  type Optimizer,
} from '../src/index.js';
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

function usesRowPath(network: Network): { predicts: boolean; trains: boolean } {
  const path = (network as unknown as { rowPath: { trains: boolean } | null }).rowPath;
  return { predicts: path !== null, trains: path?.trains === true };
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
        assert.equal(usesRowPath(network).predicts, true);
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

test('predictInto takes the batch path for big layers and for a backend without the reference, with the same results', () => {
  const wide = Network.create({ inputs: 300, layers: [{ units: 2, activation: 'relu' }, { units: 1 }], seed: 2 });
  const plain = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 2 });
  plain.backend = { ...jsBackend, name: 'js-without-reference', referenceUpTo: 0 };
  for (const network of [wide, plain]) {
    const x = sample(new Rng(5), network.inputSize, 1);
    sameBits(network.predictInto(x, [0]), network.forward(Matrix.row(x)).data, 'output');
    assert.equal(usesRowPath(network).predicts, false);
  }
  assert.equal(usesRowPath(batchTwin(plain)).predicts, false);
});

test('predictInto on the one-sample path checks its arguments as before', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 3 });
  const out = [0];
  network.predictInto([1, 2], out);
  assert.equal(usesRowPath(network).predicts, true);
  throwsNeurite(() => network.predictInto([1], out), 'SHAPE_MISMATCH', /^The input has 1 values; the network expects 2$/);
  throwsNeurite(() => network.predictInto(null as unknown as number[], out), 'SHAPE_MISMATCH', /^The input has no values; the network expects 2$/);
  throwsNeurite(() => network.predictInto([1, 2], []), 'SHAPE_MISMATCH', /^The output needs room for 1 values, got/);
  throwsNeurite(() => network.predictInto([1, Infinity], out), 'NON_FINITE', /^Input value 1 is Infinity; expected a finite number$/);
  throwsNeurite(() => network.predictInto(['1', 2] as unknown as number[], out), 'NON_FINITE', /^Input value 0 is/);
  throwsNeurite(() => network.predictInto([1, null] as unknown as number[], out), 'NON_FINITE', /^Input value 1 is null/);
  throwsNeurite(() => network.predictInto(Float64Array.of(NaN, 1), out), 'NON_FINITE', /^Input value 0 is NaN/);
  assert.deepEqual(out, network.predict([1, 2]));
});

interface Case {
  loss: () => Loss;
  optimizer: () => Optimizer;
  schedule?: CosineAnnealing;
}

/** Losses that fit the shape's last activation (the fused cross-entropies where they apply), and optimizers. */
function casesFor(shape: (typeof shapes)[number]): Case[] {
  const last = shape.layers[shape.layers.length - 1] as { activation?: string };
  const out: Case[] = [
    { loss: () => new MeanSquaredError(), optimizer: () => new SGD({ learningRate: 0.1 }) },
    { loss: () => new Huber({ delta: 0.5 }), optimizer: () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }) },
    {
      loss: () => new MeanAbsoluteError(),
      optimizer: () => new Adam({ learningRate: 0.01 }),
      schedule: new CosineAnnealing({ initialRate: 0.01, totalSteps: 40 }),
    },
  ];
  if ((last.activation ?? 'sigmoid') === 'sigmoid') out.push({ loss: () => new BinaryCrossEntropy(), optimizer: () => new RMSProp({ learningRate: 0.01 }) });
  if (last.activation === 'softmax') out.push({ loss: () => new CategoricalCrossEntropy(), optimizer: () => new SGD({ learningRate: 0.2 }) });
  return out;
}

function targets(rng: Rng, shape: (typeof shapes)[number], outputs: number): number[] {
  const last = shape.layers[shape.layers.length - 1] as { activation?: string };
  if (last.activation === 'softmax') {
    const row = new Array<number>(outputs).fill(0);
    row[rng.int(outputs)] = 1;
    return row;
  }
  return Array.from({ length: outputs }, () => rng.uniform());
}

for (const backend of backends) {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const shape of shapes) {
      test(`trainStep on one-row batches is the batch path's, bit for bit: ${shape.name}, ${dtype}, ${backend.name}`, () => {
        for (const [c, spec] of casesFor(shape).entries()) {
          const fast = Network.create({ inputs: shape.inputs, layers: shape.layers, seed: 11 + c, dtype });
          fast.backend = backend;
          const slow = batchTwin(fast);
          const [lossA, lossB] = [spec.loss(), spec.loss()];
          const [optA, optB] = [spec.optimizer(), spec.optimizer()];
          const [rngA, rngB] = [new Rng(9), new Rng(9)];
          const data = new Rng(21 + c);
          for (let step = 0; step < 40; step++) {
            const x = Matrix.row(sample(data, shape.inputs, step % 2 === 0 ? 1 : 5), dtype);
            const y = Matrix.row(targets(data, shape, fast.outputSize), dtype);
            if (spec.schedule) optA.learningRate = optB.learningRate = spec.schedule.rateAt(optA.iterations);
            const a = fast.trainStep(x, y, lossA, optA, rngA);
            const b = slow.trainStep(x, y, lossB, optB, rngB);
            const where = `loss ${c}, step ${step}`;
            assert.ok(Object.is(a, b), `${where}: loss ${a}, the batch path gives ${b}`);
            sameBits(fast.lastOutput!.data, slow.lastOutput!.data, `${where}: lastOutput`);
            const [pa, pb] = [fast.parameters(), slow.parameters()];
            pa.forEach((p, i) => {
              sameBits(p.value, pb[i]!.value, `${where}: ${p.name}`);
              sameBits(p.grad, pb[i]!.grad, `${where}: ${p.name} gradient`);
            });
            fast.layers.forEach((layer, i) => {
              if (!(layer instanceof Dense)) return;
              const [va, vb] = [layer.lastValues(), (slow.layers[i] as Dense).lastValues()];
              sameBits(va.input.data, vb.input.data, `${where}: layer ${i} input`);
              sameBits(va.z.data, vb.z.data, `${where}: layer ${i} z`);
              sameBits(va.a.data, vb.a.data, `${where}: layer ${i} a`);
              sameBits(layer.preActivationGradient().data, (slow.layers[i] as Dense).preActivationGradient().data, `${where}: layer ${i} dZ`);
            });
          }
          assert.deepEqual(optA.getState(), optB.getState());
          assert.equal(optA.iterations, 40);
          const dropout = shape.layers.some((l) => l.type === 'dropout' && l.rate > 0);
          assert.deepEqual(usesRowPath(fast), { predicts: true, trains: !dropout });
          assert.deepEqual(usesRowPath(slow), { predicts: false, trains: false });
        }
      });
    }
  }
}

test('a batch of more than one row, and a mistaken target, still go through the batch path', () => {
  const network = Network.create({ inputs: 2, layers: [{ units: 2 }, { units: 1 }], seed: 4 });
  const twin = batchTwin(network);
  const x = Matrix.from([
    [1, 2],
    [3, -1],
  ]);
  const y = Matrix.from([[1], [0]]);
  const loss = new MeanSquaredError();
  assert.ok(Object.is(network.computeGradients(x, y, loss), twin.computeGradients(x, y, loss)));
  throwsNeurite(() => network.computeGradients(Matrix.row([1, 2]), Matrix.row([1, 0]), loss), 'SHAPE_MISMATCH', /^Targets are \[1, 2\]/);
  throwsNeurite(() => network.computeGradients(Matrix.row([1, 2], 'float64'), Matrix.row([1]), loss), 'INVALID_ARGUMENT', /float64/);
});
