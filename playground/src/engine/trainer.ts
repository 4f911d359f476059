import {
  createOptimizer,
  fit,
  isNeuriteError,
  Network,
  Rng,
  type EpochLog,
  type FloatArray,
  type NetworkJSON,
  type NetworkSpec,
  type Optimizer,
  type Regularization,
} from '../../../src/index.js';
import { measuredLog, Measurer, type MeasureData, type Measurement } from './measure.js';

export type TrainerStatus = 'idle' | 'training' | 'paused' | 'done' | 'error';

/**
 * What a training run needs: plain data, so it can cross to a Web Worker by `postMessage`. `x` and `y` are
 * what `fit` trains on; `validation`, `rows` (every data row) and `grid` (the map) are only measured.
 */
export interface TrainerConfig extends MeasureData {
  spec: NetworkSpec;
  /** A name from the library's optimizer table (`createOptimizer`). */
  optimizer: string;
  learningRate: number;
  /** The library's L1/L2 weight penalty (`fit`'s `regularization`), or null for none. */
  regularization: Regularization | null;
  batchSize: number;
  /** Seeds the shuffling (the network's own seed is in `spec`). */
  seed: number;
  /** Epochs per run of Train (0: no limit). */
  epochs: number;
  /**
   * Weights and their measurement are published at most this often while training runs (default 50 ms),
   * and never more often than lets measuring take a fifth of the time (a large network on many rows).
   */
  publishEveryMs?: number;
}

export interface TrainerProgress {
  /** Completed epochs, and batches done in the current one. */
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Optimizer steps taken since the last reset. */
  steps: number;
  /** Epoch logs finished since the previous progress report (measured as `Measurer.scores` measures). */
  logs: EpochLog[];
  weights: FloatArray[];
  /** Scores and outputs of these weights. */
  measurement: Measurement;
}

/** How far training has come: completed epochs, and batches done of the next one (0 at an epoch's end). */
export interface TrainerPosition {
  epochs: number;
  batch: number;
  batchesPerEpoch: number;
}

export interface TrainerEvents {
  progress(progress: TrainerProgress): void;
  status(status: TrainerStatus, message?: string): void;
}

/** Large enough to mean "until paused", small enough for `fit`'s integer checks. */
const UNLIMITED = 1_000_000_000;

/**
 * Drives the library's `fit` for the playground: train, pause, step one batch, reset. One `fit` call runs
 * for the whole life of a setup; pausing is a gate in its `onBatchEnd` callback (which `fit` awaits), and the
 * epoch limit is the same gate in `onEpochEnd`. So the weights are exactly those of an uninterrupted `fit`
 * with the same settings, "train 50 epochs, then 50 more" equals "train 100", and reset aborts through
 * `fit`'s AbortSignal.
 */
export class Trainer {
  network: Network;
  status: TrainerStatus = 'idle';
  /** Completed epochs since the last reset. */
  epochsDone = 0;
  /** One log per completed epoch: the weights at the epoch's end, measured as the status bar measures them. */
  history: EpochLog[] = [];

  private rng: Rng;
  private optimizer: Optimizer;
  private measurer: Measurer;
  private mode: 'run' | 'pause' | 'step' = 'pause';
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private controller: AbortController | null = null;
  private generation = 0;
  private steps = 0;
  private batch = 0;
  private batchesPerEpoch = 0;
  private pending: EpochLog[] = [];
  private lastPublish = 0;
  /** Milliseconds between publications while training: publishEveryMs, or more when measuring is slow. */
  private publishInterval = 0;
  /** Training holds (status 'done') when this many epochs are complete. */
  private target = 0;

  constructor(
    private config: TrainerConfig,
    private readonly events: TrainerEvents,
  ) {
    this.network = Network.create(config.spec);
    this.rng = new Rng(config.seed);
    this.optimizer = this.makeOptimizer();
    this.measurer = new Measurer(config, this.network.clone());
    this.batchesPerEpoch = Math.ceil(config.x.length / config.batchSize);
    this.target = config.epochs;
  }

  /** Trains until paused (or until the epoch limit; at the limit, for that many epochs more). */
  train(): void {
    if (this.config.epochs > 0 && this.epochsDone >= this.target) this.target = this.epochsDone + this.config.epochs;
    this.mode = 'run';
    this.start();
    this.release();
  }

  /** Stops after the current batch. */
  pause(): void {
    if (this.running) this.mode = 'pause';
  }

