import { NeuriteError, describe } from '../errors.js';
import { childPath, FORBIDDEN_KEYS } from './json-safety.js';

/**
 * JSON text for a model: objects one key per line (2-space indent), arrays of plain values on one line (a
 * layer's weights stay one line, not one per number). Numbers are written as JavaScript's shortest
 * round-trip form (`String(x)`), which `JSON.parse` reads back to the identical double, and −0 as `-0`
 * (JSON.stringify would write 0), so saving and loading is bit-exact in float32 and float64.
 * Refuses what JSON cannot hold or a model file may not contain: NaN, ±Infinity, forbidden keys, cycles.
 */
export function stringifyModelJSON(value: unknown): string {
  const parts: string[] = [];
  write(value, '', '', parts, new Set());
  parts.push('\n');
  return parts.join('');
}

function write(value: unknown, indent: string, path: string, out: string[], open: Set<object>): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'number':
      out.push(numberJSON(value, path));
      return;
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      break;
    default:
      throw new NeuriteError('INVALID_ARGUMENT', `${path || 'The model'}: ${describe(value)} cannot be written to JSON`, { path });
  }
  const object = value as object;
  if (open.has(object)) throw new NeuriteError('INVALID_ARGUMENT', `${path}: the model data refers to itself (a cycle)`, { path });
  if (ArrayBuffer.isView(object)) {
    writeFlat(Array.from(object as Float64Array), path, out);
    return;
  }
  open.add(object);
  const inner = indent + '  ';
  if (Array.isArray(object)) {
    if (object.every((item) => item === null || typeof item !== 'object')) {
      writeFlat(object, path, out);
    } else {
      out.push('[');
      object.forEach((item, i) => {
        out.push(i === 0 ? '\n' : ',\n', inner);
        write(item === undefined ? null : item, inner, childPath(path, i), out, open);
      });
      out.push(object.length > 0 ? `\n${indent}]` : ']');
    }
  } else {
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      open.delete(object);
      write((toJSON as () => unknown).call(object), indent, path, out, open);
      return;
    }
    out.push('{');
    let first = true;
    for (const key of Object.keys(object)) {
      const item = (object as Record<string, unknown>)[key];
      if (item === undefined || typeof item === 'function') continue;
      if (FORBIDDEN_KEYS.includes(key)) {
        throw new NeuriteError('INVALID_ARGUMENT', `${childPath(path, key)}: the key ${describe(key)} cannot be saved in a model file`, {
          path: childPath(path, key),
        });
      }
      out.push(first ? '\n' : ',\n', inner, JSON.stringify(key), ': ');
      first = false;
      write(item, inner, childPath(path, key), out, open);
    }
    out.push(first ? '}' : `\n${indent}}`);
  }
  open.delete(object);
}

function writeFlat(items: readonly unknown[], path: string, out: string[]): void {
  const texts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === 'number') texts[i] = numberJSON(item, childPath(path, i));
    else if (typeof item === 'string') texts[i] = JSON.stringify(item);
    else if (typeof item === 'boolean') texts[i] = item ? 'true' : 'false';
    else if (item === null || item === undefined) texts[i] = 'null';
    else throw new NeuriteError('INVALID_ARGUMENT', `${childPath(path, i)}: ${describe(item)} cannot be written to JSON`, { path: childPath(path, i) });
  }
  out.push('[', texts.join(', '), ']');
}

function numberJSON(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new NeuriteError('NON_FINITE', `${path || 'A value'} is ${value}; a model file holds finite numbers only (did training diverge?)`, {
      path,
      actual: value,
    });
  }
  return Object.is(value, -0) ? '-0' : String(value);
}
