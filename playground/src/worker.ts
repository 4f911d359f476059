/**
 * The training worker: the library's `fit` runs here, off the page's thread, so the page never freezes.
 * It only relays messages to and from a `Trainer`.
 */
import { Trainer } from './engine/trainer.js';
import { transferables, type FromWorker, type ToWorker } from './engine/protocol.js';

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
let trainer: Trainer | null = null;
let run = 0;

const send = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const fail = (error: unknown) => send({ type: 'failed', run, message: error instanceof Error ? error.message : String(error) });

// Messages are handled one at a time, in order: a Train right after a new configuration waits for it.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = ({ data }) => {
  queue = queue.then(() => handle(data));
};

async function handle(data: ToWorker): Promise<void> {
  try {
    switch (data.type) {
      case 'configure': {
        const previous = trainer;
        trainer = null;
        await previous?.stop();
        run = data.run;
        const current = run;
        trainer = new Trainer(data.config, {
          progress: (p) => send({ type: 'progress', run: current, ...p }, transferables(p.measurement, p.weights)),
          status: (status, message) => send({ type: 'status', run: current, status, ...(message ? { message } : {}) }),
        });
        trainer.publish();
        break;
      }
      case 'train':
        trainer?.train();
        break;
      case 'pause':
        trainer?.pause();
        break;
      case 'step':
        trainer?.step();
        break;
      case 'reset':
        await trainer?.reset();
        break;
      case 'load':
        trainer?.loadWeights(data.network);
        break;
      case 'snapshot':
        if (trainer) {
          const measurement = trainer.measure();
          send(
            { type: 'snapshot', run, id: data.id, network: trainer.network.toJSON(), ...trainer.position(), history: trainer.history, measurement },
            transferables(measurement),
          );
        }
        break;
    }
  } catch (error) {
    fail(error);
  }
}
