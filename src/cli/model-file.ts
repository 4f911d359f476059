import { basename } from 'node:path';
import { DEFAULT_MODEL_LIMITS } from '../io/limits.js';
import { parseModel, type Model } from '../io/model-file.js';
import { readModelText } from '../node/read-table-file.js';

/** Reads and validates a model file; every problem is a NeuriteError naming the file and the field path. */
export async function readModelFile(path: string): Promise<Model> {
  const text = await readModelText(path, DEFAULT_MODEL_LIMITS.maxTextLength);
  return parseModel(text, { file: basename(path) });
}
