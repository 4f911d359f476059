import { NeuriteError, describe } from '../errors.js';
import { conv2dFields } from '../nn/conv2d-type.js';
import { BUILT_IN_LAYERS, type LayerFields } from '../nn/layer-types.js';
import { layerOutputShape, type LayerSpec } from '../nn/network-spec.js';
import { MAX_SHAPE_SIZE, formatShape, sameShape, shapeProblem, shapeSize, type Shape } from '../nn/shape.js';
import { childPath } from './json-safety.js';
import { checkEmbeddingSizes, checkTimeDistributedSizes } from './sequence-layer-sizes.js';
import type { ModelLimits } from './limits.js';
import { expectBoolean, expectChoice, expectInteger, expectKeys, expectNumber, expectNumbers, fail, type JsonObject } from './schema.js';

/**
 * The first passes over a network's JSON, before anything is allocated: each built-in layer's keys and sizes
 * (`checkLayerSizes`, every layer, parameters counted against the limit), then the shape each layer gives,
 * inferred from the one before (`inferLayer`: the recorded `inputShape` for the first layer, or a dense or
 * dropout layer's `inputs`, or the `inputShape` a pooling or batch-norm layer records, in files that record no
 * network shape). A recorded shape must be the inferred one.
 */

/** A shape read from the file: 1 to 8 positive integers, at most 2^28 values. */
export function expectShape(value: unknown, path: string): Shape {
  const problem = shapeProblem(value);
  if (problem !== null) fail(path, `expected a shape (1 to 8 positive integers, e.g. [28, 28, 1]), ${problem}`);
  return value as Shape;
}

/** The keys and sizes of a built-in layer's JSON; a dense layer's parameters are added to `total.parameters`, within the limit. */
export function checkLayerSizes(layer: JsonObject, type: string, at: string, limits: ModelLimits, total: { parameters: number }): void {
  const opt = ['outputShape'];
  switch (type) {
    case 'dense': {
      expectKeys(layer, at, ['type', 'inputs', 'units', 'activation', 'weights', 'bias'], opt);
      const inputs = expectInteger(layer['inputs'], childPath(at, 'inputs'), 1, limits.maxParameters);
      const units = expectInteger(layer['units'], childPath(at, 'units'), 1, limits.maxParameters);
      const count = inputs * units + units;
      total.parameters += count;
      if (count > limits.maxParameters || total.parameters > limits.maxParameters) {
        fail(
          at,
          `declares ${count} parameters (${units} units × ${inputs} inputs + ${units} biases), ${total.parameters} so far in the network; the limit is ${limits.maxParameters}`,
          { expected: `≤ ${limits.maxParameters}`, actual: total.parameters },
        );
      }
      return;
    }
    case 'dropout':
      expectKeys(layer, at, ['type', 'inputs', 'rate'], opt);
      expectInteger(layer['inputs'], childPath(at, 'inputs'), 1, limits.maxParameters);
      return;
    case 'flatten':
      expectKeys(layer, at, ['type'], opt);
      return;
    case 'reshape':
      expectKeys(layer, at, ['type', 'shape'], opt);
      expectShape(layer['shape'], childPath(at, 'shape'));
      return;
    case 'conv2d':
      checkConv2DSizes(layer, at, limits, total);
      return;
    case 'maxPool2d':
    case 'avgPool2d':
      expectKeys(layer, at, ['type', 'inputShape', 'poolSize', 'strides', 'padding'], opt);
      expectShape(layer['inputShape'], childPath(at, 'inputShape'));
      expectPair(layer['poolSize'], childPath(at, 'poolSize'));
      expectPair(layer['strides'], childPath(at, 'strides'));
      expectChoice(layer['padding'], childPath(at, 'padding'), ['valid', 'same']);
      return;
    case 'globalAvgPool2d':
      expectKeys(layer, at, ['type', 'inputShape'], opt);
      expectShape(layer['inputShape'], childPath(at, 'inputShape'));
      return;
    case 'batchNorm':
      checkBatchNorm(layer, at, limits, total, opt);
      return;
    case 'simpleRnn':
    case 'lstm':
    case 'gru':
      checkRecurrentSizes(layer, type, at, limits, total);
      return;
    case 'embedding':
      checkEmbeddingSizes(layer, at, limits, total);
      return;
    case 'timeDistributed':
      checkTimeDistributedSizes(layer, at, (inner, path) => checkLayerSizes(inner, 'dense', path, limits, total));
      return;
  }
}

