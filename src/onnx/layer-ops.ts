import { NeuriteError, describe } from '../errors.js';
import { Dense } from '../nn/dense.js';
import type { Network } from '../nn/network.js';
import { formatShape } from '../nn/shape.js';
import type { FloatArray } from '../tensor/matrix.js';
import { activationExport } from './activation-ops.js';
import type { GraphBuilder } from './graph-builder.js';
import { IMAGE_LAYER_TYPES, channelsLast, exportImageLayer, type Flow } from './image-ops.js';
import { SEQUENCE_LAYER_TYPES, exportSequenceLayer } from './sequence-ops.js';

/** The layer types the exporter knows, for its refusal of any other. */
const KNOWN = ['dense', 'dropout', 'flatten', 'reshape', ...IMAGE_LAYER_TYPES, ...SEQUENCE_LAYER_TYPES];

/** What the network's layers became: the graph's result in neurite's order, the last activation, a summary. */
export interface ExportedLayers {
  value: string;
  lastActivation: string;
  summary: string[];
}

/**
 * Appends every layer of the network to the graph, in order, starting from the value `input` (one sample in
 * neurite's shape). The result is in neurite's own (channels-last) order, whatever the layers did inside.
 */
export function exportLayers(g: GraphBuilder, network: Network, input: string): ExportedLayers {
  let flow: Flow = { value: input, channelsFirst: false };
  let lastActivation = 'linear';
  const summary: string[] = [];
  network.layers.forEach((layer, i) => {
    const where = `layers.${i}`;
    g.scope = where;
    if (layer instanceof Dense) {
      // Z = X · Wᵀ + b: Gemm with transB = 1 reads W[units × inputs] as stored, row j = neuron j.
      const w = g.constant(`${where}.weights`, [layer.outputSize, layer.inputSize], finite(layer.weights, `${where}.weights`));
      const b = g.constant(`${where}.bias`, [layer.outputSize], finite(layer.bias, `${where}.bias`));
      const z = g.op('Gemm', [flow.value, w, b], [{ name: 'transB', type: 'int', value: 1 }]);
      const { spec, mapping } = activationExport(layer.activation, `${where}.activation`);
      flow = { value: mapping.emit(g, z, spec, `${where}.activation`), channelsFirst: false };
      lastActivation = spec.name;
      summary.push(`${layer.outputSize} (${spec.name})`);
    } else if (layer.type === 'dropout') {
      // Inverted dropout scales while training, so at inference it is the identity: no op.
      summary.push('dropout');
    } else if (layer.type === 'flatten') {
      // [batch, d1, d2, ...] → [batch, d1 · d2 · ...]: the same values in the same (row-major) order, so an
      // image held channels first goes back to neurite's (y, x, c) order first.
      const x = channelsLast(g, flow, layer.inputShape.length);
      flow = { value: g.op('Flatten', [x], [{ name: 'axis', type: 'int', value: 1 }]), channelsFirst: false };
      summary.push(`flatten ${formatShape(layer.outputShape)}`);
    } else if (layer.type === 'reshape') {
      // 0 keeps the batch dimension as it is.
      const x = channelsLast(g, flow, layer.inputShape.length);
      flow = { value: g.op('Reshape', [x, g.shapeConstant(`${where}.shape`, [0, ...layer.outputShape])]), channelsFirst: false };
      summary.push(`reshape ${formatShape(layer.outputShape)}`);
    } else if (IMAGE_LAYER_TYPES.includes(layer.type) || SEQUENCE_LAYER_TYPES.includes(layer.type)) {
      const image = IMAGE_LAYER_TYPES.includes(layer.type);
      const exported = image
        ? exportImageLayer(g, layer, flow, where, finite)
        : exportSequenceLayer(g, layer, { value: channelsLast(g, flow, layer.inputShape.length), channelsFirst: false }, where, finite);
      flow = exported.flow;
      lastActivation = exported.activation ?? lastActivation; // a pool or batch norm keeps the one before it
      summary.push(`${exported.words} ${formatShape(layer.outputShape)}`);
    } else {
      throw new NeuriteError(
        'UNSUPPORTED',
        `${where}: layer type ${describe(layer.type)} cannot be exported to ONNX; the exporter knows: ${KNOWN.join(', ')}`,
        { path: `${where}.type`, expected: KNOWN, actual: layer.type },
      );
    }
  });
  // The graph gives neurite's output shape, so a network that ends on an image ends channels last.
  g.scope = 'output';
  const last = network.layers[network.layers.length - 1];
  const value = last === undefined ? flow.value : channelsLast(g, flow, last.outputShape.length);
  return { value, lastActivation, summary };
}

/** The values, checked: a diverged network (NaN, ±∞) is refused with the place of its first bad value. */
export function finite(values: FloatArray, what: string): FloatArray {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new NeuriteError('NON_FINITE', `${what}[${i}] is ${values[i]}; a network with non-finite parameters cannot be exported`, {
        path: `${what}[${i}]`,
        actual: values[i],
      });
    }
  }
  return values;
}
