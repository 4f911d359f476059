import { NeuriteError, describe } from '../errors.js';
import { formatShape, type Shape } from './shape.js';

/**
 * The geometry of a sliding window over an image axis, as docs' cnn-api rules give it (TensorFlow's and
 * ONNX's SAME_UPPER for 'same'). The pooling layers' copy of the rules; the convolution's module has the same.
 */

/** How a window treats the image's border: 'valid' slides inside it, 'same' pads it to give ceil(in / stride) outputs. */
export type Padding = 'valid' | 'same';

/** A window's height and width, or a stride: `2` is short for `[2, 2]`. */
export type Pair = number | readonly [number, number];

/** One axis of a window's slide: the outputs it gives and the padding before the first input (top or left). */
export interface WindowAxis {
  out: number;
  padBefore: number;
}

/**
 * The outputs along one axis of `size` values for a window of `kernel` (dilated by `dilation`) moved by
 * `stride`:
 *   'valid': out = floor((size − ((kernel − 1)·dilation + 1)) / stride) + 1, no padding
 *   'same':  out = ceil(size / stride),
 *            total = max((out − 1)·stride + (kernel − 1)·dilation + 1 − size, 0), before = floor(total / 2)
 * An out < 1 (a window larger than the image) is a SHAPE_MISMATCH naming `layer`.
 */
export function windowAxis(layer: string, axis: 'height' | 'width', size: number, kernel: number, stride: number, padding: Padding, dilation = 1): WindowAxis {
  const span = (kernel - 1) * dilation + 1;
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + span - size, 0);
    return { out, padBefore: Math.floor(total / 2) };
  }
  const out = Math.floor((size - span) / stride) + 1;
  if (out < 1) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${layer}: its window spans ${span} values of the ${axis} but the input has ${size}; use a smaller window or padding: 'same'`,
      { expected: `${axis} ≥ ${span}`, actual: size },
    );
  }
  return { out, padBefore: 0 };
}

/** Throws SHAPE_MISMATCH naming `layer` unless `input` is an image `[h, w, c]`. */
export function requireImageShape(layer: string, input: Shape): readonly [number, number, number] {
  if (input.length !== 3) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${layer} takes an image [h, w, c] but gets ${formatShape(input)}; put a reshape layer before it ({ type: 'reshape', shape: [h, w, c] })`,
      { expected: '[h, w, c]', actual: [...input] },
    );
  }
  return input as unknown as readonly [number, number, number];
}

/** A positive integer or a pair of them (`[height, width]`) as a frozen pair; INVALID_ARGUMENT naming `name` otherwise. */
export function requirePair(name: string, value: unknown): readonly [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1)) {
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be a positive integer or a pair [height, width] of them, got ${describe(value)}`, {
      field: name,
      expected: 'a positive integer or [height, width]',
      actual: value,
    });
  }
  return Object.freeze([pair[0], pair[1]] as const);
}

/** 'valid' (the default) or 'same'; INVALID_ARGUMENT naming `name` otherwise. */
export function requirePadding(name: string, value: unknown): Padding {
  if (value === undefined) return 'valid';
  if (value !== 'valid' && value !== 'same') {
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be "valid" or "same", got ${describe(value)}`, {
      field: name,
      expected: ['valid', 'same'],
      actual: value,
    });
  }
  return value;
}
