import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { describeStep, formatSeriesDate } from '../../data/series-dates.js';
import type { SeriesData } from '../../data/series-table.js';
import { NeuriteError } from '../../errors.js';
import { DEFAULT_SERIES_NETWORK, type SeriesNetworkName } from '../../model/series-network.js';
import type { LayerSpec } from '../../nn/network-spec.js';

/** A CSV file's text for a series (read whole: a series is rows of a few numbers), refusing a binary file. */
export async function readSeriesText(path: string): Promise<{ text: string; file: string }> {
  let bytes: Buffer;
  try {
    if (!(await stat(path)).isFile()) throw new NeuriteError('IO', `${path} is not a file`, { file: path });
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof NeuriteError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new NeuriteError('IO', `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : String(error)}`, { file: path, systemCode: code });
  }
  const file = basename(path);
  if (bytes.includes(0)) throw new NeuriteError('DATA_FORMAT', `${file} is not a text file (it holds zero bytes): a series is a CSV file`, { file });
  return { text: bytes.toString('utf8'), file };
}

/** One line about a series: its rows, their spacing and dates, the columns read. */
export function describeSeries(series: SeriesData): string {
  const dates = series.dates;
  const span =
    dates && series.step
      ? `${describeStep(series.step)} apart, ${formatSeriesDate(dates[0]!)} … ${formatSeriesDate(dates[series.length - 1]!)} (dates from column "${series.dateColumn}")`
      : 'in file order (no date column)';
  const extra = series.columns.length > 1 ? `; at every step also ${series.columns.slice(1).join(', ')}` : '';
  return `${series.file}: ${series.length} rows ${span}; forecasting ${series.columns[0]}${extra}`;
}

/** Rows [from, to) in words: `rows 1169–1461 (2015-03-14 … 2015-12-31)`, counted as data rows from 1. */
export function describeRange(series: SeriesData, from: number, to: number): string {
  const dates = series.dates ? ` (${formatSeriesDate(series.dates[from]!)} … ${formatSeriesDate(series.dates[to - 1]!)})` : '';
  return `rows ${from + 1}–${to}${dates}`;
}

/** The network's name as the run was asked for it: a name, the default's, or `layers from a file`. */
export function networkName(network: SeriesNetworkName | LayerSpec[] | undefined): string {
  return network === undefined ? DEFAULT_SERIES_NETWORK : typeof network === 'string' ? network : 'layers from a file';
}
