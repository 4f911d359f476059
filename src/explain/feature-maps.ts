import type { ChannelSummary, ValuesSummary } from './layer-trace.js';

/** The shades of a map from its min to its max. */
export const SHADES = ' .:-=+*#%@';
/** Maps larger than this many cells a side are drawn as block means. */
export const MAX_SHADE_SIDE = 28;
/** Vectors up to this length keep their values in the summary. */
const MAX_VALUES_KEPT = 32;

/**
 * A layer's output (one sample, channels last) summarized: min, max, mean and the fraction of zeros over all
 * values; per channel, the same and the map drawn in shades, for an image `[h, w, c]`; the values themselves
 * for a short vector.
 */
export function summarizeValues(values: ArrayLike<number>, shape: readonly number[]): ValuesSummary {
  const all = stats(values, 0, values.length, 1);
  const summary: ValuesSummary = { ...all };
  if (shape.length === 3) {
    const [h, w, c] = shape as [number, number, number];
    summary.channels = Array.from({ length: c }, (_, k): ChannelSummary => {
      const s = stats(values, k, values.length, c);
      const { rows, downsample } = shadeMap(values, h, w, c, k, s.min, s.max);
      return { channel: k, ...s, shade: rows, downsample };
    });
  } else if (values.length <= MAX_VALUES_KEPT) summary.values = Array.from(values);
  return summary;
}

function stats(values: ArrayLike<number>, start: number, end: number, step: number): { min: number; max: number; mean: number; zeros: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let zeros = 0;
  let n = 0;
  for (let i = start; i < end; i += step) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
    n++;
  }
  return n === 0 ? { min: 0, max: 0, mean: 0, zeros: 0 } : { min, max, mean: sum / n, zeros: zeros / n };
}

/**
 * Channel `k` of an [h, w, c] map as rows of shade characters scaled from `min` (' ') to `max` ('@'); a map
 * over MAX_SHADE_SIDE cells a side is first reduced to means of d × d blocks, d = ceil(side / MAX_SHADE_SIDE).
 * A flat map (max = min) is drawn in the middle shade where it is not zero, blank where it is.
 */
export function shadeMap(
  values: ArrayLike<number>,
  h: number,
  w: number,
  c: number,
  k: number,
  min: number,
  max: number,
): { rows: string[]; downsample: number } {
  const d = Math.max(1, Math.ceil(Math.max(h, w) / MAX_SHADE_SIDE));
  const rows: string[] = [];
  const top = SHADES.length - 1;
  for (let by = 0; by < h; by += d) {
    let row = '';
    for (let bx = 0; bx < w; bx += d) {
      let sum = 0;
      let n = 0;
      for (let y = by; y < Math.min(by + d, h); y++) {
        for (let x = bx; x < Math.min(bx + d, w); x++) {
          sum += values[(y * w + x) * c + k]!;
          n++;
        }
      }
      const v = sum / n;
      const level = max > min ? Math.round(((v - min) / (max - min)) * top) : v === 0 ? 0 : Math.floor(top / 2);
      row += SHADES[Math.min(top, Math.max(0, level))];
    }
    rows.push(row);
  }
  return { rows, downsample: d };
}

/** The largest magnitude and the Euclidean norm. */
export function magnitude(values: ArrayLike<number>): { maxAbs: number; norm: number } {
  let maxAbs = 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    squares += v * v;
  }
  return { maxAbs, norm: Math.sqrt(squares) };
}
