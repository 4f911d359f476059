// How fast can workload A (the seed's 2-2-1 network, SGD one sample at a time) go at all, even in
// WebAssembly? `node bench/floor-wasm.mjs` (after `npm run build`, with bench/node_modules installed)
//
// The training step written out by hand in AssemblyScript (compiled here, at run time): the nine weights in
// local variables for the whole run (no memory traffic at all), float32 values as neurite stores them, float64
// arithmetic, 1000 epochs over the four people in one call, so there is no call per sample either. Two
// versions: with AssemblyScript's Math.exp (an exact port of musl's exp) and with a short polynomial exp that
// is accurate only to about 1e-7 (not usable for the library, which matches JavaScript's exp bit for bit; a
// lower bound for anything that computes a sigmoid). Next to them, brain.js's `train`, each case in its own
// process, CPU time, medians of three rounds.
//
// A step is one dependent chain: the hidden sums need the weights the previous step wrote, the output sum
// needs the hidden sigmoids, the updates need the output sigmoid. Its latency, not the instruction count,
// sets the rate; no code written for one core can go below it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';
import { GENDER_X, GENDER_Y, cpuRate } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));

const SOURCE = `
// @ts-ignore: decorator
@inline function expFast(x: f64): f64 {
  x = min(max(x, -700.0), 700.0);
  const k = nearest(x * 1.4426950408889634);
  const r = x - k * 0.6931471805599453;
  const r2 = r * r;
  // Estrin's scheme for 1 + r + r²/2 + … + r⁶/720: shorter dependency chains than Horner's.
  const p = (1.0 + r) + r2 * ((0.5 + r * 0.16666666666666666) + r2 * ((0.041666666666666664 + r * 0.008333333333333333) + r2 * 0.001388888888888889));
  return p * reinterpret<f64>((<i64>k + 1023) << 52);
}

// @ts-ignore: decorator
@inline function sigmoid(z: f64, fast: bool): f32 {
  return <f32>(1.0 / (1.0 + (fast ? expFast(-z) : Math.exp(-z))));
}

// @ts-ignore: decorator
@inline function train(epochs: i32, lr: f64, fast: bool): void {
  // weights: hidden 0 (w0, w1, b0), hidden 1 (w2, w3, b1), output (w4, w5, b2), stored as float32
  let w0 = load<f32>(0), w1 = load<f32>(4), w2 = load<f32>(8), w3 = load<f32>(12);
  let b0 = load<f32>(16), b1 = load<f32>(20), w4 = load<f32>(24), w5 = load<f32>(28), b2 = load<f32>(32);
  for (let e = 0; e < epochs; e++) {
    for (let i = 0; i < 4; i++) {
      const x0: f64 = load<f32>(64 + 8 * i), x1: f64 = load<f32>(68 + 8 * i), y: f64 = load<f32>(128 + 4 * i);
      const h0: f64 = sigmoid(<f64><f32>(x0 * w0 + x1 * w1 + b0), fast);
      const h1: f64 = sigmoid(<f64><f32>(x0 * w2 + x1 * w3 + b1), fast);
      const o: f64 = sigmoid(<f64><f32>(h0 * w4 + h1 * w5 + b2), fast);
      const dz = -2.0 * (y - o) * o * (1.0 - o);
      const d0 = dz * w4 * h0 * (1.0 - h0);
      const d1 = dz * w5 * h1 * (1.0 - h1);
      w4 = <f32>(w4 - lr * dz * h0);
      w5 = <f32>(w5 - lr * dz * h1);
      b2 = <f32>(b2 - lr * dz);
      w0 = <f32>(w0 - lr * d0 * x0);
      w1 = <f32>(w1 - lr * d0 * x1);
      b0 = <f32>(b0 - lr * d0);
      w2 = <f32>(w2 - lr * d1 * x0);
      w3 = <f32>(w3 - lr * d1 * x1);
      b1 = <f32>(b1 - lr * d1);
    }
  }
  store<f32>(0, w0); store<f32>(4, w1); store<f32>(8, w2); store<f32>(12, w3);
  store<f32>(16, b0); store<f32>(20, b1); store<f32>(24, w4); store<f32>(28, w5); store<f32>(32, b2);
}

export function trainExact(epochs: i32, lr: f64): void { train(epochs, lr, false); }
export function trainFast(epochs: i32, lr: f64): void { train(epochs, lr, true); }
`;

async function compile() {
  let binary = null;
  const { error, stderr } = await asc.main(['floor.ts', '--outFile', 'floor.wasm', '-O3', '--runtime', 'stub', '--initialMemory', '1'], {
    readFile: (name) => (name === 'floor.ts' ? SOURCE : null),
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
    listFiles: () => [],
  });
  if (error) throw new Error(stderr.toString());
  const { instance } = await WebAssembly.instantiate(binary, {});
  const exports = instance.exports;
  const f32 = new Float32Array(exports.memory.buffer);
  // Initial weights: small fixed values (the rate does not depend on them); the four people and labels.
  f32.set([0.1, -0.2, 0.3, 0.05, 0, 0, -0.4, 0.25, 0], 0);
  f32.set(GENDER_X.flat(), 16);
  f32.set(GENDER_Y.flat(), 32);
  return exports;
}

const cases = {
  'A brain.js train': async () => {
    const brain = createRequire(join(here, 'package.json'))('brain.js');
    const net = new brain.NeuralNetwork({ hiddenLayers: [2], activation: 'sigmoid', learningRate: 0.1, momentum: 1e-10 });
    const data = GENDER_X.map((input, i) => ({ input, output: GENDER_Y[i] }));
    return () => net.train(data, { iterations: 1000, errorThresh: 1e-10, learningRate: 0.1, momentum: 1e-10, log: false });
  },
  'A hand-written wasm, exact exp': async () => {
    const k = await compile();
    return () => k.trainExact(1000, 0.1);
  },
  'A hand-written wasm, approximate exp': async () => {
    const k = await compile();
    return () => k.trainFast(1000, 0.1);
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0) {
  const name = process.argv[caseArg + 1];
  const fn = await cases[name]();
  cpuRate(fn, 4000, 0.5);
  const rate = median([cpuRate(fn, 4000), cpuRate(fn, 4000), cpuRate(fn, 4000)]);
  process.stdout.write(JSON.stringify({ name, rate }) + '\n');
} else {
  const names = Object.keys(cases);
  const rates = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < 3; round++) {
    for (const name of names) {
      const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--case', name], { encoding: 'utf8' });
      rates[name].push(JSON.parse(out.trim().split('\n').pop()).rate);
    }
  }
  const m = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
  console.log(`workload A written out by hand in WebAssembly; medians of 3 rounds, each case in its own process, CPU time, Node ${process.version}\n`);
  console.log('| case | samples per second | ns each | ÷ brain.js |');
  console.log('|---|---|---|---|');
  for (const [name, rate] of Object.entries(m)) {
    console.log(`| ${name} | ${(rate / 1e6).toFixed(2)}M | ${(1e9 / rate).toFixed(0)} | ${(rate / m['A brain.js train']).toFixed(2)}× |`);
  }
}
