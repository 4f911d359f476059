import { NeuriteError, describe } from '../errors.js';
import { locateJsonError } from './json-locate.js';

/**
 * Keys that could reach `Object.prototype` if a parsed object were ever merged or assigned naively.
 *
 * @example
 * ```ts
 * import { FORBIDDEN_KEYS, parseJsonStrict } from 'neurite';
 * console.log(FORBIDDEN_KEYS); // ['__proto__', 'constructor', 'prototype']
 * try { parseJsonStrict('{"__proto__": {"admin": true}}'); } catch (error) { console.log(String(error)); }
 * ```
 */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** JSON nested deeper than this is refused (a model file needs about 6 levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses untrusted JSON text, then walks the whole result before anyone uses it: no key named `__proto__`,
 * `constructor` or `prototype` anywhere, no number outside float64 (`1e999` parses to Infinity), no nesting
 * deeper than `MAX_JSON_DEPTH`. `JSON.parse` itself defines a `__proto__` key as a plain own property (it
 * pollutes nothing), so checking after parsing is safe; the walk is iterative, so deep input cannot
 * overflow the stack. Errors are MODEL_FORMAT with `path` (and `line`/`column` for syntax errors).
 *
 * @example
 * ```ts
 * import { parseJsonStrict } from 'neurite';
 * console.log(parseJsonStrict('{"layers": [1, 2]}', 'model.json')); // { layers: [1, 2] }
 * try { parseJsonStrict('{"layers": [1, 2', 'model.json'); } catch (error) { console.log(String(error)); } // names model.json
 * ```
 */
export function parseJsonStrict(text: string, what = 'The model file'): unknown {
  if (typeof text !== 'string') {
    throw new NeuriteError('MODEL_FORMAT', `${what} must be text (a string), got ${describe(text)}`, { path: '' });
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw syntaxError(body, error, what);
  }
  checkTree(value);
  return value;
}

function syntaxError(text: string, error: unknown, what: string): NeuriteError {
  const found = locateJsonError(text);
  const engine = error instanceof Error ? error.message : String(error);
  if (!found) return new NeuriteError('MODEL_FORMAT', `${what} is not valid JSON: ${engine}`, { path: '' }, { cause: error });
  const { position, problem } = found;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const column = position - lineStart + 1;
  const truncated = position >= text.length ? ' (the text ends early: is the file truncated?)' : '';
  return new NeuriteError(
    'MODEL_FORMAT',
    `${what} is not valid JSON at line ${line}, column ${column}: ${problem}${truncated}`,
    {
      path: '',
      line,
      column,
      position,
    },
    { cause: error },
  );
}

/** Appends a key to a JSON path: `a.b`, `a["odd key"]`, `a[3]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function checkTree(root: unknown): void {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) {
      throw new NeuriteError('MODEL_FORMAT', `${path || 'The JSON'} is nested more than ${MAX_JSON_DEPTH} levels deep`, { path });
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'number') {
          if (!Number.isFinite(item)) throw nonFinite(childPath(path, i), item);
        } else if (item !== null && typeof item === 'object') {
          stack.push({ value: item, path: childPath(path, i), depth: depth + 1 });
        }
      }
    } else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) {
        const at = childPath(path, key);
        if (FORBIDDEN_KEYS.includes(key)) {
          throw new NeuriteError(
            'MODEL_FORMAT',
            `${at}: the key ${describe(key)} is not allowed anywhere in a model file (it could change the behaviour of every object); remove it`,
            { path: at },
          );
        }
        const item: unknown = (value as Record<string, unknown>)[key];
        if (typeof item === 'number') {
          if (!Number.isFinite(item)) throw nonFinite(at, item);
        } else if (item !== null && typeof item === 'object') {
          stack.push({ value: item, path: at, depth: depth + 1 });
        }
      }
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      throw nonFinite(path, value);
    }
  }
}

function nonFinite(path: string, value: number): NeuriteError {
  return new NeuriteError(
    'MODEL_FORMAT',
    `${path || 'The JSON'}: ${value} is not a finite number (a number like 1e999 is too large for a float64); the file is corrupt or was edited by hand`,
    { path, actual: value },
  );
}
