import type { Activation } from '../activations/activation.js';
import type { Backend } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
import type { Loss } from '../losses/loss.js';
import { Conv2D } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import type { BackwardContext, ForwardContext, Layer } from '../nn/layer.js';
import { fusedOutputLayer, type Network } from '../nn/network.js';
import { Recurrent, type RecurrentGradients } from '../nn/recurrent.js';
import type { RecurrentRun } from '../nn/recurrent-buffers.js';
import { allocate, Matrix } from '../tensor/matrix.js';

/** One layer's values on the traced sample, copied out of the layer's reused buffers (float64). */
export interface LayerValues {
  layer: Layer;
  /** x: what went in. */
  input: Float64Array;
  /** z: the pre-activations of a layer with an activation (conv2d, dense); null for the others. */
  z: Float64Array | null;
  /** a: what came out. */
  output: Float64Array;
  /** ∂L/∂a: the gradient of its output. */
  dOutput: Float64Array;
  /** ∂L/∂z of a layer with an activation, as its backward pass computed it; null for the others. */
  dZ: Float64Array | null;
  activation: Activation | null;
  /** A recurrent layer's steps: its `lastRun()` after forward, its `lastGradients()` after backward. */
  recurrent?: { run: RecurrentRun; gradients: RecurrentGradients | null };
}

/** One sample forward and backward, layer by layer, in inference mode. */
export interface LayerPass {
  layers: LayerValues[];
  lossValue: number;
  /** The output layer's activation when the loss is fused with it (∂L/∂z comes from the loss directly). */
  fusedWith: string | null;
  /** ∂L/∂y_pred, or ∂L/∂z of the output layer when fused. */
  lossGradient: Float64Array;
}

/**
 * Runs one sample through `network` in inference mode (dropout off, batch norm on its running statistics, every
 * value backward needs kept) and
 * back, one layer at a time through each layer's own `forward` and `backward` (the library's backpropagation,
 * as `Network.computeGradients` chains it, fused loss included): afterwards every layer's parameter gradients
 * hold this sample's. Each layer's values and gradients are copied out as they are made, since the layers
 * reuse their buffers (a flatten passes its input matrix through).
 */
export function runLayerPass(network: Network, x: Matrix, y: Matrix, loss: Loss): LayerPass {
  const backend = network.backend ?? getBackend();
  const forward: ForwardContext = { training: false, keepValues: true, backend };
  const layers: LayerValues[] = [];
  let current = x;
  for (const layer of network.layers) {
    const input = Float64Array.from(current.data);
    current = layer.forward(current, forward);
    const activation = activationOf(layer);
    const z = layer instanceof Dense || layer instanceof Conv2D ? Float64Array.from(layer.lastValues().z.data) : null;
    const values: LayerValues = { layer, input, z, output: Float64Array.from(current.data), dOutput: new Float64Array(layer.outputSize), dZ: null, activation };
    if (layer instanceof Recurrent) values.recurrent = { run: layer.lastRun(), gradients: null };
    layers.push(values);
  }
  // ∂L/∂h_t of every step is kept only for this pass (training does not pay for it).
  const keeping = network.layers.map((layer) => (layer instanceof Recurrent ? layer.keepStateGradients : false));
  for (const layer of network.layers) if (layer instanceof Recurrent) layer.keepStateGradients = true;
  try {
    return backwardPass(network, layers, current, y, loss, backend);
  } finally {
    network.layers.forEach((layer, i) => {
      if (layer instanceof Recurrent) layer.keepStateGradients = keeping[i]!;
    });
  }
}

function backwardPass(network: Network, layers: LayerValues[], current: Matrix, y: Matrix, loss: Loss, backend: Backend): LayerPass {
  const last = network.layers[network.layers.length - 1]!;
  const fused = fusedOutputLayer(network.layers, loss);
  const outputs = current.data;
  let lossValue: number;
  let lossGradient: Float64Array;
  const backward = (i: number): BackwardContext => ({ backend, needInputGradient: i > 0 });
  let grad: Matrix | null;
  if (fused !== null) {
    const { z, a } = fused.lastValues();
    lossValue = loss.forwardFromLogits!(z.data, y.data, 1, y.cols);
    const dZ = fused.preActivationGradient();
    loss.backwardFromLogits!(z.data, a.data, y.data, dZ.data, 1, y.cols);
    lossGradient = Float64Array.from(dZ.data);
    grad = fused.backwardFromPreActivation(dZ, backward(layers.length - 1));
  } else {
    lossValue = loss.forward(outputs, y.data, 1, y.cols);
    const dOut = new Matrix(1, y.cols, allocate(network.dtype, y.cols));
    loss.backward(outputs, y.data, dOut.data, 1, y.cols);
    lossGradient = Float64Array.from(dOut.data);
    layers[layers.length - 1]!.dOutput.set(lossGradient);
    grad = last.backward(dOut, backward(layers.length - 1));
  }
  afterBackward(layers[layers.length - 1]!);
  for (let i = layers.length - 2; i >= 0; i--) {
    layers[i]!.dOutput.set(grad!.data);
    grad = layers[i]!.layer.backward(grad!, backward(i));
    afterBackward(layers[i]!);
  }
  if (fused !== null) {
    // ∂L/∂a of a fused output is never formed; record ∂L/∂z, which is what its weights see.
    layers[layers.length - 1]!.dOutput.fill(Number.NaN);
  }
  return { layers, lossValue, fusedWith: fused === null ? null : fused.activation.name, lossGradient };
}

function afterBackward(values: LayerValues): void {
  const { layer } = values;
  if (layer instanceof Dense || layer instanceof Conv2D) values.dZ = Float64Array.from(layer.preActivationGradient().data);
  if (layer instanceof Recurrent) values.recurrent!.gradients = layer.lastGradients();
}

function activationOf(layer: Layer): Activation | null {
  return layer instanceof Dense || layer instanceof Conv2D ? layer.activation : null;
}
