import type { Matrix } from '../../src/index.js';
import { GRU } from '../../src/nn/gru.js';
import type { Recurrent } from '../../src/nn/recurrent.js';
import { SimpleRNN } from '../../src/nn/simple-rnn.js';

/** What {@link referenceRun} computes: the output and every gradient, as plain float64 arrays. */
export interface ReferenceResult {
  out: number[];
  dX: number[];
  inputWeightGrad: number[];
  recurrentWeightGrad: number[];
  biasGrad: number[];
  recurrentBiasGrad: number[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * The recurrent layers written as the readable reference: one sample at a time, one step at a time, one
 * gate-unit at a time, straight from the formulas in each class's comment, in float64 (JavaScript numbers).
 * Each sum is taken in the order the layer's products take it (the reference backend's: index order from
 * 0, W x + b first, then + U h (+ b_hn)), so a float64 layer must give these values bit for bit.
 */
export function referenceRun(layer: Recurrent, x: Matrix, dOut: Matrix): ReferenceResult {
  const { units: u, timeSteps: T, features: F, returnSequences } = layer;
  const G = layer.inputWeights.length / F;
  const W = Array.from(layer.inputWeights),
    U = Array.from(layer.recurrentWeights),
    b = Array.from(layer.bias);
  const gru = layer instanceof GRU;
  const bh = Array.from({ length: G }, (_, j) => (gru && j >= 2 * u ? layer.recurrentBias[j - 2 * u]! : 0));
  const rows = x.rows;
  const xs = (n: number, t: number, f: number) => x.data[(n * T + t) * F + f]!;
  const res: ReferenceResult = {
    out: new Array(rows * layer.outputSize).fill(0),
    dX: [],
    inputWeightGrad: new Array(G * F).fill(0),
    recurrentWeightGrad: new Array(G * u).fill(0),
    biasGrad: new Array(G).fill(0),
    recurrentBiasGrad: new Array(u).fill(0),
  };
  // Per (sample, step): the input-side δz, the recurrent-side δz and h_{t−1}, kept for the sums over time.
  const dz: number[][] = [],
    dzh: number[][] = [],
    hPrevs: number[][] = [];
  for (let n = 0; n < rows; n++) {
    let length = T;
    if (layer.maskTrailingZeros) while (length > 0 && Array.from({ length: F }, (_, f) => xs(n, length - 1, f)).every((v) => v === 0)) length--;
    // Forward: keep every step's gates, states and the recurrent candidate.
    let h = new Array(u).fill(0),
      c = new Array(u).fill(0);
    const steps: { gate: number[]; a: number[]; hPrev: number[]; cPrev: number[]; c: number[] }[] = [];
    for (let t = 0; t < T; t++) {
      hPrevs.push(h);
      if (t >= length) {
        steps.push({ gate: [], a: [], hPrev: h, cPrev: c, c });
        continue;
      }
      const zx = Array.from({ length: G }, (_, j) => {
        let s = 0;
        for (let f = 0; f < F; f++) s += xs(n, t, f) * W[j * F + f]!;
        return s + b[j]!;
      });
      const zh = Array.from({ length: G }, (_, j) => {
        let s = 0;
        for (let k = 0; k < u; k++) s += h[k]! * U[j * u + k]!;
        return s + bh[j]!;
      });
      const gate = new Array(G).fill(0),
        a = new Array(u).fill(0),
        hNew = new Array(u).fill(0),
        cNew = new Array(u).fill(0);
      for (let k = 0; k < u; k++) {
        if (layer instanceof SimpleRNN) {
          const z = zx[k]! + zh[k]!;
          hNew[k] = gate[k] = layer.activation === 'relu' ? (z > 0 ? z : 0) : Math.tanh(z);
        } else if (gru) {
          const r = (gate[k] = sigmoid(zx[k]! + zh[k]!));
          const z = (gate[u + k] = sigmoid(zx[u + k]! + zh[u + k]!));
          a[k] = zh[2 * u + k]!;
          const nn = (gate[2 * u + k] = Math.tanh(zx[2 * u + k]! + r * a[k]!));
          hNew[k] = (1 - z) * nn + z * h[k]!;
        } else {
          const i = (gate[k] = sigmoid(zx[k]! + zh[k]!));
          const f = (gate[u + k] = sigmoid(zx[u + k]! + zh[u + k]!));
          const g = (gate[2 * u + k] = Math.tanh(zx[2 * u + k]! + zh[2 * u + k]!));
          const o = (gate[3 * u + k] = sigmoid(zx[3 * u + k]! + zh[3 * u + k]!));
          cNew[k] = f * c[k]! + i * g;
          hNew[k] = o * Math.tanh(cNew[k]!);
        }
      }
      steps.push({ gate, a, hPrev: h, cPrev: c, c: cNew });
      if (returnSequences) for (let k = 0; k < u; k++) res.out[(n * T + t) * u + k] = hNew[k]!;
      [h, c] = [hNew, cNew];
    }
    if (!returnSequences) for (let k = 0; k < u; k++) res.out[n * u + k] = h[k]!;
    // Backward through time.
    const dzs: number[][] = Array.from({ length: T }, () => new Array(G).fill(0));
    const dzhs: number[][] = Array.from({ length: T }, () => new Array(G).fill(0));
    let dH = returnSequences ? new Array(u).fill(0) : Array.from({ length: u }, (_, k) => dOut.data[n * u + k]!);
    let dC = new Array(u).fill(0);
    for (let t = length - 1; t >= 0; t--) {
      if (returnSequences) dH = dH.map((v, k) => v + dOut.data[(n * T + t) * u + k]!);
      const { gate, a, hPrev, cPrev, c: ct } = steps[t]!;
      const direct = new Array(u).fill(0);
      for (let k = 0; k < u; k++) {
        const dh = dH[k]!;
        if (layer instanceof SimpleRNN) {
          const hv = gate[k]!;
          dzs[t]![k] = dzhs[t]![k] = layer.activation === 'relu' ? (hv > 0 ? dh : 0) : dh * (1 - hv * hv);
        } else if (gru) {
          const [r, z, nn] = [gate[k]!, gate[u + k]!, gate[2 * u + k]!];
          const dzn = dh * (1 - z) * (1 - nn * nn);
          dzs[t]![k] = dzhs[t]![k] = dzn * a[k]! * r * (1 - r);
          dzs[t]![u + k] = dzhs[t]![u + k] = dh * (hPrev[k]! - nn) * z * (1 - z);
          dzs[t]![2 * u + k] = dzn;
          dzhs[t]![2 * u + k] = dzn * r;
          direct[k] = dh * z;
        } else {
          const [i, f, g, o] = [gate[k]!, gate[u + k]!, gate[2 * u + k]!, gate[3 * u + k]!];
          const tc = Math.tanh(ct[k]!);
          const dc = dC[k]! + dh * o * (1 - tc * tc);
          dzs[t]![k] = dc * g * i * (1 - i);
          dzs[t]![u + k] = dc * (t > 0 ? cPrev[k]! : 0) * f * (1 - f);
          dzs[t]![2 * u + k] = dc * i * (1 - g * g);
          dzs[t]![3 * u + k] = dh * tc * o * (1 - o);
          dzhs[t]![k] = dzs[t]![k]!;
          dzhs[t]![u + k] = dzs[t]![u + k]!;
          dzhs[t]![2 * u + k] = dzs[t]![2 * u + k]!;
          dzhs[t]![3 * u + k] = dzs[t]![3 * u + k]!;
          dC[k] = dc * f;
        }
      }
      if (t === 0) break;
      dH = direct.map((d, k) => {
        let s = 0;
        for (let j = 0; j < G; j++) s += dzhs[t]![j]! * U[j * u + k]!;
        return d + s;
      });
    }
    dz.push(...dzs);
    dzh.push(...dzhs);
    dC = [];
  }
  // The sums over time (and samples), in (sample, step) order.
  for (let j = 0; j < G; j++) {
    for (let f = 0; f < F; f++) res.inputWeightGrad[j * F + f] = dz.reduce((s, d, p) => s + d[j]! * x.data[p * F + f]!, 0);
    for (let k = 0; k < u; k++) res.recurrentWeightGrad[j * u + k] = dzh.reduce((s, d, p) => s + d[j]! * hPrevs[p]![k]!, 0);
    res.biasGrad[j] = dz.reduce((s, d) => s + d[j]!, 0);
    if (gru && j >= 2 * u) res.recurrentBiasGrad[j - 2 * u] = dzh.reduce((s, d) => s + d[j]!, 0);
  }
  for (let p = 0; p < rows * T; p++) {
    for (let f = 0; f < F; f++) {
      let s = 0;
      for (let j = 0; j < G; j++) s += dz[p]![j]! * W[j * F + f]!;
      res.dX.push(s);
    }
  }
  return res;
}
