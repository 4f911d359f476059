import { sigmoid } from '../activations/sigmoid.js';
import type { Backend } from '../backend/backend.js';
import { Recurrent, type RecurrentOptions } from './recurrent.js';
import type { RecurrentBuffers } from './recurrent-buffers.js';
import { lstmLeanForward } from './lstm-inference.js';
import { lstmLeanPath, lstmStepBackwardKernel, lstmStepKernel } from './recurrent-ops.js';
import type { Matrix } from '../tensor/matrix.js';

/**
 * A long short-term memory layer (Hochreiter & Schmidhuber, 1997; PyTorch's `nn.LSTM` cell) over sequences
 * `[timeSteps, features]`: four gates i, f, g, o (that order in every array: W [4·units × features],
 * U [4·units × units], b [4·units]), each the seed's neuron over x_t and h_{t−1}; state h and cell c start at 0.
 * Forward through time, and backward (BPTT) beside it, per gate (σ′ = σ(1 − σ), tanh′ = 1 − tanh²):
 *
 *   forward, step t = 0 … T−1                  backward, step t = T−1 … 0 (δh_t = ∂L/∂out_t + δh from step t+1)
 *   i = σ(W_i x_t + U_i h_{t−1} + b_i)         δc_t = δc (from t+1) + δh_t · o · tanh′(c_t)
 *   f = σ(W_f x_t + U_f h_{t−1} + b_f)         δz_i = δc_t · g · i(1 − i)
 *   g = tanh(W_g x_t + U_g h_{t−1} + b_g)      δz_f = δc_t · c_{t−1} · f(1 − f)
 *   o = σ(W_o x_t + U_o h_{t−1} + b_o)         δz_g = δc_t · i · (1 − g²)
 *   c_t = f ⊙ c_{t−1} + i ⊙ g                   δz_o = δh_t · tanh(c_t) · o(1 − o)
 *   h_t = o ⊙ tanh(c_t)                         δc (to t−1) = δc_t ⊙ f,   δh (to t−1) = Uᵀ δz
 *
 * and each weight's gradient is a sum over time steps of products of those factors:
 * ∂L/∂W = Σ_t δz_tᵀ x_t, ∂L/∂U = Σ_t δz_tᵀ h_{t−1}, ∂L/∂b = Σ_t δz_t (rows of δz: the gates i, f, g, o).
 * A weight's gradient at step t carries the factors f and Uᵀ σ′ of every later step it went back through:
 * the forget gate's f ≈ 1 lets it reach far back (the "constant error carousel").
 *
 * The output is h_{T−1} `[units]`, or every h_t `[timeSteps, units]` with `returnSequences`. With
 * `maskTrailingZeros` a sample ends after its last step whose features are not all zero: the later steps
 * carry the state unchanged, output 0 and get no gradient. PyTorch: weight_ih_l0 = inputWeights,
 * weight_hh_l0 = recurrentWeights, bias_ih_l0 + bias_hh_l0 = bias. Defaults: W Glorot uniform, U
 * orthogonal, b zeros but the forget gate's 1 (Keras's `unit_forget_bias`). `lastRun()` keeps i, f, g, o,
 * c_t and h_t of every step (see `RecurrentRun`).
 *
 * @example
 * ```ts
 * import { LSTM, Matrix, jsBackend } from 'neurite';
 * const lstm = new LSTM({ inputShape: [3, 1], units: 2, dtype: 'float64' }); // 3 steps of 1 feature
 * const h = lstm.forward(Matrix.from([[0.5, -1, 2]], 'float64'), { training: false, backend: jsBackend });
 * console.log(lstm.outputShape, h.cols); // [2] 2: the last state
 * ```
 */
export class LSTM extends Recurrent {
  readonly type = 'lstm';
  protected override readonly cellArrays = 'state';

  constructor(options: RecurrentOptions) {
    super('LSTM', 4, options);
    if (options.bias === undefined) this.bias.fill(1, this.units, 2 * this.units); // forget gate's bias: 1
  }

