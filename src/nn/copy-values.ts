import { NeuriteError, describe } from '../errors.js';
import type { FloatArray } from '../tensor/matrix.js';

/** Copies explicit weights, checking their count and that each is a finite number. (Conv2D, the recurrent layers.) @internal */
export function copyValues(values: ArrayLike<number>, out: FloatArray, what: string, layout: string): void {
  if (values == null || values.length !== out.length) {
    throw new NeuriteError('SHAPE_MISMATCH', `${what} must have ${out.length} values (${layout}), got ${describe(values)}`, {
      expected: out.length,
      actual: values?.length,
    });
  }
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new NeuriteError('NON_FINITE', `${what}[${i}] is ${describe(v)}; expected a finite number`, { field: `${what}[${i}]`, actual: v });
    out[i] = v;
  }
}
