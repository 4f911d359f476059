import { NeuriteError } from '../errors.js';

/** Counts of (actual class, predicted class) pairs: matrix[actual][predicted]. */
export function confusionMatrix(actual: ReadonlyArray<number>, predicted: ReadonlyArray<number>, classes: number): number[][] {
  if (actual.length !== predicted.length) {
    throw new NeuriteError('SHAPE_MISMATCH', `confusionMatrix needs as many predictions as labels: ${actual.length} labels, ${predicted.length} predictions`, {
      expected: actual.length,
      actual: predicted.length,
    });
  }
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const p = predicted[i]!;
    if (!Number.isInteger(a) || !Number.isInteger(p) || a < 0 || p < 0 || a >= classes || p >= classes) {
      throw new NeuriteError('INVALID_ARGUMENT', `Row ${i}: classes must be integers in [0, ${classes}), got actual ${a} and predicted ${p}`, { row: i });
    }
    matrix[a]![p]!++;
  }
  return matrix;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose actual class this is. */
  support: number;
}

export interface ClassificationSummary {
  perClass: ClassScores[];
  accuracy: number;
  /** Unweighted means over the classes. */
  macro: { precision: number; recall: number; f1: number };
}

/**
 * Precision = TP / (TP + FP) (of the rows predicted as the class, the share that are), recall = TP / (TP + FN)
 * (of the rows that are, the share found), F1 = their harmonic mean. A class never predicted has precision 0.
 */
export function classificationSummary(matrix: ReadonlyArray<ReadonlyArray<number>>): ClassificationSummary {
  const k = matrix.length;
  let correct = 0;
  let total = 0;
  const perClass: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    const tp = matrix[c]![c]!;
    let predicted = 0;
    let support = 0;
    for (let r = 0; r < k; r++) predicted += matrix[r]![c]!;
    for (let p = 0; p < k; p++) support += matrix[c]![p]!;
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    perClass.push({ precision, recall, f1, support });
    correct += tp;
    total += support;
  }
  const mean = (key: 'precision' | 'recall' | 'f1') => (k === 0 ? 0 : perClass.reduce((s, c) => s + c[key], 0) / k);
  return { perClass, accuracy: total > 0 ? correct / total : 0, macro: { precision: mean('precision'), recall: mean('recall'), f1: mean('f1') } };
}
