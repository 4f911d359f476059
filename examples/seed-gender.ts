// The seed's article, told with neurite: a neuron, a network, the loss, training a 2-2-1 network on four
// people with SGD one sample at a time, and guessing two new people's gender from their weight and height.
// Run: npm run build && node dist/examples/seed-gender.js
import { Matrix, MeanSquaredError, Network, Neuron, SGD, mseLoss } from 'neurite';

// 1. A neuron: y = f(w·x + b) with the sigmoid f(x) = 1 / (1 + e^(−x)).
const neuron = new Neuron([0, 1], 4);
console.log(`neuron: w = [0, 1], b = 4, x = [2, 3] → y = f(7) = ${neuron.feedforward([2, 3])}`); // 0.9990889488055994

// 2. A network: 2 inputs → h1, h2 → o1, every neuron w = [0, 1], b = 0. Weights are stored W[units × inputs].
const fixed = Network.fromJSON({
  dtype: 'float64',
  layers: [
    { type: 'dense', inputs: 2, units: 2, activation: { name: 'sigmoid' }, weights: [0, 1, 0, 1], bias: [0, 0] },
    { type: 'dense', inputs: 2, units: 1, activation: { name: 'sigmoid' }, weights: [0, 1], bias: [0] },
  ],
});
console.log(`network: x = [2, 3] → o1 = ${fixed.predict([2, 3])[0]}`); // 0.7216325609518421

// 3. The loss: mean squared error.
console.log(`loss: MSE([1, 0, 0, 1], [0, 0, 0, 0]) = ${mseLoss([1, 0, 0, 1], [0, 0, 0, 0])}`); // 0.5

// 4. The data: weight − 135 lb and height − 66 in; female = 1, male = 0.
const people = [
  { name: 'Alice', weight: 133, height: 65, female: 1 },
  { name: 'Bob', weight: 160, height: 72, female: 0 },
  { name: 'Charlie', weight: 152, height: 70, female: 0 },
  { name: 'Diana', weight: 120, height: 60, female: 1 },
];
const shift = (p: { weight: number; height: number }) => [p.weight - 135, p.height - 66];
const x = Matrix.from(people.map(shift), 'float64');
const y = Matrix.from(
  people.map((p) => [p.female]),
  'float64',
);

// 5. Training: weights and biases from a standard normal, SGD with η = 0.1, 1000 epochs, one person at a time.
const network = Network.create({
  inputs: 2,
  layers: [
    { units: 2, activation: 'sigmoid' },
    { units: 1, activation: 'sigmoid' },
  ],
  dtype: 'float64',
  seed: 42,
  initializer: 'normal',
  biasInitializer: 'normal',
});
const loss = new MeanSquaredError();
const sgd = new SGD({ learningRate: 0.1 });
const rows = people.map((_, i) => [Matrix.row(x.rowView(i), 'float64'), Matrix.row(y.rowView(i), 'float64')] as const);
for (let epoch = 0; epoch < 1000; epoch++) {
  for (const [xi, yi] of rows) network.trainStep(xi, yi, loss, sgd);
  if (epoch % 100 === 0 || epoch === 999) console.log(`Epoch ${epoch} loss: ${network.loss(x, y, loss).toFixed(6)}`);
}

// 6. Two new people.
for (const p of [
  { name: 'Emily', weight: 128, height: 63 },
  { name: 'Frank', weight: 155, height: 68 },
]) {
  const female = network.predict(shift(p))[0]!;
  console.log(`${p.name}: ${female.toFixed(3)} ${female >= 0.5 ? 'female' : 'male'}`);
}
