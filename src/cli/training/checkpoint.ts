import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Preprocessor } from '../../data/preprocessor.js';
import { NeuriteError, isNeuriteError } from '../../errors.js';
import type { RngState } from '../../init/rng.js';
import { parseJsonStrict } from '../../io/json-safety.js';
import { parseModel, serializeModel, type Model, type TrainingInfo } from '../../io/model-file.js';
import { Network, type NetworkJSON } from '../../nn/network.js';
import type { OptimizerSpec, OptimizerState } from '../../optim/optimizer.js';
import type { EarlyStoppingState } from '../../train/early-stopping.js';
import type { EpochLog } from '../../train/fit.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import type { TrainSettings } from './settings.js';

export const CHECKPOINT_FORMAT = 'neurite-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** The state of a run at an epoch boundary: enough to carry on and reach the same weights as an unbroken run. */
export interface Snapshot {
  /** The next epoch to run. */
  epoch: number;
  network: NetworkJSON;
  optimizer: { spec: OptimizerSpec; state: OptimizerState };
  rng: RngState;
  earlyStopping: EarlyStoppingState | null;
  history: EpochLog[];
}

/** A checkpoint as read: the snapshot's network is the model's (`model.network`), already built. */
export interface Checkpoint extends Omit<Snapshot, 'network'> {
  settings: TrainSettings;
  model: Model;
}

/** Writes a checkpoint file atomically: the model file's content plus the run's state. */
export async function writeCheckpoint(
  path: string,
  settings: TrainSettings,
  snapshot: Snapshot,
  preprocessing: Preprocessor,
  training: TrainingInfo,
): Promise<void> {
  const model = JSON.parse(serializeModel({ network: Network.fromJSON(snapshot.network), preprocessing, training })) as unknown;
  const { network: _network, ...state } = snapshot;
  const text = JSON.stringify({ format: CHECKPOINT_FORMAT, version: CHECKPOINT_VERSION, settings, ...state, model });
  await writeFileAtomic(path, text);
}

/** Reads and validates a checkpoint file (the model inside goes through the model-file loader). */
export async function readCheckpoint(path: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new NeuriteError('IO', `Cannot read checkpoint ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file: path });
  }
  const file = basename(path);
  const fail = (field: string, message: string): never => {
    throw new NeuriteError('MODEL_FORMAT', `${file}: ${field}: ${message}`, { file, path: field });
  };
  let json: Record<string, unknown>;
  try {
    json = parseJsonStrict(text, 'The checkpoint') as Record<string, unknown>;
  } catch (error) {
    if (isNeuriteError(error)) throw new NeuriteError(error.code, `${file}: ${error.message}`, { ...error.details, file });
    throw error;
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) fail('(root)', 'a checkpoint is a JSON object');
  if (json['format'] !== CHECKPOINT_FORMAT) fail('format', `expected "${CHECKPOINT_FORMAT}" (is this a model file? resume takes a checkpoint)`);
  if (json['version'] !== CHECKPOINT_VERSION)
    fail('version', `unsupported checkpoint version ${JSON.stringify(json['version'])}; this neurite reads version ${CHECKPOINT_VERSION}`);
  const epoch = json['epoch'];
  if (!Number.isInteger(epoch) || (epoch as number) < 0) fail('epoch', 'expected a whole number ≥ 0');
  for (const key of ['settings', 'optimizer', 'rng', 'model'] as const) {
    if (json[key] === null || typeof json[key] !== 'object') fail(key, 'missing or not an object');
  }
  if (!Array.isArray(json['history'])) fail('history', 'expected an array of epochs');
  const model = parseModel(JSON.stringify(json['model']), { file });
  const optimizer = json['optimizer'] as Checkpoint['optimizer'];
  if (typeof optimizer.spec?.name !== 'string') fail('optimizer.spec.name', 'expected the optimizer name');
  return {
    epoch: epoch as number,
    optimizer,
    rng: json['rng'] as RngState,
    earlyStopping: (json['earlyStopping'] ?? null) as EarlyStoppingState | null,
    history: json['history'] as EpochLog[],
    settings: json['settings'] as TrainSettings,
    model,
  };
}
