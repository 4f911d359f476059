import { Dense, Matrix, NeuriteError, resolveLoss, type Network } from '../../../src/index.js';
import { formatNumber, neuronName } from '../../../src/report/charts.js';

/**
 * The chain-rule trace of one sample: its feedforward (each neuron's sum and activation), its loss, and
 * backpropagation (∂L/∂out, ∂L/∂sum and ∂L/∂w for every neuron and weight), read from the library's own
 * forward and backward passes on a copy of the network.
 *
 * This stands in for the library's `explain` (src/explain) until it is merged: `computeTrace` and
 * `formatTrace` are the two functions to switch; the page renders whatever trace object they give.
 */
export interface TraceLayer {
  activation: string;
  /** The layer's inputs (the previous layer's activations). */
  inputs: number[];
  weights: number[][];
  bias: number[];
  /** Weighted sums z = w·x + b and activations a = f(z). */
  sums: number[];
  outputs: number[];
  /** ∂L/∂a (absent for the output layer of a fused loss, where the gradient starts at z). */
  dOutputs: number[] | null;
  /** ∂L/∂z = ∂L/∂a · f'(z). */
  dSums: number[];
  /** ∂L/∂w = ∂L/∂z · x, row j = neuron j. */
  dWeights: number[][];
  dBias: number[];
}

export interface Trace {
  input: number[];
  target: number[];
  loss: string;
  lossValue: number;
  layers: TraceLayer[];
  inputNames: string[];
}

export function computeTrace(network: Network, input: ArrayLike<number>, target: ArrayLike<number>, lossName: string, inputNames: readonly string[] = []): Trace {
  const copy = network.clone();
  const loss = resolveLoss(lossName);
  const x = Matrix.row(Array.from(input), copy.dtype);
  const y = Matrix.row(Array.from(target), copy.dtype);
  const lossValue = copy.computeGradients(x, y, loss);
  const dense = copy.layers.map((layer, i) => {
    if (!(layer instanceof Dense)) throw new NeuriteError('UNSUPPORTED', `explain traces dense layers; layer ${i} is ${layer.type}`);
    return layer;
  });
  const layers: TraceLayer[] = dense.map((layer) => {
    const { input: inp, z, a } = layer.lastValues();
    const rows = (flat: ArrayLike<number>, width: number) =>
      Array.from({ length: layer.outputSize }, (_, j) => Array.from({ length: width }, (_, i) => flat[j * width + i]!));
    return {
      activation: layer.activation.name,
      inputs: Array.from(inp.data),
      weights: rows(layer.weights, layer.inputSize),
      bias: Array.from(layer.bias),
      sums: Array.from(z.data),
      outputs: Array.from(a.data),
      dOutputs: null,
      dSums: Array.from(layer.preActivationGradient().data),
      dWeights: rows(layer.weightGrad, layer.inputSize),
      dBias: Array.from(layer.biasGrad),
    };
  });
  // ∂L/∂a: for the output, the loss's own gradient (unless fused with the activation); for a hidden layer,
  // Σ_k ∂L/∂z_k · w_kj over the next layer's neurons k: the chain rule's sum over paths.
  const last = layers[layers.length - 1]!;
  const fused = loss.fusedActivation !== undefined && loss.fusedActivation === last.activation;
  if (!fused) {
    const dA = new Float64Array(last.outputs.length);
    loss.backward(Float64Array.from(last.outputs), Float64Array.from(target), dA, 1, last.outputs.length);
    last.dOutputs = Array.from(dA);
  }
  for (let l = layers.length - 2; l >= 0; l--) {
    const next = layers[l + 1]!;
    layers[l]!.dOutputs = layers[l]!.outputs.map((_, j) => next.dSums.reduce((s, d, k) => s + d * next.weights[k]![j]!, 0));
  }
  return { input: Array.from(input), target: Array.from(target), loss: loss.name, lossValue, layers, inputNames: [...inputNames] };
}

/** Most weights written out per neuron before the rest are summarised. */
const MAX_WEIGHTS_SHOWN = 4;
/** Most neurons written out per layer. */
const MAX_NEURONS_SHOWN = 6;

/** The trace as text in the seed's notation, the way `neurite explain` prints it. */
export function formatTrace(trace: Trace): string {
  const f = formatNumber;
  const hidden = trace.layers.length - 1;
  const name = (layer: number, j: number) => neuronName(layer, j, hidden, trace.inputNames.length ? trace.inputNames : undefined);
  const vec = (v: number[]) => `[${v.map(f).join(', ')}]`;
  // A factor after "·": negative numbers in parentheses, so "1·(-2)" reads as a product.
  const p = (v: number) => (v < 0 ? `(${f(v)})` : f(v));
  const out: string[] = [];
  out.push(`Sample: x = ${vec(trace.input)}, y_true = ${vec(trace.target)}`);
  out.push('');
  out.push('Feedforward: each neuron computes sum = w·x + b, then out = f(sum)');
  trace.layers.forEach((layer, l) => {
    layer.outputs.forEach((a, j) => {
      if (j === MAX_NEURONS_SHOWN) out.push(`  … ${layer.outputs.length - j} more neurons in this layer`);
      if (j >= MAX_NEURONS_SHOWN) return;
      const terms = layer.weights[j]!.map((w, i) => `${p(w)}·${p(layer.inputs[i]!)}`);
      out.push(`  ${name(l + 1, j)} = ${layer.activation}(${terms.join(' + ')} + ${p(layer.bias[j]!)}) = ${layer.activation}(${f(layer.sums[j]!)}) = ${f(a)}`);
    });
  });
  out.push('');
  out.push(`Loss (${trace.loss}): L = ${f(trace.lossValue)}`);
  out.push('');
  out.push('Backpropagation, from the output back (chain rule):');
  for (let l = trace.layers.length - 1; l >= 0; l--) {
    const layer = trace.layers[l]!;
    layer.dSums.forEach((dz, j) => {
      if (j === MAX_NEURONS_SHOWN) out.push(`  … ${layer.dSums.length - j} more neurons in this layer`);
      if (j >= MAX_NEURONS_SHOWN) return;
      const n = name(l + 1, j);
      const da = layer.dOutputs?.[j];
      if (da === undefined) {
        out.push(`  ∂L/∂sum_${n} = ${f(dz)}   (${trace.loss} with ${layer.activation}: out − y_true)`);
      } else {
        const df = da === 0 ? null : dz / da;
        out.push(`  ∂L/∂${n} = ${f(da)}`);
        out.push(`  ∂L/∂sum_${n} = ∂L/∂${n} · ∂${n}/∂sum_${n} = ${f(da)} · ${df === null ? 'f′' : p(df)} = ${f(dz)}`);
      }
      layer.dWeights[j]!.forEach((dw, i) => {
        if (i === MAX_WEIGHTS_SHOWN) out.push(`    … ${layer.dWeights[j]!.length - i} more weights into ${n}`);
        if (i >= MAX_WEIGHTS_SHOWN) return;
        const src = name(l, i);
        out.push(`    ∂L/∂w(${src}→${n}) = ∂L/∂sum_${n} · ${src} = ${f(dz)} · ${p(layer.inputs[i]!)} = ${f(dw)}`);
      });
      out.push(`    ∂L/∂b(${n}) = ∂L/∂sum_${n} = ${f(layer.dBias[j]!)}`);
    });
  }
  return out.join('\n');
}
