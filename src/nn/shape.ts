import { NeuriteError, describe, requireInteger } from '../errors.js';

/**
 * The shape of one sample: `[4]` for a row of 4 features, `[28, 28, 1]` for an image (height, width,
 * channels: channels last), `[32, 8]` for 32 time steps of 8 features. A batch stays one `Matrix`
 * [rows × size], each row holding one sample's values in row-major (channels-last) order.
 */
export type Shape = readonly number[];

/** Most dimensions a shape may have. */
export const MAX_SHAPE_RANK = 8;
/** Most values one sample may hold (2^28, 1 GiB in float32): beyond it a shape is a mistake, refused before allocating. */
export const MAX_SHAPE_SIZE = 2 ** 28;

/**
 * The number of values in one sample of this shape: the product of its dimensions (a batch row's width).
 *
 * @example
 * ```ts
 * import { shapeSize } from 'neurite';
 * console.log(shapeSize([28, 28, 1]), shapeSize([4])); // 784 4
 * ```
 */
export function shapeSize(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/**
 * A shape as the messages write it: `[28, 28, 1]`.
 *
 * @example
 * ```ts
 * import { formatShape } from 'neurite';
 * console.log(formatShape([28, 28, 1])); // [28, 28, 1]
 * ```
 */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/**
 * True when two shapes have the same dimensions in the same order.
 *
 * @example
 * ```ts
 * import { sameShape } from 'neurite';
 * console.log(sameShape([4, 4, 1], [4, 4, 1]), sameShape([16], [4, 4])); // true false
 * ```
 */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Checks a shape (an array of 1 to 8 positive integers whose product is at most 2^28) and returns a frozen
 * copy; throws INVALID_ARGUMENT naming `name` otherwise, before anything of that size is allocated.
 *
 * @example
 * ```ts
 * import { requireShape } from 'neurite';
 * console.log(requireShape('inputShape', [28, 28, 1])); // [28, 28, 1]
 * try { requireShape('inputShape', [28, 0]); } catch (error) { console.log(String(error)); } // dimension 1 is 0
 * ```
 */
export function requireShape(name: string, value: unknown): Shape {
  const problem = shapeProblem(value);
  if (problem !== null) {
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be a shape (1 to ${MAX_SHAPE_RANK} positive integers, e.g. [28, 28, 1]): ${problem}`, {
      field: name,
      expected: 'a shape such as [28, 28, 1]',
      actual: Array.isArray(value) ? [...value] : value,
    });
  }
  return Object.freeze([...(value as number[])]);
}

/** What is wrong with `value` as a shape, or null when it is one (shared with the model file's validation). */
export function shapeProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return `got ${describe(value)}`;
  if (value.length === 0) return 'got [] (a shape has at least one dimension)';
  if (value.length > MAX_SHAPE_RANK) return `got ${value.length} dimensions`;
  let size = 1;
  for (let i = 0; i < value.length; i++) {
    const d: unknown = value[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) return `dimension ${i} is ${describe(d)}`;
    size *= d;
  }
  if (size > MAX_SHAPE_SIZE) return `${formatShape(value as number[])} holds ${size} values per sample; the limit is ${MAX_SHAPE_SIZE}`;
  return null;
}

/**
 * The input shape of a layer that takes a row of features, from its options: `inputs: n` is short for
 * `inputShape: [n]`. Any other rank is a SHAPE_MISMATCH that suggests flattening first.
 * @internal
 */
export function rowInputShape(layer: string, inputs: unknown, inputShape: Shape | undefined): Shape {
  if (inputShape === undefined) return Object.freeze([requireInteger(`${layer} inputs`, inputs)]);
  const shape = requireShape(`${layer} inputShape`, inputShape);
  if (shape.length !== 1) {
    throw new NeuriteError(
      'SHAPE_MISMATCH',
      `${layer} takes a row of features [n], got ${formatShape(shape)}; flatten it first ({ type: 'flatten' } in Network.create, or new Flatten(...))`,
      { expected: '[n]', actual: [...shape] },
    );
  }
  if (inputs !== undefined && inputs !== shape[0]) {
    throw new NeuriteError('SHAPE_MISMATCH', `${layer}: inputs ${describe(inputs)} and inputShape ${formatShape(shape)} disagree; give one of them`, {
      expected: [shape[0]],
      actual: inputs,
    });
  }
  return shape;
}
