// Dates of a time series: parsing the common written forms, the step between rows, and how to name it.

/**
 * The step between consecutive rows of a series: a whole number of calendar months (months differ in
 * length, so a monthly series is not a fixed number of milliseconds), or a fixed number of milliseconds.
 */
export type DateStep = { unit: 'month'; count: number } | { unit: 'ms'; count: number };

const DATE = /^(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A date or date-time as milliseconds since 1970 (UTC), or null when the text is not one. Accepted:
 * `2012-01-31`, `2012/01/31`, `2012.01.31`, `2012-01` (a month), each optionally followed by a time
 * (`T` or a space, then `HH:MM`, `HH:MM:SS`, fractions of a second) and a zone (`Z`, `+01:00`). A date
 * without a zone is read as UTC, so a series never meets a daylight-saving jump. `2012-02-30` is not a date.
 *
 * @example
 * ```ts
 * import { parseSeriesDate } from 'neurite/data';
 * console.log(new Date(parseSeriesDate('2012/01/31')!).toISOString()); // 2012-01-31T00:00:00.000Z
 * console.log(parseSeriesDate('2012-02-30'), parseSeriesDate('12.5')); // null null
 * ```
 */
export function parseSeriesDate(text: string): number | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[3], m[4] ?? '1', m[5] ?? '0', m[6] ?? '0', m[7] ?? '0'].map(Number) as number[];
  if (m[4] === undefined && m[5] !== undefined) return null; // a time needs a day
  const fraction = m[8] ? Math.round(Number(m[8]) * 1000) : 0;
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, fraction);
  const back = new Date(ms);
  // Date.UTC rolls 2012-02-30 over to March 1st: a date that does not come back as written is not one.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month! - 1 || back.getUTCDate() !== day) return null;
  if (hour! > 23 || minute! > 59 || second! > 59) return null;
  return ms - zoneOffset(m[9]);
}

function zoneOffset(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return (digits[0] === '-' ? -1 : 1) * minutes * 60_000;
}

/** Calendar months from 1970-01 to the date's month. */
function monthIndex(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** The time within its month (day, hour, ...) in milliseconds: equal for every row of a monthly series. */
function withinMonth(ms: number): number {
  const d = new Date(ms);
  return ms - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/**
 * The step of increasing times: whole calendar months when every time sits at the same point of its month
 * and the months advance evenly, else the smallest difference (a larger one is then a gap).
 */
export function detectStep(times: ArrayLike<number>): DateStep {
  if (times.length < 2) return { unit: 'ms', count: 86_400_000 };
  const first = withinMonth(times[0]!);
  let monthly = true;
  let months = Infinity;
  let smallest = Infinity;
  for (let i = 1; i < times.length; i++) {
    smallest = Math.min(smallest, times[i]! - times[i - 1]!);
    if (withinMonth(times[i]!) !== first) monthly = false;
    months = Math.min(months, monthIndex(times[i]!) - monthIndex(times[i - 1]!));
  }
  return monthly && months >= 1 ? { unit: 'month', count: months } : { unit: 'ms', count: smallest };
}

/** The time one step after `ms`. */
export function addStep(ms: number, step: DateStep, count = 1): number {
  if (step.unit === 'ms') return ms + step.count * count;
  const d = new Date(ms);
  return Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + step.count * count,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

const UNITS: Array<[number, string]> = [
  [7 * 86_400_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
  [1, 'millisecond'],
];

/** The step in words: `1 day`, `2 hours`, `1 month`. */
export function describeStep(step: DateStep): string {
  if (step.unit === 'month') return plural(step.count, 'month');
  const [size, name] = UNITS.find(([size]) => step.count % size === 0) ?? [1, 'millisecond'];
  return plural(step.count / size, name);
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A time written back the way people read it: `2012-01-31` at midnight, else with the time (UTC). */
export function formatSeriesDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) + 'Z' : iso;
}
