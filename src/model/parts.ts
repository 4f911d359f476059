// What a trained model is made of, as the model file stores it: the types io/ reads and writes and model/ builds on.
import type { LossSpec } from '../losses/loss.js';
import type { Network } from '../nn/network.js';
import type { Preprocessor } from '../data/preprocessor.js';
import type { SearchSummary } from './search-summary.js';

/** How a model was trained: free-form, with these fields checked when present. */
export interface TrainingInfo {
  /** The seed of the run (initial weights, shuffling, dropout). */
  seed?: number;
  epochs?: number;
  /** e.g. `{ train: { loss: 0.02, accuracy: 1 }, validation: { ... } }`: finite numbers, strings, nested objects. */
  metrics?: Record<string, unknown>;
  /** The neurite version that trained it, e.g. "0.1.0". */
  library?: string;
  /** ISO 8601 date of the run. */
  date?: string;
  /**
   * The loss the network was trained with: a name (`"categorical_crossentropy"`) or a spec with options
   * (`Loss.toJSON()`, e.g. `{ "name": "huber", "delta": 1 }`). `neurite explain` and `neurite check`
   * differentiate this loss by default. Files without it are still read (the commands then derive the loss
   * from the task and the output activation).
   */
  loss?: string | LossSpec;
  /** How the default run chose the hidden layers, the L2 penalty and the epochs (`autoFit`, `neurite train` without architecture flags). */
  search?: SearchSummary;
  [key: string]: unknown;
}

/** A complete pipeline: raw rows in (preprocessing), network, predictions out, and how it was made. */
export interface Model {
  network: Network;
  preprocessing: Preprocessor;
  training: TrainingInfo;
}
