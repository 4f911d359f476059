// Activations and losses that workloads C–E need. When this branch of neurite already has them (ReLU,
// softmax, cross-entropy are written in parallel by another part of the project), neurite's own are used;
// otherwise these minimal versions stand in, registered through neurite's public registries.
import { activationNames, lossNames, registerActivation, registerLoss, resolveLoss } from '../dist/src/index.js';

/** Registers what is missing and returns the name of the cross-entropy loss fused with softmax. */
export function ensureClassificationPieces() {
  if (!activationNames().includes('relu')) {
    registerActivation('relu', () => ({
      name: 'relu',
      elementwise: true,
      f: (z) => (z > 0 ? z : 0),
      df: (z) => (z > 0 ? 1 : 0),
      forward(z, a, rows, cols) {
        const n = rows * cols;
        for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
      },
      backward(z, _a, dA, dZ, rows, cols) {
        const n = rows * cols;
        for (let i = 0; i < n; i++) dZ[i] = z[i] > 0 ? dA[i] : 0;
      },
      toJSON: () => ({ name: 'relu' }),
    }));
  }
  if (!activationNames().includes('softmax')) {
    registerActivation('softmax', () => ({
      name: 'softmax',
      elementwise: false,
      f() {
        throw new Error('softmax is not elementwise');
      },
      df() {
        throw new Error('softmax is not elementwise');
      },
      forward(z, a, rows, cols) {
        for (let r = 0; r < rows; r++) {
          const o = r * cols;
          let max = -Infinity;
          for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
          let sum = 0;
          for (let j = 0; j < cols; j++) sum += a[o + j] = Math.exp(z[o + j] - max);
          for (let j = 0; j < cols; j++) a[o + j] /= sum;
        }
      },
      backward(_z, a, dA, dZ, rows, cols) {
        for (let r = 0; r < rows; r++) {
          const o = r * cols;
          let dot = 0;
          for (let j = 0; j < cols; j++) dot += dA[o + j] * a[o + j];
          for (let j = 0; j < cols; j++) dZ[o + j] = a[o + j] * (dA[o + j] - dot);
        }
      },
      toJSON: () => ({ name: 'softmax' }),
    }));
  }
  const own = lossNames().find((name) => {
    try {
      return resolveLoss(name).fusedActivation === 'softmax';
    } catch {
      return false;
    }
  });
  if (own) return own;
  {
    registerLoss('crossentropy', () => ({
      name: 'crossentropy',
      fusedActivation: 'softmax',
      forward(pred, target, rows, cols) {
        let s = 0;
        for (let i = 0; i < rows * cols; i++) if (target[i] !== 0) s -= target[i] * Math.log(Math.max(pred[i], 1e-12));
        return s / rows;
      },
      backward(pred, target, grad, rows, cols) {
        for (let i = 0; i < rows * cols; i++) grad[i] = target[i] !== 0 ? -target[i] / Math.max(pred[i], 1e-12) / rows : 0;
      },
      forwardFromLogits(z, target, rows, cols) {
        let s = 0;
        for (let r = 0; r < rows; r++) {
          const o = r * cols;
          let max = -Infinity;
          for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
          let sum = 0;
          for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max);
          const logSum = max + Math.log(sum);
          for (let j = 0; j < cols; j++) if (target[o + j] !== 0) s -= target[o + j] * (z[o + j] - logSum);
        }
        return s / rows;
      },
      backwardFromLogits(_z, probs, target, grad, rows, cols) {
        const n = rows * cols;
        for (let i = 0; i < n; i++) grad[i] = (probs[i] - target[i]) / rows;
      },
      toJSON: () => ({ name: 'crossentropy' }),
    }));
  }
  return 'crossentropy';
}
