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

/** Yields at most once every `intervalMs`, so tiny batches don't pay for a macrotask each. */
export class Yielder {
  private last = now();
  constructor(private readonly intervalMs = 8) {}

  due(): boolean {
    return now() - this.last >= this.intervalMs;
  }

  async yield(): Promise<void> {
    await yieldToEventLoop();
    this.last = now();
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
