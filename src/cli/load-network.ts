import { readFileSync } from 'node:fs';
import { NeuriteError, isNeuriteError } from '../errors.js';
import { Network, type NetworkJSON } from '../nn/network.js';

/**
 * Reads a network for `neurite explain` and `neurite check`: a file holding `Network.toJSON()`
 * (`{dtype, layers}`), or a model file (`{format: "neurite-model", network: {...}, ...}`) of which only
 * `.network` is used. A stand-in: the validating model loader in `src/io/` replaces this one function.
 */
export function loadNetworkFile(file: string): Network {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NeuriteError('IO', `Cannot read ${file}: ${reason}`, { file }, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new NeuriteError('MODEL_FORMAT', `${file} is not JSON: ${reason}`, { file }, { cause: error });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new NeuriteError('MODEL_FORMAT', `${file} must hold a JSON object (a model file or a network's toJSON())`, { file });
  }
  const record = json as Record<string, unknown>;
  const network = 'network' in record ? record['network'] : record;
  if (network === null || typeof network !== 'object' || !Array.isArray((network as NetworkJSON).layers)) {
    throw new NeuriteError('MODEL_FORMAT', `${file}: expected a "layers" array${'network' in record ? ' in "network"' : ''}`, {
      file,
      path: 'network' in record ? 'network.layers' : 'layers',
    });
  }
  try {
    return Network.fromJSON(network as NetworkJSON);
  } catch (error) {
    if (isNeuriteError(error)) throw new NeuriteError(error.code, `${file}: ${error.message}`, { ...error.details, file }, { cause: error });
    throw error;
  }
}
