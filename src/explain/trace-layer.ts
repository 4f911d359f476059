import type { Activation } from '../activations/activation.js';
import type { Dense } from '../nn/dense.js';
import type { FloatArray } from '../tensor/matrix.js';
import { sumSymbol, type NetworkNames } from './names.js';
import type { BiasTrace, Factor, JacobianTerm, LayerTrace, NeuronTrace, PathTrace, UpstreamTerm, UpstreamTrace, WeightTrace } from './trace.js';

/** What one layer's forward and backward pass left behind, copied out of the layer's reused buffers. */
export interface LayerState {
  layer: Dense;
  activation: Activation;
  fused: boolean;
  x: Float64Array;
  z: Float64Array;
  a: Float64Array;
  /** ∂L/∂z from the library's backward pass. */
  dz: Float64Array;
  /** ∂L/∂a: from the loss (output) or Σ_k ∂L/∂z_k · w_kj (hidden); null for a fused output. */
  da: Float64Array | null;
  /** f'(z) for elementwise activations. */
  df: Float64Array | null;
  /** J[m·units + k] = ∂a_m/∂z_k for non-elementwise activations (when computed). */
  jacobian: Float64Array | null;
  /** The layer's z and a in its own dtype, for calling the activation. */
  zTyped: FloatArray;
  aTyped: FloatArray;
}

/** What every layer's trace reads: the state of the whole network after one explain pass, and where to report. */
export interface TraceContext {
  states: LayerState[];
  names: NetworkNames;
  /** Write ∂L/∂node as a sum over paths when there are at most this many. */
  maxPaths: number;
  /** Relative tolerance of the cross-checks against the library's gradients (1e-9 in float64, 1e-4 in float32). */
  tolerance: number;
  /** Inconsistencies found on the way are added here. */
  warnings: string[];
}

/** One neuron j of layer l, as its parameters' chains see it. */
interface NeuronContext {
  l: number;
  j: number;
  s: LayerState;
  name: string;
  symbol: string;
  sum: string;
  dSum: number;
  dValue: number | null;
  derivative: number | null;
  /** The factors every parameter of this neuron shares: [∂L/∂value, f'(sum)] or [∂L/∂sum]. */
  head: Factor[];
  /** Whether the chain runs through the sum (see `throughSum`). */
  bySum: boolean;
  /** The node the seed's chain runs through: the value (h1) or the sum (sum_o1). */
  node: string;
}

/** The trace of layer `l`: each neuron forward and backward, with the chain of each weight and bias. */
export function traceLayer(l: number, ctx: TraceContext): LayerTrace {
  const s = ctx.states[l]!;
  const layer = s.layer;
  const inputSymbols = inputSymbolsOf(l, ctx.names);
  // The first weight whose gradient disagrees with ∂L/∂sum · x, reported once for the layer.
  const mismatch: { first: string | null } = { first: null };
  const neurons: NeuronTrace[] = [];
  for (let j = 0; j < layer.outputSize; j++) neurons.push(traceNeuron(neuronContext(l, j, ctx), ctx, inputSymbols, mismatch));
  if (mismatch.first !== null) ctx.warnings.push(mismatch.first);
  return {
    index: l,
    type: layer.type,
    role: l === ctx.states.length - 1 ? 'output' : 'hidden',
    activation: s.activation.name,
    elementwise: s.activation.elementwise,
    fused: s.fused,
    inputs: layer.inputSize,
    units: layer.outputSize,
    inputShape: [...layer.inputShape],
    outputShape: [...layer.outputShape],
    inputSymbols: inputSymbols.slice(),
    inputValues: Array.from(s.x),
    neurons,
  };
}

/** Symbols of layer l's incoming values: x1.. for the first layer, the previous layer's values after. */
function inputSymbolsOf(l: number, names: NetworkNames): string[] {
  return l === 0 ? names.inputs : names.values[l - 1]!;
}

function neuronContext(l: number, j: number, ctx: TraceContext): NeuronContext {
  const s = ctx.states[l]!;
  const name = ctx.names.neurons[l]![j]!;
  const symbol = ctx.names.values[l]![j]!;
  const sum = sumSymbol(name);
  const dSum = s.dz[j]!;
  const dValue = s.da ? s.da[j]! : null;
  const derivative = s.df ? s.df[j]! : null;
  const head: Factor[] =
    dValue !== null && derivative !== null
      ? [
          { symbol: `∂L/∂${symbol}`, value: dValue },
          { symbol: `f'(${sum})`, value: derivative },
        ]
      : [{ symbol: `∂L/∂${sum}`, value: dSum }];
  // The last factor of each parameter's chain: ∂h1/∂w1 = x1 · f'(sum_h1) through a value, ∂sum_o1/∂w = x through a sum.
  const bySum = throughSum(s);
  return { l, j, s, name, symbol, sum, dSum, dValue, derivative, head, bySum, node: bySum ? sum : symbol };
}

