/**
 * `neurite/threads` (Node only): helper threads for the WebAssembly backend's large kernels. Each helper is a
 * worker thread that instantiates the backend's module on the backend's shared memory and, when a job is
 * posted, takes chunks of it (strips of 8 columns of a product, blocks of the SGD step) from a shared
 * counter, as the calling thread does, until none are left. Chunks touch disjoint memory and each value is
 * computed by the same instructions whichever thread takes its chunk, so results are bit for bit those of one
 * thread; taking chunks rather than fixed halves keeps every thread busy when one of them starts late (a
 * helper waking up, a core shared with another process).
 *
 * Posting a job costs a few microseconds while a helper is awake (it watches the job block for a while after
 * each job, then sleeps in Atomics.wait), which is why the backend splits only kernels above a size
 * threshold. This file is not part of the core (`import 'neurite'` never loads it): browsers have no
 * worker_threads, and pages would need cross-origin isolation for the shared memory.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Backend, ThreadPool, Threading } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
import { NeuriteError } from '../errors.js';

/**
 * The control area, int32 slots: the job block (JOB_SLOTS), then one DONE_SLOTS block per helper.
 * Job block: 0 job number (−1: stop), 1 kind, 2 units, 3 units per chunk, 4 next chunk (the shared counter),
 * 5… the kind's integer arguments; a float64 at byte 8·FLOAT_SLOT. Helper block: 0 the last job it finished
 * (−job on failure).
 */
const JOB_SLOTS = 32;
const DONE_SLOTS = 16;
const FLOAT_SLOT = 12;

/**
 * The code each helper runs, self-contained (it is sent to the helper as source text, so it repeats the
 * layout above as literals): instantiate the module on the shared memory, then take chunks of every job
 * posted until told to stop.
 */
function helperMain(data: { module: WebAssembly.Module; memory: WebAssembly.Memory; control: number; done: number; spins: number }, ready: () => void): void {
  const exports = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports as Record<string, (...args: number[]) => void>;
  const product = exports['packedProduct']!;
  const subtractScaled = exports['subtractScaled']!;
  const job = new Int32Array(data.memory.buffer, data.control, 32);
  const float = new Float64Array(data.memory.buffer, data.control, 16);
  const done = new Int32Array(data.memory.buffer, data.done, 16);
  ready();
  let seen = 0;
  for (;;) {
    let id = Atomics.load(job, 0);
    for (let spins = 0; id === seen; id = Atomics.load(job, 0)) {
      if (++spins > data.spins) {
        Atomics.wait(job, 0, seen);
        spins = 0;
      }
    }
    if (id < 0) return;
    seen = id;
    let result = id;
    try {
      const kind = job[1]!;
      const units = job[2]!;
      const chunk = job[3]!;
      // Pointers are unsigned 32-bit values.
      const a0 = job[5]! >>> 0,
        a1 = job[6]! >>> 0,
        a2 = job[7]!,
        a3 = job[8]!,
        a4 = job[9]! >>> 0,
        a5 = job[10]!,
        a6 = job[11]!;
      const a7 = job[12]! >>> 0,
        a8 = job[13]! >>> 0,
        a9 = job[14]!,
        a10 = job[15]!,
        a11 = job[16]!,
        a12 = job[17]! >>> 0;
      const x = float[12]!;
      for (let c = Atomics.add(job, 4, 1); c * chunk < units; c = Atomics.add(job, 4, 1)) {
        const start = c * chunk;
        const end = Math.min(units, start + chunk);
        if (kind === 0) product(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, start, end);
        else subtractScaled(a0 + 16 * start, a1 + 16 * start, 4 * (end - start), x);
      }
    } catch {
      result = -id;
    }
    Atomics.store(done, 0, result);
    Atomics.notify(done, 0);
  }
}

/** How long a helper keeps watching for the next job before it sleeps (iterations of an atomic load). */
const HELPER_SPINS = 200_000;
const CHUNKS_PER_THREAD = Number((globalThis as any).process?.env?.NEURITE_CHUNKS ?? 4);

/**
 * Starts `helpers` threads on `memory` (shared) running `module`, with the control area at `control`
 * (`controlBytes(helpers)` bytes). Resolves to null when a helper fails to start.
 */
