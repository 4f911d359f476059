import type { DType } from '../tensor/matrix.js';

/**
 * What `explainLayers(network, input, target)` returns: one sample through a network of any layers (a CNN:
 * conv2d, pooling, batch norm, flatten, dense), layer by layer, with a summary of every feature map, the
 * prediction and the loss, and, for one chosen parameter, its gradient written out as the chain rule's sum.
 * Plain data: `JSON.stringify(trace)` is the `--format json` output. docs/explain.md describes every field.
 *
 * Layers are named by type and order, counting from 1: conv1, conv2, maxPool1, avgPool1, globalAvgPool1,
 * batchNorm1, flatten1, dropout1, dense1, ... (`layers[i]`, 0-based in the network, names the same layer).
 */
export interface LayerExplainTrace {
  format: 'neurite-explain-layers';
  version: 1;
  dtype: DType;
  /**
   * Always 'inference': one sample has no batch statistics worth the name, so batch norm uses its running
   * statistics and dropout is off; the gradients are those of this inference-mode forward pass.
   */
  mode: 'inference';
  inputShape: number[];
  /** The values fed to the network (after the model's scaling), summarized as a feature map. */
  input: ValuesSummary;
  layers: LayerStepTrace[];
  /** y_pred: the network's outputs (class probabilities for a softmax classifier). */
  output: number[];
  /** Names of the outputs (e.g. class labels), when the caller supplied them. */
  outputNames?: string[];
  /** y_true. */
  target: number[];
  /** The largest output: its index, name when known, and value. */
  predicted: { index: number; name?: string; value: number };
  loss: LayerLossTrace;
  /** The chosen parameter's gradient as the chain rule's sum (`explainLayers(..., { weight })`). */
  weight?: WeightSumTrace;
  /** Each recurrent layer's steps (simpleRnn, lstm, gru): its state over time and ∂L/∂h_t going back. */
  recurrent?: RecurrentLayerTrace[];
  /** Every parameter record's gradient, summarized (the library's backward pass on this sample). */
  parameters: ParameterSummary[];
  /** Disagreements found while tracing (a chain-rule sum that is not the library's gradient). */
  warnings: string[];
}

/** The loss of the sample and where backpropagation starts. */
export interface LayerLossTrace {
  name: string;
  value: number;
  /** The output activation the loss is fused with (cross-entropy with softmax or sigmoid), or null. */
  fusedWith: string | null;
  /** ∂L/∂y_pred per output, or ∂L/∂z of the output layer when fused (for the cross-entropies (ŷ − y) / n). */
  gradient: number[];
}

/** One layer of the network: what it is, its shapes, its output summarized, and the gradient it passed back. */
export interface LayerStepTrace {
  /** 0-based in the network, as in the parameter names `layers.<index>.weights`. */
  index: number;
  /** conv1, maxPool1, dense1, ... */
  name: string;
  type: string;
  inputShape: number[];
  outputShape: number[];
  /** Its settings in a few words: "8 filters 3×3, stride 1, padding same, relu". */
  details: string;
  /** How many trainable numbers it holds. */
  parameterCount: number;
  output: ValuesSummary;
  /** ∂L/∂output of this layer: its largest magnitude and its Euclidean norm. */
  gradient: { maxAbs: number; norm: number };
}

/** A layer's output (or the input): over all values, and per channel for an image `[h, w, c]`. */
export interface ValuesSummary {
  min: number;
  max: number;
  mean: number;
  /** The fraction of values exactly 0 (after ReLU: the dead share). */
  zeros: number;
  /** Per channel for an image-shaped output. */
  channels?: ChannelSummary[];
  /** The values themselves for a vector of at most 32 (logits, probabilities). */
  values?: number[];
}

/** One channel (feature map) of an image-shaped output. */
export interface ChannelSummary {
  channel: number;
  min: number;
  max: number;
  mean: number;
  zeros: number;
  /**
   * The map as text, one string per row, each cell a shade from ' ' (the map's min) to '@' (its max) on the
   * ramp ` .:-=+*#%@`; a map over 28 cells a side is shown as block means, `downsample` cells a block.
   */
  shade: string[];
  downsample: number;
}

/** A recurrent layer through time on the traced sample (sample 0 of the pass). */
export interface RecurrentLayerTrace {
  layer: { index: number; name: string; type: string };
  units: number;
  timeSteps: number;
  /** The steps that count: T, or with maskTrailingZeros one past the sample's last step that is not all zeros. */
  length: number;
  /** h_t: hidden[t][k] for each step t and unit k. */
  hidden: number[][];
  /** LSTM's cell state c_t, laid out as `hidden`. */
  cells?: number[][];
  /** Each gate's mean over the units at every step (lstm i, f, g, o; gru r, z, n; none for simpleRnn). */
  gates: GateActivity[];
  stateGradient: StateGradientTrace;
}

/** One gate's activity over time: the mean of its value over the units at each step. */
export interface GateActivity {
  /** i, f, g, o (lstm); r, z, n (gru). */
  gate: string;
  /** sigmoid (values in 0 … 1) or tanh (−1 … 1). */
  activation: 'sigmoid' | 'tanh';
  mean: number[];
}

