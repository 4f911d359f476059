import type { PreparedDataset } from '../../data/prepare.js';
import type { Table } from '../../data/table.js';
import { heldOutMetrics, type HeldOutMetrics } from '../../model/held-out-metrics.js';
import type { Network } from '../../nn/network.js';
import { classificationTable } from './summary.js';

/** The held-out metrics of a finished run, with what the command line also shows for classes. */
export interface FinalMetrics extends Omit<HeldOutMetrics, 'report'> {
  /** The per-class scores as an aligned text table. */
  table?: string;
  perClass?: unknown;
  confusion?: number[][];
}

/** The library's held-out metrics, plus the per-class table and the confusion matrix for a classification. */
export function finalMetrics(network: Network, data: PreparedDataset, loss: string, table: Table | null): FinalMetrics {
  const { report, ...final } = heldOutMetrics(network, data, loss, table);
  if (!report) return final;
  const classes = data.preprocessor.classes;
  return {
    ...final,
    table: classificationTable(report, classes),
    perClass: report.classes.map((c, i) => ({ label: classes[i], ...c })),
    confusion: report.confusion,
  };
}
