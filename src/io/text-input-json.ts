import type { TextInputJSON } from '../data/text-input.js';
import { TOKENIZER } from '../data/text-tokens.js';
import { MAX_SHAPE_SIZE } from '../nn/shape.js';
import { childPath } from './json-safety.js';
import type { ModelLimits } from './limits.js';
import { expectChoice, expectDistinctStrings, expectInteger, expectKeys, expectString, type JsonObject } from './schema.js';

/** A text input's JSON (see `TextInputJSON`), every field checked at its path. */
export function textInputFromJSON(input: JsonObject, at: string, limits: ModelLimits): TextInputJSON {
  expectKeys(input, at, ['name', 'kind', 'tokenizer', 'vocabulary', 'length']);
  return {
    name: expectString(input['name'], childPath(at, 'name'), { nonEmpty: true }),
    kind: 'text',
    tokenizer: expectChoice(input['tokenizer'], childPath(at, 'tokenizer'), [TOKENIZER] as const),
    vocabulary: expectDistinctStrings(input['vocabulary'], childPath(at, 'vocabulary'), { min: 1, max: limits.maxItems }),
    length: expectInteger(input['length'], childPath(at, 'length'), 1, MAX_SHAPE_SIZE),
  };
}
