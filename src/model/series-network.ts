import { NeuriteError } from '../errors.js';
import type { LayerSpec, NetworkSpec } from '../nn/network-spec.js';
import type { DType } from '../tensor/matrix.js';

/**
 * The forecaster's network by name: `lstm` (default), one recurrent layer of `units` reading the window
 * step by step, its last state → dense(horizon); `dense`, the window flattened → dense(units, relu)
 * → dense(horizon); `linear`, the window flattened → dense(horizon) (a linear autoregression).
 */
export type SeriesNetworkName = 'lstm' | 'dense' | 'linear';

/** The names {@link seriesNetworkSpec} takes. */
export const SERIES_NETWORKS: readonly SeriesNetworkName[] = ['lstm', 'dense', 'linear'];

/** What {@link seriesNetworkSpec} builds: the network by name, or its layers given whole (the last must give `horizon` values). */
export interface SeriesNetworkOptions {
  network?: SeriesNetworkName | LayerSpec[];
  /** Units of the recurrent layer (or of the dense hidden layer); default 32. */
  units?: number;
  window: number;
  /** Values per step: the target plus the extra columns. */
  features: number;
  horizon: number;
  seed?: number;
  dtype?: DType;
}

/** The default forecaster network. */
export const DEFAULT_SERIES_NETWORK: SeriesNetworkName = 'lstm';

/**
 * The spec of a forecaster's network: input `[window, features]` (one row per time step, oldest first),
 * output the `horizon` scaled values ahead.
 *
 * @example
 * ```ts
 * import { Network, seriesNetworkSpec } from 'neurite';
 * const spec = seriesNetworkSpec({ network: 'dense', units: 16, window: 28, features: 1, horizon: 7 });
 * console.log(Network.create(spec).outputSize, spec.inputShape); // 7 [28, 1]
 * ```
 */
export function seriesNetworkSpec(options: SeriesNetworkOptions): NetworkSpec {
  const { window, features, horizon } = options;
  const units = options.units ?? 32;
  const network = options.network ?? DEFAULT_SERIES_NETWORK;
  const output: LayerSpec = { units: horizon, activation: 'linear' };
  let layers: LayerSpec[];
  if (Array.isArray(network)) layers = network;
  else if (network === 'lstm') layers = [{ type: 'lstm', units }, output];
  else if (network === 'dense') layers = [{ type: 'flatten' }, { units, activation: 'relu' }, output];
  else if (network === 'linear') layers = [{ type: 'flatten' }, output];
  else {
    throw new NeuriteError('INVALID_ARGUMENT', `unknown forecaster network "${String(network)}"; expected one of: ${SERIES_NETWORKS.join(', ')}, or layers`, {
      field: 'network',
    });
  }
  return {
    inputShape: [window, features],
    layers,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.dtype !== undefined ? { dtype: options.dtype } : {}),
  };
}
