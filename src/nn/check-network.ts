import { NeuriteError, describe, requireInteger } from '../errors.js';
import { Rng } from '../init/rng.js';
import { Embedding } from './embedding.js';
import type { Loss } from '../losses/loss.js';
import { resolveLoss, type LossLike } from '../losses/registry.js';
import { Matrix } from '../tensor/matrix.js';
import { gradientCheck, type GradientCheckOptions, type GradientCheckResult } from './gradient-check.js';
import { Network } from './network.js';

/** Options of {@link checkNetworkGradients}. */
export interface NetworkCheckOptions extends Omit<GradientCheckOptions, 'objective' | 'analytic'> {
  /** The loss to differentiate (default: mean squared error). */
  loss?: LossLike;
  /** Sample inputs, one row each; by default `samples` rows drawn from a standard normal. */
  inputs?: ArrayLike<ArrayLike<number>>;
  /** Targets for `inputs`; by default drawn: one-hot classes for several outputs, uniform in [0, 1) for one. */
  targets?: ArrayLike<ArrayLike<number>>;
  /** How many random samples to draw when no `inputs` are given (default 4). */
  samples?: number;
  /** Seed of the generator that draws samples (default 1). */
  seed?: number;
}

/** What {@link checkNetworkGradients} returns: the gradient check and how it was run. */
export interface NetworkCheckResult extends GradientCheckResult {
  loss: string;
  samples: number;
  /** The precision the check ran in: always float64; `converted` when the network was float32. */
  dtype: 'float64';
  converted: boolean;
  /** True when the samples were drawn at random rather than given. */
  randomSamples: boolean;
}

/**
 * `gradientCheck` for a whole network as it is: numerical (central differences) against analytic
 * (backpropagation) gradients on a batch of samples, in float64. A float32 network is copied to float64
 * first (through `toJSON`/`fromJSON`, so its layers and activations must be registered); a float64 network
 * is checked in place (its weights are restored; its gradients are overwritten, as training would).
 * Gradients smaller than `floor` (default here 1e-5, not `gradientCheck`'s 1e-8) are compared absolutely:
 * the differences' own rounding is about 1e-12 · |L|, which is a large relative error on a gradient of 1e-9
 * (a saturated sigmoid) and no sign of a bug; a wrong backward pass is still off by far more than 1e-11.
 * Activations with kinks (ReLU) can fail where a sample sits within `epsilon` of the kink: that is the
 * difference quotient's limit, not a wrong gradient; rerun with another `seed` to tell them apart.
 * Dropout layers keep one mask through the whole check (both sides differentiate the same function), and a
 * network with batch normalization is checked in training mode (the batch's statistics, through which every
 * sample's gradient flows); layers without parameters (dropout, flatten, reshape, pooling) are checked through
 * the layers around them.
 *
 * @example
 * ```ts
 * import { Network, checkNetworkGradients } from 'neurite';
 * const network = Network.create({ inputs: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }] });
 * const result = checkNetworkGradients(network, { loss: 'categorical_crossentropy' }); // runs in float64 on a copy
 * console.log(result.passed, result.converted); // true true
 * ```
 */
export function checkNetworkGradients(network: Network, options: NetworkCheckOptions = {}): NetworkCheckResult {
  if (!(network instanceof Network)) {
    throw new NeuriteError('INVALID_ARGUMENT', `checkNetworkGradients needs a Network, got ${describe(network)}`);
  }
  const loss = resolveLoss(options.loss ?? 'mse');
  const converted = network.dtype !== 'float64';
  const net = converted ? Network.fromJSON({ ...network.toJSON(), dtype: 'float64' }) : network;
  net.backend = network.backend;

  let x: Matrix;
  let y: Matrix;
  const random = options.inputs === undefined;
  if (!random) {
    x = Matrix.from(options.inputs!, 'float64', 'check input');
    if (options.targets === undefined) {
      throw new NeuriteError('INVALID_ARGUMENT', 'checkNetworkGradients: inputs were given without targets; give both or neither');
    }
    y = Matrix.from(options.targets, 'float64', 'check target');
    if (x.rows === 0 || x.rows !== y.rows) {
      throw new NeuriteError(
        'SHAPE_MISMATCH',
        `checkNetworkGradients: ${x.rows} input rows but ${y.rows} target rows; give one target per input, at least one`,
        {
          expected: x.rows,
          actual: y.rows,
        },
      );
    }
  } else {
    const rows = requireInteger('samples', options.samples ?? 4, 1);
    const rng = new Rng(options.seed ?? 1);
    x = Matrix.zeros(rows, net.inputSize, 'float64');
    const ids = net.layers[0] instanceof Embedding ? net.layers[0].vocabularySize : 0; // an embedding reads token ids
    for (let i = 0; i < x.data.length; i++) x.data[i] = ids > 0 ? rng.int(ids) : rng.normal();
    y = Matrix.zeros(rows, net.outputSize, 'float64');
    for (let r = 0; r < rows; r++) {
      if (net.outputSize === 1) y.data[r] = rng.uniform();
      else y.data[r * net.outputSize + rng.int(net.outputSize)] = 1;
    }
  }
  const { loss: _l, inputs: _i, targets: _t, samples: _s, seed: _seed, ...checkOptions } = options;
  const result = gradientCheck(net, x, y, loss, { floor: 1e-5, ...checkOptions, ...trainingMode(net, x, y, loss, options.seed ?? 1) });
  return { ...result, loss: loss.name, samples: x.rows, dtype: 'float64', converted, randomSamples: random };
}

/**
 * For a network with layers that act differently while training (dropout, batch normalization): the analytic
 * and numerical sides both run in training mode, with the same dropout mask, each call drawing it from a clone
 * of one generator (so the loss is one function of the weights). Otherwise: nothing (the default objective,
 * the network's loss at inference).
 */
function trainingMode(network: Network, x: Matrix, y: Matrix, loss: Loss, seed: number): Pick<GradientCheckOptions, 'objective' | 'analytic'> {
  if (!network.layers.some((layer) => layer.type === 'dropout' || layer.type === 'batchNorm')) return {};
  const masks = new Rng(seed + 1);
  return {
    analytic: () => void network.computeGradients(x, y, loss, masks.clone()),
    objective: () => {
      const out = network.forward(x, { training: true, rng: masks.clone() });
      return loss.forward(out.data, y.data, y.rows, y.cols);
    },
  };
}
