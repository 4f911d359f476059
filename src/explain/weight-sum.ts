import type { BatchNorm } from '../nn/batch-norm.js';
import { Conv2D } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import type { DType } from '../tensor/matrix.js';
import { num } from './format-common.js';
import type { LayerPass } from './layer-pass.js';
import type { WeightSelection } from './layer-names.js';
import type { UpstreamStep, WeightSumTrace, WeightTerm } from './layer-trace.js';
import { recurrentTerms } from './recurrent-terms.js';
import { Recurrent } from '../nn/recurrent.js';
import { upstreamOf } from './upstream-route.js';

/** One term before it is explained: where it is, its two factors. */
export interface RawTerm {
  /** Flat index of the position in the layer's output (where ∂L/∂z is read). */
  at: number;
  position: number[];
  inputPosition: number[] | null;
  gradient: number;
  input: number;
  /** Where ∂L/∂z came from, when the layer's own terms say it (a recurrent step); else traced by `upstreamOf`. */
  upstream?: UpstreamStep;
}

export interface Terms {
  formula: string;
  factors: [string, string];
  terms: RawTerm[];
  library: number;
  value: number;
}

/**
 * The chosen parameter's gradient written as the chain rule's sum over every place it is used, its largest
 * `maxTerms` terms explained (where each ∂L/∂z came from), the rest summarized, and the total checked against
 * the library's gradient from the same backward pass (`pass`): relative to Σ |terms|, within 1e-9 in float64
 * and 1e-4 in float32, else a warning.
 */
export function weightSum(
  pass: LayerPass,
  names: readonly string[],
  selection: WeightSelection,
  dtype: DType,
  maxTerms: number,
  warnings: string[],
): WeightSumTrace {
  const l = selection.layer;
  const layer = pass.layers[l]!.layer;
  const t =
    layer instanceof Conv2D
      ? convTerms(pass, l, selection)
      : layer instanceof Dense
        ? denseTerms(pass, l, selection)
        : layer instanceof Recurrent
          ? recurrentTerms(pass.layers[l]!, names[l]!, selection)
          : batchNormTerms(pass, l, selection);
  const values = t.terms.map((term) => term.gradient * term.input);
  let total = 0;
  let absSum = 0;
  for (const v of values) [total, absSum] = [total + v, absSum + Math.abs(v)];
  const order = values.map((_, i) => i).sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!) || a - b);
  const shown = order.slice(0, maxTerms);
  const rest = { count: 0, sum: 0, positive: 0, negative: 0 };
  for (const i of order.slice(maxTerms)) {
    const v = values[i]!;
    rest.count++;
    rest.sum += v;
    if (v > 0) rest.positive++;
    else if (v < 0) rest.negative++;
  }
  const top: WeightTerm[] = shown.map((i) => {
    const { at, position, inputPosition, gradient, input, upstream } = t.terms[i]!;
    return { position, inputPosition, gradient, input, value: values[i]!, upstream: upstream ?? upstreamOf(pass, names, l, at, warnings) };
  });
  const difference = Math.abs(total - t.library);
  const tolerance = dtype === 'float64' ? 1e-9 : 1e-4;
  const agrees = difference === 0 || difference <= tolerance * absSum;
  if (!agrees) {
    warnings.push(
      `${selection.name}: the chain-rule sum ${num(total)} disagrees with the library's gradient ${num(t.library)} by ${num(difference)} (beyond ${tolerance} of Σ|terms| = ${num(absSum)})`,
    );
  }
  const trace: WeightSumTrace = {
    name: selection.name,
    layer: { index: l, name: names[l]!, type: layer.type },
    parameter: `layers.${l}.${selection.record}`,
    offset: selection.offset,
    indices: { ...selection.indices },
    value: t.value,
    formula: t.formula,
    factors: t.factors,
    terms: t.terms.length,
    paddingTerms: t.terms.filter((term) => term.inputPosition === null && term.upstream === undefined).length,
    zeroTerms: values.filter((v) => v === 0).length,
    top,
    rest,
    total,
    library: t.library,
    difference,
    agrees,
  };
  if (selection.seedName !== undefined) trace.seedName = selection.seedName;
  return trace;
}

/** "2·oy + 1 − 1" → "2·oy" style: a window's input coordinate along one axis. */
function axisExpression(variable: string, stride: number, offset: number): string {
  const head = stride === 1 ? variable : `${stride}·${variable}`;
  return offset === 0 ? head : `${head} ${offset > 0 ? '+' : '−'} ${Math.abs(offset)}`;
}

/**
 * A conv weight w[f,ky,kx,c]: Σ over output positions (oy, ox) of ∂L/∂z[oy,ox,f] · x[oy·sh + ky·dh − padTop,
 * ox·sw + kx·dw − padLeft, c], x = 0 where that falls on padding. A conv bias b[f]: Σ ∂L/∂z[oy,ox,f] · 1.
 */
