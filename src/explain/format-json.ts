import { requireInteger } from '../errors.js';
import type { LayerExplainTrace } from './layer-trace.js';
import type { ExplainTrace, LayerTrace } from './trace.js';

/** Options of {@link formatExplainJson}. */
export interface ExplainJsonOptions {
  /**
   * Per layer, keep the chain record (`neurons[].weights[]`) of at most this many weights, those with the
   * largest |gradient| (default 1000; `Infinity` or `all` for every one). `parameters` always lists every
   * gradient, and every neuron keeps its forward and backward values and its bias record.
   */
  maxWeightsPerLayer?: number;
  all?: boolean;
}

/**
 * The trace as JSON (docs/explain.md describes every field): numbers at full precision, arrays of numbers
 * and small records on one line each, so that a 100,000-weight layer stays a few megabytes. Non-finite
 * numbers (a diverged network) become null, as JSON has no NaN or Infinity. A layer trace (`explainLayers`)
 * is written whole: it holds summaries, not every value, so it stays small.
 *
 * @example
 * ```ts
 * import { explain, formatExplainJson } from 'neurite/explain';
 * import { seedWorkedExample } from 'neurite/seed';
 * const { network, input, target } = seedWorkedExample();
 * const json = JSON.parse(formatExplainJson(explain(network, input, target)));
 * console.log(Object.keys(json)); // the trace as JSON: for a web page or a notebook
 * ```
 */
export function formatExplainJson(trace: ExplainTrace | LayerExplainTrace, options: ExplainJsonOptions = {}): string {
  if (trace.format === 'neurite-explain-layers') return serialize(trace, '') + '\n'; // bounded already: summaries, not every value
  const max =
    options.all === true || options.maxWeightsPerLayer === Infinity ? Infinity : requireInteger('maxWeightsPerLayer', options.maxWeightsPerLayer ?? 1000, 0);
  const layers = trace.layers.map((layer) => limitWeights(layer, max));
  return serialize({ ...trace, layers }, '') + '\n';
}

/** Keeps the `max` weight records of the layer with the largest |gradient|; says how many were left out. */
function limitWeights(layer: LayerTrace, max: number): LayerTrace & { weightRecords?: { shown: number; total: number } } {
  const total = layer.inputs * layer.units;
  if (total <= max) return layer;
  const ranked = layer.neurons.flatMap((n) => n.weights).sort((a, b) => Math.abs(b.gradient) - Math.abs(a.gradient));
  const keep = new Set(ranked.slice(0, max));
  return {
    ...layer,
    weightRecords: { shown: max, total },
    neurons: layer.neurons.map((n) => ({ ...n, weights: n.weights.filter((w) => keep.has(w)) })),
  };
}

/** JSON with objects indented, arrays of numbers on one line, and short flat records (a factor) on one line. */
function serialize(value: unknown, indent: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => serialize(v, inner)).join(', ')}]`;
    if (value.every((v) => flat(v) !== null)) {
      const line = `[${value.map((v) => flat(v)).join(', ')}]`;
      if (line.length <= 160) return line;
    }
    return `[\n${value.map((v) => inner + serialize(v, inner)).join(',\n')}\n${indent}]`;
  }
  const short = flat(value);
  if (short !== null) return short;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${serialize(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** A record of primitive fields that fits on a line (a factor, a bias's place), written inline; else null. */
function flat(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (!entries.every(([, v]) => v === null || typeof v !== 'object')) return null;
  const line = entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v) ?? 'null'}`).join(', ')} }`;
  return line.length <= 120 ? line : null;
}
