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
    writeWrapped(box, explainPoint(network, data, index, loss).text);
  } catch (error) {
    box.textContent = (error as Error).message;
  }
}

/**
 * Writes column-aligned text so that a line too long for the panel wraps instead of running past its edge:
 * each line is an inline block as wide as the panel, whose wrapped rows hang 4 characters right of where
 * the line's own text starts (CSS `.trace .line`, from `--indent`). The newlines stay text between the
 * blocks, so the panel's text (copied, or read by `innerText`) is the trace exactly.
 */
function writeWrapped(box: HTMLElement, text: string): void {
  box.textContent = '';
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const span = document.createElement('span');
    span.className = 'line';
    span.style.setProperty('--indent', String(line.length - line.trimStart().length));
    span.textContent = line;
    box.append(span);
    if (i < lines.length - 1) box.append('\n');
  });
}