function traceNeuron(n: NeuronContext, ctx: TraceContext, inputSymbols: string[], mismatch: { first: string | null }): NeuronTrace {
  const { upstream, scale } = upstreamOf(n, ctx);
  const jacobian = jacobianTerms(n, ctx);
  checkDerivative(n, scale, ctx);
  return {
    index: n.j,
    name: n.name,
    symbol: n.symbol,
    sumSymbol: n.sum,
    sum: n.s.z[n.j]!,
    value: n.s.a[n.j]!,
    dValue: n.dValue,
    derivative: n.derivative,
    dSum: n.dSum,
    upstream,
    jacobian,
    node: n.node,
    dNode: n.bySum ? n.dSum : n.dValue!,
    paths: pathsTo(n.l, n.j, ctx.states, ctx.names, ctx.maxPaths),
    weights: weightTraces(n, ctx, inputSymbols, mismatch),
    bias: biasTrace(n, ctx),
  };
}

/**
 * How ∂L/∂value of the neuron came about: from the loss (an output), or Σ_k ∂L/∂sum_k · w_kj over the next
 * layer (a hidden neuron). `scale` is Σ |terms| (or |∂L/∂value|), the size the derivative check is relative to.
 */
function upstreamOf(n: NeuronContext, ctx: TraceContext): { upstream: UpstreamTrace; scale: number } {
  const { l, j } = n;
  if (l === ctx.states.length - 1) return { upstream: n.s.fused ? { kind: 'fused' } : { kind: 'loss' }, scale: Math.abs(n.dValue ?? 0) };
  const units = n.s.layer.outputSize;
  const next = ctx.states[l + 1]!;
  const nextNames = ctx.names.neurons[l + 1]!;
  const terms: UpstreamTerm[] = [];
  let scale = 0;
  for (let k = 0; k < next.z.length; k++) {
    const weight = next.layer.weights[k * units + j]!;
    const product = next.dz[k]! * weight;
    scale += Math.abs(product);
    const term: UpstreamTerm = { neuron: nextNames[k]!, weightName: ctx.names.weights[l + 1]![k * units + j]!, weight, dSum: next.dz[k]!, product };
    if (next.df && next.da) {
      term.dValue = next.da[k]!;
      term.partial = weight * next.df[k]!;
    }
    terms.push(term);
  }
  return { upstream: { kind: 'next-layer', layer: l + 1, terms }, scale };
}

/** For a softmax-like layer: ∂L/∂sum_j = Σ_m ∂L/∂value_m · ∂value_m/∂sum_j, checked against backpropagation. */
function jacobianTerms(n: NeuronContext, ctx: TraceContext): JacobianTerm[] | null {
  const { s, j, dSum } = n;
  if (!s.jacobian || !s.da) return null;
  const units = s.layer.outputSize;
  const neuronNames = ctx.names.neurons[n.l]!;
  const jacobian: JacobianTerm[] = [];
  let total = 0;
  let scale = 0;
  for (let m = 0; m < units; m++) {
    const partial = s.jacobian[m * units + j]!;
    const product = s.da[m]! * partial;
    total += product;
    scale += Math.abs(product);
    jacobian.push({ neuron: neuronNames[m]!, dValue: s.da[m]!, partial, product });
  }
  if (Math.abs(total - dSum) > ctx.tolerance * scale + 1e-300) {
    ctx.warnings.push(`layer ${n.l} neuron ${n.name}: Σ_m ∂L/∂value_m · ∂value_m/∂${n.sum} = ${total} but backpropagation gives ∂L/∂${n.sum} = ${dSum}`);
  }
  return jacobian;
}

/** ∂L/∂value · f'(sum) must be the library's ∂L/∂sum: else the activation's df disagrees with its backward. */
function checkDerivative(n: NeuronContext, upstreamScale: number, ctx: TraceContext): void {
  const { dValue, derivative, dSum } = n;
  if (dValue === null || derivative === null) return;
  const chain = dValue * derivative;
  if (Math.abs(chain - dSum) > ctx.tolerance * upstreamScale * Math.abs(derivative) + 1e-300) {
    ctx.warnings.push(
      `layer ${n.l} neuron ${n.name}: ∂L/∂${n.symbol} · f'(${n.sum}) = ${chain} but backpropagation gives ∂L/∂${n.sum} = ${dSum}; ` +
        `the activation "${n.s.activation.name}" has a df that disagrees with its backward`,
    );
  }
}

