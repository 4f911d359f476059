import type { EpochLog, FloatArray, NetworkJSON } from '../../../src/index.js';
import type { TrainerConfig, TrainerProgress, TrainerStatus } from './trainer.js';

/** Messages from the page to the training worker. `run` numbers each configuration; replies carry it. */
export type ToWorker =
  | { type: 'configure'; run: number; config: TrainerConfig }
  | { type: 'train' | 'pause' | 'step' | 'reset' }
  | { type: 'load'; network: NetworkJSON }
  | { type: 'snapshot'; id: number };

/** Messages from the worker to the page. */
export type FromWorker =
  | ({ type: 'progress'; run: number } & Omit<TrainerProgress, 'weights'> & { weights: FloatArray[] })
  | { type: 'status'; run: number; status: TrainerStatus; message?: string }
  | { type: 'snapshot'; run: number; id: number; network: NetworkJSON; epochs: number; history: EpochLog[] }
  | { type: 'failed'; run: number; message: string };
