import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Model, Network, NeuriteError, parseModel, serializeModel } from '../src/index.js';
import {
  Preprocessor,
  imageFromImageData,
  imageSetFromTable,
  imagesFromIdx,
  imagesFromTable,
  imagesOfIdx,
  parseIdx,
  parseImageShape,
  parseTable,
  predictImages,
  prepareImages,
  shapesImages,
  type ImageSet,
} from '../src/data/index.js';
import { trainImageModel } from '../src/model/train-image-model.js';
import { defaultImageNetwork } from '../src/model/default-image-network.js';

/** An IDX file's bytes: magic 00 00 type ndims, big-endian dims, then the values as given. */
function idx(type: number, dims: number[], values: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  const view = new DataView(header.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + values.length);
  out.set(header);
  out.set(values, header.length);
  return out;
}

function throwsData(fn: () => unknown, reason: string, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, String(error));
    assert.equal(error.code, 'DATA_FORMAT');
    assert.equal(error.details.reason, reason, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

test('parseIdx reads unsigned bytes as they are, and every other type code big-endian', () => {
  const bytes = idx(
    0x08,
    [2, 2, 3],
    Uint8Array.from({ length: 12 }, (_, i) => i * 20),
  );
  const parsed = parseIdx(bytes, { source: 'x.idx' });
  assert.equal(parsed.type, 'uint8');
  assert.deepEqual(parsed.dims, [2, 2, 3]);
  assert.deepEqual(
    Array.from(parsed.data),
    Array.from({ length: 12 }, (_, i) => i * 20),
  );

  // The same values written big-endian by DataView, for each multi-byte type, read back.
  const cases: [number, string, number, (v: DataView, at: number, x: number) => void, number[]][] = [
    [0x09, 'int8', 1, (v, at, x) => v.setInt8(at, x), [-128, -1, 0, 127]],
    [0x0b, 'int16', 2, (v, at, x) => v.setInt16(at, x, false), [-32768, -2, 300, 32767]],
    [0x0c, 'int32', 4, (v, at, x) => v.setInt32(at, x, false), [-(2 ** 31), -5, 70000, 2 ** 31 - 1]],
    [0x0d, 'float32', 4, (v, at, x) => v.setFloat32(at, x, false), [-1.5, 0, 0.25, 2 ** 40 + 2 ** 20]],
    [0x0e, 'float64', 8, (v, at, x) => v.setFloat64(at, x, false), [-Math.PI, 0, 1e-300, 2 ** 60]],
  ];
  for (const [code, type, size, write, values] of cases) {
    const body = new Uint8Array(values.length * size);
    const view = new DataView(body.buffer);
    values.forEach((x, i) => write(view, i * size, x));
    const read = parseIdx(idx(code, [values.length], body));
    assert.equal(read.type, type);
    assert.deepEqual(Array.from(read.data), values, type);
  }
});

test('parseIdx refuses a bad header clearly, naming the source, before allocating', () => {
  const good = idx(0x08, [2, 2, 2], new Uint8Array(8));
  throwsData(() => parseIdx(good.subarray(0, 3), { source: 'short.idx' }), 'truncated', /short\.idx.*3 byte/);
  throwsData(() => parseIdx(Uint8Array.from([1, 2, 8, 1, 0, 0, 0, 1, 0]), { source: 'magic.idx' }), 'magic', /magic\.idx: is not an IDX file.*01 02 08 01/);
  throwsData(() => parseIdx(Uint8Array.from([0x1f, 0x8b, 8, 0]), { source: 'x.gz' }), 'magic', /gzip/);
  throwsData(() => parseIdx(idx(0x0a, [1], new Uint8Array(1)), { source: 't.idx' }), 'type', /type code 0x0a/);
  throwsData(() => parseIdx(idx(0x08, [2, 0], new Uint8Array(0)), { source: 'z.idx' }), 'dims', /dimension 2 of 2 is 0/);
  throwsData(() => parseIdx(Uint8Array.from([0, 0, 8, 0])), 'dims', /0 dimensions/);
  throwsData(() => parseIdx(good.subarray(0, 10), { source: 'cut.idx' }), 'truncated', /cut\.idx: is cut short.*header declares 3 dimensions/);
  // A header that lies about its size: cut short, or longer than it says.
  throwsData(
    () => parseIdx(good.subarray(0, good.length - 1), { source: 'lie.idx' }),
    'truncated',
    /lie\.idx: is cut short: its header says 2 × 2 × 2 values of uint8 \(24 bytes/,
  );
  throwsData(() => parseIdx(idx(0x08, [2, 2, 2], new Uint8Array(9))), 'size', /bytes left over/);
  // An absurd size is refused from the header alone: 4 × 2^32 − 1 dims would be petabytes.
  const huge = idx(0x0e, [0xffffffff, 0xffffffff, 0xffffffff], new Uint8Array(0));
  throwsData(() => parseIdx(huge, { source: 'huge.idx' }), 'size', /huge\.idx.*more than 2147483647 values, refused before allocating/);
  throwsData(() => parseIdx(idx(0x08, [100, 100], new Uint8Array(0)), { maxValues: 1000 }), 'size', /more than 1000 values/);
});

test('imagesFromIdx joins images and labels: shapes, classes in numeric order, counts that must agree', () => {
  const images = parseIdx(
    idx(
      0x08,
      [3, 2, 2],
      Uint8Array.from({ length: 12 }, (_, i) => i),
    ),
  );
  const labels = parseIdx(idx(0x08, [3], Uint8Array.from([10, 2, 10])));
  const set = imagesFromIdx(images, labels, { images: 'i.idx', labels: 'l.idx' });
  assert.deepEqual([...set.shape], [2, 2, 1]);
  assert.equal(set.count, 3);
  assert.equal(set.maxValue, 255);
  assert.deepEqual(set.classes, ['2', '10']);
  assert.deepEqual(Array.from(set.labels), [1, 0, 1]);
  const rgb = imagesOfIdx(parseIdx(idx(0x08, [1, 1, 2, 3], new Uint8Array(6))));
  assert.deepEqual([...rgb.shape], [1, 2, 3]);

  const fewer = parseIdx(idx(0x08, [2], Uint8Array.from([1, 2])));
  assert.throws(() => imagesFromIdx(images, fewer, { images: 'i.idx', labels: 'l.idx' }), /l\.idx has 2 labels but i\.idx has 3 images/);
  assert.throws(() => imagesFromIdx(labels, labels, { images: 'l.idx' }), /l\.idx: images are \[count, height, width\].*labels file/);
  const ints = parseIdx(idx(0x0b, [1, 1, 1], new Uint8Array(2)));
  assert.throws(() => imagesOfIdx(ints, 'w.idx'), /w\.idx: images must be unsigned bytes.*int16/);
});

test('parseImageShape reads HxWxC and refuses anything else', () => {
  assert.deepEqual([...parseImageShape('8x8x1')], [8, 8, 1]);
  assert.deepEqual([...parseImageShape('28×28')], [28, 28, 1]);
  assert.deepEqual([...parseImageShape('4,5,3')], [4, 5, 3]);
  for (const bad of ['8x8x1x1', 'x8', '0x8x1', '8x8x5', 'eight', '2.5x2x1']) assert.throws(() => parseImageShape(bad), NeuriteError, bad);
});

test('pixel rows from a table: the target column out, classes sorted, bad rows named by line', () => {
  const csv = 'a,b,c,d,label\n0,255,255,0,bar\n255,0,0,255,dot\n0,255,0,255,bar\n';
  const set = imageSetFromTable(parseTable(csv, { file: 'px.csv' }), 'label', { shape: [2, 2, 1] });
  assert.equal(set.count, 3);
  assert.deepEqual(set.classes, ['bar', 'dot']);
  assert.deepEqual(Array.from(set.labels), [0, 1, 0]);
  assert.deepEqual(Array.from(set.pixels.subarray(4, 8)), [255, 0, 0, 255]);
  assert.equal(set.maxValue, 255);
  assert.equal(imagesFromTable(parseTable('a,b\n0,0.5\n'), { shape: [1, 2, 1] }).maxValue, 1);
  assert.equal(imagesFromTable(parseTable('a,b\n0,1000\n'), { shape: [1, 2, 1] }).maxValue, 65535);

  assert.throws(
    () => imageSetFromTable(parseTable(csv, { file: 'px.csv' }), 'label', { shape: [3, 3, 1] }),
    /px\.csv has 4 pixel column\(s\) besides "label"; images of 3x3x1 need 9/,
  );
  assert.throws(
    () => imageSetFromTable(parseTable('a,b,label\n0,,x\n1,2,y\n', { file: 'm.csv' }), 'label', { shape: [1, 2, 1] }),
    /line 2 of m\.csv.*"b".*missing/,
  );
  assert.throws(
    () => imageSetFromTable(parseTable('a,b,label\n0,-3,x\n1,2,y\n', { file: 'n.csv' }), 'label', { shape: [1, 2, 1] }),
    /line 2 of n\.csv: the pixel column "b" has -3/,
  );
  assert.throws(() => imageSetFromTable(parseTable('a,b,label\n0,1,x\n1,2,x\n'), 'label', { shape: [1, 2, 1] }), /single class/);
});

test('imageFromImageData: luminance or RGB, alpha onto black, box-filter resizing to the model shape', () => {
  // 2 × 2 RGBA: red, green, blue, transparent white.
  const data = Uint8ClampedArray.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]);
  const gray = imageFromImageData({ width: 2, height: 2, data }, [2, 2, 1]);
  assert.equal(gray.maxValue, 255);
  const expected = [0.299 * 255, 0.587 * 255, 0.114 * 255, 0];
  gray.pixels.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-9, `pixel ${i}: ${v}`));
  const rgb = imageFromImageData({ width: 2, height: 2, data }, [2, 2, 3]);
  assert.deepEqual(Array.from(rgb.pixels), [255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0]);
  // Down to 1 × 1: the mean of the four; up to 4 × 4: each source pixel covers a 2 × 2 block.
  const one = imageFromImageData({ width: 2, height: 2, data }, [1, 1, 3]);
  assert.deepEqual(Array.from(one.pixels), [255 / 4, 255 / 4, 255 / 4]);
  const big = imageFromImageData({ width: 2, height: 2, data }, [4, 4, 1]);
  assert.equal(big.pixels[0], gray.pixels[0]);
  assert.equal(big.pixels[5], gray.pixels[0]);
  assert.equal(big.pixels[15], 0);
  // 3 → 2: the middle source pixel is shared half and half.
  const row = Uint8ClampedArray.from([0, 0, 0, 255, 90, 90, 90, 255, 180, 180, 180, 255]);
  const two = imageFromImageData({ width: 3, height: 1, data: row }, [1, 2, 1]);
  assert.ok(Math.abs(two.pixels[0]! - (0 + 45) / 1.5) < 1e-9 && Math.abs(two.pixels[1]! - (45 + 180) / 1.5) < 1e-9, `${Array.from(two.pixels)}`);
  assert.throws(() => imageFromImageData({ width: 2, height: 2, data: new Uint8Array(15) }, [2, 2, 1]), /width × height × 4/);
  assert.throws(() => imageFromImageData({ width: 2, height: 2, data }, [2, 2, 2]), /1 channel \(gray\) or 3/);
});

