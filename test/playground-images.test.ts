// The playground's image mode without a browser: its data, its CNN, the worker's Trainer on it, a drawing
// read as the model file reads an image, and its report.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOptimizer, fit, Network, parseModel } from '../src/index.js';
import { prepareImages, shapesImages } from '../src/data/index.js';
import { imageReport } from '../playground/src/engine/exports.js';
import { IMAGE_COUNT, imageAt, imageNetworkSpec, imageTrainerConfig, prepareShapes, viewDrawing, viewImage } from '../playground/src/engine/images.js';
import { modelFileText } from '../playground/src/engine/model-file.js';
import { defaultSettings, settingsFromQuery, settingsToQuery, type Settings } from '../playground/src/engine/settings.js';
import { choices } from '../playground/src/engine/setup.js';
import { Trainer, type TrainerStatus } from '../playground/src/engine/trainer.js';
import { writeReport } from '../src/report/report.js';

const settings: Settings = { ...defaultSettings(), data: 'shapes', dataSeed: 3, noise: 0.05, validation: 0.2, epochs: 1, seed: 5, batchSize: 50 };

test('the shapes set: generated and split as the library does, and a link to it survives the URL', () => {
  const images = prepareShapes(settings);
  const library = prepareImages(shapesImages({ count: IMAGE_COUNT, size: 16, noise: 0.05, seed: 3 }), { validation: 0.2, seed: 3 });
  assert.deepEqual(images.labels, ['circle', 'cross', 'square', 'triangle']);
  assert.deepEqual([images.data.train.x.rows, images.data.validation?.x.rows], [library.train.x.rows, library.validation?.x.rows]);
  assert.deepEqual(Array.from(images.data.validation!.rows), Array.from(library.validation!.rows));
  assert.deepEqual(images.preprocessor.toJSON(), library.preprocessor.toJSON());
  assert.equal(settingsFromQuery(settingsToQuery(settings), choices()).settings.data, 'shapes');
});

test("the image mode's CNN: conv 3×3 ×8 → max-pool 2 → conv 3×3 ×16 → max-pool 2 → flatten → softmax", () => {
  const network = Network.create(imageNetworkSpec(4, 1));
  assert.deepEqual(
    network.layers.map((l) => `${l.type} [${l.outputShape.join(',')}]`),
    ['conv2d [14,14,8]', 'maxPool2d [7,7,8]', 'conv2d [5,5,16]', 'maxPool2d [2,2,16]', 'flatten [64]', 'dense [4]'],
  );
});

test("the worker's Trainer trains the CNN as fit does; a drawing is read and predicted as the exported model file predicts it", async () => {
  const images = prepareShapes(settings);
  const config = imageTrainerConfig(settings, images);
  assert.deepEqual([config.rows.length, config.grid?.length, config.loss], [0, 0, 'categorical_cross_entropy']);
  const statuses: TrainerStatus[] = [];
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  const trainer = new Trainer(config, {
    progress: () => {},
    status: (s) => {
      statuses.push(s);
      if (s === 'done') done();
    },
  });
  trainer.train();
  await finished;
  // The same epoch with the library alone.
  const network = Network.create(imageNetworkSpec(4, 5));
  await fit(network, images.data.train.x, images.data.train.y, {
    epochs: 1,
    batchSize: 50,
    optimizer: createOptimizer('adam', { learningRate: settings.learningRate }),
    loss: 'categorical_cross_entropy',
    regularization: { l2: settings.regularizationRate },
    seed: 5,
  });
  assert.deepEqual(trainer.network.toJSON(), network.toJSON());
  const measured = trainer.measure();
  assert.equal(measured.outputs.length, 0, 'no per-row outputs in the image mode');
  assert.ok(measured.validation!.accuracy > 0.4, `validation accuracy ${measured.validation!.accuracy} after one epoch`);

  // An example painted on a 192 × 192 pad, 12 × 12 pad pixels per image pixel, reads back as itself.
  const example = imageAt(images, images.data.validation!.rows[0]!);
  const rgba = new Uint8ClampedArray(192 * 192 * 4);
  for (let y = 0; y < 192; y++) {
    for (let x = 0; x < 192; x++) {
      const v = example.pixels[Math.floor(y / 12) * 16 + Math.floor(x / 12)]!;
      rgba.set([v, v, v, 255], (y * 192 + x) * 4);
    }
  }
  const view = viewDrawing(trainer.network, images, { width: 192, height: 192, data: rgba });
  Array.from(view.image.pixels).forEach((v, i) => assert.ok(Math.abs(v - example.pixels[i]!) < 1e-9));
  assert.deepEqual(
    view.maps.map((m) => m.shape.join('x')),
    ['16x16x1', '14x14x8', '7x7x8', '5x5x16', '2x2x16'],
  );
  assert.ok(Math.abs(view.probabilities.reduce((a, b) => a + b) - 1) < 1e-6);
  assert.deepEqual(viewImage(trainer.network, images, example).probabilities, trainer.network.predict(images.data.validation!.x.rowView(0)));

  // The model file the page exports predicts the drawing as the page does.
  const run = { epochs: 1, batch: 0, batchesPerEpoch: 32, history: trainer.history, measurement: measured };
  const model = parseModel(modelFileText(trainer.network, images, settings, run));
  const [predicted] = model.predictImages(view.image);
  assert.equal(predicted!.label, images.labels[view.predicted]);
  images.labels.forEach((label, i) => assert.ok(Math.abs(predicted!.probabilities[label]! - view.probabilities[i]!) < 1e-6));

  // Its report draws the filters and the drawing's feature maps; without a drawing, a held-out image's.
  const html = writeReport(imageReport(trainer.network, images, settings, run, view.image));
  assert.equal((html.match(/<figure class="filter"/g) ?? []).length, 8);
  assert.equal((html.match(/<img class="feature-map"/g) ?? []).length, 1 + 8 + 8 + 16 + 16);
  assert.match(html, /One sample through the network: the drawing on the page; predicted \w+ \(p = /);
  const held = images.data.validation!.rows[0]!;
  assert.match(
    writeReport(imageReport(trainer.network, images, settings, run, null)),
    new RegExp(`image ${held + 1} of the set, class ${images.set.classes[images.set.labels[held]!]}; predicted`),
  );
  await trainer.stop();
});