/** Gate blocks per recurrent type: simpleRnn 1, lstm 4 (i, f, g, o), gru 3 (r, z, n). */
const RECURRENT_GATES: Record<string, number> = { simpleRnn: 1, lstm: 4, gru: 3 };

/** A recurrent layer's keys, its sequence shape [timeSteps, features], and its arrays' sizes (see src/nn/recurrent.ts). */
function checkRecurrentSizes(layer: JsonObject, type: string, at: string, limits: ModelLimits, total: { parameters: number }): void {
  const own = type === 'gru' ? ['recurrentBias'] : type === 'simpleRnn' ? ['activation'] : [];
  expectKeys(
    layer,
    at,
    ['type', 'inputShape', 'units', 'returnSequences', 'maskTrailingZeros', 'inputWeights', 'recurrentWeights', 'bias', ...own],
    ['outputShape'],
  );
  const inputPath = childPath(at, 'inputShape');
  const input = expectShape(layer['inputShape'], inputPath);
  if (input.length !== 2) fail(inputPath, `a ${type} layer takes a sequence [timeSteps, features], got ${formatShape(input)}`);
  const units = expectInteger(layer['units'], childPath(at, 'units'), 1, limits.maxParameters);
  expectBoolean(layer['returnSequences'], childPath(at, 'returnSequences'));
  expectBoolean(layer['maskTrailingZeros'], childPath(at, 'maskTrailingZeros'));
  if (type === 'simpleRnn') expectChoice(layer['activation'], childPath(at, 'activation'), ['tanh', 'relu']);
  const rows = RECURRENT_GATES[type]! * units;
  const features = input[1]!;
  const count = rows * (features + units + 1) + (type === 'gru' ? units : 0);
  total.parameters += count;
  if (count > limits.maxParameters || total.parameters > limits.maxParameters) {
    fail(
      at,
      `declares ${count} parameters (${rows} gate units × (${features} features + ${units} units + 1)), ${total.parameters} so far in the network; the limit is ${limits.maxParameters}`,
      {
        expected: `≤ ${limits.maxParameters}`,
        actual: total.parameters,
      },
    );
  }
  const layout = `${rows / units} gates × ${units} units`;
  expectNumbers(layer['inputWeights'], childPath(at, 'inputWeights'), rows * features, `${layout} × ${features} features`);
  expectNumbers(layer['recurrentWeights'], childPath(at, 'recurrentWeights'), rows * units, `${layout} × ${units} units`);
  expectNumbers(layer['bias'], childPath(at, 'bias'), rows, layout);
  if (type === 'gru') expectNumbers(layer['recurrentBias'], childPath(at, 'recurrentBias'), units, `${units} units (b_hn)`);
}

const CONV2D_KEYS = ['type', 'inputShape', 'filters', 'kernelSize', 'strides', 'padding', 'dilation', 'activation', 'useBias', 'weights', 'bias'];

