import { NeuriteError, describe } from '../errors.js';
import { checkPair } from './labels.js';

function checkValues(metric: string, yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  checkPair(metric, yTrue, yPred);
  for (const [what, a] of [
    ['yTrue', yTrue],
    ['yPred', yPred],
  ] as const) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new NeuriteError('NON_FINITE', `${metric}: ${what}[${i}] is ${describe(v)}; expected a finite number`, { field: `${what}[${i}]`, actual: v });
      }
    }
  }
}

/**
 * MAE = (1/n) Σ |y_true − y_pred|.
 *
 * @example
 * ```ts
 * import { meanAbsoluteError } from 'neurite';
 * console.log(meanAbsoluteError([3, 5, 2], [2.5, 5, 4])); // 0.8333… = (0.5 + 0 + 2) / 3
 * ```
 */
export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkValues('meanAbsoluteError', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i]! - yPred[i]!);
  return sum / yTrue.length;
}

/**
 * RMSE = √((1/n) Σ (y_true − y_pred)²): the square root of the seed's MSE, in the targets' units.
 *
 * @example
 * ```ts
 * import { rootMeanSquaredError } from 'neurite';
 * console.log(rootMeanSquaredError([0, 0], [3, 4])); // 3.535… = √((9 + 16) / 2)
 * ```
 */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkValues('rootMeanSquaredError', yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const d = yTrue[i]! - yPred[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum / yTrue.length);
}

/**
 * The coefficient of determination R² = 1 − SS_res / SS_tot, with SS_res = Σ (y_true − y_pred)² and
 * SS_tot = Σ (y_true − ȳ)²: 1 is perfect, 0 is no better than predicting the mean, and it can be negative.
 *
 * Constant targets (SS_tot = 0, e.g. a single sample) make the ratio undefined; as scikit-learn does, the
 * result is then 1 if the predictions are exact (SS_res = 0) and 0 otherwise, never NaN or −∞.
 *
 * @example
 * ```ts
 * import { r2Score } from 'neurite';
 * console.log(r2Score([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.8])); // 0.98: 1 − residual / total sum of squares
 * ```
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkValues('r2Score', yTrue, yPred);
  const n = yTrue.length;
  // Test constancy directly: a computed mean of equal values can be off by an ulp, and SS_tot would be tiny, not 0.
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = yTrue[i] === yTrue[0];
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const r = yTrue[i]! - yPred[i]!;
    const d = yTrue[i]! - mean;
    ssRes += r * r;
    ssTot += d * d;
  }
  if (constant) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
