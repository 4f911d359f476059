import { NeuriteError, describe } from '../errors.js';
import type { LayerJSON } from './layer.js';
import { Recurrent, type RecurrentOptions } from './recurrent.js';
import type { RecurrentBuffers } from './recurrent-buffers.js';

/** Options of {@link SimpleRNN}: the recurrent layers' and the activation. */
export interface SimpleRNNOptions extends RecurrentOptions {
  /** f: 'tanh' (default) or 'relu'. */
  activation?: 'tanh' | 'relu';
}

/**
 * The plain recurrent layer (Elman, 1990; PyTorch's `nn.RNN`) over sequences `[timeSteps, features]`: the
 * seed's neuron applied at every step to the step's input and the previous state, W [units × features],
 * U [units × units], b [units]; h starts at 0. Forward through time, and backward (BPTT) beside it:
 *
 *   forward, step t = 0 … T−1              backward, step t = T−1 … 0 (δh_t = ∂L/∂out_t + δh from t+1)
 *   z_t = W x_t + U h_{t−1} + b             δz_t = δh_t ⊙ f′(z_t)        (tanh: 1 − h_t²; relu: h_t > 0)
 *   h_t = f(z_t)                            δh (to t−1) = Uᵀ δz_t
 *
 * ∂L/∂W = Σ_t δz_tᵀ x_t, ∂L/∂U = Σ_t δz_tᵀ h_{t−1}, ∂L/∂b = Σ_t δz_t: the gradient that reaches step t from
 * the loss at step T−1 is multiplied by Uᵀ diag(f′) once per step between them, so it shrinks (vanishes) or
 * grows (explodes) geometrically with the distance; the LSTM and GRU add paths around that product.
 *
 * The output, masking and defaults are the LSTM's (see `LSTM`). PyTorch: weight_ih_l0 = inputWeights,
 * weight_hh_l0 = recurrentWeights, bias_ih_l0 + bias_hh_l0 = bias, nonlinearity = activation. `lastRun()`
 * keeps h_t of every step (its one "gate").
 *
 * @example
 * ```ts
 * import { Matrix, SimpleRNN, jsBackend } from 'neurite';
 * // h_t = relu(x_t + h_{t−1}): a running sum of the positive inputs.
 * const rnn = new SimpleRNN({ inputShape: [3, 1], units: 1, activation: 'relu', inputWeights: [1], recurrentWeights: [1], bias: [0], dtype: 'float64' });
 * console.log(rnn.forward(Matrix.from([[1, 2, 3]], 'float64'), { training: false, backend: jsBackend }).data[0]); // 6
 * ```
 */
export class SimpleRNN extends Recurrent {
  readonly type = 'simpleRnn';
  readonly activation: 'tanh' | 'relu';

  constructor(options: SimpleRNNOptions) {
    super('SimpleRNN', 1, options);
    this.activation = requireRnnActivation('SimpleRNN activation', options.activation);
  }

  override toJSON(): LayerJSON {
    return { ...super.toJSON(), activation: this.activation };
  }

  protected stepForward(b: RecurrentBuffers, t: number): void {
    const { units: u, timeSteps: T } = this;
    const zx = b.zx.data,
      zh = b.zh.data,
      h = b.h.data,
      hPrev = b.hPrev.data;
    const out = this.returnSequences ? b.out.data : null;
    const relu = this.activation === 'relu';
    for (let n = 0; n < b.rows; n++) {
      if (t >= b.lengths[n]!) continue;
      const q = (n * T + t) * u; // sample n, step t
      const s = n * u;
      for (let k = 0; k < u; k++) {
        const z = zx[q + k]! + zh[s + k]!;
        zx[q + k] = relu ? (z > 0 ? z : 0) : Math.tanh(z); // h_t = f(W x_t + b + U h_{t−1})
        hPrev[q + k] = h[s + k]!;
        h[s + k] = zx[q + k]!;
        if (out !== null) out[q + k] = h[s + k]!;
      }
    }
  }

  protected stepBackward(b: RecurrentBuffers, t: number): void {
    const { units: u, timeSteps: T } = this;
    const zx = b.zx.data,
      dH = b.dH,
      dZ = b.dZ!.data,
      dZStep = b.dZStep!.data;
    const relu = this.activation === 'relu';
    for (let n = 0; n < b.rows; n++) {
      if (t >= b.lengths[n]!) continue;
      const q = (n * T + t) * u;
      const s = n * u;
      for (let k = 0; k < u; k++) {
        const h = zx[q + k]!;
        dZ[q + k] = dZStep[s + k] = relu ? (h > 0 ? dH[s + k]! : 0) : dH[s + k]! * (1 - h * h); // δz_t = δh_t ⊙ f′(z_t)
        dH[s + k] = 0; // δh_{t−1}: all of it through U (added by the caller)
      }
    }
  }
}

/** 'tanh' (the default) or 'relu', the activations PyTorch's nn.RNN offers. @internal */
export function requireRnnActivation(name: string, value: unknown): 'tanh' | 'relu' {
  if (value === undefined) return 'tanh';
  if (value !== 'tanh' && value !== 'relu')
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be "tanh" or "relu", got ${describe(value)}`, { field: name, actual: value });
  return value;
}
