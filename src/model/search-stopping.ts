// Early stopping on the search's own score: the epoch a candidate is judged at, and trained for, is the one
// with the best accuracy (or R²) on the fold's scoring rows, not the best loss. For classes the two part
// ways: past a few epochs the cross-entropy of the scoring rows rises (the network grows too sure of the
// rows it gets wrong) while the accuracy still climbs; stopping at the loss's best would judge and train a
// wide network on Fashion-MNIST for 3 epochs where its accuracy peaks near 20. For values R² is
// 1 − MSE / variance, so with the mean squared error it picks the same epoch as the loss.
// A fit ends once neither the score nor the loss has improved for `patience` epochs: on a fold of a few dozen
// rows the accuracy can sit still for many epochs early on while the loss still falls.
import type { Network } from '../nn/network.js';
import type { FloatArray } from '../tensor/matrix.js';

/** Tracks the best epoch by score (ties: the lower loss), keeps its weights, and says when patience runs out. */
export class ScoreStopping {
  bestEpoch = -1;
  bestScore = -Infinity;
  private bestLoss = Infinity;
  private lowestLoss = Infinity;
  private lastGain = -1;
  private weights: FloatArray[] | null = null;

  constructor(private readonly patience: number) {}

  /** Records epoch `epoch` (from 0); true when `patience` epochs have passed without a better score or a lower loss. */
  update(epoch: number, score: number, loss: number, network: Network): boolean {
    if (loss < this.lowestLoss) {
      this.lowestLoss = loss;
      this.lastGain = epoch;
    }
    if (score > this.bestScore || (score === this.bestScore && loss < this.bestLoss)) {
      this.lastGain = epoch;
      this.bestScore = score;
      this.bestLoss = loss;
      this.bestEpoch = epoch;
      const arrays = network.learnedArrays();
      this.weights ??= arrays.map((values) => values.slice());
      arrays.forEach((values, i) => this.weights![i]!.set(values));
    }
    return epoch - this.lastGain > this.patience;
  }

  /** Puts the best epoch's weights back. */
  restore(network: Network): void {
    if (this.weights) network.learnedArrays().forEach((values, i) => values.set(this.weights![i]!));
  }
}