/** A conv2d layer's keys, its sizes, and its weights: filters × kh × kw × c values, and a bias per filter (none without one). */
function checkConv2DSizes(layer: JsonObject, at: string, limits: ModelLimits, total: { parameters: number }): void {
  expectKeys(layer, at, CONV2D_KEYS, ['outputShape']);
  const inputPath = childPath(at, 'inputShape');
  const input = expectShape(layer['inputShape'], inputPath);
  if (input.length !== 3) fail(inputPath, `a conv2d layer takes an image [height, width, channels], got ${formatShape(input)}`);
  const filters = expectInteger(layer['filters'], childPath(at, 'filters'), 1, limits.maxParameters);
  const [kh, kw] = expectPair(layer['kernelSize'], childPath(at, 'kernelSize'));
  expectPair(layer['strides'], childPath(at, 'strides'));
  expectPair(layer['dilation'], childPath(at, 'dilation'));
  expectChoice(layer['padding'], childPath(at, 'padding'), ['valid', 'same']);
  const useBias = expectBoolean(layer['useBias'], childPath(at, 'useBias'));
  const channels = input[2]!;
  const weights = filters * kh * kw * channels;
  const count = weights + (useBias ? filters : 0);
  total.parameters += count;
  if (count > limits.maxParameters || total.parameters > limits.maxParameters) {
    fail(
      at,
      `declares ${count} parameters (${filters} filters × ${kh} × ${kw} × ${channels} channels${useBias ? ` + ${filters} biases` : ''}), ${total.parameters} so far in the network; the limit is ${limits.maxParameters}`,
      {
        expected: `≤ ${limits.maxParameters}`,
        actual: total.parameters,
      },
    );
  }
  expectNumbers(
    layer['weights'],
    childPath(at, 'weights'),
    weights,
    `${filters} filters × ${kh} × ${kw} × ${channels} channels, each filter's in (ky, kx, c) order`,
  );
  expectNumbers(layer['bias'], childPath(at, 'bias'), useBias ? filters : 0, useBias ? 'one per filter' : 'none: useBias is false');
}

/** A window size, stride or dilation as the model file writes it: `[height, width]`, two positive integers. */
function expectPair(value: unknown, path: string): [number, number] {
  if (!Array.isArray(value) || value.length !== 2) fail(path, `expected [height, width] (two positive integers), got ${describe(value)}`);
  return [expectInteger(value[0], childPath(path, 0), 1, MAX_SHAPE_SIZE), expectInteger(value[1], childPath(path, 1), 1, MAX_SHAPE_SIZE)];
}

/** A batch norm's JSON: its shape, momentum in [0, 1], epsilon > 0, and four arrays of one value per feature (the last axis). */
function checkBatchNorm(layer: JsonObject, at: string, limits: ModelLimits, total: { parameters: number }, opt: string[]): void {
  expectKeys(layer, at, ['type', 'inputShape', 'momentum', 'epsilon', 'gamma', 'beta', 'runningMean', 'runningVar'], opt);
  const shape = expectShape(layer['inputShape'], childPath(at, 'inputShape'));
  const momentum = expectNumber(layer['momentum'], childPath(at, 'momentum'));
  if (momentum > 1 || momentum < 0) fail(childPath(at, 'momentum'), `expected a number in [0, 1], got ${momentum}`, { expected: '[0, 1]', actual: momentum });
  expectNumber(layer['epsilon'], childPath(at, 'epsilon'), { positive: true });
  const features = shape[shape.length - 1]!;
  total.parameters += 2 * features;
  if (total.parameters > limits.maxParameters) {
    fail(at, `brings the network to ${total.parameters} parameters (γ and β for ${features} features); the limit is ${limits.maxParameters}`, {
      expected: `≤ ${limits.maxParameters}`,
      actual: total.parameters,
    });
  }
  for (const key of ['gamma', 'beta', 'runningMean', 'runningVar']) {
    expectNumbers(layer[key], childPath(at, key), features, `one per feature of the last axis of ${formatShape(shape)}`);
  }
  const variances = layer['runningVar'] as number[];
  const negative = variances.findIndex((v) => v < 0);
  if (negative >= 0) fail(childPath(childPath(at, 'runningVar'), negative), `expected a variance ≥ 0, got ${variances[negative]}`);
}

/**
 * The shape layer `i` (JSON `layer` at `at`, sizes checked) gives, from the shape it takes (`input`, null when
 * unknown); null for types other than the built-in ones.
 */
