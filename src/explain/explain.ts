import { NeuriteError, describe, requireInteger, requireNumber } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { resolveLoss, type LossLike } from '../losses/registry.js';
import { Dense } from '../nn/dense.js';
import { fusedOutputLayer, Network } from '../nn/network.js';
import { SGD } from '../optim/sgd.js';
import { allocate, Matrix, type DType } from '../tensor/matrix.js';
import { nameNetwork } from './names.js';
import { passesThrough } from './upstream-route.js';
import { traceLayer, type LayerState, type TraceContext } from './trace-layer.js';
import type { ExplainTrace, LayerShapeTrace, LayerTrace, ParameterGradients, StepTrace } from './trace.js';

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
  // Dropout is the identity at inference, flatten and reshape always: the trace follows the dense layers only,
  // and the chain rule passes through the others unchanged (∂L/∂x = ∂L/∂out).
  const network = model.layers.some(passesThrough) ? new Network(model.layers.filter((layer) => !passesThrough(layer))) : model;
  const loss = resolveLoss(options.loss ?? 'mse');
  const maxPaths = requireInteger('maxPaths', options.maxPaths ?? 64, 0);
  const maxJacobian = requireInteger('maxJacobian', options.maxJacobian ?? 256, 0);
  const layers = network.layers.map((layer, i) => {
    if (!(layer instanceof Dense)) {
      throw new NeuriteError('UNSUPPORTED', `explain traces dense layers neuron by neuron; layer ${i} is "${layer.type}": explainLayers traces any layers`, {
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
      fused: l === last && fusedOutputLayer(layers, loss) === layer,
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
  const context: TraceContext = { states, names, maxPaths, tolerance: dtype === 'float64' ? 1e-9 : 1e-4, warnings: [] };
  const layerTraces: LayerTrace[] = states.map((_, l) => traceLayer(l, context));

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
    inputShape: [...model.inputShape],
    architecture: model.layers.map(
      (layer, index): LayerShapeTrace => ({
        index,
        type: layer.type,
        inputShape: [...layer.inputShape],
        outputShape: [...layer.outputShape],
        traced: !passesThrough(layer),
      }),
    ),
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
    warnings: context.warnings,
  };
  if (options.raw !== undefined) trace.sample.raw = { ...options.raw };
  if (options.outputNames !== undefined) trace.sample.outputNames = [...options.outputNames];
  if (options.step !== undefined) trace.step = takeStep(network, x, y, loss, lossValue, options.step);
  return trace;
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

/** The sample as a one-row matrix of the network's dtype; INVALID_ARGUMENT or SHAPE_MISMATCH otherwise. @internal */
export function sampleRow(values: ArrayLike<number>, size: number, dtype: DType, what: string, expected: string): Matrix {
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
