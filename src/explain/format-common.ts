import { NeuriteError, requireInteger } from '../errors.js';
import { formatShape } from '../nn/shape.js';
import type { BiasTrace, ExplainTrace, Factor, LayerTrace, NeuronTrace, PathTrace, WeightTrace } from './trace.js';

/** Options shared by the text and markdown views. */
export interface ExplainFormatOptions {
  /** Per layer, show the `top` neurons by |∂L/∂sum| and parameters by |gradient| (default 10). */
  top?: number;
  /** Show every neuron and parameter (overrides `top`). */
  all?: boolean;
  /** Digits after the decimal point (default 6, as the seed prints its factors). */
  digits?: number;
  /** Write ∂L/∂node as a sum over paths when there are at most this many (default 4); else one layer at a time. */
  maxPathsShown?: number;
  /** A title line instead of the default. */
  title?: string;
}

export interface ResolvedFormat {
  top: number;
  all: boolean;
  digits: number;
  maxPathsShown: number;
}

export function resolveFormat(options: ExplainFormatOptions = {}): ResolvedFormat {
  if (options === null || typeof options !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', 'explain format options must be an object');
  }
  return {
    top: requireInteger('top', options.top ?? 10, 1),
    all: options.all === true,
    digits: requireInteger('digits', options.digits ?? 6, 0),
    maxPathsShown: requireInteger('maxPathsShown', options.maxPathsShown ?? 4, 0),
  };
}

/**
 * A number the way the seed prints it: integers as they are (x1 = -2), others with `digits` decimals
 * (0.523695), tiny or huge ones in exponent form so that no gradient reads as 0.000000.
 */
export function num(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0) || v === 0) return '0';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const abs = Math.abs(v);
  if (abs >= 10 ** -Math.min(digits, 3) && abs < 1e9) return v.toFixed(digits);
  return v.toExponential(Math.max(digits - 1, 1));
}

/** A factor's value inside a product: (−0.952610). */
export function paren(v: number, digits: number): string {
  return `(${num(v, digits)})`;
}

export function product(factors: readonly Factor[], digits: number): { symbols: string; values: string } {
  return {
    symbols: factors.map((f) => f.symbol).join(' · '),
    values: factors.map((f) => paren(f.value, digits)).join(' · '),
  };
}

/** The network's shape, e.g. 2-2-1. */
export function shape(trace: ExplainTrace): string {
  const first = trace.layers[0];
  return [first ? first.inputs : 0, ...trace.layers.map((l) => l.units)].join('-');
}

/**
 * The network's layers with their shapes, `[4, 4, 1] → flatten → [16] → dense → [3]`, and a note naming the
 * layer types the chain rule passes through unchanged; null for dense layers on a row (nothing to add).
 */
export function architecture(trace: ExplainTrace): { chain: string; note: string } | null {
  const layers = trace.architecture ?? [];
  if (layers.every((l) => l.traced) && (trace.inputShape ?? []).length <= 1) return null;
  const chain = [formatShape(trace.inputShape), ...layers.map((l) => `${l.type} → ${formatShape(l.outputShape)}`)].join(' → ');
  const skipped = [...new Set(layers.filter((l) => !l.traced).map((l) => l.type))];
  return { chain, note: skipped.length === 0 ? '' : ` (${skipped.join(', ')}: values and gradients pass through unchanged)` };
}

export function layerTitle(layer: LayerTrace): string {
  const fused = layer.fused ? ', fused with the loss' : '';
  return `layer ${layer.index} · ${layer.role} · ${layer.activation}${fused} · ${layer.inputs} → ${layer.units}`;
}

/** Which neurons of a layer to show: all in order, or the `top` by |∂L/∂sum| (largest first). */
export function selectNeurons(layer: LayerTrace, f: ResolvedFormat): { neurons: NeuronTrace[]; hidden: number } {
  if (f.all || layer.neurons.length <= f.top) return { neurons: layer.neurons, hidden: 0 };
  const sorted = [...layer.neurons].sort((a, b) => Math.abs(b.dSum) - Math.abs(a.dSum) || a.index - b.index);
  return { neurons: sorted.slice(0, f.top), hidden: layer.neurons.length - f.top };
}

