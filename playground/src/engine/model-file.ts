import { Matrix, Network, NeuriteError, type NetworkJSON } from '../../../src/index.js';
import type { Normalization } from './datasets.js';

/**
 * The model file the playground exports and imports: the network, how raw rows become its inputs, and how
 * it was trained. This module is the only place that knows the file's shape, so it can be switched to the
 * library's serializer (src/io `serializeModel` / `parseModel`) in one step.
 */
export interface Preprocessing {
  /** Input column names, in the network's input order. */
  inputs: string[];
  /** x' = (x − mean) / std per input. */
  normalization: { mean: number[]; std: number[] };
  target: string;
  /** Class names in output order (one sigmoid output: [class 0, class 1]). */
  labels: string[];
}

export interface TrainingInfo {
  epochs: number;
  loss: string;
  optimizer: Record<string, unknown>;
  batchSize: number;
  seed: number;
  /** The playground settings that made the run (so importing restores the setup). */
  playground?: Record<string, unknown>;
  history?: Array<Record<string, unknown>>;
}

export interface ModelFile {
  format: 'neurite-model';
  version: 1;
  network: NetworkJSON;
  preprocessing: Preprocessing;
  training: TrainingInfo;
}

export const MAX_MODEL_BYTES = 50_000_000;

export function serializeModelFile(network: Network, preprocessing: Preprocessing, training: TrainingInfo): string {
  const file: ModelFile = { format: 'neurite-model', version: 1, network: network.toJSON(), preprocessing, training };
  return JSON.stringify(file, null, 1) + '\n';
}

export function preprocessingFor(inputNames: readonly string[], normalization: Normalization, target: string, labels: readonly string[]): Preprocessing {
  return { inputs: [...inputNames], normalization: { mean: [...normalization.mean], std: [...normalization.std] }, target, labels: [...labels] };
}

/** Reads and checks a model file; throws MODEL_FORMAT with the JSON path of the first problem. */
export function parseModelFile(text: string): { file: ModelFile; network: Network } {
  if (text.length > MAX_MODEL_BYTES) throw new NeuriteError('MODEL_FORMAT', `The model file is larger than ${MAX_MODEL_BYTES} characters`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new NeuriteError('MODEL_FORMAT', `The model file is not JSON: ${(error as Error).message}`, {}, { cause: error });
  }
  const fail = (path: string, message: string): never => {
    throw new NeuriteError('MODEL_FORMAT', `Model file, ${path}: ${message}`, { path });
  };
  if (!isObject(data)) return fail('(root)', 'expected an object');
  if (data.format !== 'neurite-model') fail('format', `expected "neurite-model", got ${JSON.stringify(data.format)}`);
  if (data.version !== 1) fail('version', `expected 1, got ${JSON.stringify(data.version)}; this playground reads version 1`);
  if (!isObject(data.network)) fail('network', 'expected an object');
  const network = Network.fromJSON(data.network as unknown as NetworkJSON);
  const pre = data.preprocessing;
  if (!isObject(pre)) return fail('preprocessing', 'expected an object');
  const inputs = pre.inputs;
  if (!Array.isArray(inputs) || inputs.length !== network.inputSize || !inputs.every((s) => typeof s === 'string')) {
    fail('preprocessing.inputs', `expected ${network.inputSize} column names`);
  }
  const norm = pre.normalization;
  if (!isObject(norm)) return fail('preprocessing.normalization', 'expected an object');
  for (const key of ['mean', 'std'] as const) {
    const v = norm[key];
    if (!Array.isArray(v) || v.length !== network.inputSize || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      fail(`preprocessing.normalization.${key}`, `expected ${network.inputSize} finite numbers`);
    }
  }
  if ((norm.std as number[]).some((n) => n === 0)) fail('preprocessing.normalization.std', 'a standard deviation of 0 cannot divide');
  if (!Array.isArray(pre.labels) || !pre.labels.every((s) => typeof s === 'string')) fail('preprocessing.labels', 'expected class names');
  const classes = (pre.labels as string[]).length;
  if (classes !== (network.outputSize === 1 ? 2 : network.outputSize)) {
    fail('preprocessing.labels', `the network has ${network.outputSize} outputs but there are ${classes} class names`);
  }
  if (typeof pre.target !== 'string') fail('preprocessing.target', 'expected the target column name');
  if (!isObject(data.training)) fail('training', 'expected an object');
  return { file: data as unknown as ModelFile, network };
}

/** Raw rows (in the file's input order) → normalized network inputs. */
export function normalizeRows(pre: Preprocessing, rows: ReadonlyArray<ArrayLike<number>>): number[][] {
  const { mean, std } = pre.normalization;
  return rows.map((r) => Array.from({ length: mean.length }, (_, c) => (r[c]! - mean[c]!) / std[c]!));
}

/** Class probabilities for raw rows: one per class (for a single sigmoid output: [1 − p, p]). */
export function predictProbabilities(network: Network, pre: Preprocessing, rows: ReadonlyArray<ArrayLike<number>>): number[][] {
  if (rows.length === 0) return [];
  const out = network.forward(Matrix.from(normalizeRows(pre, rows), network.dtype)).toArray();
  return out.map((r) => (r.length === 1 ? [1 - r[0]!, r[0]!] : r));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
