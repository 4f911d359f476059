/**
 * The seed's names for the parts of a network, generalized to any shape:
 * inputs x1..xn; hidden neurons h1, h2, ... (h<layer>_<neuron>, 1-based, when there are several hidden
 * layers); outputs o1, o2, ... whose value is written y_pred when there is one output (as the seed does);
 * weighted sums sum_h1, sum_o1; weights w1..wN and biases b1..bM numbered through the network in layer order,
 * one neuron's row after another (the seed: w1, w2 into h1; w3, w4 into h2; w5, w6 into o1; b1, b2, b3).
 */
export interface NetworkNames {
  inputs: string[];
  /** Per layer, per neuron: h1, o1. */
  neurons: string[][];
  /** Per layer, per neuron: the symbol of its value (the name, or y_pred for a single output). */
  values: string[][];
  /** Per layer, row-major [neuron][input]. */
  weights: string[][];
  /** Per layer, per neuron. */
  biases: string[][];
}

/**
 * The seed's names for a network with `inputs` inputs and `units[l]` neurons in layer l (see {@link NetworkNames}).
 *
 * @example
 * ```ts
 * import { nameNetwork } from 'neurite/explain';
 * const names = nameNetwork(2, [2, 1]); // the seed's 2-2-1 network
 * console.log(names.inputs, names.neurons, names.weights); // the seed's names: x1 x2, h1 h2 o1, w1 … w6
 * ```
 */
export function nameNetwork(inputs: number, units: readonly number[]): NetworkNames {
  const hiddenLayers = units.length - 1;
  const names: NetworkNames = { inputs: [], neurons: [], values: [], weights: [], biases: [] };
  for (let i = 0; i < inputs; i++) names.inputs.push(`x${i + 1}`);
  let w = 0;
  let b = 0;
  let fanIn = inputs;
  units.forEach((count, l) => {
    const output = l === units.length - 1;
    const neurons: string[] = [];
    for (let j = 0; j < count; j++) {
      if (output) neurons.push(`o${j + 1}`);
      else neurons.push(hiddenLayers === 1 ? `h${j + 1}` : `h${l + 1}_${j + 1}`);
    }
    names.neurons.push(neurons);
    names.values.push(output && count === 1 ? ['y_pred'] : neurons.slice());
    const weights: string[] = [];
    for (let k = 0; k < count * fanIn; k++) weights.push(`w${++w}`);
    names.weights.push(weights);
    names.biases.push(neurons.map(() => `b${++b}`));
    fanIn = count;
  });
  return names;
}

/** The symbol of a weighted sum: sum_h1. */
export function sumSymbol(neuron: string): string {
  return `sum_${neuron}`;
}
