// XOR, the function a single neuron cannot learn: a hidden layer makes it separable.
// Run: npm run build && node dist/examples/xor.js
import { Adam, Network, fit } from 'neurite';

const x = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const y = [[0], [1], [1], [0]];

const network = Network.create({
  inputs: 2,
  layers: [
    { units: 4, activation: 'tanh' },
    { units: 1, activation: 'sigmoid' },
  ],
  seed: 7,
});

// Binary cross-entropy on a sigmoid output; the four rows make one batch.
const { history } = await fit(network, x, y, {
  epochs: 500,
  batchSize: 4,
  loss: 'binary_cross_entropy',
  optimizer: new Adam({ learningRate: 0.05 }),
  metrics: ['accuracy'],
});
const last = history[history.length - 1]!;
console.log(`after ${history.length} epochs: loss ${last.loss.toFixed(4)}, accuracy ${last.metrics['accuracy']}`);

const predictions = network.predict(x) as number[][];
for (let i = 0; i < x.length; i++) console.log(`${x[i]!.join(' xor ')} = ${y[i]![0]}  predicted ${predictions[i]![0]!.toFixed(3)}`);
