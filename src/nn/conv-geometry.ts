import type { WindowGeometry } from '../backend/backend.js';
import { NeuriteError, describe } from '../errors.js';
import { MAX_SHAPE_SIZE, formatShape, type Shape } from './shape.js';

/** How a sliding window (a convolution's kernel, a pool) treats the border: no padding, or enough for out = ceil(in / stride). */
export type Padding = 'valid' | 'same';

/** Two sizes, for the height and the width: `[kh, kw]`, `[sh, sw]`, `[dh, dw]`. */
export type Pair = readonly [number, number];

export type { WindowGeometry };

/**
 * A size given as one positive integer (both axes) or a pair `[height, width]` of them, as a pair; `fallback`
 * when undefined. Throws INVALID_ARGUMENT naming `name` (e.g. `layers[0].kernelSize`) otherwise.
 * @internal
 */
export function requirePair(name: string, value: unknown, fallback?: number): Pair {
  if (value === undefined && fallback !== undefined) return Object.freeze([fallback, fallback] as const);
  if (positiveInteger(value)) return Object.freeze([value, value] as const);
  if (Array.isArray(value) && value.length === 2 && positiveInteger(value[0]) && positiveInteger(value[1])) {
    return Object.freeze([value[0], value[1]] as const);
  }
  throw new NeuriteError('INVALID_ARGUMENT', `${name} must be a positive integer or a pair [height, width] of them, got ${describe(value)}`, {
    field: name,
    expected: 'a positive integer or [height, width]',
    actual: value,
  });
}

/** 'valid' when undefined; otherwise 'valid' or 'same', else INVALID_ARGUMENT naming `name`. @internal */
export function requirePadding(name: string, value: unknown): Padding {
  if (value === undefined || value === 'valid' || value === 'same') return value ?? 'valid';
  throw new NeuriteError('INVALID_ARGUMENT', `${name} must be "valid" or "same", got ${describe(value)}`, {
    field: name,
    expected: ['valid', 'same'],
    actual: value,
  });
}

/**
 * The geometry of a window over an input of shape `[h, w, c]`, by the rules of TensorFlow and ONNX:
 *
 *   span     = (k − 1)·d + 1                          (the cells a dilated kernel covers)
 *   'valid': out = floor((in − span) / s) + 1,  no padding
 *   'same':  out = ceil(in / s),  total = max((out − 1)·s + span − in, 0),
 *            before (top, left) = floor(total / 2),  after = total − before   (ONNX's SAME_UPPER)
 *
 * A SHAPE_MISMATCH naming `name` (`layers[0] (conv2d)`) when the input is not `[h, w, c]` or the window does not fit.
 * @internal
 */
export function windowGeometry(name: string, input: Shape, kernel: Pair, stride: Pair, dilation: Pair, padding: Padding): WindowGeometry {
  if (input.length !== 3) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${name} takes an image [height, width, channels] but gets ${formatShape(input)}; give the network inputShape: [h, w, c] (or put { type: 'reshape', shape: [h, w, c] } before it)`,
      { expected: '[h, w, c]', actual: [...input] },
    );
  }
  const [height, width, channels] = input as [number, number, number];
  const rows = axis(name, 'height', height, kernel[0], stride[0], dilation[0], padding);
  const cols = axis(name, 'width', width, kernel[1], stride[1], dilation[1], padding);
  return Object.freeze({
    height,
    width,
    channels,
    kernelHeight: kernel[0],
    kernelWidth: kernel[1],
    strideY: stride[0],
    strideX: stride[1],
    dilationY: dilation[0],
    dilationX: dilation[1],
    padTop: rows.before,
    padLeft: cols.before,
    outHeight: rows.out,
    outWidth: cols.out,
  });
}

/** One axis of the geometry: its output size and padding before it. */
function axis(name: string, what: string, size: number, k: number, s: number, d: number, padding: Padding): { out: number; before: number } {
  const span = (k - 1) * d + 1;
  if (span > MAX_SHAPE_SIZE) {
    throw new NeuriteError('SHAPE_MISMATCH', `${name}: a kernel ${what} of ${k} with dilation ${d} spans ${span} cells; the limit is ${MAX_SHAPE_SIZE}`, {
      expected: `≤ ${MAX_SHAPE_SIZE}`,
      actual: span,
    });
  }
  if (padding === 'same') {
    const out = Math.ceil(size / s);
    const total = Math.max((out - 1) * s + span - size, 0);
    return { out, before: Math.floor(total / 2) };
  }
  const out = Math.floor((size - span) / s) + 1;
  if (out < 1) {
    const dilated = d === 1 ? '' : ` (${k} cells with dilation ${d})`;
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${name}: the window spans ${span} cells of ${what}${dilated} but the input's ${what} is ${size}; with padding "valid" it must fit (use padding "same", a smaller kernel or a larger input)`,
      { expected: `${what} ≥ ${span}`, actual: size },
    );
  }
  return { out, before: 0 };
}

function positiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}