test('shapesImages is deterministic from its seed, balanced, 8-bit, and its classes differ in their pixels', () => {
  const a = shapesImages({ count: 40, size: 12, seed: 7 });
  const b = shapesImages({ count: 40, size: 12, seed: 7 });
  const c = shapesImages({ count: 40, size: 12, seed: 8 });
  assert.deepEqual(a.pixels, b.pixels);
  assert.notDeepEqual(a.pixels, c.pixels);
  assert.deepEqual([...a.shape], [12, 12, 1]);
  assert.ok(a.pixels instanceof Uint8Array);
  assert.deepEqual(
    a.classes.map((_, k) => a.labels.filter((l) => l === k).length),
    [10, 10, 10, 10],
  );
  // Every image has a drawn outline (bright pixels) and background (dark ones).
  for (let i = 0; i < a.count; i++) {
    const image = a.pixels.subarray(i * 144, (i + 1) * 144);
    assert.ok(image.some((v) => v > 150) && image.filter((v) => v < 60).length > 40, `image ${i}`);
  }
  assert.throws(() => shapesImages({ size: 4 }), NeuriteError);
});

test('the pixel scaling is recorded in the model file and replayed on raw pixels at predict time', () => {
  const set: ImageSet = shapesImages({ count: 12, size: 8, seed: 2 });
  const pre = Preprocessor.forImages(set);
  assert.deepEqual(pre.image, { name: 'image', kind: 'image', shape: [8, 8, 1], offset: 0, scale: 255 });
  assert.equal(pre.inputWidth, 64);
  assert.equal(pre.outputWidth, 4);
  const x = pre.transformImages(set, [3], 'float64');
  assert.deepEqual(
    Array.from(x.data),
    Array.from(set.pixels.subarray(3 * 64, 4 * 64), (v) => v / 255),
  );

  const network = Network.create({ ...defaultImageNetwork([8, 8, 1], 4), seed: 3, dtype: 'float64' });
  const text = serializeModel({ network, preprocessing: pre, training: {} });
  assert.deepEqual(JSON.parse(text).preprocessing.inputs, [{ name: 'image', kind: 'image', shape: [8, 8, 1], offset: 0, scale: 255 }]);
  const model = parseModel(text);
  // Raw pixels through the model = the network on pixels scaled by hand.
  const predicted = predictImages(model, set);
  const scaled = network.forward(pre.transformImages(set, undefined, 'float64')).clone();
  assert.equal(predicted.task, 'classification');
  if (predicted.task === 'classification') {
    for (let i = 0; i < set.count; i++) assert.deepEqual(predicted.probabilities[i], Array.from(scaled.data.subarray(i * 4, i * 4 + 4)));
  }
  const one = model.predictImages({ ...set, count: 1, pixels: set.pixels.subarray(0, 64) })[0]!;
  assert.deepEqual(Object.keys(one.probabilities), set.classes);
  assert.throws(
    () => model.predict([1, 2]),
    (e: unknown) => e instanceof NeuriteError && e.code === 'UNSUPPORTED' && /reads images/.test(e.message),
  );
  // Images of another shape, or a class the model lacks, are refused by name.
  assert.throws(() => model.predictImages(shapesImages({ count: 1, size: 9 })), /9×9×1.*8×8×1/);
  assert.throws(() => pre.transformImageTargets({ ...set, classes: ['circle', 'cross', 'square', 'star'] }), /class "star", which the model does not know/);
  // A model file whose image input lies about its shape is refused.
  const lying = JSON.parse(text);
  lying.preprocessing.inputs[0].shape = [8, 8, 2];
  assert.throws(
    () => parseModel(JSON.stringify(lying)),
    (e: unknown) => e instanceof NeuriteError && e.code === 'MODEL_FORMAT' && /128/.test(e.message),
  );
  lying.preprocessing.inputs[0].shape = [8, 0, 1];
  assert.throws(
    () => parseModel(JSON.stringify(lying)),
    (e: unknown) => e instanceof NeuriteError && e.details.path === 'preprocessing.inputs[0].shape[1]',
  );
  assert.ok(new Model({ network, preprocessing: pre }));
});

