import { Dense } from '../nn/dense.js';
import { NeuriteError, isNeuriteError } from '../errors.js';
import type { Loss } from '../losses/loss.js';
import { resolveLoss } from '../losses/registry.js';
import type { LoadedModel } from './load-model.js';

/** The loss a command differentiates, and why that one (shown to the user). */
export interface ChosenLoss {
  loss: Loss;
  /** e.g. "--loss", "stored in the model's training", "for a softmax classifier", "for regression". */
  source: string;
}

/**
 * Which loss `explain` and `check` use for a loaded file, first match wins:
 * 1. `--loss` when given;
 * 2. the loss stored in the model file's training metadata (`training.loss`);
 * 3. from the task: regression → mse; classification → the cross-entropy fused with the output activation
 *    (softmax → categorical_crossentropy, sigmoid → binary_crossentropy), or mse for any other output;
 * 4. a bare network (no task): mse, the seed's loss.
 */
export function chooseLoss(loaded: LoadedModel, override?: string): ChosenLoss {
  if (override !== undefined) return { loss: resolveLoss(override), source: '--loss' };
  if (loaded.model === null) return { loss: resolveLoss('mse'), source: 'the default' };
  const stored = loaded.model.training.loss;
  if (stored !== undefined) {
    try {
      return { loss: resolveLoss(stored), source: "stored in the model's training" };
    } catch (error) {
      if (!isNeuriteError(error)) throw error;
      throw new NeuriteError('MODEL_FORMAT', `${loaded.file}: training.loss: ${error.message}`, { file: loaded.file, path: 'training.loss' }, { cause: error });
    }
  }
  if (loaded.model.preprocessing.task === 'regression') return { loss: resolveLoss('mse'), source: 'for regression' };
  const last = loaded.network.layers.filter((layer): layer is Dense => layer instanceof Dense).at(-1);
  const activation = last?.activation.name ?? '';
  if (activation === 'softmax') return { loss: resolveLoss('categorical_crossentropy'), source: 'for a softmax classifier' };
  if (activation === 'sigmoid') return { loss: resolveLoss('binary_crossentropy'), source: 'for a sigmoid classifier' };
  return { loss: resolveLoss('mse'), source: `for a ${activation || 'non-dense'} output` };
}
