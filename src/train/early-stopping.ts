import { NeuriteError, requireInteger, requireNumber } from '../errors.js';
import type { Network } from '../nn/network.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** What to watch: 'val_loss' when there is validation data (the default), else 'loss'. */
  monitor?: 'loss' | 'val_loss';
  /** Epochs without improvement before stopping (default 10). */
  patience?: number;
  /** An epoch improves only if the monitored loss falls by more than this (default 0). */
  minDelta?: number;
  /** When stopping (or at the end), put back the weights of the best epoch (default true). */
  restoreBestWeights?: boolean;
}

/** The saved state of an {@link EarlyStopping} (for checkpoints). */
export interface EarlyStoppingState {
  /** The best monitored value so far (Infinity before the first epoch; JSON writes it as null). */
  best: number;
  bestEpoch: number;
  wait: number;
  bestWeights: number[][] | null;
}

/**
 * Watches a loss epoch by epoch, remembers the best weights, and says when to stop.
 *
 * @example
 * ```ts
 * import { Adam, Network, fit } from 'neurite';
 * import { xor } from 'neurite/data';
 * const data = xor({ size: 200, noise: 0.3 });
 * const network = Network.create({ inputs: 2, layers: [{ units: 8, activation: 'relu' }, { units: 1, activation: 'sigmoid' }] });
 * const result = await fit(network, data.x, data.labels.map((c) => [c]), {
 *   epochs: 500,
 *   loss: 'binary_crossentropy',
 *   optimizer: new Adam({ learningRate: 0.05 }),
 *   validationSplit: 0.2,
 *   earlyStopping: { patience: 10 }, // watches val_loss; restores the best epoch's weights
 * });
 * console.log(result.stopReason, result.bestEpoch); // 'early-stopping', long before epoch 500
 * ```
 */
export class EarlyStopping {
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBestWeights: boolean;
  readonly monitor: 'loss' | 'val_loss' | undefined;
  best = Infinity;
  bestEpoch = -1;
  private wait = 0;
  private bestWeights: Float64Array[] | null = null;

  constructor({ monitor, patience = 10, minDelta = 0, restoreBestWeights = true }: EarlyStoppingOptions = {}) {
    this.monitor = monitor;
    this.patience = requireInteger('early stopping patience', patience, 0);
    this.minDelta = requireNumber('early stopping minDelta', minDelta, { min: 0 });
    this.restoreBestWeights = restoreBestWeights;
  }

  /** Everything needed to carry on exactly where this left off (for checkpoints). */
  getState(): EarlyStoppingState {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, bestWeights: this.bestWeights?.map((w) => Array.from(w)) ?? null };
  }

  setState(state: EarlyStoppingState): void {
    const ok =
      state !== null &&
      typeof state === 'object' &&
      (typeof state.best === 'number' || state.best === null) &&
      Number.isInteger(state.bestEpoch) &&
      Number.isInteger(state.wait) &&
      (state.bestWeights === null || (Array.isArray(state.bestWeights) && state.bestWeights.every((w) => Array.isArray(w) && w.every(Number.isFinite))));
    if (!ok)
      throw new NeuriteError('INVALID_ARGUMENT', 'An early-stopping state needs best, bestEpoch, wait and bestWeights (arrays of finite numbers, or null)');
    this.best = state.best ?? Infinity;
    this.bestEpoch = state.bestEpoch;
    this.wait = state.wait;
    this.bestWeights = state.bestWeights?.map((w) => Float64Array.from(w)) ?? null;
  }

  /** Records an epoch's monitored value; returns true when training should stop. */
  update(epoch: number, value: number, network: Network): boolean {
    if (value < this.best - this.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBestWeights) this.save(network);
      return false;
    }
    this.wait++;
    return this.wait > this.patience;
  }

  /** Puts the best epoch's weights back (when asked to, and when the best is not the current epoch). */
  restore(network: Network): void {
    if (!this.restoreBestWeights || !this.bestWeights) return;
    network.learnedArrays().forEach((values, i) => values.set(this.bestWeights![i]!));
  }

  private save(network: Network): void {
    const arrays = network.learnedArrays(); // the parameters and the state arrays (a batch norm's running statistics)
    if (!this.bestWeights) this.bestWeights = arrays.map((values) => new Float64Array(values.length));
    arrays.forEach((values, i) => this.bestWeights![i]!.set(values));
  }
}
