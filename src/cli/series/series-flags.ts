import { untilInterrupted } from '../interrupt.js';
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { SeriesInputs } from '../../data/series-windows.js';
import { NeuriteError } from '../../errors.js';
import type { LayerSpec } from '../../nn/network-spec.js';
import { SERIES_NETWORKS, type SeriesNetworkName } from '../../model/series-network.js';
import { SERIES_DEFAULTS, type TrainSeriesOptions } from '../../model/train-series.js';
import { refuseOutputsOverInputs } from '../output-guard.js';
import { chooseReporterMode, createReporter } from '../reporter.js';
import { UsageError } from '../usage-error.js';
import { runSeriesTraining } from './series-run.js';

/** The `neurite train` flags a time series reads (the rest of train's flags that apply share their names). */
export interface SeriesTrainFlags {
  target?: string;
  window?: number;
  horizon?: number;
  period?: number | 'auto' | 'none';
  date?: string;
  features?: string;
  sortDates?: boolean;
  inputs?: SeriesInputs;
  units?: number;
  network?: string;
  epochs: number;
  batchSize: number;
  lr: string;
  validation: number;
  test: number;
  patience: number;
  seed: number;
  float64?: boolean;
  out: string;
  report?: string;
  json?: boolean;
}

/** `--period`: a whole number of steps, `auto` (detect) or `none`. */
export function periodOption(value: string): number | 'auto' | 'none' {
  if (value === 'auto' || value === 'none') return value;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a season length in steps (a whole number ≥ 1), "auto" or "none", got "${value}"`);
  return n;
}

/** Train's flags that mean nothing for a series: given on the command line, they are refused rather than ignored. */
const TABLE_ONLY = [
  'hidden',
  'activation',
  'loss',
  'optimizer',
  'schedule',
  'labels',
  'image',
  'channels',
  'l1',
  'l2',
  'dropout',
  'scaling',
  'missing',
  'categorical',
  'numeric',
  'ignore',
  'budget',
  'checkpoint',
  'checkpointEvery',
  'resume',
];

/** `neurite train <csv> --target t --window W --horizon H ...`: the forecaster's run, start to end. Returns the exit code. */
export async function trainSeriesFromFlags(file: string, flags: SeriesTrainFlags, command: Command): Promise<number> {
  if (flags.window === undefined || flags.horizon === undefined)
    throw new UsageError('a time series needs both --window <steps> (rows read) and --horizon <steps> (rows forecast)');
  const target = flags.target;
  if (target === undefined) throw new UsageError(`${file}: give --target <column>, the column to forecast`);
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  const misplaced = TABLE_ONLY.filter(given);
  if (misplaced.length > 0) {
    const flag = misplaced[0]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(`--${flag} is for tables and images, not for a time series (--window): see docs/forecasting.md for a forecaster's options`);
  }
  const pick = <K extends keyof typeof SERIES_DEFAULTS>(key: K, flag: string, value: unknown) => (given(flag) ? { [key]: value } : {});
  const options: TrainSeriesOptions = {
    window: flags.window,
    horizon: flags.horizon,
    period: flags.period === undefined ? 'auto' : flags.period === 'none' ? null : flags.period,
    ...(flags.inputs !== undefined ? { inputs: flags.inputs } : {}),
    ...(flags.units !== undefined ? { units: flags.units } : {}),
    ...(flags.network !== undefined ? { network: await seriesNetwork(flags.network) } : {}),
    ...pick('epochs', 'epochs', flags.epochs),
    ...pick('batchSize', 'batchSize', flags.batchSize),
    ...pick('learningRate', 'lr', Number(flags.lr)),
    ...pick('validation', 'validation', flags.validation),
    ...pick('test', 'test', flags.test),
    ...pick('patience', 'patience', flags.patience),
    ...pick('seed', 'seed', flags.seed),
    dtype: flags.float64 ? 'float64' : 'float32',
  };
  if (flags.lr === 'auto' && given('lr')) throw new UsageError('--lr auto is for tables; a forecaster takes a rate (default 0.001)');
  options.epochs ??= SERIES_DEFAULTS.epochs;
  refuseOutputsOverInputs(
    [{ flag: '-o/--out', path: flags.out }, ...(flags.report !== undefined ? [{ flag: '--report', path: flags.report }] : [])],
    [{ flag: '<data.csv>', path: file }],
  );
  const reporter = createReporter(chooseReporterMode(flags.json === true));
  try {
    return await untilInterrupted((signal) =>
      runSeriesTraining({
        data: file,
        target,
        ...(flags.date !== undefined ? { date: flags.date } : {}),
        features: flags.features?.split(',').map((name) => name.trim()) ?? [],
        sortDates: flags.sortDates === true,
        options,
        out: flags.out,
        ...(flags.report !== undefined ? { report: flags.report } : {}),
        reporter,
        signal,
      }),
    );
  } finally {
    reporter.stop();
  }
}

/** `--network` for a series: a name of SERIES_NETWORKS, or a JSON file of { "layers": [...] } (the last giving `horizon` values). */
async function seriesNetwork(value: string): Promise<SeriesNetworkName | LayerSpec[]> {
  if ((SERIES_NETWORKS as readonly string[]).includes(value)) return value as SeriesNetworkName;
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch {
    throw new UsageError(`--network takes ${SERIES_NETWORKS.join(', ')} or a JSON file of { "layers": [...] } for a time series; "${value}" is neither`);
  }
  let layers: unknown;
  try {
    layers = (JSON.parse(text) as { layers?: unknown } | null)?.layers;
  } catch (error) {
    throw new NeuriteError('DATA_FORMAT', `--network ${value} is not valid JSON: ${(error as Error).message}`, { file: value });
  }
  if (!Array.isArray(layers) || layers.length === 0) throw new NeuriteError('DATA_FORMAT', `--network ${value} must hold { "layers": [...] }`, { file: value });
  return layers as LayerSpec[];
}
