import { resolveActivation } from '../activations/registry.js';
import { NeuriteError, describe } from '../errors.js';
import type { Layer, LayerJSON } from '../nn/layer.js';
import { layerFactory, layerTypes } from '../nn/layer-registry.js';
import { Network } from '../nn/network.js';
import { formatShape, sameShape, type Shape } from '../nn/shape.js';
import type { DType } from '../tensor/matrix.js';
import { childPath } from './json-safety.js';
import type { ModelLimits } from './limits.js';
import { checkLayerSizes, checkRecorded, expectShape, inferLayer } from './network-shapes.js';
import { expectArray, expectChoice, expectKeys, expectNumbers, expectObject, expectString, fail, type JsonObject } from './schema.js';

const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Options of {@link networkFromJSON}. */
export interface NetworkReadOptions {
  /**
   * 'required' (model files of format version 2 on): the network's `inputShape` and every layer's
   * `outputShape` must be recorded. 'optional' (version 1, and a bare network's JSON): they are inferred
   * from the layers' `inputs` where missing. Recorded shapes are checked either way.
   */
  shapes?: 'required' | 'optional';
}

/**
 * Validates a network's JSON (from `Network.toJSON`) and builds it. Sizes and shapes first, before anything
 * is allocated: each built-in layer's keys and sizes, and the shape it gives, inferred layer by layer from
 * the network's `inputShape`; a recorded shape must equal the inferred one. Then every weight, then the build.
 * Other layer types must be registered (nn/layer-registry.ts); their factory's errors are reported as
 * MODEL_FORMAT at the layer's path. Consecutive layers must agree: layer i takes what layer i−1 gives.
 */
export function networkFromJSON(json: unknown, path: string, limits: ModelLimits, options: NetworkReadOptions = {}): Network {
  const required = options.shapes === 'required';
  const object = expectObject(json, path);
  expectKeys(object, path, required ? ['dtype', 'inputShape', 'layers'] : ['dtype', 'layers'], required ? [] : ['inputShape']);
  const dtype = expectChoice(object['dtype'], childPath(path, 'dtype'), DTYPES);
  const inputPath = childPath(path, 'inputShape');
  const inputShape = object['inputShape'] === undefined ? null : expectShape(object['inputShape'], inputPath);
  const layersPath = childPath(path, 'layers');
  const items = expectArray(object['layers'], layersPath, { min: 1, max: limits.maxLayers });

  // Sizes and shapes of every layer first, before anything is allocated.
  const recorded = items.map((item, i) => checkShapes(expectObject(item, childPath(layersPath, i)), childPath(layersPath, i), required));
  const total = { parameters: 0 };
  const types = items.map((item, i) => {
    const at = childPath(layersPath, i);
    const layer = item as JsonObject;
    const type = expectString(layer['type'], childPath(at, 'type'));
    if (layerFactory(type) === undefined) {
      fail(childPath(at, 'type'), `unknown layer type ${describe(type)}; this version of neurite knows ${layerTypes().join(', ')}`);
    }
    checkLayerSizes(layer, type, at, limits, total);
    return type;
  });
  let shape = inputShape;
  items.forEach((item, i) => {
    const at = childPath(layersPath, i);
    shape = inferLayer(item as JsonObject, types[i]!, i, at, shape);
    checkRecorded(recorded[i]!, shape, childPath(at, 'outputShape'), 'the layer gives');
  });

  // Then every value, and the build.
  const layers = buildLayers(items as LayerJSON[], inputShape, dtype, layersPath);
  if (inputShape !== null && !sameShape(inputShape, layers[0]!.inputShape)) {
    fail(inputPath, `records ${formatShape(inputShape)} but layers[0] (${layers[0]!.type}) takes ${formatShape(layers[0]!.inputShape)}`, {
      expected: [...layers[0]!.inputShape],
      actual: [...inputShape],
    });
  }
  let count = 0;
  layers.forEach((layer, i) => {
    const at = childPath(layersPath, i);
    checkRecorded(recorded[i]!, layer.outputShape, childPath(at, 'outputShape'), 'the layer gives');
    const previous = layers[i - 1];
    if (previous !== undefined && !sameShape(layer.inputShape, previous.outputShape)) {
      fail(at, `layer ${i} takes ${formatShape(layer.inputShape)} but layer ${i - 1} gives ${formatShape(previous.outputShape)}`, {
        expected: [...previous.outputShape],
        actual: [...layer.inputShape],
      });
    }
    for (const parameter of layer.parameters(at)) {
      count += parameter.value.length;
      if (count > limits.maxParameters) fail(at, `brings the network to ${count} parameters; the limit is ${limits.maxParameters}`);
      checkInRange(parameter, dtype);
    }
    for (const state of layer.stateArrays?.(at) ?? []) checkInRange(state, dtype);
  });
  try {
    return new Network(layers);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NeuriteError('MODEL_FORMAT', `${layersPath}: ${message}`, { path: layersPath }, { cause: error });
  }
}

/** A number beyond float32's range (about ±3.4e38) becomes ±Infinity in a float32 network: refused. */
function checkInRange({ name, value }: { name: string; value: ArrayLike<number> }, dtype: DType): void {
  for (let k = 0; k < value.length; k++) {
    if (!Number.isFinite(value[k]!)) fail(`${name}[${k}]`, `is out of range for ${dtype} (it became ${value[k]}); the file is corrupt or was edited by hand`);
  }
}

/** A layer's recorded `outputShape` (checked as a shape), or null when it records none (which `required` refuses). */
function checkShapes(layer: JsonObject, at: string, required: boolean): Shape | null {
  const value = layer['outputShape'];
  if (value === undefined) {
    if (required) fail(childPath(at, 'outputShape'), "is missing (a model file of format version 2 records each layer's output shape)");
    return null;
  }
  return expectShape(value, childPath(at, 'outputShape'));
}

/** Each layer built by its registered factory, told the shape the one before gives; its failures become MODEL_FORMAT. */
function buildLayers(items: LayerJSON[], inputShape: Shape | null, dtype: DType, layersPath: string): Layer[] {
  let shape = inputShape;
  return items.map((layer, i) => {
    const at = childPath(layersPath, i);
    if (layer.type === 'dense') checkDense(layer, at);
    let built: Layer;
    try {
      built = layerFactory(layer.type)!(layer, { inputShape: shape, dtype, path: at });
    } catch (error) {
      if (error instanceof NeuriteError && error.code === 'MODEL_FORMAT') throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new NeuriteError('MODEL_FORMAT', `${at}: cannot build this ${layer.type} layer: ${message}`, { path: at }, { cause: error });
    }
    shape = built.outputShape ?? null;
    return built;
  });
}

function checkDense(layer: LayerJSON, at: string): void {
  const inputs = layer['inputs'] as number;
  const units = layer['units'] as number;
  const activation = layer['activation'];
  const activationPath = childPath(at, 'activation');
  if (typeof activation !== 'string') {
    const spec = expectObject(activation, activationPath);
    expectString(spec['name'], childPath(activationPath, 'name'));
  }
  try {
    resolveActivation(activation as string);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NeuriteError('MODEL_FORMAT', `${activationPath}: ${message}`, { path: activationPath }, { cause: error });
  }
  expectNumbers(layer['weights'], childPath(at, 'weights'), units * inputs, `${units} units × ${inputs} inputs, row j = neuron j's weights`);
  expectNumbers(layer['bias'], childPath(at, 'bias'), units, 'one per unit');
}
