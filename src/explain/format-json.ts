import type { ExplainTrace } from './trace.js';

/**
 * The trace as JSON: every field of `ExplainTrace` (docs/explain.md), every weight's and bias's gradient for
 * every layer with the forward values, numbers at full precision. Non-finite numbers (a diverged network)
 * become null, as JSON has no NaN or Infinity.
 */
export function formatExplainJson(trace: ExplainTrace): string {
  return JSON.stringify(trace, null, 2) + '\n';
}
