import type { Recurrent } from '../nn/recurrent.js';
import { num } from './format-common.js';
import type { LayerValues } from './layer-pass.js';
import type { GateActivity, RecurrentLayerTrace, StateGradientTrace } from './layer-trace.js';

/** The gates of each recurrent type in block order, and each gate's squashing function. */
export const GATES: Record<string, { gate: string; activation: 'sigmoid' | 'tanh' }[]> = {
  lstm: [
    { gate: 'i', activation: 'sigmoid' },
    { gate: 'f', activation: 'sigmoid' },
    { gate: 'g', activation: 'tanh' },
    { gate: 'o', activation: 'sigmoid' },
  ],
  gru: [
    { gate: 'r', activation: 'sigmoid' },
    { gate: 'z', activation: 'sigmoid' },
    { gate: 'n', activation: 'tanh' },
  ],
};

/** Below this, ∂L/∂h_0 against ∂L/∂h at the last real step is called vanishing; above its inverse, exploding. */
const VANISHING = 1e-2;

/**
 * A recurrent layer's steps on the traced sample (row 0 of the pass): h_t, LSTM's c_t, each gate's mean over
 * the units per step, and ∂L/∂h_t's norm per step going back in time (see {@link StateGradientTrace}).
 */
export function recurrentSteps(values: LayerValues, index: number, name: string): RecurrentLayerTrace {
  const layer = values.layer as Recurrent;
  const { run, gradients } = values.recurrent!;
  const { units: u, timeSteps: T } = run;
  const length = run.lengths[0]!;
  const rows = (data: Float64Array, width: number) => Array.from({ length: T }, (_, t) => Array.from(data.subarray(t * width, (t + 1) * width)));
  const gates: GateActivity[] = (GATES[layer.type] ?? []).map(({ gate, activation }, g) => ({
    gate,
    activation,
    mean: Array.from({ length: T }, (_, t) => {
      let sum = 0;
      for (let k = 0; k < u; k++) sum += run.gateValues[t * run.gates * u + g * u + k]!;
      return sum / u;
    }),
  }));
  const trace: RecurrentLayerTrace = {
    layer: { index, name, type: layer.type },
    units: u,
    timeSteps: T,
    length,
    hidden: rows(run.hidden, u),
    gates,
    stateGradient: stateGradient(gradients?.stateGradients ?? new Float64Array(T * u), u, T, length, layer.returnSequences ? 'every' : 'last'),
  };
  if (run.cells !== undefined) trace.cells = rows(run.cells, u);
  return trace;
}

/** ‖∂L/∂h_t‖ per step, the ratios step to step, and what they say going back from the last real step to the first. */
export function stateGradient(dH: ArrayLike<number>, units: number, T: number, length: number, entry: 'last' | 'every'): StateGradientTrace {
  const norms = Array.from({ length: T }, (_, t) => {
    let s = 0;
    for (let k = 0; k < units; k++) s += dH[t * units + k]! ** 2;
    return Math.sqrt(s);
  });
  const ratios = norms.map((n, t) => (t + 1 < T && norms[t + 1]! > 0 ? n / norms[t + 1]! : null));
  const last = length - 1;
  const steps = last;
  const first = norms[0]!;
  const end = last >= 0 ? norms[last]! : 0;
  const overall = steps >= 1 && first > 0 && end > 0 ? first / end : null;
  const perStep = overall === null ? null : overall ** (1 / steps);
  let verdict: StateGradientTrace['verdict'] = 'none';
  let text: string;
  if (overall === null) {
    text =
      steps < 1 ? 'one real step: nothing to compare' : `‖∂L/∂h‖ is 0 at ${first === 0 ? 'the first step' : `step ${last}`}: nothing reaches back to compare`;
  } else {
    verdict = overall < VANISHING ? 'vanishing' : overall > 1 / VANISHING ? 'exploding' : 'steady';
    const how =
      verdict === 'vanishing'
        ? `vanishing: going back ${steps} steps it shrinks to ${num(overall)} of its size`
        : verdict === 'exploding'
          ? `exploding: going back ${steps} steps it grows ${num(overall)}-fold`
          : `steady: going back ${steps} steps it changes by a factor ${num(overall)} (within 100× either way)`;
    const through = entry === 'every' ? '; the loss reaches every step (returnSequences), so each norm mixes what enters there with what comes back' : '';
    text = `‖∂L/∂h_0‖ / ‖∂L/∂h_${last}‖ = ${num(overall)}, ×${num(perStep!)} per step on average: ${how}${through}`;
  }
  return { norms, ratios, entry, overall, perStep, verdict, text };
}
