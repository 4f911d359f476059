import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix, MeanSquaredError, Network, Rng, gradientCheck, jsBackend, parseModel, serializeModel } from '../src/index.js';
import { parseTable, Preprocessor } from '../src/data/index.js';
import { Embedding } from '../src/nn/embedding.js';
import { centralDifference, randomMatrix, relativeError, throwsNeurite } from './helpers/numeric.js';

const VOCABULARY = 7;

/** Ids [rows × steps]: every id of the vocabulary, some repeated within a row, padding (0) at the ends when asked. */
function ids(rows: number, steps: number, padded: boolean): Matrix {
  const rng = new Rng(5);
  const x = Matrix.zeros(rows, steps, 'float64');
  for (let r = 0; r < rows; r++) {
    const length = padded ? steps - (r % 3) : steps;
    for (let t = 0; t < length; t++) x.data[r * steps + t] = 1 + rng.int(VOCABULARY - 1);
  }
  x.data[1] = x.data[0]!; // a repeated id: its row's gradient is a sum over positions
  return x;
}

function textNetwork(paddingId?: number): Network {
  return Network.create({
    inputShape: [5],
    layers: [
      { type: 'embedding', vocabularySize: VOCABULARY, dimensions: 3, ...(paddingId !== undefined ? { paddingId } : {}) },
      { type: 'flatten' },
      { units: 4, activation: 'tanh' },
      { units: 2, activation: 'linear' },
    ],
    dtype: 'float64',
    seed: 3,
  });
}

test('embedding: the table passes a float64 central-difference gradient check (repeated ids sum)', () => {
  const network = textNetwork();
  const x = ids(4, 5, false);
  const y = randomMatrix(new Rng(9), 4, 2);
  const result = gradientCheck(network, x, y, new MeanSquaredError());
  assert.ok(result.passed, `max relative error ${result.maxRelativeError}`);
  const table = result.parameters.find((p) => p.name === 'layers.0.embeddings');
  assert.ok(table, 'the table is a parameter');
  assert.ok(table.maxAbsoluteError < 1e-8);
});

test('embedding with a padding id: its row stays zero and gets no gradient; every other row matches central differences', () => {
  const network = textNetwork(0);
  const embedding = network.layers[0] as Embedding;
  assert.deepEqual(Array.from(embedding.embeddings.subarray(0, 3)), [0, 0, 0]);
  const x = ids(4, 5, true);
  assert.ok(x.data.includes(0), 'the batch holds padding');
  const y = randomMatrix(new Rng(9), 4, 2);
  const loss = new MeanSquaredError();
  network.computeGradients(x, y, loss);
  const analytic = Float64Array.from(embedding.embeddingGrad);
  assert.deepEqual(Array.from(analytic.subarray(0, 3)), [0, 0, 0]);
  const w = embedding.embeddings;
  let checked = 0;
  for (let i = 3; i < w.length; i++) {
    const original = w[i]!;
    const numeric = centralDifference((v) => {
      w[i] = v;
      const value = network.loss(x, y, loss);
      w[i] = original;
      return value;
    }, original);
    assert.ok(relativeError(analytic[i]!, numeric) < 1e-6, `E[${Math.floor(i / 3)}, ${i % 3}]: ${analytic[i]} vs ${numeric}`);
    if (analytic[i] !== 0) checked++;
  }
  assert.ok(checked > 6);
});

test('embedding: forward copies the rows of the ids, [T] → [T, dimensions]', () => {
  const table = Array.from({ length: 4 * 2 }, (_, i) => i + 1);
  const layer = new Embedding({ inputShape: [3], vocabularySize: 4, dimensions: 2, embeddings: table, dtype: 'float64' });
  assert.deepEqual(layer.outputShape, [3, 2]);
  const out = layer.forward(
    Matrix.from(
      [
        [3, 0, 3],
        [1, 2, 0],
      ],
      'float64',
    ),
    { training: false, backend: jsBackend },
  );
  assert.deepEqual(out.toArray(), [
    [7, 8, 1, 2, 7, 8],
    [3, 4, 5, 6, 1, 2],
  ]);
  assert.equal(layer.backward(out, { backend: jsBackend, needInputGradient: true }), null, 'ids have no gradient');
});

test('embedding: an id that is not an integer in [0, vocabularySize) is INVALID_INPUT naming the row and the step', () => {
  const network = textNetwork(0);
  for (const [bad, pattern] of [
    [2.5, /row 1, step 3 is 2\.5/],
    [-1, /row 1, step 3 is -1/],
    [VOCABULARY, /row 1, step 3 is 7; expected a token id, an integer in \[0, 7\)/],
    [NaN, /row 1, step 3 is NaN/],
  ] as const) {
    const x = ids(2, 5, false);
    x.data[5 + 3] = bad;
    throwsNeurite(() => network.forward(x), 'INVALID_INPUT', pattern);
  }
});

