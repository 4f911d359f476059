/**
 * Charts as SVG strings: pure functions, no DOM, so the browser playground and the `--report` HTML file
 * draw the same pictures from the same code. Every chart is an <svg role="img"> with a <title>, a viewBox
 * (it scales to its container) and `data-*` attributes carrying the numbers it shows.
 */

export interface Series {
  name: string;
  /** One value per x position; null or a non-finite value leaves a gap. */
  values: ReadonlyArray<number | null | undefined>;
  color?: string;
  dashed?: boolean;
}

export interface LineChartOptions {
  title: string;
  series: Series[];
  /** x position of each value (default 0, 1, 2, ...), e.g. epoch numbers. */
  x?: ReadonlyArray<number>;
  xLabel?: string;
  width?: number;
  height?: number;
  /** Fix the y range (e.g. 0..1 for accuracy); by default it fits the data. */
  yMin?: number;
  yMax?: number;
  /** Formats tick labels and the legend's last values (default: `formatNumber`). */
  format?: (value: number) => string;
}

/** The palette: dark enough for text on white (contrast ≥ 4.5:1), told apart by colour and by dashes. */
export const COLORS = {
  train: '#0b63a5',
  validation: '#b3400a',
  positive: '#0b63a5',
  negative: '#b3400a',
  axis: '#4b5563',
  grid: '#e5e7eb',
  text: '#1f2937',
} as const;

/** Most points drawn per series; longer histories are thinned evenly (the last point is always kept). */
const MAX_POINTS = 400;

/** Four significant decimals, no exponent for everyday values: the way reports and the CLI print numbers. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(3);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toFixed(4)));
}

export function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** About `count` round tick values within [min, max] (steps of 1, 2 or 5 × 10ⁿ). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const ratio = raw / power; // in [1, 10): round to the nearest of 1, 2, 5, 10 (as d3 does)
  const step = power * (ratio >= Math.sqrt(50) ? 10 : ratio >= Math.sqrt(10) ? 5 : ratio >= Math.sqrt(2) ? 2 : 1);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** A coordinate rounded to 0.1 for the SVG text. */
export const n1 = (v: number): string => String(Math.round(v * 10) / 10);

/** Font size of the charts' labels: 11 units, which is 11 px where an SVG is drawn at its own width. */
export const LABEL_FONT = 11;
/** Estimated width of an 11-unit label (system-ui averages about 0.62 em per character for these strings). */
export const labelWidth = (text: string): number => text.length * LABEL_FONT * 0.62;

