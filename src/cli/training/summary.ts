import type { ClassificationReport } from '../../metrics/classification.js';

/** Aligned text tables for the end of a run: per-class scores and the confusion matrix. */
export function classificationTable(report: ClassificationReport, labels: readonly string[]): string {
  const width = Math.max(9, ...labels.map((l) => l.length));
  const num = (v: number) => v.toFixed(3).padStart(9);
  const lines = [`${''.padEnd(width)}  precision     recall         f1    support`];
  report.classes.forEach((c, i) => {
    lines.push(`${(labels[i] ?? String(i)).padEnd(width)}  ${num(c.precision)}  ${num(c.recall)}  ${num(c.f1)}  ${String(c.support).padStart(9)}`);
  });
  lines.push(`${'macro avg'.padEnd(width)}  ${num(report.macro.precision)}  ${num(report.macro.recall)}  ${num(report.macro.f1)}`);
  return lines.join('\n');
}

export function confusionTable(matrix: readonly (readonly number[])[], labels: readonly string[]): string {
  const cell = Math.max(5, ...labels.map((l) => l.length), ...matrix.flat().map((n) => String(n).length));
  const first = Math.max(11, ...labels.map((l) => l.length));
  const lines = ['confusion matrix (rows: actual, columns: predicted)', `${''.padEnd(first)}  ${labels.map((l) => l.padStart(cell)).join('  ')}`];
  matrix.forEach((row, i) => lines.push(`${(labels[i] ?? '').padEnd(first)}  ${row.map((n) => String(n).padStart(cell)).join('  ')}`));
  return lines.join('\n');
}
