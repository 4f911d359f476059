import { resolveActivation } from '../activations/registry.js';
import { NeuriteError, describe } from '../errors.js';
import type { Layer, LayerJSON } from '../nn/layer.js';
import { layerFactories, Network } from '../nn/network.js';
import type { DType } from '../tensor/matrix.js';
import { childPath } from './json-safety.js';
import type { ModelLimits } from './limits.js';
import { expectArray, expectChoice, expectInteger, expectKeys, expectNumbers, expectObject, expectString, fail } from './schema.js';

const DTYPES: readonly DType[] = ['float32', 'float64'];

/**
 * Validates a network's JSON (from `Network.toJSON`) and builds it. Dense layers are checked strictly, sizes
 * first (before anything is allocated), then every weight; other layer types must be registered in
 * `layerFactories`, and their factory's errors are reported as MODEL_FORMAT at the layer's path.
 * Consecutive layers must agree: layer i's inputs = layer i−1's outputs.
 */
export function networkFromJSON(json: unknown, path: string, limits: ModelLimits): Network {
  const object = expectObject(json, path);
  expectKeys(object, path, ['dtype', 'layers']);
  const dtype = expectChoice(object['dtype'], childPath(path, 'dtype'), DTYPES);
  const layersPath = childPath(path, 'layers');
  const items = expectArray(object['layers'], layersPath, { min: 1, max: limits.maxLayers });

  // Sizes of every dense layer first, before anything is allocated.
  let total = 0;
  let previous: number | null = null;
  items.forEach((item, i) => {
    const at = childPath(layersPath, i);
    const layer = expectObject(item, at);
    const type = expectString(layer['type'], childPath(at, 'type'));
    if (!Object.hasOwn(layerFactories, type)) {
      fail(childPath(at, 'type'), `unknown layer type ${describe(type)}; this version of neurite knows ${Object.keys(layerFactories).join(', ')}`);
    }
    if (type !== 'dense') {
      previous = null; // its size is known once it is built
      return;
    }
    expectKeys(layer, at, ['type', 'inputs', 'units', 'activation', 'weights', 'bias']);
    const inputs = expectInteger(layer['inputs'], childPath(at, 'inputs'), 1, limits.maxParameters);
    const units = expectInteger(layer['units'], childPath(at, 'units'), 1, limits.maxParameters);
    const count = inputs * units + units;
    total += count;
    if (count > limits.maxParameters || total > limits.maxParameters) {
      fail(
        at,
        `declares ${count} parameters (${units} units × ${inputs} inputs + ${units} biases), ${total} so far in the network; the limit is ${limits.maxParameters}`,
        {
          expected: `≤ ${limits.maxParameters}`,
          actual: total,
        },
      );
    }
    if (previous !== null && inputs !== previous) {
      fail(childPath(at, 'inputs'), `layer ${i} takes ${inputs} inputs but layer ${i - 1} gives ${previous} outputs`, { expected: previous, actual: inputs });
    }
    previous = units;
  });

  // Then every value, and the build.
  const layers: Layer[] = items.map((item, i) => {
    const at = childPath(layersPath, i);
    const layer = item as LayerJSON;
    if (layer.type === 'dense') checkDense(layer, at);
    let built: Layer;
    try {
      built = layerFactories[layer.type]!(layer, dtype, at);
    } catch (error) {
      if (error instanceof NeuriteError && error.code === 'MODEL_FORMAT') throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new NeuriteError('MODEL_FORMAT', `${at}: cannot build this ${layer.type} layer: ${message}`, { path: at }, { cause: error });
    }
    return built;
  });
  let count = 0;
  layers.forEach((layer, i) => {
    const at = childPath(layersPath, i);
    if (i > 0 && layer.inputSize !== layers[i - 1]!.outputSize) {
      fail(at, `layer ${i} takes ${layer.inputSize} inputs but layer ${i - 1} gives ${layers[i - 1]!.outputSize} outputs`, {
        expected: layers[i - 1]!.outputSize,
        actual: layer.inputSize,
      });
    }
    for (const parameter of layer.parameters(at)) {
      count += parameter.value.length;
      if (count > limits.maxParameters) fail(at, `brings the network to ${count} parameters; the limit is ${limits.maxParameters}`);
      // A number beyond float32's range (about ±3.4e38) becomes ±Infinity in a float32 network.
      const values = parameter.value;
      for (let k = 0; k < values.length; k++) {
        if (!Number.isFinite(values[k]!)) {
          fail(`${parameter.name}[${k}]`, `is out of range for ${dtype} (it became ${values[k]}); the file is corrupt or was edited by hand`);
        }
      }
    }
  });
  try {
    return new Network(layers);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new NeuriteError('MODEL_FORMAT', `${layersPath}: ${message}`, { path: layersPath }, { cause: error });
  }
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
