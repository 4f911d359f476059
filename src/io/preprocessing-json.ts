import type { InputJSON, PreprocessorJSON, TargetJSON } from '../data/preprocessor.js';
import { Preprocessor } from '../data/preprocessor.js';
import { describe } from '../errors.js';
import { childPath } from './json-safety.js';
import { textInputFromJSON } from './text-input-json.js';
import type { ModelLimits } from './limits.js';
import {
  expectArray,
  expectBoolean,
  expectChoice,
  expectDistinctStrings,
  expectInteger,
  expectKeys,
  expectNumber,
  expectObject,
  expectString,
  fail,
} from './schema.js';

/** Validates a preprocessor's JSON (from `Preprocessor.toJSON`), every field at its path, and builds it. */
export function preprocessorFromJSON(json: unknown, path: string, limits: ModelLimits): Preprocessor {
  const object = expectObject(json, path);
  expectKeys(object, path, ['inputs', 'target', 'missing']);
  const missing = expectChoice(object['missing'], childPath(path, 'missing'), ['error', 'drop', 'mean'] as const);
  const inputsPath = childPath(path, 'inputs');
  const items = expectArray(object['inputs'], inputsPath, { min: 1, max: limits.maxItems });
  const names = new Set<string>();
  let width = 0;
  const inputs = items.map((item, i): InputJSON => {
    const at = childPath(inputsPath, i);
    const input = expectObject(item, at);
    const name = expectString(input['name'], childPath(at, 'name'), { nonEmpty: true });
    if (names.has(name)) fail(childPath(at, 'name'), `the input ${describe(name)} appears twice`);
    names.add(name);
    const kind = expectChoice(input['kind'], childPath(at, 'kind'), ['numeric', 'categorical', 'image', 'text'] as const);
    if (kind === 'text') {
      if (items.length !== 1) fail(childPath(at, 'kind'), `a text input is the model's only input; this file has ${items.length} inputs`);
      const text = textInputFromJSON(input, at, limits);
      width += text.length;
      return text;
    }
    if (kind === 'image') {
      if (items.length !== 1) fail(childPath(at, 'kind'), `an image input is the model's only input; this file has ${items.length} inputs`);
      expectKeys(input, at, ['name', 'kind', 'shape', 'offset', 'scale']);
      const shapePath = childPath(at, 'shape');
      const shape = expectArray(input['shape'], shapePath, { min: 3, max: 3 }).map((d, k) => expectInteger(d, childPath(shapePath, k), 1, 65536));
      width += shape[0]! * shape[1]! * shape[2]!;
      if (width > limits.maxParameters) fail(shapePath, `makes an input of ${width} values; the limit is ${limits.maxParameters}`);
      return {
        name,
        kind,
        shape: [shape[0]!, shape[1]!, shape[2]!],
        offset: expectNumber(input['offset'], childPath(at, 'offset')),
        scale: expectNumber(input['scale'], childPath(at, 'scale'), { positive: true }),
      };
    }
    if (kind === 'numeric') {
      expectKeys(input, at, ['name', 'kind', 'scaling', 'offset', 'scale', 'fill']);
      width += 1;
      return {
        name,
        kind,
        scaling: expectChoice(input['scaling'], childPath(at, 'scaling'), ['standard', 'minmax', 'none'] as const),
        offset: expectNumber(input['offset'], childPath(at, 'offset')),
        scale: expectNumber(input['scale'], childPath(at, 'scale'), { positive: true }),
        fill: expectNumber(input['fill'], childPath(at, 'fill')),
      };
    }
    expectKeys(input, at, ['name', 'kind', 'categories', 'fill']);
    const categories = expectDistinctStrings(input['categories'], childPath(at, 'categories'), { min: 1, max: limits.maxItems });
    width += categories.length;
    if (width > limits.maxParameters) fail(at, `brings the input width to ${width}; the limit is ${limits.maxParameters}`);
    const fill = expectString(input['fill'], childPath(at, 'fill'));
    if (!categories.includes(fill)) fail(childPath(at, 'fill'), `${describe(fill)} is not one of the categories`);
    return { name, kind, categories, fill };
  });
  const targetPath = childPath(path, 'target');
  const target = expectObject(object['target'], targetPath);
  const name = expectString(target['name'], childPath(targetPath, 'name'), { nonEmpty: true });
  if (names.has(name)) fail(childPath(targetPath, 'name'), `the target ${describe(name)} is also an input`);
  const task = expectChoice(target['task'], childPath(targetPath, 'task'), ['classification', 'regression'] as const);
  let targetJSON: TargetJSON;
  if (task === 'classification') {
    expectKeys(target, targetPath, ['name', 'task', 'kind', 'classes', 'encoding']);
    const classes = expectDistinctStrings(target['classes'], childPath(targetPath, 'classes'), { min: 2, max: limits.maxItems });
    const encoding = expectChoice(target['encoding'], childPath(targetPath, 'encoding'), ['single', 'one-hot'] as const);
    if (encoding === 'single' && classes.length !== 2) {
      fail(childPath(targetPath, 'encoding'), `"single" (one output) is only for two classes; there are ${classes.length}`);
    }
    targetJSON = {
      name,
      task,
      kind: expectChoice(target['kind'], childPath(targetPath, 'kind'), ['numeric', 'categorical'] as const),
      classes,
      encoding,
    };
  } else {
    expectKeys(target, targetPath, ['name', 'task', 'kind', 'standardized', 'offset', 'scale']);
    targetJSON = {
      name,
      task,
      kind: expectChoice(target['kind'], childPath(targetPath, 'kind'), ['numeric'] as const),
      standardized: expectBoolean(target['standardized'], childPath(targetPath, 'standardized')),
      offset: expectNumber(target['offset'], childPath(targetPath, 'offset')),
      scale: expectNumber(target['scale'], childPath(targetPath, 'scale'), { positive: true }),
    };
  }
  const result: PreprocessorJSON = { inputs, target: targetJSON, missing };
  return Preprocessor.fromJSON(result);
}
