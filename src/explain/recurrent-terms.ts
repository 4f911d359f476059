import type { GRU } from '../nn/gru.js';
import type { Recurrent } from '../nn/recurrent.js';
import type { SimpleRNN } from '../nn/simple-rnn.js';
import { num } from './format-common.js';
import type { LayerValues } from './layer-pass.js';
import type { WeightSelection } from './layer-names.js';
import type { UpstreamStep } from './layer-trace.js';
import { GATES } from './recurrent-steps.js';
import type { RawTerm, Terms } from './weight-sum.js';

/**
 * Backpropagation through time for one parameter of a recurrent layer: its gradient is a sum over the time
 * steps of the chain rule's products, one term per step t, with δz_t = ∂L/∂z of its gate-unit at step t:
 *
 *   W[gate,unit,feature]:  ∂L/∂W = Σ_t δz_t · x_t[feature]
 *   U[gate,unit,from]:     ∂L/∂U = Σ_t δz_tʰ · h_{t−1}[from]      (h_{−1} = 0: step 0's term is 0)
 *   b[gate,unit]:          ∂L/∂b = Σ_t δz_t · 1
 *   GRU b_hn[unit]:        ∂L/∂b_hn = Σ_t δz_tʰ · 1               (δz_tʰ: the recurrent side, r ⊙ δz_n for the n gate)
 *
 * δz_t already holds every later step's factors (f, Uᵀσ′, …) that carried ∂L/∂h back to step t; the layer's
 * backward pass sums exactly these products (as one product over the steps), so Σ_t equals its gradient.
 */
export function recurrentTerms(values: LayerValues, name: string, s: WeightSelection): Terms {
  const layer = values.layer as Recurrent;
  const { run, gradients } = values.recurrent!;
  const g = gradients!;
  const { units: u, timeSteps: T } = run;
  const G = run.gates * u;
  const gates = GATES[layer.type];
  const gate = s.indices['gate'] ?? (s.record === 'recurrentBias' ? 2 : 0);
  const unit = s.indices['unit']!;
  const row = gate * u + unit;
  const letter = gates === undefined ? undefined : gates[gate]!.gate;
  const sub = letter === undefined ? '' : `_${letter}`;
  const recurrentSide = s.record === 'recurrentWeights' || s.record === 'recurrentBias';
  const dz = recurrentSide ? g.recurrentGateGradients : g.gateGradients;
  const gruN = layer.type === 'gru' && gate === 2 && recurrentSide;
  const dzSymbol = gruN ? `∂L/∂(U_n h + b_hn)[t,${unit}]` : `∂L/∂z${sub}[t,${unit}]`;
  const F = layer.features;
  const terms: RawTerm[] = [];
  let factor: string;
  let library: number;
  let value: number;
  for (let t = 0; t < T; t++) {
    const term: RawTerm = { at: t, position: [t], inputPosition: null, gradient: dz[t * G + row]!, input: 1 };
    if (s.record === 'inputWeights') {
      const f = s.indices['feature']!;
      [term.inputPosition, term.input] = [[t, f], values.input[t * F + f]!];
    } else if (s.record === 'recurrentWeights') {
      const from = s.indices['h']!;
      [term.inputPosition, term.input] = [[t - 1, from], t === 0 ? 0 : run.hidden[(t - 1) * u + from]!];
    }
    term.upstream = stepUpstream(values, name, t, unit, gate, letter);
    terms.push(term);
  }
  if (s.record === 'inputWeights') {
    factor = `x_t[${s.indices['feature']}]`;
    [library, value] = [layer.inputWeightGrad[s.offset]!, layer.inputWeights[s.offset]!];
  } else if (s.record === 'recurrentWeights') {
    factor = `h_{t−1}[${s.indices['h']}]`;
    [library, value] = [layer.recurrentWeightGrad[s.offset]!, layer.recurrentWeights[s.offset]!];
  } else if (s.record === 'recurrentBias') {
    factor = '1';
    const gru = layer as GRU;
    [library, value] = [gru.recurrentBiasGrad[unit]!, gru.recurrentBias[unit]!];
  } else {
    factor = '1';
    [library, value] = [layer.biasGrad[s.offset]!, layer.bias[s.offset]!];
  }
  const symbol = { inputWeights: 'W', recurrentWeights: 'U', bias: 'b', recurrentBias: 'b_hn' }[s.record as string]!;
  const index = s.name.slice(s.name.indexOf('['));
  const zeroStart = s.record === 'recurrentWeights' ? ' (h_{−1} = 0: step 0 adds nothing)' : '';
  const masked = run.lengths[0]! < T ? `; steps ${run.lengths[0]}…${T - 1} are past the sample's end (masked): their δz is 0` : '';
  return {
    formula: `∂L/∂${symbol}${index} = Σ over ${T} time steps t of ${dzSymbol} · ${factor}${zeroStart}: backpropagation through time, each δz_t carrying the factors of every later step${masked}`,
    factors: [dzSymbol, factor],
    terms,
    library,
    value,
  };
}

