import { formatShape, shapeProblem, type Shape } from '../nn/shape.js';
import { childPath } from './json-safety.js';
import type { ModelLimits } from './limits.js';
import { expectInteger, expectKeys, expectNumbers, expectObject, fail, type JsonObject } from './schema.js';

// The model file's key and size checks of the embedding and timeDistributed layers (called by ./network-shapes.ts).

function expectSequenceShape(value: unknown, path: string, rank: 1 | 2): Shape {
  const problem = shapeProblem(value);
  if (problem !== null) fail(path, `expected a shape (1 to 8 positive integers), ${problem}`);
  const shape = value as Shape;
  if (shape.length !== rank) fail(path, `expected ${rank === 1 ? '[timeSteps]' : '[timeSteps, features]'}, got ${formatShape(shape)}`);
  return shape;
}

/** An embedding's keys, its sizes, its padding id and its table of vocabularySize × dimensions values. */
export function checkEmbeddingSizes(layer: JsonObject, at: string, limits: ModelLimits, total: { parameters: number }): void {
  expectKeys(layer, at, ['type', 'inputShape', 'vocabularySize', 'dimensions', 'embeddings'], ['paddingId', 'outputShape']);
  expectSequenceShape(layer['inputShape'], childPath(at, 'inputShape'), 1);
  const vocabulary = expectInteger(layer['vocabularySize'], childPath(at, 'vocabularySize'), 1, limits.maxParameters);
  const dimensions = expectInteger(layer['dimensions'], childPath(at, 'dimensions'), 1, limits.maxParameters);
  if (layer['paddingId'] !== undefined) expectInteger(layer['paddingId'], childPath(at, 'paddingId'), 0, vocabulary - 1);
  const count = vocabulary * dimensions;
  total.parameters += count;
  if (count > limits.maxParameters || total.parameters > limits.maxParameters) {
    fail(
      at,
      `declares ${count} parameters (${vocabulary} ids × ${dimensions} dimensions), ${total.parameters} so far in the network; the limit is ${limits.maxParameters}`,
      {
        expected: `≤ ${limits.maxParameters}`,
        actual: total.parameters,
      },
    );
  }
  expectNumbers(layer['embeddings'], childPath(at, 'embeddings'), count, `${vocabulary} ids × ${dimensions} dimensions, one id's vector after another`);
}

/**
 * A timeDistributed layer's keys and its dense layer (checked by `checkDense`, the dense layer's own check),
 * whose `inputs` must be the features of each step.
 */
export function checkTimeDistributedSizes(layer: JsonObject, at: string, checkDense: (inner: JsonObject, at: string) => void): void {
  expectKeys(layer, at, ['type', 'inputShape', 'layer'], ['outputShape']);
  const shape = expectSequenceShape(layer['inputShape'], childPath(at, 'inputShape'), 2);
  const innerPath = childPath(at, 'layer');
  const inner = expectObject(layer['layer'], innerPath);
  if (inner['type'] !== 'dense') fail(childPath(innerPath, 'type'), `expected "dense" (the layer applied at every step), got ${JSON.stringify(inner['type'])}`);
  checkDense(inner, innerPath);
  if (inner['inputs'] !== shape[1]) {
    fail(
      childPath(innerPath, 'inputs'),
      `the dense layer takes ${String(inner['inputs'])} inputs but each step of ${formatShape(shape)} has ${shape[1]} features`,
      {
        expected: shape[1],
        actual: inner['inputs'],
      },
    );
  }
}