test('embedding: anywhere but first is a clear spec error (and in a hand-built network)', () => {
  throwsNeurite(
    () =>
      Network.create({
        inputShape: [5],
        layers: [{ units: 5 }, { type: 'embedding', vocabularySize: 4, dimensions: 2 }],
      }),
    'INVALID_ARGUMENT',
    /layers\[1\] \(embedding\) is not the first layer; it reads token ids, which have no gradient/,
  );
  const first = textNetwork().layers;
  throwsNeurite(
    () => new Network([first[2]!, new Embedding({ inputShape: [4], vocabularySize: 4, dimensions: 1 })]),
    'INVALID_ARGUMENT',
    /layers\[1\] \(embedding\) is not the first layer/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [5], layers: [{ type: 'embedding', vocabularySize: 4, dimensions: 2, paddingId: 4 }] }),
    'INVALID_ARGUMENT',
    /layers\[0\]\.paddingId must be an integer in \[0, 4\)/,
  );
  throwsNeurite(
    () => Network.create({ inputShape: [5, 2], layers: [{ type: 'embedding', vocabularySize: 4, dimensions: 2 }] }),
    'SHAPE_MISMATCH',
    /takes a sequence of token ids \[timeSteps\] but gets \[5, 2\]/,
  );
});

test('embedding: default table is N(0, 1) drawn from the seed, the padding row zero', () => {
  const a = textNetwork(2).layers[0] as Embedding;
  const b = textNetwork(2).layers[0] as Embedding;
  assert.deepEqual(Array.from(a.embeddings), Array.from(b.embeddings));
  assert.deepEqual(Array.from(a.embeddings.subarray(6, 9)), [0, 0, 0]);
  const others = Array.from(a.embeddings).filter((_, i) => Math.floor(i / 3) !== 2);
  assert.ok(others.every((v) => v !== 0) && others.some((v) => Math.abs(v) > 0.5));
});

function textModel(dtype: 'float32' | 'float64') {
  const preprocessing = Preprocessor.fit(parseTable('a,b,c,d,e,y\n1,2,3,0,0,1\n2,2,0,0,0,3\n'), { target: 'y', task: 'regression' });
  const network = Network.create({
    inputShape: [5],
    layers: [{ type: 'embedding', vocabularySize: 4, dimensions: 2, paddingId: 0 }, { type: 'flatten' }, { units: 1, activation: 'linear' }],
    dtype,
  });
  return { network, preprocessing, training: { epochs: 0 } };
}

for (const dtype of ['float32', 'float64'] as const) {
  test(`embedding goes through the model file (${dtype}): same table, same padding id, same predictions`, () => {
    const model = textModel(dtype);
    const text = serializeModel(model);
    const loaded = parseModel(text);
    assert.equal(serializeModel(loaded), text, 'the text is stable');
    const [a, b] = [model.network.layers[0] as Embedding, loaded.network.layers[0] as Embedding];
    assert.equal(b.paddingId, 0);
    assert.deepEqual(Array.from(b.embeddings), Array.from(a.embeddings));
    assert.deepEqual(loaded.network.predict([1, 3, 2, 0, 0]), model.network.predict([1, 3, 2, 0, 0]));
  });
}

test('the model file refuses an embedding of the wrong size, a bad padding id, or one that is not first', () => {
  const edit = (change: (layers: Record<string, unknown>[]) => void) => {
    const json = JSON.parse(serializeModel(textModel('float64')));
    change(json.network.layers);
    return JSON.stringify(json);
  };
  throwsNeurite(() => parseModel(edit((l) => (l[0]!['embeddings'] as number[]).pop())), 'MODEL_FORMAT', /network\.layers\[0\]\.embeddings/);
  throwsNeurite(() => parseModel(edit((l) => (l[0]!['paddingId'] = 4))), 'MODEL_FORMAT', /network\.layers\[0\]\.paddingId/);
  throwsNeurite(() => parseModel(edit((l) => (l[0]!['unknownKey'] = 1))), 'MODEL_FORMAT', /unknownKey/);
  throwsNeurite(
    () => parseModel(edit((l) => l.splice(1, 0, { ...l[0]!, inputShape: [5] }))),
    'MODEL_FORMAT',
    /layers\[1\] \(embedding\) is not the first layer/,
  );
});