export type ParamTrace = { kind: 'weight'; param: WeightTrace; neuron: NeuronTrace } | { kind: 'bias'; param: BiasTrace; neuron: NeuronTrace };

/** A layer's parameters (each neuron's weights, then its bias): all in order, or the `top` by |∂L/∂param|. */
export function selectParameters(layer: LayerTrace, f: ResolvedFormat): { params: ParamTrace[]; total: number } {
  const all: ParamTrace[] = [];
  for (const neuron of layer.neurons) {
    for (const w of neuron.weights) all.push({ param: w, neuron, kind: 'weight' });
    all.push({ param: neuron.bias, neuron, kind: 'bias' });
  }
  if (f.all || all.length <= f.top) return { params: all, total: all.length };
  const ranked = all.map((p, order) => ({ p, order })).sort((a, b) => Math.abs(b.p.param.gradient) - Math.abs(a.p.param.gradient) || a.order - b.order);
  return { params: ranked.slice(0, f.top).map((r) => r.p), total: all.length };
}

/** Where a parameter sits: x1 → h1 for a weight, → h1 for a bias. */
export function link(p: ParamTrace): string {
  return p.kind === 'weight' ? `${p.param.from} → ${p.neuron.name}` : `bias of ${p.neuron.name}`;
}

/**
 * ∂L/∂node as the seed writes it: the sum over paths when there are few (∂L/∂y_pred · ∂y_pred/∂h1),
 * otherwise the one symbol ∂L/∂h1. `grouped` wraps a sum in parentheses, for use inside a product.
 */
export function upstreamExpression(neuron: NeuronTrace, f: ResolvedFormat): { symbols: string; values: string; grouped: boolean } {
  const paths: PathTrace[] | null = neuron.paths;
  if (paths !== null && paths.length >= 1 && paths.length <= f.maxPathsShown) {
    const parts = paths.map((p) => product(p.factors, f.digits));
    if (parts.length === 1) return { ...parts[0]!, grouped: false };
    return {
      symbols: parts.map((p) => p.symbols).join(' + '),
      values: parts.map((p) => p.values).join(' + '),
      grouped: true,
    };
  }
  return { symbols: `∂L/∂${neuron.node}`, values: paren(neuron.dNode, f.digits), grouped: false };
}

/** One parameter's gradient in the seed's form and as its three factors. */
export interface ParamFormulas {
  /** ∂L/∂w1 */
  lhs: string;
  /** ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1  =  (…) · (…) · (…) */
  seed: { symbols: string; values: string };
  /** ∂L/∂h1 · f'(sum_h1) · x1  =  (…) · (…) · (…); null when it says the same as `seed`. */
  factors: { symbols: string; values: string } | null;
  /** ∂h1/∂w1 = x1 · f'(sum_h1) = (…) · (…) = … */
  partial: string;
}

export function paramFormulas(p: ParamTrace, f: ResolvedFormat): ParamFormulas {
  const up = upstreamExpression(p.neuron, f);
  const wrap = (s: string) => (up.grouped ? `(${s})` : s);
  const partial = p.param.partial;
  const seed = {
    symbols: `${wrap(up.symbols)} · ${partial.symbol}`,
    values: `${wrap(up.values)} · ${paren(partial.value, f.digits)}`,
  };
  const three = product(p.param.chain, f.digits);
  return {
    lhs: `∂L/∂${p.param.name}`,
    seed,
    // Through a sum (fused output, softmax-like layer) the chain is ∂L/∂sum · x: the seed's form already says it.
    factors: p.neuron.node === p.neuron.sumSymbol || three.symbols === seed.symbols ? null : three,
    partial: partialExpression(p, f.digits),
  };
}

/** ∂h1/∂w1 = x1 · f'(sum_h1) = (−2) · (0.045177) = −0.090353, or ∂sum_o1/∂w5 = h1 = 0.047426. */
function partialExpression(p: ParamTrace, digits: number): string {
  const partial = p.param.partial;
  const n = p.neuron;
  const throughValue = n.node !== n.sumSymbol;
  if (p.kind === 'weight') {
    const w = p.param;
    if (throughValue) {
      return `${partial.symbol} = ${w.from} · f'(${n.sumSymbol}) = ${paren(w.input, digits)} · ${paren(n.derivative!, digits)} = ${num(partial.value, digits)}`;
    }
    return `${partial.symbol} = ${w.from} = ${num(partial.value, digits)}`;
  }
  return throughValue ? `${partial.symbol} = f'(${n.sumSymbol}) = ${num(partial.value, digits)}` : `${partial.symbol} = 1`;
}

