/**
 * Lets the host's event loop run (timers, I/O, rendering) between batches. Uses the fastest macrotask
 * the runtime has: setImmediate (Node, Bun, Deno), else a MessageChannel (browsers, workers), else setTimeout.
 */
type Scheduler = (resume: () => void) => void;

const schedule: Scheduler = (() => {
  interface Port {
    onmessage: (() => void) | null;
    postMessage(message: unknown): void;
  }
  const g = globalThis as unknown as { setImmediate?: (fn: () => void) => unknown; MessageChannel?: new () => { port1: Port; port2: Port } };
  if (typeof g.setImmediate === 'function') return (resume) => void g.setImmediate!(resume);
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const queue: Array<() => void> = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (resume) => {
      queue.push(resume);
      channel.port2.postMessage(0);
    };
  }
  return (resume) => void setTimeout(resume, 0);
})();

/**
 * Resolves after the host's event loop has had a turn (see above); {@link fit} calls it between batches.
 *
 * @example
 * ```ts
 * import { yieldToEventLoop } from 'neurite';
 * let cancelled = false;
 * setTimeout(() => (cancelled = true), 0); // e.g. a Stop button
 * for (let step = 0; step < 1000 && !cancelled; step++) {
 *   // ... one slice of long work ...
 *   await yieldToEventLoop(); // lets timers, input and rendering run
 * }
 * ```
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}

/**
 * Yields at most once every `intervalMs`, so tiny batches don't pay for a macrotask each. Reading the clock
 * costs about as much as a training step of the seed's network, so `due()` reads it only every `stride`
 * calls, a stride (at most 256) that adapts to keep between 4 and 16 readings per interval.
 */
export class Yielder {
  private last = now();
  private lastCheck = this.last;
  private stride = 1;
  private countdown = 1;
  constructor(private readonly intervalMs = 8) {}

  due(): boolean {
    if (--this.countdown > 0) return false;
    const t = now();
    const sinceCheck = t - this.lastCheck;
    this.lastCheck = t;
    if (sinceCheck < this.intervalMs / 16 && this.stride < 256) this.stride *= 2;
    else if (sinceCheck > this.intervalMs / 4 && this.stride > 1) this.stride >>= 1;
    this.countdown = this.stride;
    return t - this.last >= this.intervalMs;
  }

  async yield(): Promise<void> {
    await yieldToEventLoop();
    this.last = this.lastCheck = now();
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
