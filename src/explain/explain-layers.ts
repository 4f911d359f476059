import { NeuriteError, describe, requireInteger } from '../errors.js';
import { resolveLoss, type LossLike } from '../losses/registry.js';
import { BatchNorm } from '../nn/batch-norm.js';
import { Conv2D } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import type { Layer } from '../nn/layer.js';
import type { Network } from '../nn/network.js';
import { Pool2D } from '../nn/pool2d.js';
import { Recurrent } from '../nn/recurrent.js';
import { SimpleRNN } from '../nn/simple-rnn.js';
import { sampleRow } from './explain.js';
import { magnitude, summarizeValues } from './feature-maps.js';
import { layerNames, selectWeight } from './layer-names.js';
import { runLayerPass } from './layer-pass.js';
import { recurrentSteps } from './recurrent-steps.js';
import type { LayerExplainTrace, LayerStepTrace, ParameterSummary } from './layer-trace.js';
import { weightSum } from './weight-sum.js';

/** Options of {@link explainLayers}. */
export interface ExplainLayersOptions {
  /** The loss to differentiate (default: mean squared error, as `explain`'s; a classifier wants its cross-entropy). */
  loss?: LossLike;
  /**
   * A parameter to write out as the chain rule's sum: `conv1[f=3,ky=1,kx=2,c=0]`, `conv1.bias[f=3]`,
   * `dense1[j=2,i=5]` (or the seed's `w17`), `dense1.bias[j=2]`, `batchNorm1.gamma[c=1]`, `batchNorm1.beta[c=1]`,
   * `lstm1.input[gate=f,unit=3,feature=0]`, `lstm1.recurrent[gate=f,unit=3,h=5]`, `lstm1.bias[gate=f,unit=3]`,
   * `gru1.recurrentBias[unit=3]`, `simpleRnn1.recurrent[unit=3,h=5]` (a sum over time steps);
   * layers named by type and order (see {@link layerNames}) or `layers[i]`; indices from 0.
   */
  weight?: string;
  /** How many of the sum's largest terms to explain one by one (default 10); the rest are summarized. */
  maxTerms?: number;
  /** Names of the outputs (e.g. class labels). */
  outputNames?: readonly string[];
}

/**
 * Runs one sample through any network (a CNN: conv2d, pooling, batch norm, flatten, dense) forward and back in
 * inference mode, and returns the story layer by layer: each layer's shapes and a summary of its output (per
 * feature map: min, max, mean, the share of zeros, and the map drawn in text shades), the outputs, the loss,
 * and for the chosen `weight` its gradient as the chain rule's sum: for a conv weight
 *
 *   ∂L/∂w[f,ky,kx,c] = Σ_(oy,ox) ∂L/∂z[oy,ox,f] · x[oy·sh + ky·dh − padTop, ox·sw + kx·dw − padLeft, c]
 *
 * (x = 0 on padding), its largest terms first with where each ∂L/∂z came from (a max-pool's argmax, the next
 * layer's weights), checked against the library's own gradient. Inference mode: batch norm uses its running
 * statistics and dropout is off (one sample has no batch to normalize over). The backward pass is each
 * layer's own, so it overwrites the layers' parameter gradients, as a training step does.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { explainLayers, formatExplainText } from 'neurite/explain';
 * const network = Network.create({ inputShape: [6, 6, 1], dtype: 'float64', seed: 1, layers: [
 *   { type: 'conv2d', filters: 2, kernelSize: 3, padding: 'same' }, { type: 'maxPool2d', poolSize: 2 },
 *   { type: 'flatten' }, { units: 3, activation: 'softmax' }] });
 * const image = Array.from({ length: 36 }, (_, i) => (i % 7) / 6);
 * const trace = explainLayers(network, image, [0, 1, 0], { loss: 'categorical_cross_entropy', weight: 'conv1[f=1,ky=0,kx=2,c=0]' });
 * console.log(trace.weight!.terms, trace.weight!.agrees); // 36 true: one term per output position, and the library agrees
 * console.log(formatExplainText(trace)); // the layers, the feature maps in shades, the sum's largest terms
 * ```
 */