export function inferLayer(layer: JsonObject, type: string, i: number, at: string, input: Shape | null): Shape | null {
  const name = `layers[${i}] (${type})`;
  const firstOnly = BUILT_IN_LAYERS.get(type)?.firstOnly;
  if (firstOnly !== undefined && i > 0) fail(at, `${name} is not the first layer; ${firstOnly}`);
  const inputs = layer['inputs'] as number;
  if (type === 'dense' && input !== null && input.length === 1 && input[0] !== inputs) {
    const from = i === 0 ? `the network's inputShape is ${formatShape(input)}` : `layer ${i - 1} gives ${input[0]} outputs`;
    fail(childPath(at, 'inputs'), `layer ${i} takes ${inputs} inputs but ${from}`, { expected: input[0], actual: inputs });
  }
  if (type === 'dropout' && input !== null && shapeSize(input) !== inputs) {
    fail(childPath(at, 'inputs'), `${name} records ${inputs} inputs but gets ${formatShape(input)} (${shapeSize(input)} values)`, {
      expected: shapeSize(input),
      actual: inputs,
    });
  }
  if (type === 'conv2d') input = conv2dInput(layer['inputShape'] as Shape, input, i, at);
  if (type === 'dense' || type === 'dropout') input ??= [inputs];
  if (RECORDS_INPUT_SHAPE.includes(type)) input = recordedInput(layer, i, at, input);
  if (type !== 'dense' && type !== 'dropout' && type !== 'flatten' && type !== 'reshape' && type !== 'conv2d' && !RECORDS_INPUT_SHAPE.includes(type))
    return null;
  const from = knownInput(input, name, at);
  const own = SEQUENCE_TYPES.includes(type) ? BUILT_IN_LAYERS.get(type)!.fields(layer as unknown as LayerSpec, at) : {};
  const fields = { ...(layer as LayerFields), units: layer['units'] as number, shape: layer['shape'] as Shape, ...own };
  try {
    const conv = type === 'conv2d' ? conv2dFields(layer, at) : undefined;
    return layerOutputShape(name, type, from, { ...fields, conv });
  } catch (error) {
    if (!(error instanceof NeuriteError)) throw error;
    return fail(type === 'reshape' ? childPath(at, 'shape') : at, error.message, error.details);
  }
}

/** A conv2d layer's recorded inputShape, which must be the shape it gets (when known). */
function conv2dInput(own: Shape, input: Shape | null, i: number, at: string): Shape {
  if (input !== null && !sameShape(own, input)) {
    const from = i === 0 ? `the network's inputShape is ${formatShape(input)}` : `layer ${i - 1} gives ${formatShape(input)}`;
    fail(childPath(at, 'inputShape'), `layer ${i} takes ${formatShape(own)} but ${from}`, { expected: [...input], actual: [...own] });
  }
  return own;
}

/** The types whose JSON records the shape they take (`inputShape`). */
const RECORDS_INPUT_SHAPE = ['maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'batchNorm', 'simpleRnn', 'lstm', 'gru', 'embedding', 'timeDistributed'];
/** The types whose shape rule reads fields their type's `fields` makes from the JSON (its keys are the spec's). */
const SEQUENCE_TYPES = ['embedding', 'timeDistributed'];

/** A layer's recorded `inputShape`, which must be the shape the layer before gives (when known). */
function recordedInput(layer: JsonObject, i: number, at: string, input: Shape | null): Shape {
  const recorded = layer['inputShape'] as Shape;
  if (input !== null && !sameShape(recorded, input)) {
    const from = i === 0 ? `the network's inputShape is ${formatShape(input)}` : `layer ${i - 1} gives ${formatShape(input)}`;
    fail(childPath(at, 'inputShape'), `layer ${i} records ${formatShape(recorded)} as its input but ${from}`, { expected: [...input], actual: [...recorded] });
  }
  return recorded;
}

function knownInput(input: Shape | null, name: string, at: string): Shape {
  if (input === null) fail(at, `${name} needs the shape of its input, and the file records none: the network needs "inputShape"`);
  return input;
}

/** A recorded shape (`inputShape` or a layer's `outputShape`) against the one the layers give; no-op when either is unknown. */
export function checkRecorded(recorded: Shape | null, actual: Shape | null, path: string, what: string): void {
  if (recorded !== null && actual !== null && !sameShape(recorded, actual)) {
    fail(path, `records ${formatShape(recorded)} but ${what} ${formatShape(actual)}`, { expected: [...actual], actual: [...recorded] });
  }
}
