import { basename } from 'node:path';
import { NeuriteError, isNeuriteError } from '../../errors.js';
import { parseJsonStrict } from '../../io/json-safety.js';
import { DEFAULT_MODEL_LIMITS } from '../../io/limits.js';
import { networkFromJSON } from '../../io/network-json.js';
import { SERIES_MODEL_FORMAT, SeriesModel } from '../../model/series-model.js';
import { readModelText } from '../../node/read-table-file.js';

/** Whether a model file is a forecaster's (`"format": "neurite-series-model"`); false for anything unreadable (the usual loader then says why). */
export async function isSeriesModelFile(path: string): Promise<boolean> {
  try {
    const root = parseJsonStrict(await readModelText(path, DEFAULT_MODEL_LIMITS.maxTextLength), path);
    return root !== null && typeof root === 'object' && (root as Record<string, unknown>)['format'] === SERIES_MODEL_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Reads and validates a forecaster's model file: the size, the JSON, the series part field by field, and
 * the network through the model-file loader (sizes, shapes, weights) before anything is built. Errors are
 * MODEL_FORMAT (or IO) and start with the file's name.
 */
export async function loadSeriesModel(path: string): Promise<SeriesModel> {
  const file = basename(path);
  try {
    const text = await readModelText(path, DEFAULT_MODEL_LIMITS.maxTextLength);
    return SeriesModel.fromJSON(parseJsonStrict(text, file), (network) => networkFromJSON(network, 'network', DEFAULT_MODEL_LIMITS, { shapes: 'required' }));
  } catch (error) {
    if (!isNeuriteError(error) || error.message.startsWith(file) || error.message.startsWith(path)) throw error;
    throw new NeuriteError(error.code, `${file}: ${error.message}`, { ...error.details, file }, { cause: error });
  }
}
