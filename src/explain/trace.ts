import type { DType } from '../tensor/matrix.js';

/**
 * What `explain(network, input, target)` returns: one sample's forward pass, its loss, and every weight's
 * and bias's gradient with the chain of factors that produced it, in the seed's notation generalized to any
 * depth. Plain data (numbers, strings, arrays): `JSON.stringify(trace)` is the `--format json` output.
 * docs/explain.md describes every field.
 *
 * Names follow the seed: inputs x1..xn; hidden neurons h1, h2, ... (h<layer>_<neuron> when there are
 * several hidden layers); output neurons o1, o2, ... whose value is y_pred (one output) or o1, o2, ...;
 * the weighted sum of neuron h1 is sum_h1; weights w1..wN and biases b1..bM are numbered through the whole
 * network in layer order, row by row (w1, w2 into h1; w3, w4 into h2; w5, w6 into o1, as in the seed).
 */
export interface ExplainTrace {
  format: 'neurite-explain';
  version: 1;
  dtype: DType;
  /** The shape of one input sample (e.g. `[4, 4, 1]`); the sample's values are its row, channels last. */
  inputShape: number[];
  /**
   * Every layer of the network as given, with its shapes. Layers without parameters that are the identity
   * at inference (dropout, flatten, reshape) have `traced: false`: values and gradients pass through them
   * unchanged (∂L/∂x = ∂L/∂out), so `layers` follows the dense layers only.
   */
  architecture: LayerShapeTrace[];
  sample: SampleTrace;
  /** y_pred: the network's outputs for the sample. */
  output: number[];
  loss: LossTrace;
  /** Layers from the input side to the output. */
  layers: LayerTrace[];
  /**
   * Every parameter as `network.parameters()` lists it, with its values and gradients: exactly the
   * library's backpropagation (`Network.computeGradients`) for this sample.
   */
  parameters: ParameterGradients[];
  /** Present when `explain` was asked to take one SGD step after the backward pass. */
  step?: StepTrace;
  /** Inconsistencies found while tracing (e.g. an activation whose `df` disagrees with its `backward`). */
  warnings: string[];
}

/** One layer of the network in {@link ExplainTrace.architecture}: its index, type and shapes. */
export interface LayerShapeTrace {
  /** 0-based, in the network as given. */
  index: number;
  type: string;
  inputShape: number[];
  outputShape: number[];
  /** False for a layer the chain rule passes through unchanged (dropout, flatten, reshape). */
  traced: boolean;
}

/** The sample an {@link ExplainTrace} follows: its inputs and target. */
export interface SampleTrace {
  /** One entry per network input: its symbol (x1), optional column name, and the value fed to the network. */
  inputs: { symbol: string; name?: string; value: number }[];
  /** y_true, one per output. */
  target: number[];
  /** The raw row before preprocessing, when the caller supplied it (shown, not used). */
  raw?: Record<string, string | number>;
  /** Names of the outputs (e.g. class labels), when the caller supplied them. */
  outputNames?: string[];
}

/** The loss of the traced sample and its gradient with respect to the outputs. */
export interface LossTrace {
  name: string;
  /** L for this sample. */
  value: number;
  /**
   * The output activation the loss is fused with (cross-entropy with softmax or sigmoid), or null. When
   * fused, the loss gives ∂L/∂sum of the output neurons directly (for the cross-entropies: (ŷ − y) / n)
   * and there is no separate ∂L/∂y_pred · f'(sum) step.
   */
  fusedWith: string | null;
  /** ∂L/∂y_pred for each output (the loss's `backward`); null when fused. */
  gradient: number[] | null;
}

/** One dense layer of the trace: its role, activation, shapes, inputs and neurons. */
export interface LayerTrace {
  /** 0-based among the traced layers, as in the parameter names `layers.<index>.weights` of `parameters`. */
  index: number;
  type: string;
  role: 'hidden' | 'output';
  activation: string;
  /** False for softmax: f'(sum) is then a Jacobian, not one number per neuron. */
  elementwise: boolean;
  /** True for the output layer when the loss is fused with its activation. */
  fused: boolean;
  inputs: number;
  units: number;
  /** The shape of one sample going in: `[inputs]` for a dense layer. */
  inputShape: number[];
  /** The shape of one sample coming out: `[units]`. */
  outputShape: number[];
  /** Symbols of this layer's incoming values: x1.. for the first layer, the previous layer's values after. */
  inputSymbols: string[];
  /** The incoming values (the previous layer's outputs, or the sample). */
  inputValues: number[];
  neurons: NeuronTrace[];
}

/** One factor of a chain: its symbol in the seed's notation and its value. */
export interface Factor {
  symbol: string;
  value: number;
}

/** One path from the loss down to a neuron: the product of its factors, in order from the loss. */
export interface PathTrace {
  factors: Factor[];
  product: number;
}

/** How ∂L/∂value of a neuron came about. */
export type UpstreamTrace =
  /** An output neuron: ∂L/∂y_pred from the loss. */
  | { kind: 'loss' }
  /** A fused output neuron: the loss gives ∂L/∂sum directly; there is no ∂L/∂value. */
  | { kind: 'fused' }
  /** A hidden neuron j: ∂L/∂value_j = Σ_k ∂L/∂sum_k · w_kj over the next layer's neurons k. */
  | { kind: 'next-layer'; layer: number; terms: UpstreamTerm[] };

