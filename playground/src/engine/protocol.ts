import type { EpochLog, NetworkJSON } from '../../../src/index.js';
import type { Measurement } from './measure.js';
import type { TrainerConfig, TrainerPosition, TrainerProgress, TrainerStatus } from './trainer.js';

/** Messages from the page to the training worker. `run` numbers each configuration; replies carry it. */
export type ToWorker =
  | { type: 'configure'; run: number; config: TrainerConfig }
  | { type: 'train' | 'pause' | 'step' | 'reset' }
  | { type: 'load'; network: NetworkJSON }
  | { type: 'snapshot'; id: number };

/** Messages from the worker to the page. */
export type FromWorker =
  | ({ type: 'progress'; run: number } & TrainerProgress)
  | { type: 'status'; run: number; status: TrainerStatus; message?: string }
  | ({ type: 'snapshot'; run: number; id: number; network: NetworkJSON; history: EpochLog[]; measurement: Measurement } & TrainerPosition)
  | { type: 'failed'; run: number; message: string };

/** The buffers a message can hand over instead of copying. */
export function transferables(measurement: Measurement, weights: readonly ArrayBufferView[] = []): ArrayBuffer[] {
  return [...weights, measurement.outputs, measurement.grid].map((a) => a.buffer as ArrayBuffer);
}