/** Each incoming weight w_ji: its gradient, the chain [head…, x_i], and ∂node/∂w. */
function weightTraces(n: NeuronContext, ctx: TraceContext, inputSymbols: string[], mismatch: { first: string | null }): WeightTrace[] {
  const { l, j, s, dSum, derivative, bySum } = n;
  const layer = s.layer;
  const inputs = layer.inputSize;
  const names = ctx.names.weights[l]!;
  const weights: WeightTrace[] = [];
  for (let i = 0; i < inputs; i++) {
    const index = j * inputs + i;
    const gradient = layer.weightGrad[index]!;
    const xi = s.x[i]!;
    if (mismatch.first === null && Math.abs(gradient - dSum * xi) > ctx.tolerance * Math.abs(dSum * xi) + 1e-300) {
      mismatch.first = `layer ${l}: ∂L/∂${names[index]} is ${gradient} but ∂L/∂${n.sum} · ${inputSymbols[i]} = ${dSum * xi}`;
    }
    weights.push({
      name: names[index]!,
      parameter: `layers.${l}.weights`,
      row: j,
      column: i,
      from: inputSymbols[i]!,
      value: layer.weights[index]!,
      input: xi,
      gradient,
      chain: [...n.head, { symbol: inputSymbols[i]!, value: xi }],
      partial: { symbol: `∂${n.node}/∂${names[index]!}`, value: bySum ? xi : derivative! * xi },
    });
  }
  return weights;
}

/** The neuron's bias b_j: as a weight with ∂sum/∂b = 1. */
function biasTrace(n: NeuronContext, ctx: TraceContext): BiasTrace {
  const { l, j, s } = n;
  const name = ctx.names.biases[l]![j]!;
  return {
    name,
    parameter: `layers.${l}.bias`,
    index: j,
    value: s.layer.bias[j]!,
    gradient: s.layer.biasGrad[j]!,
    chain: n.head.slice(),
    partial: { symbol: `∂${n.node}/∂${name}`, value: n.bySum ? 1 : n.derivative! },
  };
}

/** Whether a neuron's chain runs through its value (h1, y_pred) or its sum (fused output, softmax-like layer). */
function throughSum(s: LayerState): boolean {
  return s.fused || s.df === null;
}

/**
 * The paths from the loss down to the node of neuron j in layer l (its value, or its sum; see `throughSum`),
 * in the seed's grouping, factors in order from the loss: ∂L/∂y_pred · ∂y_pred/∂h1. Null when there are
 * more than `maxPaths` or a softmax-like layer on the way has no Jacobian. A step from node k of the next
 * layer down to value_j is ∂value_k/∂value_j = w_kj · f'(sum_k) into a value node, ∂sum_k/∂value_j = w_kj
 * into a sum node; a sum node of a softmax-like layer is reached from the values a_m of its own layer by
 * ∂a_m/∂sum_j, the Jacobian.
 */
function pathsTo(l: number, j: number, states: LayerState[], names: NetworkNames, maxPaths: number): PathTrace[] | null {
  const last = states.length - 1;
  const units = (layer: number) => states[layer]!.z.length;
  const valueCount = (layer: number): number => (layer === last ? 1 : units(layer + 1) * nodeCount(layer + 1));
  const nodeCount = (layer: number): number => {
    const s = states[layer]!;
    if (!throughSum(s)) return valueCount(layer);
    return s.fused ? 1 : units(layer) * valueCount(layer);
  };
  if (nodeCount(l) > maxPaths) return null;
  const nodeSymbol = (layer: number, k: number) => (throughSum(states[layer]!) ? sumSymbol(names.neurons[layer]![k]!) : names.values[layer]![k]!);

  const toValue = (layer: number, m: number): Factor[][] | null => {
    const value = names.values[layer]![m]!;
    if (layer === last) return [[{ symbol: `∂L/∂${value}`, value: states[layer]!.da![m]! }]];
    const next = states[layer + 1]!;
    const fanIn = next.layer.inputSize;
    const out: Factor[][] = [];
    for (let k = 0; k < units(layer + 1); k++) {
      const above = toNode(layer + 1, k);
      if (above === null) return null;
      const w = next.layer.weights[k * fanIn + m]!;
      const step: Factor = { symbol: `∂${nodeSymbol(layer + 1, k)}/∂${value}`, value: throughSum(next) ? w : w * next.df![k]! };
      for (const path of above) out.push([...path, step]);
    }
    return out;
  };
  const toNode = (layer: number, k: number): Factor[][] | null => {
    const s = states[layer]!;
    if (!throughSum(s)) return toValue(layer, k);
    const sum = sumSymbol(names.neurons[layer]![k]!);
    if (s.fused) return [[{ symbol: `∂L/∂${sum}`, value: s.dz[k]! }]];
    if (s.jacobian === null) return null;
    const out: Factor[][] = [];
    for (let m = 0; m < units(layer); m++) {
      const above = toValue(layer, m);
      if (above === null) return null;
      const step: Factor = { symbol: `∂${names.values[layer]![m]!}/∂${sum}`, value: s.jacobian[m * units(layer) + k]! };
      for (const path of above) out.push([...path, step]);
    }
    return out;
  };
  const paths = toNode(l, j);
  return paths && paths.map((factors) => ({ factors, product: factors.reduce((prod, f) => prod * f.value, 1) }));
}
