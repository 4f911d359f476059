import { NeuriteError, describe } from '../errors.js';
import { formatShape, type Shape } from './shape.js';

/** The error for a recurrent layer given something other than a sequence. @internal */
export function notASequence(name: string, shape: Shape): NeuriteError {
  const hint = shape.length === 1 ? `; a series of ${shape[0]} values is [${shape[0]}, 1]` : '';
  return new NeuriteError('SHAPE_MISMATCH', `${name} takes a sequence [timeSteps, features] but gets ${formatShape(shape)}${hint}`, {
    expected: '[timeSteps, features]',
    actual: [...shape],
  });
}

/** A recurrent layer's shape rule: `[timeSteps, features]` → `[units]`, or `[timeSteps, units]` with returnSequences. @internal */
export function recurrentOutputShape(name: string, input: Shape, units: number, returnSequences: boolean): Shape {
  if (input.length !== 2) throw notASequence(name, input);
  return Object.freeze(returnSequences ? [input[0]!, units] : [units]);
}

/** An optional true/false option (default false). @internal */
export function requireFlag(name: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be true or false, got ${describe(value)}`, { field: name, actual: value });
  return value;
}