  /** Trains one batch, then pauses. */
  step(): void {
    this.mode = 'step';
    this.start();
    this.release();
  }

  /** Stops any run and starts over: fresh weights from the seed, fresh shuffling, empty history. */
  async reset(config: TrainerConfig = this.config): Promise<void> {
    await this.stop();
    this.config = config;
    this.network = Network.create(config.spec);
    this.rng = new Rng(config.seed);
    this.optimizer = this.makeOptimizer();
    this.measurer = new Measurer(config, this.network.clone());
    this.epochsDone = 0;
    this.target = config.epochs;
    this.steps = 0;
    this.batch = 0;
    this.batchesPerEpoch = Math.ceil(config.x.length / config.batchSize);
    this.history = [];
    this.pending = [];
    this.setStatus('idle');
    this.publish();
  }

  /** Ends any run (through `fit`'s AbortSignal) and waits until it has; nothing more is reported for it. */
  async stop(): Promise<void> {
    this.generation++;
    this.controller?.abort();
    this.mode = 'pause';
    this.release();
    const previous = this.running;
    this.running = null;
    await previous;
  }

  /** Replaces the weights (an imported model of the same architecture). */
  loadWeights(json: NetworkJSON): void {
    this.network.copyWeightsFrom(Network.fromJSON(json));
    this.publish();
  }

  /** Sends the current weights (and any unsent epoch logs) now. */
  publish(): void {
    const start = now();
    const measurement = this.measure();
    this.lastPublish = now();
    this.publishInterval = Math.max(this.config.publishEveryMs ?? 50, 4 * (this.lastPublish - start));
    const logs = this.pending;
    this.pending = [];
    this.events.progress({
      epoch: this.epochsDone,
      batch: this.batch,
      batchesPerEpoch: this.batchesPerEpoch,
      steps: this.steps,
      logs,
      weights: this.network.parameters().map((p) => p.value.slice()),
      measurement,
    });
  }

  /** How far training has come. */
  position(): TrainerPosition {
    return { epochs: this.epochsDone, batch: this.batch, batchesPerEpoch: this.batchesPerEpoch };
  }

  /** Scores and outputs of the weights as they are now. */
  measure(): Measurement {
    return this.measurer.measure(this.network);
  }

  private makeOptimizer(): Optimizer {
    return createOptimizer(this.config.optimizer, { learningRate: this.config.learningRate });
  }

  private release(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private start(): void {
    if (this.running) return;
    const generation = this.generation;
    const controller = new AbortController();
    this.controller = controller;
    const c = this.config;
    const current = () => generation === this.generation;
    const hold = async (status: 'paused' | 'done') => {
      this.publish();
      this.setStatus(status);
      while (this.mode === 'pause' && current()) await new Promise<void>((resolve) => (this.wake = resolve));
      if (current()) this.setStatus('training');
    };
    this.setStatus('training');
    this.running = fit(this.network, c.x, c.y, {
      epochs: UNLIMITED,
      batchSize: c.batchSize,
      loss: c.loss,
      optimizer: this.optimizer,
      ...(c.regularization ? { regularization: c.regularization } : {}),
      // No metrics or validation data here: each epoch's end is measured below, as the status bar is.
      rng: this.rng,
      signal: controller.signal,
      callbacks: {
        onBatchEnd: async ({ batch }) => {
          if (!current()) return;
          this.steps++;
          this.batch = batch + 1;
          if (this.mode === 'step') this.mode = 'pause';
          if (this.mode === 'pause') await hold('paused');
          else if (now() - this.lastPublish >= this.publishInterval) this.publish();
        },
        onEpochEnd: async (log) => {
          if (!current()) return;
          this.epochsDone = log.epoch + 1;
          this.batch = 0;
          const measured = measuredLog(log, this.measurer.scores(this.network));
          this.history.push(measured);
          this.pending.push(measured);
          if (c.epochs > 0 && this.epochsDone >= this.target) {
            this.mode = 'pause';
            await hold('done');
          }
        },
      },
    }).then(
      () => {
        if (current()) this.running = null;
      },
      (error: unknown) => {
        if (!current()) return;
        this.running = null;
        this.mode = 'pause';
        this.publish();
        const message = isNeuriteError(error) || error instanceof Error ? error.message : String(error);
        this.setStatus('error', message);
      },
    );
  }

  private setStatus(status: TrainerStatus, message?: string): void {
    if (this.status === status && message === undefined) return;
    this.status = status;
    this.events.status(status, message);
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
