// Every float32 value through the WebAssembly sigmoid kernel, against the JavaScript it replaces:
// Math.fround(1 / (1 + Math.exp(-z))), as Sigmoid.forward computes it. `node bench/verify-sigmoid.mjs`
// (about a minute; after `npm run build`). Optional arguments: the first and last chunk of 2^20 bit patterns
// (default all 4096). NaN inputs must give NaN (their payload bits are not compared).
import { decodeBase64 } from '../dist/src/backend/wasm/base64.js';
import { KERNELS_WASM } from '../dist/src/backend/wasm/kernels.generated.js';

const memory = new WebAssembly.Memory({ initial: 200, maximum: 65536 });
const kernels = new WebAssembly.Instance(new WebAssembly.Module(decodeBase64(KERNELS_WASM)), { env: { memory } }).exports;
const CHUNK = 1 << 20;
const base = 1 << 16; // past the module's static data
const bits = new Uint32Array(memory.buffer, base, CHUNK);
const z = new Float32Array(memory.buffer, base, CHUNK);
const out = new Float32Array(memory.buffer, base + 4 * CHUNK, CHUNK);
const outBits = new Uint32Array(memory.buffer, base + 4 * CHUNK, CHUNK);
const ref = new Float32Array(CHUNK);
const refBits = new Uint32Array(ref.buffer);
const first = Number(process.argv[2] ?? 0);
const last = Number(process.argv[3] ?? 4096);
let mismatches = 0;
for (let c = first; c < last; c++) {
  for (let i = 0; i < CHUNK; i++) bits[i] = c * CHUNK + i;
  kernels.sigmoidForward(z.byteOffset, out.byteOffset, CHUNK);
  for (let i = 0; i < CHUNK; i++) ref[i] = 1 / (1 + Math.exp(-z[i]));
  for (let i = 0; i < CHUNK; i++) {
    if (outBits[i] === refBits[i] || (Number.isNaN(out[i]) && Number.isNaN(ref[i]))) continue;
    if (mismatches++ < 20) console.log(`z = ${z[i]} (bits ${(c * CHUNK + i).toString(16)}): wasm ${out[i]}, JavaScript ${ref[i]}`);
  }
}
console.log(`${(last - first) * CHUNK} float32 inputs, ${mismatches} results differ from the JavaScript sigmoid`);
process.exitCode = mismatches === 0 ? 0 : 1;
