import type { Activation } from '../activations/activation.js';
import { NeuriteError, describe, requireInteger, requireNumber } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { resolveLoss, type LossLike } from '../losses/registry.js';
import { Dense } from '../nn/dense.js';
import { Dropout } from '../nn/dropout.js';
import { Network } from '../nn/network.js';
import { SGD } from '../optim/sgd.js';
import { allocate, Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import { nameNetwork, sumSymbol, type NetworkNames } from './names.js';
import type {
  ExplainTrace,
  Factor,
  JacobianTerm,
  LayerTrace,
  NeuronTrace,
  ParameterGradients,
  PathTrace,
  StepTrace,
  UpstreamTerm,
  UpstreamTrace,
  WeightTrace,
} from './trace.js';

/** Options of {@link explain}. */
export interface ExplainOptions {
  /** The loss to differentiate (default: the seed's mean squared error). */
  loss?: LossLike;
  /**
   * Write a hidden neuron's ∂L/∂value as the sum over every path to the loss when there are at most this
   * many paths (default 64); beyond that, `upstream` gives it one layer at a time.
   */
  maxPaths?: number;
  /** Keep the Jacobian terms of a softmax-like layer up to this many units (default 256). */
  maxJacobian?: number;
  /** Column names of the inputs, shown beside x1..xn. */
  inputNames?: readonly string[];
  /** Names of the outputs (e.g. class labels). */
  outputNames?: readonly string[];
  /** The raw row before preprocessing, recorded in the trace for display. */
  raw?: Record<string, string | number>;
  /**
   * After the backward pass, take one SGD step w ← w − η · ∂L/∂w on the network (this CHANGES its weights,
   * as training would) and record every parameter before and after, and the loss after.
   */
  step?: { learningRate: number };
}

/** What one layer's forward and backward pass left behind, copied out of the layer's reused buffers. */
interface LayerState {
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

/**
 * Runs one sample forward and backward through `network` and returns the whole story as data: each neuron's
 * weighted sum and value, the loss, and for every weight and bias its gradient with the chain of factors that
 * produced it. The gradients are the library's own backpropagation (`network.computeGradients`): this
 * function calls it, so it overwrites the network's parameter gradients, as a training step does. The chain
 * factors are read off the layers' values and checked against those gradients (see `trace.warnings`).
 *
 * The seed's worked example: ∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1, generalized: for weight w_ji of
 * neuron j with input x_i, ∂L/∂w_ji = ∂L/∂value_j · f'(sum_j) · x_i, where ∂L/∂value_j is the loss's
 * gradient for an output and Σ_k ∂L/∂sum_k · w_kj over the next layer for a hidden neuron.
 *
 * @example
 * ```ts
 * import { explain, formatExplainText } from 'neurite/explain';
 * import { seedWorkedExample } from 'neurite/seed';
 * const { network, input, target } = seedWorkedExample(); // all weights 1, biases 0; Alice = [-2, -1], y_true = 1
 * const trace = explain(network, input, target);
 * const w1 = trace.layers[0]!.neurons[0]!.weights[0]!;
 * console.log(w1.name, w1.gradient); // w1 0.0214695352658111…, the seed's ∂L/∂w1
 * console.log(formatExplainText(trace)); // ∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1 = ...
 * ```
 */
export function explain(model: Network, input: ArrayLike<number>, target: ArrayLike<number>, options: ExplainOptions = {}): ExplainTrace {
  if (options === null || typeof options !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `explain options must be an object, got ${describe(options)}`);
  }
  // Dropout is the identity at inference: the trace follows the dense layers only.
  const network = model.layers.some((layer) => layer instanceof Dropout) ? new Network(model.layers.filter((layer) => !(layer instanceof Dropout))) : model;
  const loss = resolveLoss(options.loss ?? 'mse');
  const maxPaths = requireInteger('maxPaths', options.maxPaths ?? 64, 0);
  const maxJacobian = requireInteger('maxJacobian', options.maxJacobian ?? 256, 0);
  const layers = network.layers.map((layer, i) => {
    if (!(layer instanceof Dense)) {
      throw new NeuriteError('UNSUPPORTED', `explain traces dense layers; layer ${i} is "${layer.type}"`, {
        field: `layers.${i}.type`,
        expected: 'dense',
        actual: layer.type,
      });
    }
    return layer;
  });
  const dtype = network.dtype;
  const x = sampleRow(input, network.inputSize, dtype, 'input', 'network inputs');
  const y = sampleRow(target, network.outputSize, dtype, 'target', 'network outputs');
  checkNames('inputNames', options.inputNames, network.inputSize);
  checkNames('outputNames', options.outputNames, network.outputSize);

  // The library's backpropagation: the gradients in the trace are exactly these.
  const lossValue = network.computeGradients(x, y, loss);

  const last = layers.length - 1;
  const states: LayerState[] = layers.map((layer, l) => {
    const { input: xin, z, a } = layer.lastValues();
    return {
      layer,
      activation: layer.activation,
      fused: l === last && isFused(layer, loss),
      x: Float64Array.from(xin.data),
      z: Float64Array.from(z.data),
      a: Float64Array.from(a.data),
      dz: Float64Array.from(layer.preActivationGradient().data),
      da: null,
      df: layer.activation.elementwise ? Float64Array.from(z.data, (zj, j) => layer.activation.df(zj, a.data[j]!)) : null,
      jacobian: null,
      zTyped: z.data.slice(),
      aTyped: a.data.slice(),
    };
  });

  // ∂L/∂y_pred from the loss (the same call, on the same values, as the library's backward pass).
  const out = states[last]!;
  let outputGradient: number[] | null = null;
  if (!out.fused) {
    const grad = allocate(dtype, network.outputSize);
    loss.backward(out.aTyped, y.data, grad, 1, network.outputSize);
    out.da = Float64Array.from(grad);
    outputGradient = Array.from(out.da);
  }
  // ∂L/∂value_j = Σ_k ∂L/∂sum_k · w_kj, from the output back.
  for (let l = last - 1; l >= 0; l--) {
    const next = states[l + 1]!;
    const units = layers[l]!.outputSize;
    const da = new Float64Array(units);
    const w = next.layer.weights;
    for (let k = 0; k < next.dz.length; k++) {
      for (let j = 0; j < units; j++) da[j] = da[j]! + next.dz[k]! * w[k * units + j]!;
    }
    states[l]!.da = da;
  }
  for (const s of states) {
    if (!s.activation.elementwise && !s.fused && s.z.length <= maxJacobian) s.jacobian = jacobianOf(s, dtype);
  }

  const names = nameNetwork(
    network.inputSize,
    layers.map((layer) => layer.outputSize),
  );
  const warnings: string[] = [];
  const layerTraces: LayerTrace[] = states.map((s, l) => traceLayer(s, l, last, names, states, warnings, maxPaths, dtype));

  const parameters: ParameterGradients[] = network.parameters().map((p) => ({
    name: p.name,
    kind: p.kind,
    shape: [p.shape[0], p.shape[1]],
    values: Array.from(p.value),
    gradients: Array.from(p.grad),
  }));

  const trace: ExplainTrace = {
    format: 'neurite-explain',
    version: 1,
    dtype,
    sample: {
      inputs: names.inputs.map((symbol, i) => {
        const name = options.inputNames?.[i];
        return name === undefined ? { symbol, value: states[0]!.x[i]! } : { symbol, name, value: states[0]!.x[i]! };
      }),
      target: Array.from(y.data),
    },
    output: Array.from(out.a),
    loss: { name: loss.name, value: lossValue, fusedWith: out.fused ? out.activation.name : null, gradient: outputGradient },
    layers: layerTraces,
    parameters,
    warnings,
  };
  if (options.raw !== undefined) trace.sample.raw = { ...options.raw };
  if (options.outputNames !== undefined) trace.sample.outputNames = [...options.outputNames];
  if (options.step !== undefined) trace.step = takeStep(network, x, y, loss, lossValue, options.step);
  return trace;
}

function traceLayer(
  s: LayerState,
  l: number,
  last: number,
  names: NetworkNames,
  states: LayerState[],
  warnings: string[],
  maxPaths: number,
  dtype: DType,
): LayerTrace {
  const layer = s.layer;
  const inputs = layer.inputSize;
  const units = layer.outputSize;
  const inputSymbols = l === 0 ? names.inputs : names.values[l - 1]!;
  const neuronNames = names.neurons[l]!;
  const valueSymbols = names.values[l]!;
  const tol = dtype === 'float64' ? 1e-9 : 1e-4;
  let weightMismatch: string | null = null;

  const neurons: NeuronTrace[] = [];
  for (let j = 0; j < units; j++) {
    const name = neuronNames[j]!;
    const symbol = valueSymbols[j]!;
    const sum = sumSymbol(name);
    const dSum = s.dz[j]!;
    const dValue = s.da ? s.da[j]! : null;
    const derivative = s.df ? s.df[j]! : null;
    // The factors every parameter of this neuron shares: [∂L/∂value, f'(sum)] or [∂L/∂sum].
    const head: Factor[] =
      dValue !== null && derivative !== null
        ? [
            { symbol: `∂L/∂${symbol}`, value: dValue },
            { symbol: `f'(${sum})`, value: derivative },
          ]
        : [{ symbol: `∂L/∂${sum}`, value: dSum }];

    // The node the seed's chain runs through, and the last factor of each parameter's chain:
    // ∂h1/∂w1 = x1 · f'(sum_h1) through a value, ∂sum_o1/∂w = x through a sum.
    const bySum = throughSum(s);
    const node = bySum ? sum : symbol;

    let upstream: UpstreamTrace;
    let upstreamScale = Math.abs(dValue ?? 0);
    if (l === last) {
      upstream = s.fused ? { kind: 'fused' } : { kind: 'loss' };
    } else {
      const next = states[l + 1]!;
      const nextNames = names.neurons[l + 1]!;
      const terms: UpstreamTerm[] = [];
      upstreamScale = 0;
      for (let k = 0; k < next.z.length; k++) {
        const weight = next.layer.weights[k * units + j]!;
        const product = next.dz[k]! * weight;
        upstreamScale += Math.abs(product);
        const term: UpstreamTerm = { neuron: nextNames[k]!, weightName: names.weights[l + 1]![k * units + j]!, weight, dSum: next.dz[k]!, product };
        if (next.df && next.da) {
          term.dValue = next.da[k]!;
          term.partial = weight * next.df[k]!;
        }
        terms.push(term);
      }
      upstream = { kind: 'next-layer', layer: l + 1, terms };
    }

    let jacobian: JacobianTerm[] | null = null;
    if (s.jacobian && s.da) {
      jacobian = [];
      let total = 0;
      let scale = 0;
      for (let m = 0; m < units; m++) {
        const partial = s.jacobian[m * units + j]!;
        const product = s.da[m]! * partial;
        total += product;
        scale += Math.abs(product);
        jacobian.push({ neuron: neuronNames[m]!, dValue: s.da[m]!, partial, product });
      }
      if (Math.abs(total - dSum) > tol * scale + 1e-300) {
        warnings.push(`layer ${l} neuron ${name}: Σ_m ∂L/∂value_m · ∂value_m/∂${sum} = ${total} but backpropagation gives ∂L/∂${sum} = ${dSum}`);
      }
    }
    if (dValue !== null && derivative !== null) {
      const chain = dValue * derivative;
      if (Math.abs(chain - dSum) > tol * upstreamScale * Math.abs(derivative) + 1e-300) {
        warnings.push(
          `layer ${l} neuron ${name}: ∂L/∂${symbol} · f'(${sum}) = ${chain} but backpropagation gives ∂L/∂${sum} = ${dSum}; ` +
            `the activation "${s.activation.name}" has a df that disagrees with its backward`,
        );
      }
    }

    const weights: WeightTrace[] = [];
    for (let i = 0; i < inputs; i++) {
      const index = j * inputs + i;
      const gradient = layer.weightGrad[index]!;
      const xi = s.x[i]!;
      if (weightMismatch === null && Math.abs(gradient - dSum * xi) > tol * Math.abs(dSum * xi) + 1e-300) {
        weightMismatch = `layer ${l}: ∂L/∂${names.weights[l]![index]} is ${gradient} but ∂L/∂${sum} · ${inputSymbols[i]} = ${dSum * xi}`;
      }
      weights.push({
        name: names.weights[l]![index]!,
        parameter: `layers.${l}.weights`,
        row: j,
        column: i,
        from: inputSymbols[i]!,
        value: layer.weights[index]!,
        input: xi,
        gradient,
        chain: [...head, { symbol: inputSymbols[i]!, value: xi }],
        partial: { symbol: `∂${node}/∂${names.weights[l]![index]!}`, value: bySum ? xi : derivative! * xi },
      });
    }
    neurons.push({
      index: j,
      name,
      symbol,
      sumSymbol: sum,
      sum: s.z[j]!,
      value: s.a[j]!,
      dValue,
      derivative,
      dSum,
      upstream,
      jacobian,
      node,
      dNode: bySum ? dSum : dValue!,
      paths: pathsTo(l, j, states, names, maxPaths),
      weights,
      bias: {
        name: names.biases[l]![j]!,
        parameter: `layers.${l}.bias`,
        index: j,
        value: layer.bias[j]!,
        gradient: layer.biasGrad[j]!,
        chain: head.slice(),
        partial: { symbol: `∂${node}/∂${names.biases[l]![j]!}`, value: bySum ? 1 : derivative! },
      },
    });
  }
  if (weightMismatch !== null) warnings.push(weightMismatch);
  return {
    index: l,
    type: layer.type,
    role: l === last ? 'output' : 'hidden',
    activation: s.activation.name,
    elementwise: s.activation.elementwise,
    fused: s.fused,
    inputs,
    units,
    inputSymbols: inputSymbols.slice(),
    inputValues: Array.from(s.x),
    neurons,
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

/** J[m][k] = ∂a_m/∂z_k, read off the activation's own backward pass with ∂L/∂a = e_m. */
function jacobianOf(s: LayerState, dtype: DType): Float64Array {
  const units = s.z.length;
  const out = new Float64Array(units * units);
  const e = allocate(dtype, units);
  const row = allocate(dtype, units);
  for (let m = 0; m < units; m++) {
    e.fill(0);
    e[m] = 1;
    s.activation.backward(s.zTyped, s.aTyped, e, row, 1, units);
    for (let k = 0; k < units; k++) out[m * units + k] = row[k]!;
  }
  return out;
}

/** The same test `Network` uses to pick the fused path: the loss names the output layer's activation. */
function isFused(layer: Dense, loss: Loss): boolean {
  return (
    loss.fusedActivation !== undefined &&
    layer.activation.name === loss.fusedActivation &&
    typeof loss.forwardFromLogits === 'function' &&
    typeof loss.backwardFromLogits === 'function'
  );
}

function takeStep(network: Network, x: Matrix, y: Matrix, loss: Loss, lossBefore: number, step: { learningRate: number }): StepTrace {
  if (step === null || typeof step !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `explain's step option must be { learningRate }, got ${describe(step)}`);
  }
  const learningRate = requireNumber('learning rate', step.learningRate, { min: 0, exclusiveMin: true });
  const params = network.parameters();
  const before = params.map((p) => Array.from(p.value));
  new SGD({ learningRate }).step(params);
  return {
    optimizer: 'sgd',
    learningRate,
    lossBefore,
    lossAfter: network.loss(x, y, loss),
    parameters: params.map((p, i) => ({ name: p.name, before: before[i]!, after: Array.from(p.value) })),
  };
}

function sampleRow(values: ArrayLike<number>, size: number, dtype: DType, what: string, expected: string): Matrix {
  if (values == null || typeof values.length !== 'number') {
    throw new NeuriteError('INVALID_ARGUMENT', `explain needs the ${what} as an array of ${size} numbers, got ${describe(values)}`, {
      field: what,
      expected: size,
    });
  }
  if (values.length !== size) {
    throw new NeuriteError('SHAPE_MISMATCH', `explain: the ${what} has ${values.length} values; the network has ${size} ${expected}`, {
      field: what,
      expected: size,
      actual: values.length,
    });
  }
  return Matrix.row(values, dtype, `explain ${what}`);
}

function checkNames(field: string, names: readonly string[] | undefined, size: number): void {
  if (names === undefined) return;
  if (!Array.isArray(names) || names.length !== size || names.some((n) => typeof n !== 'string')) {
    throw new NeuriteError('INVALID_ARGUMENT', `explain: ${field} must be ${size} strings, got ${describe(names)}`, {
      field,
      expected: size,
      actual: Array.isArray(names) ? names.length : names,
    });
  }
}