/** ∂L/∂sum for one neuron, as the product or sum that gives it. */
export function sumGradientExpression(n: NeuronTrace, f: ResolvedFormat): string {
  const d = f.digits;
  const lhs = `∂L/∂${n.sumSymbol}`;
  if (n.dValue !== null && n.derivative !== null) {
    return `${lhs} = ∂L/∂${n.symbol} · f'(${n.sumSymbol}) = ${paren(n.dValue, d)} · ${paren(n.derivative, d)} = ${num(n.dSum, d)}`;
  }
  if (n.upstream.kind === 'fused') return `${lhs} = ${num(n.dSum, d)}   (from the loss, fused with the activation: (ŷ − y) / n for the cross-entropies)`;
  if (n.jacobian) {
    const terms = n.jacobian.map((t) => ({
      symbols: `∂L/∂${t.neuron} · ∂${t.neuron}/∂${n.sumSymbol}`,
      values: `${paren(t.dValue, d)} · ${paren(t.partial, d)}`,
      size: Math.abs(t.product),
    }));
    return `${lhs} = ${sumOfTerms(terms, f, `Σ_m ∂L/∂value_m · ∂value_m/∂${n.sumSymbol}`)} = ${num(n.dSum, d)}   (the activation is not elementwise: its Jacobian)`;
  }
  return `${lhs} = ${num(n.dSum, d)}`;
}

/** a·b + c·d written out when there are few terms, else Σ with the largest terms named. */
function sumOfTerms(terms: { symbols: string; values: string; size: number }[], f: ResolvedFormat, sigma: string): string {
  if (terms.length <= Math.max(f.maxPathsShown, 1)) {
    return `${terms.map((t) => t.symbols).join(' + ')} = ${terms.map((t) => t.values).join(' + ')}`;
  }
  const largest = [...terms].sort((a, b) => b.size - a.size).slice(0, 3);
  return `${sigma} over ${terms.length} terms, the largest ${largest.map((t) => `${t.symbols} = ${t.values}`).join(', ')}, …`;
}

/** ∂L/∂value for a neuron: from the loss, or as paths or a sum over the next layer. */
export function valueGradientExpression(n: NeuronTrace, f: ResolvedFormat, lossName: string): string | null {
  if (n.dValue === null) return null;
  const d = f.digits;
  const lhs = `∂L/∂${n.symbol}`;
  if (n.upstream.kind === 'loss') {
    const how = lossName === 'mean_squared_error' ? '−2(y_true − y_pred) / n, the derivative of mean_squared_error' : `the derivative of ${lossName}`;
    return `${lhs} = ${num(n.dValue, d)}   (${how})`;
  }
  if (n.upstream.kind !== 'next-layer') return `${lhs} = ${num(n.dValue, d)}`;
  if (n.node === n.symbol && n.paths !== null && n.paths.length <= f.maxPathsShown) {
    const up = upstreamExpression(n, f);
    return `${lhs} = ${up.symbols} = ${up.values} = ${num(n.dValue, d)}`;
  }
  const terms = n.upstream.terms.map((t) => ({
    symbols: `∂L/∂sum_${t.neuron} · ${t.weightName}`,
    values: `${paren(t.dSum, d)} · ${paren(t.weight, d)}`,
    size: Math.abs(t.product),
  }));
  return `${lhs} = ${sumOfTerms(terms, f, 'Σ_k ∂L/∂sum_k · w_k')} = ${num(n.dValue, d)}`;
}

/** A value inside a product, in parentheses when negative: 0.1 · (−0.010735). */
export function signed(v: number, digits: number): string {
  return v < 0 ? `(${num(v, digits)})` : num(v, digits);
}

/** A parameter's value after the trace's SGD step (NaN when no step was taken). */
export function afterValue(trace: ExplainTrace, parameter: string, index: number): number {
  const record = trace.step?.parameters.find((q) => q.name === parameter);
  return record ? record.after[index]! : NaN;
}
