import { checkLabels, checkPair } from './labels.js';
import { confusionMatrix } from './confusion.js';

/**
 * The fraction of samples whose predicted class equals the true class.
 *
 * @example
 * ```ts
 * import { accuracy } from 'neurite';
 * console.log(accuracy([0, 1, 2, 1], [0, 1, 1, 1])); // 0.75
 * ```
 */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPair('accuracy', yTrue, yPred);
  checkLabels('yTrue', yTrue);
  checkLabels('yPred', yPred);
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

/** Precision, recall and F1 of one class. */
export interface ClassScores {
  /** The class index. */
  class: number;
  /** TP / (TP + FP): of the samples predicted as this class, the fraction that are. 0 if never predicted. */
  precision: number;
  /** TP / (TP + FN): of the samples of this class, the fraction found. 0 if the class never occurs. */
  recall: number;
  /** 2PR / (P + R), their harmonic mean. 0 when P + R = 0. */
  f1: number;
  /** How many samples truly belong to the class. */
  support: number;
}

/** What {@link classificationReport} returns. */
export interface ClassificationReport {
  accuracy: number;
  /** One entry per class 0 .. numClasses − 1. */
  classes: ClassScores[];
  /** Unweighted means over the classes that occur in yTrue or yPred. */
  macro: { precision: number; recall: number; f1: number };
  confusion: number[][];
}

/**
 * Precision, recall and F1 for every class and their macro average, with the accuracy and the confusion matrix.
 *
 * Edge cases, the way scikit-learn resolves them (its zero_division default), so no NaN ever appears:
 * a class never predicted has precision 0; a class that never occurs has recall 0; F1 is 0 when P + R = 0.
 * The macro average counts only the classes present in yTrue or yPred, so a class that appears nowhere
 * (possible when `numClasses` is larger than the labels used) is listed with zeros but does not drag the
 * average down.
 *
 * @example
 * ```ts
 * import { classificationReport } from 'neurite';
 * const report = classificationReport([0, 0, 1, 1, 2], [0, 1, 1, 1, 2]);
 * console.log(report.accuracy, report.classes[1]?.precision, report.confusion); // 0.8 0.666… [[1, 1, 0], [0, 2, 0], [0, 0, 1]]
 * ```
 */
export function classificationReport(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, numClasses?: number): ClassificationReport {
  return scoresFromConfusion(confusionMatrix(yTrue, yPred, numClasses));
}

/**
 * The same report from a confusion matrix (`matrix[actual][predicted]`), e.g. one read back from a file.
 *
 * @example
 * ```ts
 * import { scoresFromConfusion } from 'neurite';
 * const report = scoresFromConfusion([[2, 1], [0, 3]]);
 * console.log(report.accuracy, report.classes[0]?.recall, report.macro.f1); // 0.8333… 0.6666… 0.8285…
 * ```
 */
export function scoresFromConfusion(confusion: number[][]): ClassificationReport {
  const k = confusion.length;
  const classes: ClassScores[] = [];
  let correct = 0;
  let total = 0;
  let present = 0;
  const macro = { precision: 0, recall: 0, f1: 0 };
  for (let c = 0; c < k; c++) {
    const tp = confusion[c]![c]!;
    let actual = 0; // TP + FN: row sum
    let predicted = 0; // TP + FP: column sum
    for (let j = 0; j < k; j++) {
      actual += confusion[c]![j]!;
      predicted += confusion[j]![c]!;
    }
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = actual === 0 ? 0 : tp / actual;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    classes.push({ class: c, precision, recall, f1, support: actual });
    correct += tp;
    total += actual;
    if (actual > 0 || predicted > 0) {
      present++;
      macro.precision += precision;
      macro.recall += recall;
      macro.f1 += f1;
    }
  }
  if (present > 0) {
    macro.precision /= present;
    macro.recall /= present;
    macro.f1 /= present;
  }
  return { accuracy: total === 0 ? 0 : correct / total, classes, macro, confusion };
}