/** One term of Σ_k ∂L/∂sum_k · w_kj: how a hidden neuron's value reaches the loss through neuron k of the next layer. */
export interface UpstreamTerm {
  /** The next layer's neuron k. */
  neuron: string;
  /** w_kj: the weight from this neuron into k (its name and value). */
  weightName: string;
  weight: number;
  /** ∂L/∂sum_k. */
  dSum: number;
  /** ∂L/∂sum_k · w_kj. */
  product: number;
  /**
   * When the next layer is elementwise and not fused, the seed's grouping: ∂L/∂value_k and
   * ∂value_k/∂value_j = w_kj · f'(sum_k), whose product is the same term.
   */
  dValue?: number;
  partial?: number;
}

/** For a non-elementwise activation (softmax): ∂L/∂sum_j = Σ_m ∂L/∂value_m · ∂value_m/∂sum_j. */
export interface JacobianTerm {
  neuron: string;
  dValue: number;
  /** ∂value_m/∂sum_j (for softmax: a_m (δ_mj − a_j)). */
  partial: number;
  product: number;
}

/** One neuron, forward and backward: its sum and value, the chain-rule factors, its weights and bias. */
export interface NeuronTrace {
  index: number;
  /** h1, h2_3, o1 */
  name: string;
  /** The symbol of its value: the name, or y_pred for the single output. */
  symbol: string;
  /** sum_h1 */
  sumSymbol: string;
  /** The weighted sum w·x + b. */
  sum: number;
  /** f(sum). */
  value: number;
  /** ∂L/∂value, the upstream gradient; null for a fused output neuron. */
  dValue: number | null;
  /** f'(sum) for an elementwise activation; null otherwise (see `jacobian`). */
  derivative: number | null;
  /** ∂L/∂sum, exactly the library's backpropagation value. */
  dSum: number;
  upstream: UpstreamTrace;
  /** Present for a non-fused, non-elementwise layer (softmax) up to `maxJacobian` units; otherwise null. */
  jacobian: JacobianTerm[] | null;
  /**
   * The node the seed's chain runs through: the value (h1, y_pred) for an elementwise activation, the sum
   * (sum_o1) for a fused output or a softmax-like layer.
   */
  node: string;
  /** ∂L/∂node: `dValue` or `dSum`. */
  dNode: number;
  /**
   * ∂L/∂node as the sum over every path from the loss down to it, factors in order from the loss (the seed's
   * ∂L/∂y_pred · ∂y_pred/∂h1); one path of one factor for an output neuron (∂L/∂y_pred, or ∂L/∂sum_o1 when
   * fused). Null when there are more than `maxPaths` paths: then `upstream` gives it one layer at a time.
   */
  paths: PathTrace[] | null;
  weights: WeightTrace[];
  bias: BiasTrace;
}

/** One weight: its value, the library's gradient, and the factors of the chain rule that give it. */
export interface WeightTrace {
  /** w1..wN through the whole network. */
  name: string;
  /** The parameter record it lives in and its place there: `layers.0.weights`, row (neuron), column (input). */
  parameter: string;
  row: number;
  column: number;
  /** The incoming value's symbol (x1, h2). */
  from: string;
  value: number;
  /** The incoming value x_i. */
  input: number;
  /** ∂L/∂w, exactly the library's gradient. */
  gradient: number;
  /**
   * The factors whose product is ∂L/∂w: [∂L/∂value_j, f'(sum_j), x_i] for an elementwise, non-fused neuron
   * (the upstream gradient, the activation's derivative, the incoming value), [∂L/∂sum_j, x_i] otherwise.
   */
  chain: Factor[];
  /**
   * ∂node/∂w, the seed's ∂h1/∂w1 = x1 · f'(sum_h1) (through a value) or ∂sum_o1/∂w = x (through a sum), so
   * that ∂L/∂w = ∂L/∂node · ∂node/∂w = (Σ over `paths`) · partial.
   */
  partial: Factor;
}

/** One bias: its value, its gradient and the chain-rule factors (as for a weight, with ∂sum/∂b = 1). */
export interface BiasTrace {
  name: string;
  parameter: string;
  index: number;
  value: number;
  gradient: number;
  /** As for weights, with ∂sum/∂b = 1: [∂L/∂value_j, f'(sum_j)] or [∂L/∂sum_j]. */
  chain: Factor[];
  /** ∂node/∂b: f'(sum_j) through a value, 1 through a sum. */
  partial: Factor;
}

/** One parameter record (a layer's weights or bias) with its values and gradients, as `network.parameters()` lists it. */
export interface ParameterGradients {
  /** e.g. `layers.0.weights` */
  name: string;
  kind: 'weight' | 'bias' | 'scale';
  shape: [number, number];
  /** Row-major, as stored (weights: one row per neuron). */
  values: number[];
  gradients: number[];
}

/** One SGD step taken after the backward pass (`explain(..., { step })`): the parameters before and after. */
export interface StepTrace {
  optimizer: 'sgd';
  learningRate: number;
  /** The loss on the same sample before and after the step. */
  lossBefore: number;
  lossAfter: number;
  /** w ← w − η · ∂L/∂w for every parameter record, values after the step (row-major). */
  parameters: { name: string; before: number[]; after: number[] }[];
}
