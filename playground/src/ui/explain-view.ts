import { formatTrace, type Trace } from '../engine/trace.js';

/**
 * Shows a chain-rule trace. This is the only place the page renders one: when the library's `explain`
 * lands, it takes its trace object (and its formatter) here.
 */
export function renderTrace(box: HTMLElement, trace: Trace | null, heading: string): void {
  box.textContent = trace ? `${heading}\n\n${formatTrace(trace)}` : 'Select a point to see its trace.';
}