async function startThreadPool(module: WebAssembly.Module, memory: WebAssembly.Memory, control: number, helpers: number): Promise<ThreadPool | null> {
  // import() reads the same as a CommonJS script (Node's default for eval) and as a module (--input-type=module).
  const source = `import('node:worker_threads').then(({ workerData, parentPort }) => (${helperMain.toString()})(workerData, () => parentPort.postMessage('ready')));`;
  const job = new Int32Array(memory.buffer, control, JOB_SLOTS);
  const float = new Float64Array(memory.buffer, control, JOB_SLOTS / 2);
  job.fill(0);
  const workers: Worker[] = [];
  const dones: Int32Array[] = [];
  try {
    for (let h = 0; h < helpers; h++) {
      const done = control + 4 * (JOB_SLOTS + h * DONE_SLOTS);
      dones.push(new Int32Array(memory.buffer, done, DONE_SLOTS).fill(0));
      const worker = new Worker(source, { eval: true, workerData: { module, memory, control, done, spins: HELPER_SPINS } });
      workers.push(worker);
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
        worker.once('exit', () => reject(new Error('helper thread exited')));
      });
      // A sleeping helper must not keep the process alive.
      worker.unref();
    }
  } catch {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
  let id = 0;
  let stopped = false;
  /** Set when a helper failed or stopped answering: from then on the calling thread does every job alone. */
  let broken = false;
  return {
    threads: helpers + 1,
    split(kind, units, args, x, local) {
      if (broken) return local(0, units);
      // About four chunks per thread: small enough to even out a late start, large enough to keep the
      // kernels' loops long.
      const chunk = Math.max(1, Math.ceil(units / (CHUNKS_PER_THREAD * (helpers + 1))));
      job[1] = kind;
      job[2] = units;
      job[3] = chunk;
      job[4] = 0;
      for (let i = 0; i < args.length; i++) job[5 + i] = args[i]!;
      float[FLOAT_SLOT] = x;
      id = (id % 0x3fffffff) + 1;
      Atomics.store(job, 0, id);
      Atomics.notify(job, 0);
      let failed = false;
      try {
        for (let c = Atomics.add(job, 4, 1); c * chunk < units; c = Atomics.add(job, 4, 1)) {
          local(c * chunk, Math.min(units, (c + 1) * chunk));
        }
      } finally {
        // Even when the calling thread's share threw: the job block must not change while a helper reads it.
        for (const done of dones) failed = !waitDone(done, id) || failed;
      }
      if (failed) {
        broken = true;
        throw new NeuriteError(
          'THREADS',
          'A helper thread failed to compute its share of a kernel; the result is incomplete, and large kernels now run on the calling thread alone',
        );
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(job, 0, -1);
      Atomics.notify(job, 0);
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** Waits until the helper reports job `id` done; false when it reports a failure. */
function waitDone(done: Int32Array, id: number): boolean {
  let value = Atomics.load(done, 0);
  let since = 0;
  for (let spins = 0; value !== id && value !== -id; value = Atomics.load(done, 0)) {
    // The helper's last chunk ends about when the calling thread's does: spin first, then sleep in steps,
    // and give up on a helper that has not answered for a minute (it died: its 'exit' event cannot reach a
    // thread that is busy waiting).
    if (++spins > 1_000_000) {
      Atomics.wait(done, 0, value, 10);
      since ||= Date.now();
      if (Date.now() - since > 60_000) return false;
    }
  }
  return value === id;
}

/** Bytes of the control area for `helpers` helpers. */
function controlBytes(helpers: number): number {
  return 4 * (JOB_SLOTS + helpers * DONE_SLOTS);
}

/**
 * Runs the default backend's large kernels (the matrix products of training batches and batched predictions
 * of wide layers, and the SGD step of big layers) on `count` threads: helpers that share the WebAssembly
 * backend's memory each take chunks of the work. Results are bit for bit the same as on one thread; kernels
 * too small to pay for the hand-over stay on the calling thread. Default: every thread the machine offers.
 * `useThreads(1)` stops the helpers. `backend`: another WebAssembly backend than the default one (e.g. a
 * network's own). Resolves to the number of threads now in use: 1 where helpers cannot
 * run (the JavaScript backend, a runtime without SharedArrayBuffer). Helpers never keep the process alive.
 *
 * @example
 * ```ts
 * import { useThreads } from 'neurite/threads';
 * const threads = await useThreads(2); // 2 with the WebAssembly backend, else 1
 * console.log(threads >= 1); // true
 * await useThreads(1); // back to one thread
 * ```
 */
export async function useThreads(count: number = availableParallelism(), backend: Backend = getBackend()): Promise<number> {
  if (!(Number.isInteger(count) && count >= 1)) {
    throw new NeuriteError('INVALID_ARGUMENT', `useThreads needs a whole number of threads ≥ 1, got ${count}`, {
      field: 'threads',
      expected: 'an integer ≥ 1',
      actual: count,
    });
  }
  const threading = backend.threading;
  if (!threading) return 1;
  return setPool(threading, count - 1);
}

/**
 * The threads the default backend's (or `backend`'s) large kernels run on now (1 without helpers).
 *
 * @example
 * ```ts
 * import { threadCount } from 'neurite/threads';
 * console.log(threadCount()); // 1 until useThreads starts helpers
 * ```
 */
export function threadCount(backend: Backend = getBackend()): number {
  return backend.threading?.pool?.threads ?? 1;
}

/** Control areas already reserved in a backend's memory, by helper count (reused when the count returns). */
const controls = new WeakMap<Threading, Map<number, number>>();

async function setPool(threading: Threading, helpers: number): Promise<number> {
  const current = threading.pool;
  if ((current?.threads ?? 1) === helpers + 1) return helpers + 1;
  threading.pool = null;
  await current?.stop();
  if (helpers === 0) return 1;
  let areas = controls.get(threading);
  if (!areas) controls.set(threading, (areas = new Map()));
  let control = areas.get(helpers);
  if (control === undefined) areas.set(helpers, (control = threading.reserve(controlBytes(helpers))));
  threading.pool = await startThreadPool(threading.module as WebAssembly.Module, threading.memory as WebAssembly.Memory, control, helpers);
  return threading.pool?.threads ?? 1;
}