/**
 * How ∂L/∂h_t (all of it: from the output at t and from step t + 1) changes going back in time: its Euclidean
 * norm at each step, the ratio of each step's norm to the next step's, and a verdict read from those numbers.
 */
export interface StateGradientTrace {
  /** ‖∂L/∂h_t‖ for t = 0 … T−1. */
  norms: number[];
  /** norms[t] / norms[t + 1]: below 1 it shrinks going back; null for the last step or where norms[t + 1] is 0. */
  ratios: (number | null)[];
  /** Where the loss reaches the states: only at the last real step (the layer returns its last state), or at every step. */
  entry: 'last' | 'every';
  /** ‖∂L/∂h_0‖ / ‖∂L/∂h_last‖ over the real steps, and its geometric mean per step; null without two nonzero norms. */
  overall: number | null;
  perStep: number | null;
  /** 'vanishing': overall < 1e-2; 'exploding': overall > 1e2; 'steady' between; 'none': nothing to compare. */
  verdict: 'vanishing' | 'exploding' | 'steady' | 'none';
  /** The verdict in words, with its numbers. */
  text: string;
}

/** A parameter record's gradient on this sample, summarized. */
export interface ParameterSummary {
  /** `layers.0.weights` */
  name: string;
  /** The layer's name (conv1) and the readable name of the record (conv1.weights). */
  layer: string;
  kind: 'weight' | 'bias' | 'scale';
  shape: [number, number];
  /** Euclidean norm and largest magnitude of ∂L/∂parameter. */
  norm: number;
  maxAbs: number;
}

/**
 * One parameter's gradient written out: ∂L/∂w = Σ over the positions that use w of ∂L/∂z there times what w
 * multiplies there (a conv weight: the input value under it; a bias: 1; batch norm's γ: x̂; β: 1; a dense
 * weight: its one input), checked against the library's own gradient.
 */
export interface WeightSumTrace {
  /** As asked, normalized: `conv1[f=3,ky=1,kx=2,c=0]`, `conv1.bias[f=3]`, `dense1[j=2,i=40]`, `batchNorm1.gamma[c=1]`. */
  name: string;
  /** The seed's name for a dense weight or bias (w17, b3), when it has one. */
  seedName?: string;
  layer: { index: number; name: string; type: string };
  /** The parameter record and the place in it. */
  parameter: string;
  offset: number;
  /** The indices of the name: { f, ky, kx, c } for a conv weight, { j, i } for a dense weight, ... */
  indices: Record<string, number>;
  value: number;
  /** The sum in symbols, with this layer's geometry filled in. */
  formula: string;
  /** The symbols of the two factors of each term: ['∂L/∂z[oy,ox,3]', 'x[2oy+1−1, 2ox+2−1, 0]']. */
  factors: [string, string];
  /** How many terms the sum has (output positions, or 1 for a dense weight). */
  terms: number;
  /** Terms whose window falls on padding (their input factor is 0). */
  paddingTerms: number;
  /** Terms that are exactly 0 (padding, a ReLU that was off, a value max-pooling passed over). */
  zeroTerms: number;
  /** The largest terms by magnitude, largest first. */
  top: WeightTerm[];
  /** The terms not in `top`, summarized. */
  rest: { count: number; sum: number; positive: number; negative: number };
  /** Σ of all terms, in float64. */
  total: number;
  /** The library's ∂L/∂w after its backward pass on this sample. */
  library: number;
  /** |total − library|, and whether that is within float tolerance (a warning in `warnings` when not). */
  difference: number;
  agrees: boolean;
}

/** One term of the sum: ∂L/∂z at an output position times the value w multiplies there. */
export interface WeightTerm {
  /** The output position: [oy, ox] for a conv or batch norm on an image, [j] for a dense neuron. */
  position: number[];
  /** Where the other factor comes from: [iy, ix, c] of the layer's input, or null where it is padding. */
  inputPosition: number[] | null;
  /** ∂L/∂z (the upstream factor). */
  gradient: number;
  /** The value w multiplies (x under the window, x̂, or 1). */
  input: number;
  value: number;
  /** Where ∂L/∂z at this position came from, one level deep. */
  upstream: UpstreamStep;
}

/** How ∂L/∂z (or ∂L/∂y) at one position of a layer came about: its activation, then the layer after it. */
export interface UpstreamStep {
  /** ∂L/∂a: the gradient of the layer's output value there (a = f(z)); null for a fused output, where the loss gives ∂L/∂z. */
  dOutput: number | null;
  /** The layer's activation f (relu, ...), or null for a layer without one (batch norm: its factor is ∂L/∂y itself). */
  activation: string | null;
  /** f'(z) at that position (1 without an activation; null for softmax, whose f' is a Jacobian). */
  derivative: number | null;
  /** The layer the gradient came through (its name), or 'loss'. */
  via: string;
  /** In words, with its numbers: "the maximum of maxPool1's window (1, 2): ∂L/∂a = ∂L/∂out[1,2,3] = 0.0123". */
  text: string;
  /** The terms ∂L/∂a is the sum of: the largest that are not 0 (at most 5), largest first, and how many there are in all. */
  sources: { label: string; value: number }[];
  sourceCount: number;
}
