/** A season found by {@link detectPeriod}: its length in steps and the autocorrelation at that lag. */
export interface DetectedPeriod {
  period: number;
  autocorrelation: number;
}

/** The least autocorrelation (of one step's changes) that counts as a season. */
const MIN_AUTOCORRELATION = 0.3;

/**
 * The season of a series, from the autocorrelation of its one-step changes (differencing removes a trend
 * or a wandering level, which would otherwise make every short lag look alike): r(k) = Σ (dₜ − d̄)(dₜ₊ₖ − d̄)
 * / Σ (dₜ − d̄)². A lag k in 2 … maxLag is a season when r(k) is a local peak, at least 0.3, and above
 * 2/√n (what noise reaches); of the lags within 10% of the highest such peak the shortest wins (a season's
 * multiples peak too). Null when nothing qualifies.
 *
 * @example
 * ```ts
 * import { detectPeriod } from 'neurite/data';
 * const weekly = Array.from({ length: 200 }, (_, t) => 0.05 * t + Math.sin((2 * Math.PI * t) / 7));
 * console.log(detectPeriod(weekly, 28)?.period); // 7
 * ```
 */
export function detectPeriod(values: ArrayLike<number>, maxLag: number): DetectedPeriod | null {
  const n = values.length - 1;
  const lags = Math.min(maxLag, Math.floor(n / 3));
  if (lags < 2) return null;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = values[i + 1]! - values[i]!;
  let mean = 0;
  for (const v of d) mean += v / n;
  let denominator = 0;
  for (const v of d) denominator += (v - mean) ** 2;
  if (!(denominator > 0)) return null;
  const r = new Float64Array(lags + 2);
  for (let k = 1; k <= lags + 1 && k < n; k++) {
    let sum = 0;
    for (let t = 0; t + k < n; t++) sum += (d[t]! - mean) * (d[t + k]! - mean);
    r[k] = sum / denominator;
  }
  const floor = Math.max(MIN_AUTOCORRELATION, 2 / Math.sqrt(n));
  const peaks: number[] = [];
  for (let k = 2; k <= lags; k++) if (r[k]! >= floor && r[k]! > r[k - 1]! && r[k]! >= r[k + 1]!) peaks.push(k);
  if (peaks.length === 0) return null;
  const best = Math.max(...peaks.map((k) => r[k]!));
  const period = peaks.find((k) => r[k]! >= 0.9 * best)!;
  return { period, autocorrelation: r[period]! };
}
