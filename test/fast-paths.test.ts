// Where fast paths are chosen: optimizers step with the network's own backend (never the library's default
// when the network has another), and the layer operations call a backend only for work it does not call
// small (Backend.smallProducts, Backend.smallElementwise), with the same results either way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, MeanSquaredError, Network, SGD, fit, getBackend, jsBackend, registerBackend, setBackend, sgdUpdate, type Backend } from '../src/index.js';

/** The reference backend with an SGD kernel that counts its calls, and products that count theirs. */
function counting(name: string, small: { products?: number; elementwise?: number } = {}) {
  const calls = { sgd: 0, products: 0, sums: 0 };
  const backend: Backend = {
    ...jsBackend,
    name,
    smallProducts: small.products,
    smallElementwise: small.elementwise,
    matmul(...args) {
      calls.products++;
      jsBackend.matmul(...args);
    },
    matmulTransA(...args) {
      calls.products++;
      jsBackend.matmulTransA(...args);
    },
    matmulTransB(...args) {
      calls.products++;
      jsBackend.matmulTransB(...args);
    },
    sumRows(...args) {
      calls.sums++;
      jsBackend.sumRows(...args);
    },
    subtractScaled(w, g, s) {
      calls.sgd++;
      sgdUpdate(w, g, s);
      return true;
    },
  };
  return { backend, calls };
}

const spec = { inputs: 3, layers: [{ units: 4, activation: 'relu' as const }, { units: 2 }], seed: 5, dtype: 'float64' as const };
const x = Matrix.from(
  [
    [1, -2, 0.5],
    [0.3, 2, -1],
  ],
  'float64',
);
const y = Matrix.from(
  [
    [1, 0],
    [0, 1],
  ],
  'float64',
);

/** Runs `body` with `backend` as the library's default, then restores the default. */
async function withDefault(backend: Backend, body: () => void | Promise<void>): Promise<void> {
  const before = getBackend().name;
  registerBackend(backend);
  setBackend(backend.name);
  try {
    await body();
  } finally {
    setBackend(before);
  }
}

test("SGD steps with the network's own backend, not the default one (trainStep and fit)", async () => {
  const global = counting('counting-default');
  const own = counting('counting-own');
  await withDefault(global.backend, async () => {
    const network = Network.create(spec);
    network.backend = own.backend;
    const reference = Network.create(spec);
    reference.backend = jsBackend;
    const loss = new MeanSquaredError();
    const sgd = new SGD({ learningRate: 0.1 });
    const plain = new SGD({ learningRate: 0.1 });
    for (let i = 0; i < 3; i++) assert.equal(network.trainStep(x, y, loss, sgd), reference.trainStep(x, y, loss, plain));
    assert.equal(own.calls.sgd, 3 * network.parameters().length, 'every parameter, every step, on the own backend');
    await fit(network, x, y, { epochs: 2, batchSize: 2, loss: 'mse', optimizer: sgd });
    await fit(reference, x, y, { epochs: 2, batchSize: 2, loss: 'mse', optimizer: plain });
    assert.equal(own.calls.sgd, 5 * network.parameters().length, 'fit steps on it too');
    assert.equal(global.calls.sgd, 0, 'the default backend is never asked');
    assert.equal(global.calls.products + global.calls.sums, 0);
    network.parameters().forEach((p, i) => assert.deepEqual(p.value, reference.parameters()[i]!.value, `${p.name}: the reference loop's values`));
  });
});

test('an optimizer stepped by hand uses the backend given, else the default one', async () => {
  const global = counting('counting-default-2');
  const given = counting('counting-given');
  await withDefault(global.backend, () => {
    const network = Network.create(spec);
    network.computeGradients(x, y, new MeanSquaredError());
    const sgd = new SGD({ learningRate: 0.1 });
    sgd.step(network.parameters(), given.backend);
    assert.deepEqual([given.calls.sgd, global.calls.sgd], [4, 0]);
    sgd.step(network.parameters());
    assert.deepEqual([given.calls.sgd, global.calls.sgd], [4, 4]);
  });
});

test('the backend says what is small: below its sizes the operations run the reference loops, above them its kernels', () => {
  const loss = new MeanSquaredError();
  // 2 rows through 3→4→2: products of 24 and 16 multiply-adds (each bias gradient's sum of rows goes with its
  // layer's weight gradient), steps over 2 to 12 values.
  const cases = [
    { small: {}, products: 5, sums: 2, sgd: 4 }, // nothing small: every product (the first layer needs no ∂L/∂X) and step is a call
    { small: { products: 16, elementwise: 4 }, products: 2, sums: 1, sgd: 2 }, // the first layer's 24-multiply-add products; 12 and 8 weights
    { small: { products: 256, elementwise: 63 }, products: 0, sums: 0, sgd: 0 }, // the seed's sizes: no call at all
  ];
  const reference = Network.create(spec);
  reference.trainStep(x, y, loss, new SGD({ learningRate: 0.1 }));
  for (const c of cases) {
    const { backend, calls } = counting(`counting-${c.products}`, c.small);
    const network = Network.create(spec);
    network.backend = backend;
    network.trainStep(x, y, loss, new SGD({ learningRate: 0.1 }));
    assert.deepEqual(calls, { products: c.products, sums: c.sums, sgd: c.sgd }, JSON.stringify(c.small));
    network.parameters().forEach((p, i) => assert.deepEqual(p.value, reference.parameters()[i]!.value, p.name));
  }
});