test('prepareImages splits stratified and seeded; trainImageModel learns the shapes', async () => {
  const set = shapesImages({ count: 160, size: 12, seed: 4 });
  const data = prepareImages(set, { validation: 0.25, seed: 1 });
  assert.equal(data.train.x.rows + data.validation!.x.rows, 160);
  assert.equal(data.train.x.cols, 144);
  const perClass = (rows: Int32Array) => set.classes.map((_, k) => Array.from(rows).filter((r) => set.labels[r] === k).length);
  assert.deepEqual(perClass(data.validation!.rows), [10, 10, 10, 10]);
  assert.deepEqual(prepareImages(set, { validation: 0.25, seed: 1 }).train.rows, data.train.rows);

  const model = await trainImageModel(set, { epochs: 25, seed: 1, test: 0.25 });
  const metrics = (model.training.metrics as { test: { accuracy: number } }).test;
  // Chance is 0.25 for four balanced classes.
  assert.ok(metrics.accuracy > 0.5, `accuracy ${metrics.accuracy}`);
  const again = await trainImageModel(set, { epochs: 25, seed: 1, test: 0.25 });
  assert.equal(serializeModel(again).replace(/"date":"[^"]*"/, ''), serializeModel(model).replace(/"date":"[^"]*"/, ''));
});
