import { NeuriteError, isNeuriteError } from '../errors.js';
import { parseJsonStrict } from '../io/json-safety.js';
import { DEFAULT_MODEL_LIMITS } from '../io/limits.js';
import { parseModel, type Model } from '../io/model-file.js';
import { networkFromJSON } from '../io/network-json.js';
import type { Network } from '../nn/network.js';
import { readModelText } from '../node/read-table-file.js';

/**
 * What a command loaded: a model file (network, preprocessing, training metadata), or a bare network file
 * (`Network.toJSON()`: `{ dtype, layers }`, no preprocessing), when the command accepts one.
 */
export interface LoadedModel {
  file: string;
  network: Network;
  /** Null for a bare network file. */
  model: Model | null;
}

export interface LoadModelOptions {
  /** Accept a bare `Network.toJSON()` file too (default false: only model files). */
  allowNetwork?: boolean;
}

/**
 * Reads and validates a model file for a CLI command, before anything is used: the size first (a file over
 * `DEFAULT_MODEL_LIMITS.maxTextLength` bytes is refused unread), then everything `parseModel` checks. With
 * `allowNetwork`, a file without `"format"` that holds a network's `toJSON()` is read as a bare network,
 * validated the same way (sizes, weights, activations). Every error is a NeuriteError (IO or MODEL_FORMAT)
 * whose one-line message starts with the file name.
 */
export async function loadModelFile(file: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const text = await readModelText(file, DEFAULT_MODEL_LIMITS.maxTextLength);
  try {
    const model = parseModel(text, { file });
    return { file, network: model.network, model };
  } catch (error) {
    if (!isNeuriteError(error) || error.code !== 'MODEL_FORMAT' || error.details.path !== 'format') throw withFile(error, file);
    // No "format" (or another one): a bare network, or something else.
    const root = parseJsonStrict(text, file) as Record<string, unknown>;
    if (options.allowNetwork !== true || Object.hasOwn(root, 'format')) throw withFile(error, file);
    if (!Object.hasOwn(root, 'layers')) {
      throw new NeuriteError(
        'MODEL_FORMAT',
        `${file} is neither a neurite model file (it has no "format": "neurite-model") nor a network's toJSON() (it has no "layers")`,
        {
          file,
          path: 'format',
        },
      );
    }
    try {
      return { file, network: networkFromJSON(root, '', DEFAULT_MODEL_LIMITS), model: null };
    } catch (inner) {
      throw withFile(inner, file);
    }
  }
}

/** The error with the file's name in front of its message (once), and in its details. */
function withFile(error: unknown, file: string): unknown {
  if (!isNeuriteError(error)) return error;
  let message = error.message;
  const path = error.details.path;
  // "format: model.json is not a neurite model" → "model.json is not a neurite model"
  if (typeof path === 'string' && path !== '' && message.startsWith(`${path}: ${file}`)) message = message.slice(path.length + 2);
  if (!message.startsWith(file)) message = `${file}: ${message}`;
  return new NeuriteError(error.code, message, { ...error.details, file }, { cause: error });
}