function convTerms(pass: LayerPass, l: number, s: WeightSelection): Terms {
  const values = pass.layers[l]!;
  const layer = values.layer as Conv2D;
  const [h, w, c] = layer.inputShape as [number, number, number];
  const [oh, ow, filters] = layer.outputShape as [number, number, number];
  const f = s.indices['f']!;
  const dz = values.dZ!;
  const terms: RawTerm[] = [];
  if (s.record === 'bias') {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
        const at = (oy * ow + ox) * filters + f;
        terms.push({ at, position: [oy, ox], inputPosition: null, gradient: dz[at]!, input: 1 });
      }
    }
    // (inputPosition is null for every bias term: its factor is 1, not a value of the input.)
    return {
      formula: `∂L/∂b[${f}] = Σ over ${oh}×${ow} positions (oy, ox) of ∂L/∂z[oy,ox,${f}] · 1`,
      factors: [`∂L/∂z[oy,ox,${f}]`, '1'],
      terms,
      library: layer.biasGrad[f]!,
      value: layer.bias[f]!,
    };
  }
  const { ky, kx } = s.indices as { ky: number; kx: number };
  const ch = s.indices['c']!;
  const rowOffset = ky * layer.dilation[0] - layer.padTop;
  const colOffset = kx * layer.dilation[1] - layer.padLeft;
  const xSymbol = `x[${axisExpression('oy', layer.strides[0], rowOffset)}, ${axisExpression('ox', layer.strides[1], colOffset)}, ${ch}]`;
  for (let oy = 0; oy < oh; oy++) {
    const iy = oy * layer.strides[0] + rowOffset;
    for (let ox = 0; ox < ow; ox++) {
      const ix = ox * layer.strides[1] + colOffset;
      const at = (oy * ow + ox) * filters + f;
      const inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
      terms.push({
        at,
        position: [oy, ox],
        inputPosition: inside ? [iy, ix, ch] : null,
        gradient: dz[at]!,
        input: inside ? values.input[(iy * w + ix) * c + ch]! : 0,
      });
    }
  }
  const geometry = `oy·${layer.strides[0]} + ky·${layer.dilation[0]} − ${layer.padTop}, ox·${layer.strides[1]} + kx·${layer.dilation[1]} − ${layer.padLeft}`;
  return {
    formula: `∂L/∂w[f,ky,kx,c] = Σ over ${oh}×${ow} positions (oy, ox) of ∂L/∂z[oy,ox,f] · x[${geometry}, c] (x = 0 on padding); here ∂L/∂z[oy,ox,${f}] · ${xSymbol}`,
    factors: [`∂L/∂z[oy,ox,${f}]`, xSymbol],
    terms,
    library: layer.weightGrad[s.offset]!,
    value: layer.weights[s.offset]!,
  };
}

/** A dense weight w[j,i]: one term, ∂L/∂z_j · x_i; a dense bias b[j]: ∂L/∂z_j · 1. */
function denseTerms(pass: LayerPass, l: number, s: WeightSelection): Terms {
  const values = pass.layers[l]!;
  const layer = values.layer as Dense;
  const j = s.indices['j']!;
  const gradient = values.dZ![j]!;
  if (s.record === 'bias') {
    return {
      formula: `∂L/∂b[${j}] = ∂L/∂z[${j}] · 1`,
      factors: [`∂L/∂z[${j}]`, '1'],
      terms: [{ at: j, position: [j], inputPosition: null, gradient, input: 1 }],
      library: layer.biasGrad[j]!,
      value: layer.bias[j]!,
    };
  }
  const i = s.indices['i']!;
  return {
    formula: `∂L/∂w[j,i] = ∂L/∂z[j] · x[i] (one term: the weight is used once); here ∂L/∂z[${j}] · x[${i}]`,
    factors: [`∂L/∂z[${j}]`, `x[${i}]`],
    terms: [{ at: j, position: [j], inputPosition: [i], gradient, input: values.input[i]! }],
    library: layer.weightGrad[s.offset]!,
    value: layer.weights[s.offset]!,
  };
}

/**
 * Batch norm in inference mode: y = γ x̂ + β with x̂ = (x − running μ) / √(running σ² + ε), so
 * ∂L/∂γ[c] = Σ over the positions of feature c of ∂L/∂y · x̂ and ∂L/∂β[c] = Σ ∂L/∂y · 1.
 */
function batchNormTerms(pass: LayerPass, l: number, s: WeightSelection): Terms {
  const values = pass.layers[l]!;
  const layer = values.layer as BatchNorm;
  const k = s.indices['c']!;
  const n = layer.features;
  const image = layer.inputShape.length === 3;
  const w = image ? layer.inputShape[1]! : 1;
  const inverseStd = 1 / Math.sqrt(layer.runningVar[k]! + layer.epsilon);
  const mean = layer.runningMean[k]!;
  const gamma = s.record === 'gamma';
  const terms: RawTerm[] = [];
  for (let at = k; at < values.input.length; at += n) {
    const cell = (at - k) / n;
    const position = image ? [Math.floor(cell / w), cell % w] : [cell];
    const xhat = (values.input[at]! - mean) * inverseStd;
    terms.push({ at, position, inputPosition: gamma ? (image ? [...position, k] : [at]) : null, gradient: values.dOutput[at]!, input: gamma ? xhat : 1 });
  }
  const where = image ? `${layer.inputShape[0]}×${w} positions (y, x)` : `${terms.length} position(s)`;
  const factor = gamma ? `x̂[·,${k}] = (x − ${num(mean)}) / √(${num(layer.runningVar[k]!)} + ${layer.epsilon})` : '1';
  return {
    formula: `∂L/∂${gamma ? 'γ' : 'β'}[${k}] = Σ over ${where} of ∂L/∂y[·,${k}] · ${gamma ? 'x̂' : '1'} (inference mode: x̂ uses the running statistics); here ${factor}`,
    factors: [`∂L/∂y[·,${k}]`, gamma ? `x̂[·,${k}]` : '1'],
    terms,
    library: (gamma ? layer.gammaGrad : layer.betaGrad)[k]!,
    value: (gamma ? layer.gamma : layer.beta)[k]!,
  };
}
