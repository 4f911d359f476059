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
 *
 * @module neurite/threads
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Backend, ThreadPool, Threading } from '../backend/backend.js';
import { getBackend } from '../backend/index.js';
import { runShare, type ShareKernels } from '../backend/wasm/shares.js';
import { NeuriteError } from '../errors.js';

/**
 * The control area, JOB_SLOTS int32 values: 0 the job's state (an odd number while job n is open, the next
 * even number once it is closed, −1: stop), 1 kind, 2 units, 3 units per chunk, 4 next chunk (the shared
 * counter), 5 the number of integer arguments, 6… the arguments (at most 32), 38 helpers inside the job,
 * 39 the last job a helper failed; a float64 at byte 8·FLOAT_SLOT.
 */
const JOB_SLOTS = 48;
const FLOAT_SLOT = 20;
const INSIDE = 38;
const FAILED = 39;
/** The arguments fit in slots 6 to 37. */
const MAX_ARGS = INSIDE - 6;

/**
 * The code each helper runs, self-contained (it is sent to the helper as source text, so it repeats the
 * layout above as literals, and receives runShare the same way): instantiate the module on the shared memory, then take chunks of every job
 * posted until told to stop.
 *
 * A helper enters a job by counting itself in (slot 38) and then checking that the job is still open; the
 * calling thread closes a job once it has no chunk left to take and then waits only for the helpers counted
 * in. So a helper that wakes late (or not at all, its core busy with another process) costs the job nothing:
 * the calling thread has taken its chunks.
 */
function helperMain(
  data: { module: WebAssembly.Module; memory: WebAssembly.Memory; control: number; spins: number },
  share: typeof runShare,
  ready: () => void,
): void {
  const kernels = new WebAssembly.Instance(data.module, { env: { memory: data.memory } }).exports as unknown as ShareKernels;
  const job = new Int32Array(data.memory.buffer, data.control, 48);
  const float = new Float64Array(data.memory.buffer, data.control, 24);
  const args: number[] = [];
  ready();
  let seen = 0;
  for (;;) {
    let state = Atomics.load(job, 0);
    for (let spins = 0; state === seen; state = Atomics.load(job, 0)) {
      if (++spins > data.spins) {
        Atomics.wait(job, 0, seen);
        spins = 0;
      }
    }
    if (state < 0) return;
    seen = state;
    if ((state & 1) === 0) continue; // a job closed before this helper saw it open
    Atomics.add(job, 38, 1);
    try {
      if (Atomics.load(job, 0) !== state) continue; // closed in the meantime: its arguments may be changing
      const kind = job[1]!;
      const units = job[2]!;
      const chunk = job[3]!;
      // Every integer argument is a pointer, a size or a stride: unsigned 32-bit values.
      for (let i = 0; i < job[5]!; i++) args[i] = job[6 + i]! >>> 0;
      const x = float[20]!;
      for (let next = Atomics.add(job, 4, 1); next * chunk < units; next = Atomics.add(job, 4, 1)) {
        share(kernels, kind, args, next * chunk, Math.min(units, (next + 1) * chunk), x);
      }
    } catch {
      Atomics.store(job, 39, state);
    } finally {
      Atomics.sub(job, 38, 1);
    }
  }
}

/** How long a helper keeps watching for the next job before it sleeps (iterations of an atomic load). */
const HELPER_SPINS = 200_000;
/** Chunks per thread: enough to even out a late start, few enough that claiming them costs little (2 measured best for C and D). */
const CHUNKS_PER_THREAD = 2;

/**
 * Starts `helpers` threads on `memory` (shared) running `module`, with the control area at `control`
 * (CONTROL_BYTES). Resolves to null when a helper fails to start.
 */
async function startThreadPool(module: WebAssembly.Module, memory: WebAssembly.Memory, control: number, helpers: number): Promise<ThreadPool | null> {
  // import() reads the same as a CommonJS script (Node's default for eval) and as a module (--input-type=module).
  const source = `import('node:worker_threads').then(({ workerData, parentPort }) => (${helperMain.toString()})(workerData, ${runShare.toString()}, () => parentPort.postMessage('ready')));`;
  const job = new Int32Array(memory.buffer, control, JOB_SLOTS);
  const float = new Float64Array(memory.buffer, control, JOB_SLOTS / 2);
  job.fill(0);
  const workers: Worker[] = [];
  try {
    for (let h = 0; h < helpers; h++) {
      const worker = new Worker(source, { eval: true, workerData: { module, memory, control, spins: HELPER_SPINS } });
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
  let state = 0;
  let stopped = false;
  /** Set when a helper failed or stopped answering: from then on the calling thread does every job alone. */
  let broken = false;
  return {
    threads: helpers + 1,
    split(kind, units, args, x, local, chunks = CHUNKS_PER_THREAD) {
      if (args.length > MAX_ARGS) throw new Error(`a job of ${args.length} arguments: the control area holds ${MAX_ARGS}`);
      if (broken) return local(0, units);
      const chunk = Math.max(1, Math.ceil(units / (chunks * (helpers + 1))));
      job[1] = kind;
      job[2] = units;
      job[3] = chunk;
      job[4] = 0;
      job[5] = args.length;
      for (let i = 0; i < args.length; i++) job[6 + i] = args[i]!;
      float[FLOAT_SLOT] = x;
      const open = (state = ((state + 1) % 0x3ffffffe) | 1);
      Atomics.store(job, 0, open);
      Atomics.notify(job, 0);
      let failed = false;
      try {
        for (let c = Atomics.add(job, 4, 1); c * chunk < units; c = Atomics.add(job, 4, 1)) {
          local(c * chunk, Math.min(units, (c + 1) * chunk));
        }
      } finally {
        // No chunk is left: close the job, then wait for the helpers inside it (even when the calling
        // thread's share threw: the job block must not change while a helper reads it).
        Atomics.store(job, 0, (state = open + 1));
        failed = !waitOutside(job) || Atomics.load(job, FAILED) === open;
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

/** Waits until no helper is inside the closed job; false if one stays there for a minute (it hangs). */
function waitOutside(job: Int32Array): boolean {
  // A helper inside is finishing its last chunk, about as long as the calling thread's last one took.
  let since = 0;
  for (let spins = 0; Atomics.load(job, INSIDE) !== 0; spins++) {
    if (spins > 1_000_000) {
      since ||= Date.now();
      if (Date.now() - since > 60_000) return false;
    }
  }
  return true;
}

/** Bytes of the control area. */
const CONTROL_BYTES = 4 * JOB_SLOTS;

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

/** The control area reserved in each backend's memory (reused by every pool started on it, kept alive here). */
const controls = new WeakMap<Threading, Float32Array>();

async function setPool(threading: Threading, helpers: number): Promise<number> {
  const current = threading.pool;
  if ((current?.threads ?? 1) === helpers + 1) return helpers + 1;
  threading.pool = null;
  await current?.stop();
  if (helpers === 0) return 1;
  let control = controls.get(threading);
  if (control === undefined) controls.set(threading, (control = threading.reserve(CONTROL_BYTES)));
  // An ordinary array instead of a view of the memory: the memory is full, so no helpers.
  if (!(control.buffer instanceof SharedArrayBuffer)) return 1;
  threading.pool = await startThreadPool(threading.module as WebAssembly.Module, threading.memory as WebAssembly.Memory, control.byteOffset, helpers);
  return threading.pool?.threads ?? 1;
}
