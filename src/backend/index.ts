import { NeuriteError } from '../errors.js';
import { allocate, type DType, type FloatArray } from '../tensor/matrix.js';
import type { Backend } from './backend.js';
import { jsBackend } from './js/js-backend.js';
import { createWasmBackend, wasmSimdSupported } from './wasm/wasm-backend.js';

export type { Backend, ThreadPool, Threading } from './backend.js';

const backends = new Map<string, Backend>([[jsBackend.name, jsBackend]]);
let current: Backend = jsBackend;

// The WebAssembly SIMD backend becomes the default wherever the runtime can run it; anything that stops it
// (no WebAssembly, no SIMD, a browser that refuses synchronous compilation) leaves the JavaScript reference.
if (wasmSimdSupported()) {
  try {
    const wasm = createWasmBackend();
    backends.set(wasm.name, wasm);
    current = wasm;
  } catch {
    // stay on the reference backend
  }
}

/**
 * Makes a backend available by name (a faster one registers itself when its runtime supports it).
 *
 * @example
 * ```ts
 * import { jsBackend, registerBackend, setBackend } from 'neurite';
 * registerBackend({ ...jsBackend, name: 'js-copy' }); // a backend of your own, by name
 * setBackend('js-copy');
 * setBackend('js');
 * ```
 */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

/**
 * The backend layers use unless a network is given its own.
 *
 * @example
 * ```ts
 * import { getBackend } from 'neurite';
 * console.log(getBackend().name); // 'wasm' where WebAssembly SIMD runs, else 'js'
 * ```
 */
export function getBackend(): Backend {
  return current;
}

/**
 * Chooses the default backend by name: "wasm" (the default where supported) or "js" (the reference).
 *
 * @example
 * ```ts
 * import { getBackend, setBackend } from 'neurite';
 * const before = getBackend().name; // 'wasm' where WebAssembly SIMD runs, else 'js'
 * setBackend('js'); // the readable reference kernels
 * setBackend(before);
 * ```
 */
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

/**
 * A backend by name, or undefined.
 *
 * @example
 * ```ts
 * import { findBackend } from 'neurite';
 * console.log(findBackend('js')?.name, findBackend('nope')); // 'js' undefined
 * ```
 */
export function findBackend(name: string): Backend | undefined {
  return backends.get(name);
}

/**
 * The registered backends' names, e.g. `['js', 'wasm']`.
 *
 * @example
 * ```ts
 * import { backendNames } from 'neurite';
 * console.log(backendNames()); // e.g. ['js', 'wasm']
 * ```
 */
export function backendNames(): string[] {
  return [...backends.keys()];
}

/**
 * A zeroed array for a layer: in the backend's own memory when it offers one for float32 (the WebAssembly
 * backend then reads it without a copy), otherwise an ordinary typed array.
 */
export function allocateFor(backend: Backend, dtype: DType, length: number): FloatArray {
  return dtype === 'float32' && backend.allocateFloat32 ? backend.allocateFloat32(length) : allocate(dtype, length);
}

export { jsBackend };
