import { requireInteger } from '../errors.js';
import { checkLabels, checkPair } from './labels.js';

/**
 * The confusion matrix C, where C[i][j] counts the samples of true class i predicted as class j
 * (rows: truth, columns: prediction, as scikit-learn). The diagonal holds the correct predictions.
 *
 * `numClasses` defaults to the largest label in either array + 1; when given, every label must be below it.
 *
 * @example
 * ```ts
 * import { confusionMatrix } from 'neurite';
 * console.log(confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2])); // [[1, 0, 0], [0, 1, 1], [0, 0, 1]]: rows true, columns predicted
 * ```
 */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses?: number): number[][] {
  checkPair('confusionMatrix', yTrue, yPred);
  if (numClasses !== undefined) requireInteger('numClasses', numClasses, 1);
  const k = Math.max(checkLabels('yTrue', yTrue, numClasses), checkLabels('yPred', yPred, numClasses), numClasses ?? 0);
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]!]![yPred[i]!]! += 1;
  return counts;
}
