// The image networks by name (defaultImageNetwork, imageNetwork, the --network option's presets and spec
// files) and the image training defaults: the default CNN beats a dense network of about as many parameters
// on held-out images of the built-in shapes set, trained the same way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shapesImages } from '../src/data/index.js';
import { Network } from '../src/nn/network.js';
import { IMAGE_NETWORKS, defaultImageNetwork, imageNetwork, imageNetworkSpec } from '../src/model/default-image-network.js';
import { IMAGE_TRAIN_DEFAULTS, trainImageModel } from '../src/model/train-image-model.js';
import { throwsNeurite } from './helpers/numeric.js';

const parameterCount = (network: Network) => network.parameters().reduce((sum, p) => sum + p.value.length, 0);
const types = (spec: ReturnType<typeof defaultImageNetwork>) => spec.layers.map((layer) => layer.type ?? 'dense').join(' ');

test('the default image network is a small CNN scaled to the image: two pools from 16 px, one from 8, none below', () => {
  assert.equal(types(defaultImageNetwork([28, 28, 1], 10)), 'conv2d maxPool2d conv2d maxPool2d flatten dense dropout dense');
  assert.equal(types(defaultImageNetwork([16, 20, 3], 4)), 'conv2d maxPool2d conv2d maxPool2d flatten dense dropout dense');
  assert.equal(types(defaultImageNetwork([10, 10, 1], 4)), 'conv2d maxPool2d conv2d flatten dense dropout dense');
  assert.equal(types(defaultImageNetwork([5, 7, 1], 2)), 'conv2d flatten dense dropout dense');
  const mnist = Network.create({ ...defaultImageNetwork([28, 28, 1], 10), seed: 1 });
  assert.deepEqual(
    mnist.layers.map((layer) => layer.outputShape.join('x')),
    ['28x28x16', '14x14x16', '14x14x32', '7x7x32', '1568', '128', '128', '10'],
  );
  assert.equal(parameterCount(mnist), 160 + 4640 + 1568 * 128 + 128 + 129 * 10); // 206,922, as documented
  for (const shape of [
    [8, 8, 1],
    [3, 3, 1],
    [32, 32, 3],
  ] as const) {
    assert.equal(Network.create({ ...defaultImageNetwork(shape, 3), seed: 1 }).outputSize, 3, `built for ${shape}`);
  }
});

test('imageNetwork: cnn-bn is wider with batch normalization; dense is the baseline; an unknown name lists the names', () => {
  const bn = imageNetwork('cnn-bn', [28, 28, 1], 10);
  assert.equal(types(bn), 'conv2d batchNorm maxPool2d conv2d batchNorm maxPool2d flatten dense dropout dense');
  assert.deepEqual(
    bn.layers.filter((layer) => layer.type === 'conv2d').map((layer) => (layer as { filters: number }).filters),
    [32, 64],
  );
  assert.equal(types(imageNetwork('dense', [28, 28, 1], 10)), 'flatten dense dense');
  assert.deepEqual([...IMAGE_NETWORKS], ['cnn', 'cnn-bn', 'dense']);
  throwsNeurite(() => imageNetwork('resnet' as 'cnn', [28, 28, 1], 10), 'INVALID_ARGUMENT', /cnn, cnn-bn, dense/);
  // Layers given whole: the images' shape is theirs; another inputShape is refused.
  const given = imageNetworkSpec({ layers: [{ type: 'flatten' }, { units: 3, activation: 'softmax' }] }, [4, 4, 1], 3);
  assert.deepEqual(given.inputShape, [4, 4, 1]);
  throwsNeurite(() => imageNetworkSpec({ inputShape: [5, 5, 1], layers: [{ type: 'flatten' }] }, [4, 4, 1], 3), 'SHAPE_MISMATCH', /\[4, 4, 1\]/);
  throwsNeurite(() => imageNetworkSpec({ layers: [] }, [4, 4, 1], 3), 'INVALID_ARGUMENT', /layers/);
});

test('trainImageModel: the default CNN beats a dense network of about as many parameters on held-out shapes', async () => {
  const set = shapesImages({ count: 400, size: 16, seed: 5 });
  const cnnSpec = defaultImageNetwork([16, 16, 1], 4);
  const cnnParameters = parameterCount(Network.create({ ...cnnSpec, seed: 1 }));
  // One hidden layer of h units: 256·h + h + 4·h + 4 parameters, h chosen to match the CNN's count.
  const hidden = Math.round((cnnParameters - 4) / 261);
  const dense = { layers: [{ type: 'flatten' as const }, { units: hidden, activation: 'relu' }, { units: 4, activation: 'softmax' }] };
  const denseParameters = parameterCount(Network.create({ inputShape: [16, 16, 1], ...dense, seed: 1 }));
  assert.ok(Math.abs(denseParameters - cnnParameters) < 0.01 * cnnParameters, `${denseParameters} vs ${cnnParameters} parameters`);

  // The same epochs for both (no validation split, so no early stopping), the same seed and split.
  const options = { epochs: 30, seed: 3, test: 0.25, validation: 0 };
  const cnn = await trainImageModel(set, options);
  const baseline = await trainImageModel(set, { ...options, network: dense });
  assert.deepEqual([...cnn.network.layers.map((layer) => layer.type)], types(cnnSpec).split(' '));
  const accuracy = (model: typeof cnn) => (model.training.metrics as Record<string, Record<string, number>>)['test']!['accuracy']!;
  assert.ok(accuracy(cnn) > accuracy(baseline) + 0.1, `CNN ${accuracy(cnn)} vs dense ${accuracy(baseline)} on 100 held-out images`);
  assert.ok(accuracy(cnn) > 0.75, `CNN accuracy ${accuracy(cnn)} (chance: 0.25)`);
  // The image defaults were used: Adam, batches of 64, a cosine down from 0.002.
  assert.equal(cnn.training.batchSize, IMAGE_TRAIN_DEFAULTS.batchSize);
  assert.equal(cnn.training.learningRate, 0.002);
  assert.equal((cnn.training.optimizer as { name: string }).name, 'adam');
});
