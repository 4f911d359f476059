import type { PreparedDataset } from '../data/prepare.js';
import type { Table } from '../data/table.js';
import { Rng } from '../init/rng.js';
import type { Network } from '../nn/network.js';
import { createOptimizer } from '../optim/registry.js';
import { fit } from '../train/fit.js';
import { lossFor } from './build-network.js';
import { heldOutMetrics } from './held-out-metrics.js';
import type { TrainingInfo } from './parts.js';
import type { trainSettings } from './train-options.js';
import type { WeightAverage } from './weight-average.js';
import { chooseLearningRate, earlyStoppingFor, fitOptionsFor } from './training-steps.js';

/**
 * The training run shared by `trainModel` (tables) and `trainImageModel` (images), on data already prepared:
 * the learning rate (given, or found by the range test), the optimizer, `fit` with the settings' early
 * stopping, signal and callbacks, then (given `average`) the mean of the last epochs' weights, then the held-out metrics. Returns the model file's training record, with
 * `about` (what only the caller knows, e.g. a table network's hidden layers) in its place among the keys.
 * @internal
 */
export async function fitPrepared(
  network: Network,
  prepared: PreparedDataset,
  settings: ReturnType<typeof trainSettings>,
  table: Table | null,
  about: Partial<TrainingInfo> = {},
  average: WeightAverage | null = null,
): Promise<TrainingInfo> {
  const loss = lossFor(settings.loss, prepared.preprocessor);
  const { learningRate } = await chooseLearningRate(network, prepared, settings, loss);
  const optimizer = createOptimizer(settings.optimizer, { learningRate });
  const stopper = earlyStoppingFor(settings, prepared);
  const result = await fit(network, prepared.train.x, prepared.train.y, {
    ...fitOptionsFor(settings, prepared, { loss, optimizer, rng: new Rng(settings.seed), stopper }),
    ...(settings.signal ? { signal: settings.signal } : {}),
    callbacks: [...[settings.callbacks ?? []].flat(), ...(average ? [average.callbacks(network)] : [])],
  });
  average?.apply(network);
  const final = heldOutMetrics(network, prepared, loss, table);
  return {
    seed: settings.seed,
    loss,
    optimizer: optimizer.toJSON(),
    batchSize: settings.batchSize,
    ...about,
    epochs: result.history.length,
    learningRate,
    metrics: { [final.split]: final.metrics },
  };
}
