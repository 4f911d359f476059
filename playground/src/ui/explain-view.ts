import type { Network } from '../../../src/index.js';
import type { PreparedData } from '../engine/datasets.js';
import { explainPoint } from '../engine/explain-point.js';

/**
 * The Explain panel: the selected point's trace from the library's `explain`, as `formatExplainText` writes
 * it (the text `neurite explain` prints), under a line that says which point it is.
 */
export function renderExplain(box: HTMLElement, network: Network | null, data: PreparedData | null, index: number, loss: string): void {
  if (!network || !data || !data.raw[index]) {
    box.textContent = 'Select a point to see its trace.';
    return;
  }
  try {
    box.textContent = explainPoint(network, data, index, loss).text;
  } catch (error) {
    box.textContent = (error as Error).message;
  }
}
