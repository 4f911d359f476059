import { NeuriteError } from '../errors.js';
import type { Backend } from './backend.js';
import { jsBackend } from './js/js-backend.js';

export type { Backend } from './backend.js';

const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);
let current: Backend = jsBackend;

/** Makes a backend available by name (a faster one registers itself when its runtime supports it). */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/** The backend layers use unless a network is given its own. */
export function getBackend(): Backend {
  return current;
}

export function setBackend(name: string): Backend {
  const found = backends.get(name);
  if (!found) {
    throw new NeuriteError('INVALID_ARGUMENT', `Unknown backend "${name}"; available: ${[...backends.keys()].join(', ')}`, {
      field: 'backend',
      expected: [...backends.keys()],
      actual: name,
    });
  }
  current = found;
  return found;
}

export function backendNames(): string[] {
  return [...backends.keys()];
}

export { jsBackend };