/** How δz at step t arose, from the values of that step: the gate's value, ∂L/∂h_t, and (LSTM) c_t. */
function stepUpstream(values: LayerValues, name: string, t: number, unit: number, gate: number, letter: string | undefined): UpstreamStep {
  const { run, gradients } = values.recurrent!;
  const u = run.units;
  const G = run.gates * u;
  const a = run.gateValues[t * G + gate * u + unit]!;
  const dh = gradients!.stateGradients[t * u + unit]!;
  const h = run.hidden[t * u + unit]!;
  const layer = values.layer;
  const last = t === run.lengths[0]! - 1;
  const recurrent = layer as Recurrent;
  const from = last ? 'from the output' : recurrent.returnSequences ? `from the output at step ${t} and from step ${t + 1}` : `from step ${t + 1}`;
  const parts = [`∂L/∂h_${t}[${unit}] = ${num(dh)} (${from})`];
  let derivation: string;
  if (layer.type === 'lstm') {
    const c = run.cells![t * u + unit]!;
    const cPrev = t > 0 ? run.cells![(t - 1) * u + unit]! : 0;
    parts.unshift(`${letter} = ${num(a)}, c_${t} = ${num(c)}, c_${t - 1} = ${num(cPrev)}, h_${t} = ${num(h)}`);
    derivation = {
      i: 'δz_i = δc_t · g · i(1 − i)',
      f: 'δz_f = δc_t · c_{t−1} · f(1 − f)',
      g: 'δz_g = δc_t · i · (1 − g²)',
      o: 'δz_o = δh_t · tanh(c_t) · o(1 − o)',
    }[letter!]!;
  } else if (layer.type === 'gru') {
    parts.unshift(`${letter} = ${num(a)}, h_${t} = ${num(h)}`);
    derivation = { r: 'δz_r = δn_pre · (U_n h_{t−1} + b_hn) · r(1 − r)', z: 'δz_z = δh_t · (h_{t−1} − n) · z(1 − z)', n: 'δn_pre = δh_t · (1 − z) · (1 − n²)' }[
      letter!
    ]!;
  } else {
    const relu = (layer as SimpleRNN).activation === 'relu';
    parts.unshift(`h_${t} = ${num(h)}`);
    derivation = relu ? "δz = δh_t · relu'(z) (1 where h_t > 0)" : 'δz = δh_t · (1 − h_t²)';
  }
  const past = t >= run.lengths[0]! ? ` (step ${t} is masked: δz = 0)` : '';
  return {
    dOutput: null,
    activation: null,
    derivative: null,
    via: `${name} step ${t}`,
    text: `step ${t}: ${derivation}; ${parts.join('; ')}${past}`,
    sources: [],
    sourceCount: 0,
  };
}