  /** Inference with nothing kept: src/nn/lstm-inference.ts, where `lstmLeanPath` chooses it. */
  protected override forwardLean(x: Matrix, b: RecurrentBuffers, backend: Backend): boolean {
    return lstmLeanPath(backend, b, this.timeSteps, this.dtype) && lstmLeanForward(this, x, b, backend);
  }

  protected stepForward(b: RecurrentBuffers, t: number, backend: Backend): void {
    const { units: u, timeSteps: T } = this;
    if (lstmStepKernel(backend, b, u, T, t, this.returnSequences, this.lean)) return;
    const zx = b.zx.data,
      zh = b.zh.data,
      h = b.h.data,
      c = b.c,
      hPrev = b.hPrev.data,
      cells = b.cells;
    const out = this.returnSequences ? b.out.data : null;
    for (let n = 0; n < b.rows; n++) {
      if (t >= b.lengths[n]!) continue;
      const step = n * T + t;
      const x = 4 * u * step; // this step's gates in zx (sample n, step t)
      const r = 4 * u * n; // this sample's recurrent products in zh
      const s = n * u;
      const q = step * u;
      for (let k = 0; k < u; k++) {
        const i = sigmoid(zx[x + k]! + zh[r + k]!);
        const f = sigmoid(zx[x + u + k]! + zh[r + u + k]!);
        const g = Math.tanh(zx[x + 2 * u + k]! + zh[r + 2 * u + k]!);
        const o = sigmoid(zx[x + 3 * u + k]! + zh[r + 3 * u + k]!);
        const ct = f * c[s + k]! + i * g; // c_t = f ⊙ c_{t−1} + i ⊙ g
        const ht = o * Math.tanh(ct); // h_t = o ⊙ tanh(c_t)
        zx[x + k] = i;
        zx[x + u + k] = f;
        zx[x + 2 * u + k] = g;
        zx[x + 3 * u + k] = o;
        cells[q + k] = c[s + k] = ct;
        hPrev[q + k] = h[s + k]!;
        h[s + k] = ht;
        if (out !== null) out[q + k] = ht;
      }
    }
  }

  protected stepBackward(b: RecurrentBuffers, t: number, backend: Backend): void {
    const { units: u, timeSteps: T } = this;
    if (lstmStepBackwardKernel(backend, b, u, T, t)) return;
    const zx = b.zx.data,
      cells = b.cells,
      dH = b.dH,
      dC = b.dC,
      dZ = b.dZ!.data,
      dZStep = b.dZStep!.data;
    for (let n = 0; n < b.rows; n++) {
      if (t >= b.lengths[n]!) continue;
      const step = n * T + t;
      const x = 4 * u * step;
      const r = 4 * u * n;
      const s = n * u;
      const q = step * u;
      for (let k = 0; k < u; k++) {
        const i = zx[x + k]!,
          f = zx[x + u + k]!,
          g = zx[x + 2 * u + k]!,
          o = zx[x + 3 * u + k]!;
        const tc = Math.tanh(cells[q + k]!);
        const cPrev = t > 0 ? cells[q - u + k]! : 0;
        const dh = dH[s + k]!;
        const dc = dC[s + k]! + dh * o * (1 - tc * tc); // δc_t = δc + δh_t · o · tanh′(c_t)
        const dzi = dc * g * i * (1 - i);
        const dzf = dc * cPrev * f * (1 - f);
        const dzg = dc * i * (1 - g * g);
        const dzo = dh * tc * o * (1 - o);
        dZ[x + k] = dZStep[r + k] = dzi;
        dZ[x + u + k] = dZStep[r + u + k] = dzf;
        dZ[x + 2 * u + k] = dZStep[r + 2 * u + k] = dzg;
        dZ[x + 3 * u + k] = dZStep[r + 3 * u + k] = dzo;
        dC[s + k] = dc * f; // δc_{t−1} = δc_t ⊙ f
        dH[s + k] = 0; // δh_{t−1}: all of it through U (added by the caller)
      }
    }
  }
}