/** A line chart: one polyline per series, axes with round ticks, and a legend with each series' last value. */
export function lineChart(options: LineChartOptions): string {
  const { title, series, xLabel = 'epoch', width = 480, height = 260, format = formatNumber } = options;
  const length = Math.max(0, ...series.map((s) => s.values.length));
  const xs = options.x ?? Array.from({ length }, (_, i) => i);
  const finite = series.flatMap((s) => s.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  let yMin = options.yMin ?? (finite.length ? Math.min(...finite) : 0);
  let yMax = options.yMax ?? (finite.length ? Math.max(...finite) : 1);
  if (yMax - yMin < 1e-12) {
    yMin -= 0.5;
    yMax += 0.5;
  }
  if (options.yMin === undefined && yMin > 0 && yMin < (yMax - yMin) * 0.5) yMin = 0;
  const xMin = xs.length ? xs[0]! : 0;
  const xMax = xs.length > 1 ? xs[xs.length - 1]! : xMin + 1;

  const pad = { left: 52, right: 22, top: 28, bottom: 60 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const px = (x: number) => pad.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const py = (y: number) => pad.top + (1 - (Math.min(yMax, Math.max(yMin, y)) - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [];
  parts.push(`<text x="${pad.left}" y="16" font-size="13" font-weight="600" fill="${COLORS.text}">${escapeXml(title)}</text>`);
  for (const t of niceTicks(yMin, yMax, 4)) {
    const y = n1(py(t));
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y}" y2="${y}" stroke="${COLORS.grid}"/>`);
    parts.push(
      `<text x="${pad.left - 6}" y="${y}" font-size="11" text-anchor="end" dominant-baseline="middle" fill="${COLORS.axis}">${escapeXml(format(t))}</text>`,
    );
  }
  for (const t of niceTicks(xMin, xMax, 5)) {
    if (!Number.isInteger(t) && xMax - xMin > 5) continue;
    const x = n1(px(t));
    parts.push(`<line x1="${x}" x2="${x}" y1="${pad.top + plotH}" y2="${pad.top + plotH + 4}" stroke="${COLORS.axis}"/>`);
    parts.push(`<text x="${x}" y="${pad.top + plotH + 16}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">${escapeXml(formatNumber(t))}</text>`);
  }
  parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${pad.top + plotH}" y2="${pad.top + plotH}" stroke="${COLORS.axis}"/>`);
  parts.push(`<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + plotH}" stroke="${COLORS.axis}"/>`);
  parts.push(
    `<text x="${pad.left + plotW / 2}" y="${pad.top + plotH + 30}" font-size="11" text-anchor="middle" fill="${COLORS.axis}">${escapeXml(xLabel)}</text>`,
  );

  const legend: string[] = [];
  // Legend items flow left to right and wrap; text width is estimated (about 0.6 em per character).
  let lx = pad.left;
  let ly = pad.top + plotH + 48;
  series.forEach((s, i) => {
    const color = s.color ?? (i === 0 ? COLORS.train : COLORS.validation);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const last = lastFinite(s.values);
    for (const run of segments(s.values, xs)) {
      const points = run.map(([x, y]) => `${n1(px(x))},${n1(py(y))}`).join(' ');
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${points}"/>`);
    }
    const label = last === undefined ? s.name : `${s.name}: ${format(last)}`;
    const itemWidth = 28 + label.length * 6.6 + 16;
    if (lx > pad.left && lx + itemWidth > width - pad.right) {
      lx = pad.left;
      ly += 16;
    }
    legend.push(
      `<g class="legend" data-series="${escapeXml(s.name)}"${last === undefined ? '' : ` data-last="${last}"`}>` +
        `<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dash}/>` +
        `<text x="${lx + 28}" y="${ly}" font-size="11" fill="${COLORS.text}">${escapeXml(label)}</text></g>`,
    );
    lx += itemWidth;
  });
  const totalHeight = Math.max(height, ly + 8);
  const aria = `${title}: ${series.map((s) => `${s.name} ${lastFinite(s.values) === undefined ? 'no data' : format(lastFinite(s.values)!)}`).join(', ')}`;
  return svg(width, totalHeight, aria, 'line-chart', parts.concat(legend).join(''), `data-points="${length}"`);
}

/** Consecutive finite points of a series as [x, y] runs, thinned to at most MAX_POINTS in all. */
function segments(values: ReadonlyArray<number | null | undefined>, xs: ReadonlyArray<number>): Array<Array<[number, number]>> {
  const stride = Math.max(1, Math.ceil(values.length / MAX_POINTS));
  const runs: Array<Array<[number, number]>> = [];
  let run: Array<[number, number]> = [];
  for (let i = 0; i < values.length; i++) {
    if (i % stride !== 0 && i !== values.length - 1) continue;
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      run.push([xs[i] ?? i, v]);
    } else if (run.length) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  // A single point draws nothing as a polyline: double it so it shows as a dot-sized line.
  return runs.map((r) => (r.length === 1 ? [r[0]!, r[0]!] : r));
}

function lastFinite(values: ReadonlyArray<number | null | undefined>): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

/** An <svg role="img"> with its title, viewBox and size. */
export function svg(width: number, height: number, label: string, kind: string, body: string, extra = ''): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${kind}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
    `role="img" aria-label="${escapeXml(label)}" font-family="system-ui, sans-serif" ${extra}><title>${escapeXml(label)}</title>${body}</svg>`
  );
}

/**
 * A confusion matrix: rows are the actual classes, columns the predicted ones; each cell is shaded by the
 * share of its row (so the diagonal is recall) and shows its count.
 */
export function confusionMatrixChart(matrix: ReadonlyArray<ReadonlyArray<number>>, labels: ReadonlyArray<string>, title = 'Confusion matrix'): string {
  const k = matrix.length;
  const cell = Math.max(36, Math.min(64, Math.floor(320 / Math.max(1, k))));
  const names = Array.from({ length: k }, (_, i) => short(labels[i] ?? String(i)));
  const widest = Math.max(0, ...names.map(labelWidth));
  // Column headers wider than a cell are turned 45°, so neighbours do not run into each other.
  const turned = widest > cell - 6;
  const headerBand = turned ? widest * Math.SQRT1_2 + 8 : 16;
  // Bands from the top: the title, "predicted" (baseline 36), the column headers, then the cells.
  const top = 42 + headerBand;
  // From the left: "actual" (turned, centred at x = 12), the row labels (right-aligned), then the cells.
  const left = 24 + widest + 8;
  const width = Math.max(left + k * cell + 16 + (turned ? widest * Math.SQRT1_2 : 0), 16 + title.length * 13 * 0.62);
  const height = top + k * cell + 16;
  const parts: string[] = [`<text x="8" y="16" font-size="13" font-weight="600" fill="${COLORS.text}">${escapeXml(title)}</text>`];
  parts.push(`<text class="axis-title" x="${left + (k * cell) / 2}" y="36" font-size="11" text-anchor="middle" fill="${COLORS.axis}">predicted</text>`);
  parts.push(
    `<text class="axis-title" x="12" y="${top + (k * cell) / 2}" font-size="11" fill="${COLORS.axis}" transform="rotate(-90 12 ${top + (k * cell) / 2})" text-anchor="middle" dominant-baseline="central">actual</text>`,
  );
  for (let c = 0; c < k; c++) {
    const x = left + c * cell + cell / 2;
    const y = top - 6;
    const placed = turned ? `text-anchor="start" transform="rotate(-45 ${n1(x)} ${n1(y)})"` : 'text-anchor="middle"';
    parts.push(`<text class="header" x="${n1(x)}" y="${n1(y)}" font-size="11" ${placed} fill="${COLORS.text}">${escapeXml(names[c]!)}</text>`);
  }
  for (let r = 0; r < k; r++) {
    const row = matrix[r]!;
    const total = row.reduce((a, b) => a + b, 0);
    parts.push(
      `<text class="header" x="${left - 6}" y="${top + r * cell + cell / 2}" font-size="11" text-anchor="end" dominant-baseline="middle" fill="${COLORS.text}">${escapeXml(names[r]!)}</text>`,
    );
    for (let c = 0; c < k; c++) {
      const count = row[c] ?? 0;
      const share = total > 0 ? count / total : 0;
      const fill = mix('#ffffff', r === c ? COLORS.positive : COLORS.negative, share);
      const ink = share > 0.5 ? '#ffffff' : COLORS.text;
      const x = left + c * cell;
      const y = top + r * cell;
      parts.push(
        `<g class="cell" data-actual="${r}" data-predicted="${c}" data-count="${count}"><rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="${COLORS.grid}"/>` +
          `<text x="${x + cell / 2}" y="${y + cell / 2}" font-size="13" text-anchor="middle" dominant-baseline="middle" fill="${ink}">${count}</text></g>`,
      );
    }
  }
  const aria = `${title}: ${matrix.map((row, r) => `actual ${labels[r] ?? r}: ${row.join(', ')}`).join('; ')}`;
  return svg(Math.ceil(width), Math.ceil(height), aria, 'confusion-matrix', parts.join(''));
}

/** A label cut to 12 characters. */
export function short(text: string): string {
  return text.length > 12 ? text.slice(0, 11) + '…' : text;
}

/** Linear blend of two #rrggbb colours, t = 0 gives `a`, t = 1 gives `b`. */
export function mix(a: string, b: string, t: number): string {
  const pa = parseInt(a.slice(1), 16);
  const pb = parseInt(b.slice(1), 16);
  const ch = (shift: number) => Math.round(((pa >> shift) & 255) * (1 - t) + ((pb >> shift) & 255) * t);
  return `#${((1 << 24) | (ch(16) << 16) | (ch(8) << 8) | ch(0)).toString(16).slice(1)}`;
}
