import { sigmoid } from '../activations/sigmoid.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { LayerJSON, Parameter } from './layer.js';
import { Recurrent, type RecurrentOptions } from './recurrent.js';
import type { RecurrentBuffers } from './recurrent-buffers.js';
import { copyValues } from './copy-values.js';

/** Options of {@link GRU}: the recurrent layers' and b_hn. */
export interface GRUOptions extends RecurrentOptions {
  /** b_hn [units]: the candidate's recurrent bias, inside the reset gate's product (default zeros). */
  recurrentBias?: ArrayLike<number>;
}

/**
 * A gated recurrent unit layer (Cho et al., 2014), PyTorch's `nn.GRU` cell (ONNX `linear_before_reset = 1`,
 * Keras `reset_after = true`), over sequences `[timeSteps, features]`: three gates r, z, n (that order in
 * W [3·units × features], U [3·units × units] and b [3·units]), plus b_hn [units]; h starts at 0. Forward
 * through time, and backward (BPTT) beside it, per gate:
 *
 *   forward, step t = 0 … T−1                        backward, step t = T−1 … 0 (δh_t = ∂L/∂out_t + δh from t+1)
 *   r = σ(W_r x_t + b_r + U_r h_{t−1})               δz_n = δh_t · (1 − z) · (1 − n²)
 *   z = σ(W_z x_t + b_z + U_z h_{t−1})               δz_z = δh_t · (h_{t−1} − n) · z(1 − z)
 *   a = U_n h_{t−1} + b_hn                           δz_r = δz_n · a · r(1 − r)
 *   n = tanh(W_n x_t + b_n + r ⊙ a)                  δa = δz_n ⊙ r   (the recurrent side of gate n)
 *   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}                  δh (to t−1) = δh_t ⊙ z + U_rᵀ δz_r + U_zᵀ δz_z + U_nᵀ δa
 *
 * Each weight's gradient is a sum over time steps of products of those factors: ∂L/∂W = Σ_t δz_tᵀ x_t and
 * ∂L/∂b = Σ_t δz_t (gates r, z, n); ∂L/∂U = Σ_t δz_tʰᵀ h_{t−1} with δz_tʰ = [δz_r, δz_z, δa]; ∂L/∂b_hn = Σ_t δa.
 * The direct path δh_t ⊙ z is how a GRU carries gradient far back (z ≈ 1: the state is copied).
 *
 * The output, masking and defaults are the LSTM's (see `LSTM`); b_hn starts at zero. PyTorch:
 * weight_ih_l0 = inputWeights, weight_hh_l0 = recurrentWeights, bias = bias_ih + [bias_hh_r, bias_hh_z, 0],
 * recurrentBias = bias_hh_n. `lastRun()` keeps r, z, n, a = U_n h_{t−1} + b_hn and h_t of every step.
 *
 * @example
 * ```ts
 * import { GRU, Matrix, jsBackend } from 'neurite';
 * const gru = new GRU({ inputShape: [4, 2], units: 3, returnSequences: true, dtype: 'float64' });
 * const h = gru.forward(Matrix.from([[1, 0, 0.5, -1, 2, 2, 0, 1]], 'float64'), { training: false, backend: jsBackend });
 * console.log(gru.outputShape, h.cols); // [4, 3] 12: every step's state
 * ```
 */
export class GRU extends Recurrent {
  readonly type = 'gru';
  /** b_hn [units] (a view of the per-step product's bias, whose r and z blocks stay 0). */
  readonly recurrentBias: FloatArray;
  readonly recurrentBiasGrad: FloatArray;
  protected override readonly cellArrays = 'candidate';

  constructor(options: GRUOptions) {
    super('GRU', 3, options);
    const u = this.units;
    this.recurrentBias = this.stepBias.subarray(2 * u, 3 * u);
    this.recurrentBiasGrad = this.stepBiasGrad.subarray(2 * u, 3 * u);
    if (options.recurrentBias !== undefined) copyValues(options.recurrentBias, this.recurrentBias, 'GRU recurrentBias', `${u} units`);
  }

  override parameters(prefix: string): Parameter[] {
    const b_hn: Parameter = { name: `${prefix}.recurrentBias`, kind: 'bias', shape: [1, this.units], value: this.recurrentBias, grad: this.recurrentBiasGrad };
    return [...super.parameters(prefix), b_hn];
  }

  override toJSON(): LayerJSON {
    return { ...super.toJSON(), recurrentBias: Array.from(this.recurrentBias) };
  }

  protected stepForward(b: RecurrentBuffers, t: number): void {
    const { units: u, timeSteps: T } = this;
    const zx = b.zx.data,
      zh = b.zh.data,
      h = b.h.data,
      hPrev = b.hPrev.data,
      cells = b.cells;
    const out = this.returnSequences ? b.out.data : null;
    for (let n = 0; n < b.rows; n++) {
      if (t >= b.lengths[n]!) continue;
      const step = n * T + t;
      const x = 3 * u * step; // this step's gates in zx (sample n, step t)
      const r = 3 * u * n; // this sample's recurrent products in zh
      const s = n * u;
      const q = step * u;
      for (let k = 0; k < u; k++) {
        const rg = sigmoid(zx[x + k]! + zh[r + k]!);
        const z = sigmoid(zx[x + u + k]! + zh[r + u + k]!);
        const a = zh[r + 2 * u + k]!; // a = U_n h_{t−1} + b_hn
        const ng = Math.tanh(zx[x + 2 * u + k]! + rg * a); // n = tanh(W_n x + b_n + r ⊙ a)
        const hp = h[s + k]!;
        const ht = (1 - z) * ng + z * hp; // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
        zx[x + k] = rg;
        zx[x + u + k] = z;
        zx[x + 2 * u + k] = ng;
        cells[q + k] = a;
        hPrev[q + k] = hp;
        h[s + k] = ht;
        if (out !== null) out[q + k] = ht;
      }
    }
  }

  protected stepBackward(b: RecurrentBuffers, t: number): void {
    const { units: u, timeSteps: T } = this;
    const zx = b.zx.data,
      cells = b.cells,
      hPrev = b.hPrev.data,
      dH = b.dH,
      dZ = b.dZ!.data,
      dZh = b.dZh!.data,
      dZStep = b.dZStep!.data;
    for (let n = 0; n < b.rows; n++) {
      if (t >= b.lengths[n]!) continue;
      const step = n * T + t;
      const x = 3 * u * step;
      const r = 3 * u * n;
      const s = n * u;
      const q = step * u;
      for (let k = 0; k < u; k++) {
        const rg = zx[x + k]!,
          z = zx[x + u + k]!,
          ng = zx[x + 2 * u + k]!;
        const dh = dH[s + k]!;
        const dzn = dh * (1 - z) * (1 - ng * ng);
        const dzz = dh * (hPrev[q + k]! - ng) * z * (1 - z);
        const dzr = dzn * cells[q + k]! * rg * (1 - rg);
        const da = dzn * rg;
        dZ[x + k] = dZh[x + k] = dZStep[r + k] = dzr;
        dZ[x + u + k] = dZh[x + u + k] = dZStep[r + u + k] = dzz;
        dZ[x + 2 * u + k] = dzn;
        dZh[x + 2 * u + k] = dZStep[r + 2 * u + k] = da;
        dH[s + k] = dh * z; // δh_{t−1}'s direct part (U's part is added by the caller)
      }
    }
  }
}
