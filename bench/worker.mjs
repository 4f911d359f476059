// One measurement in its own process: `node bench/worker.mjs LIBRARY WORKLOAD`. Module loading, setup and
// warm-up are not timed. Prints one JSON line.
import { clock, rate } from './common.mjs';

export const WORKLOADS = {
  A: { fn: 'A', params: {} },
  AF: { fn: 'AF', params: {} },
  // The seed job as a user's script runs it: a fresh process, a 100-epoch warm-up call, then ONE timed call of
  // 1000 epochs (the JIT has not settled; what it costs to get there is part of the time).
  A1: { fn: 'A', params: { fresh: true } },
  AF1: { fn: 'AF', params: { fresh: true } },
  B1: { fn: 'B1', params: {} },
  // One prediction through the call a user writes first: `network.predict([a, b])` returning number[].
  Bp: { fn: 'Bp', params: {} },
  B10k: { fn: 'B10k', params: {} },
  C: { fn: 'train', params: { batch: 32, hidden: 128 } },
  D: { fn: 'train', params: { batch: 256, hidden: 128 } },
  E1: { fn: 'infer', params: { batch: 1 } },
  E1024: { fn: 'infer', params: { batch: 1024 } },
  // The moonshot: neurite with helper threads on every core (useThreads).
  C2: { fn: 'train', params: { batch: 32, hidden: 128, threads: 2 } },
  D2: { fn: 'train', params: { batch: 256, hidden: 128, threads: 2 } },
  E1024x2: { fn: 'infer', params: { batch: 1024, threads: 2 } },
  S32: { fn: 'train', params: { batch: 32, hidden: 32 } },
  S128: { fn: 'train', params: { batch: 32, hidden: 128 } },
  S512: { fn: 'train', params: { batch: 32, hidden: 512 } },
  S2048: { fn: 'train', params: { batch: 32, hidden: 2048 } },
  // F: the small CNN (bench/common.mjs), training at batch 32 and inference at batch 1 and 256.
  F: { fn: 'cnnTrain', params: { batch: 32 } },
  F1: { fn: 'cnnInfer', params: { batch: 1 } },
  F256: { fn: 'cnnInfer', params: { batch: 256 } },
  F2: { fn: 'cnnTrain', params: { batch: 32, threads: 2 } },
  // G: the LSTM of bench/sequences.mjs, training at batch 32 and inference at batch 1 and 256.
  G: { fn: 'lstmTrain', params: {} },
  G1: { fn: 'lstmInfer', params: { batch: 1 } },
  G256: { fn: 'lstmInfer', params: { batch: 256 } },
};

async function load(library) {
  if (library === 'neurite') return import('./libs/neurite.mjs');
  if (library === 'brain.js') return import('./libs/brain.mjs');
  if (library === 'convnetjs') return import('./libs/convnetjs.mjs');
  if (library === 'tfjs-cpu' || library === 'tfjs-wasm') {
    const lib = await import('./libs/tfjs.mjs');
    await lib.init(library === 'tfjs-cpu' ? 'cpu' : 'wasm');
    return lib;
  }
  throw new Error(`unknown library ${library}`);
}

async function measure(lib, workload, mode, minSeconds) {
  const spec = WORKLOADS[workload];
  const make = lib.workloads[spec.fn];
  const bench = make ? await make({ ...spec.params, mode }) : null;
  if (!bench) return null;
  if (bench.unsupported) return { unsupported: bench.unsupported };
  if (bench.fresh) {
    // One warm-up call, then one timed call: no settling loop (the fresh rows measure what the settling costs).
    await bench.warmup();
    const start = clock.now();
    await bench.run();
    const seconds = clock.now() - start;
    return { perSecond: bench.units / seconds, seconds, calls: 1 };
  }
  // Warm-up until the JIT (and WebAssembly's tier-up to optimized code) has settled: at least `warmSeconds`.
  const warmStart = performance.now();
  do await bench.warmup();
  while (performance.now() - warmStart < warmSeconds * 1000);
  const r = await rate(bench.run, bench.units, minSeconds);
  return { ...r, flopsPerUnit: bench.flopsPerUnit, modes: bench.modes };
}

const [library, workload, minSecondsArg, clockArg] = process.argv.slice(2);
clock.cpu = clockArg === 'cpu';
const minSeconds = Number(minSecondsArg ?? 0.5);
const warmSeconds = Math.min(1, minSeconds);
if (!WORKLOADS[workload]) throw new Error(`unknown workload ${workload}`);
const lib = await load(library);
let result;
try {
  result = await measure(lib, workload, undefined, minSeconds);
} catch (error) {
  // A library that fails on a workload gets its message in the table instead of stopping the run.
  result = { error: String(error?.message ?? error).split('\n')[0] };
}
if (result?.modes) {
  // tfjs: model.fit and a hand-written optimizer.minimize loop, each on a fresh model; the faster one counts.
  const byMode = { [result.modes[0]]: result.perSecond };
  for (const mode of result.modes.slice(1)) {
    const other = await measure(lib, workload, mode, minSeconds);
    byMode[mode] = other.perSecond;
    if (other.perSecond > result.perSecond) result = other;
  }
  result.byMode = byMode;
  result.mode = Object.entries(byMode).sort((a, b) => b[1] - a[1])[0][0];
}
delete result?.modes;
process.stdout.write(JSON.stringify({ library, workload, info: lib.info(), result }) + '\n');
