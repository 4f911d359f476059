import { NeuriteError, describe } from '../errors.js';
import type { DType } from '../tensor/matrix.js';
import type { Layer, LayerJSON } from './layer.js';
import { BUILT_IN_LAYERS } from './layer-types.js';
import { formatShape, requireShape, sameShape, type Shape } from './shape.js';

/** What a layer's factory is told besides its JSON: the shape it takes (null when not recorded), the precision, where. */
export interface LayerBuildContext {
  /** The previous layer's output shape, or the network's `inputShape`; null for the first layer of a file without one. */
  inputShape: Shape | null;
  dtype: DType;
  /** e.g. `layers.2`, for messages. */
  path: string;
}

/** Rebuilds one layer from its `toJSON()`. */
export type LayerFactory = (json: LayerJSON, context: LayerBuildContext) => Layer;

/** The layer types `Network.fromJSON` (and the model file's loader) can rebuild, by `type`: the built-ins' (./layer-types.ts), then any registered. */
const factories = new Map<string, LayerFactory>([...BUILT_IN_LAYERS].map(([type, { fromJSON }]) => [type, fromJSON]));

/**
 * Teaches `Network.fromJSON` and the model file's loader a layer type (a layer of your own). The built-in
 * types (dense, dropout, flatten, reshape) cannot be replaced.
 * @internal
 */
export function registerLayer(type: string, factory: LayerFactory): void {
  if (typeof type !== 'string' || type === '' || typeof factory !== 'function') {
    throw new NeuriteError('INVALID_ARGUMENT', `registerLayer needs a type name and a factory, got ${describe(type)}`);
  }
  if (BUILT_IN.includes(type)) throw new NeuriteError('INVALID_ARGUMENT', `"${type}" is a built-in layer type and cannot be replaced`);
  factories.set(type, factory);
}

/** Forgets a layer type added by `registerLayer`. @internal */
export function unregisterLayer(type: string): void {
  if (!BUILT_IN.includes(type)) factories.delete(type);
}

const BUILT_IN: readonly string[] = [...BUILT_IN_LAYERS.keys()];

/** The registered layer types, built-ins first. @internal */
export function layerTypes(): string[] {
  return [...factories.keys()];
}

/** The factory of a layer type, or undefined. @internal */
export function layerFactory(type: unknown): LayerFactory | undefined {
  return typeof type === 'string' ? factories.get(type) : undefined;
}

/**
 * The layers of a network's JSON, each built with the shape the one before gives (the first with the
 * recorded `inputShape`, when there is one, which must be the one the first layer takes). No validation
 * beyond that (a recorded `outputShape` is not read): model files go through the validating loader in `io/`.
 * @internal
 */
export function layersFromJSON(json: { dtype?: DType; inputShape?: Shape; layers: LayerJSON[] }): Layer[] {
  const dtype = json.dtype ?? 'float32';
  const recorded = json.inputShape === undefined ? null : requireShape('inputShape', json.inputShape);
  let shape = recorded;
  const layers = json.layers.map((item, i) => {
    const path = `layers.${i}`;
    const type = item?.type;
    const factory = layerFactory(type);
    if (!factory) {
      throw new NeuriteError('MODEL_FORMAT', `${path}.type: unknown layer type ${describe(type)}; expected one of ${[...factories.keys()].join(', ')}`, {
        path: `${path}.type`,
      });
    }
    const layer = factory(item, { inputShape: shape, dtype, path });
    shape = layer.outputShape;
    return layer;
  });
  if (recorded !== null && layers.length > 0 && !sameShape(recorded, layers[0]!.inputShape)) {
    throw new NeuriteError(
      'MODEL_FORMAT',
      `inputShape: records ${formatShape(recorded)} but layers[0] (${layers[0]!.type}) takes ${formatShape(layers[0]!.inputShape)}`,
      { path: 'inputShape', expected: [...layers[0]!.inputShape], actual: [...recorded] },
    );
  }
  return layers;
}