export function explainLayers(network: Network, input: ArrayLike<number>, target: ArrayLike<number>, options: ExplainLayersOptions = {}): LayerExplainTrace {
  if (options === null || typeof options !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `explainLayers options must be an object, got ${describe(options)}`);
  }
  const loss = resolveLoss(options.loss ?? 'mse');
  const maxTerms = requireInteger('maxTerms', options.maxTerms ?? 10, 0);
  const names = layerNames(network.layers);
  const selection = options.weight === undefined ? null : selectWeight(network.layers, options.weight);
  const outputNames = options.outputNames;
  if (
    outputNames !== undefined &&
    (!Array.isArray(outputNames) || outputNames.length !== network.outputSize || outputNames.some((n) => typeof n !== 'string'))
  ) {
    throw new NeuriteError('INVALID_ARGUMENT', `explainLayers: outputNames must be ${network.outputSize} strings, got ${describe(outputNames)}`, {
      field: 'outputNames',
    });
  }
  const x = sampleRow(input, network.inputSize, network.dtype, 'input', 'network inputs');
  const y = sampleRow(target, network.outputSize, network.dtype, 'target', 'network outputs');

  const pass = runLayerPass(network, x, y, loss);
  const warnings: string[] = [];
  const layers = pass.layers.map(
    (values, index): LayerStepTrace => ({
      index,
      name: names[index]!,
      type: values.layer.type,
      inputShape: [...values.layer.inputShape],
      outputShape: [...values.layer.outputShape],
      details: describeLayer(values.layer),
      parameterCount: values.layer.parameters(`layers.${index}`).reduce((n, p) => n + p.value.length, 0),
      output: summarizeValues(values.output, values.layer.outputShape),
      gradient: magnitude(index === pass.layers.length - 1 && pass.fusedWith !== null ? pass.lossGradient : values.dOutput),
    }),
  );
  const output = Array.from(pass.layers[pass.layers.length - 1]!.output);
  let best = 0;
  for (let j = 1; j < output.length; j++) if (output[j]! > output[best]!) best = j;
  const predicted: LayerExplainTrace['predicted'] = { index: best, value: output[best]! };
  if (outputNames !== undefined) predicted.name = outputNames[best]!;

  const parameters: ParameterSummary[] = network.layers.flatMap((layer, l) =>
    layer.parameters(`layers.${l}`).map((p) => ({
      name: p.name,
      layer: `${names[l]}.${p.name.slice(p.name.lastIndexOf('.') + 1)}`,
      kind: p.kind,
      shape: [p.shape[0], p.shape[1]] as [number, number],
      ...magnitude(p.grad),
    })),
  );
  const trace: LayerExplainTrace = {
    format: 'neurite-explain-layers',
    version: 1,
    dtype: network.dtype,
    mode: 'inference',
    inputShape: [...network.inputShape],
    input: summarizeValues(x.data, network.inputShape),
    layers,
    output,
    target: Array.from(y.data),
    predicted,
    loss: { name: loss.name, value: pass.lossValue, fusedWith: pass.fusedWith, gradient: Array.from(pass.lossGradient) },
    parameters,
    warnings,
  };
  if (outputNames !== undefined) trace.outputNames = [...outputNames];
  const recurrent = pass.layers.flatMap((values, l) => (values.recurrent === undefined ? [] : [recurrentSteps(values, l, names[l]!)]));
  if (recurrent.length > 0) trace.recurrent = recurrent;
  if (selection !== null) trace.weight = weightSum(pass, names, selection, network.dtype, maxTerms, warnings);
  return trace;
}

/** A layer's settings in a few words. */
function describeLayer(layer: Layer): string {
  const pair = ([a, b]: readonly [number, number]) => (a === b ? String(a) : `${a}×${b}`);
  if (layer instanceof Conv2D) {
    const [kh, kw] = layer.kernelSize;
    const dilation = layer.dilation[0] === 1 && layer.dilation[1] === 1 ? '' : `, dilation ${pair(layer.dilation)}`;
    return `${layer.filters} filters ${kh}×${kw}, stride ${pair(layer.strides)}, padding ${layer.padding}${dilation}, ${layer.activation.name}${layer.useBias ? '' : ', no bias'}`;
  }
  if (layer instanceof Pool2D) {
    return `${layer.type === 'maxPool2d' ? 'max' : 'mean'} of ${layer.poolSize[0]}×${layer.poolSize[1]} windows, stride ${pair(layer.strides)}, padding ${layer.padding}`;
  }
  if (layer instanceof BatchNorm) return `${layer.features} features, ε = ${layer.epsilon}, running statistics (inference)`;
  if (layer instanceof Dense) return `${layer.outputSize} units, ${layer.activation.name}`;
  if (layer instanceof Recurrent) {
    const cell = layer instanceof SimpleRNN ? `, ${layer.activation}` : '';
    const out = layer.returnSequences ? 'every step' : 'the last state';
    return `${layer.units} units${cell}, ${layer.timeSteps} steps, returns ${out}${layer.maskTrailingZeros ? ', masks trailing zeros' : ''}`;
  }
  if (layer instanceof Dropout) return `rate ${layer.rate}, off at inference`;
  if (layer.type === 'globalAvgPool2d') return 'the mean of each channel';
  if (layer.type === 'flatten' || layer.type === 'reshape') return 'the same values, another shape';
  return layer.type;
}
