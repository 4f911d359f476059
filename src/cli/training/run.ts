import { basename } from 'node:path';
import type { PreparedDataset } from '../../data/prepare.js';
import type { Table } from '../../data/table.js';
import type { ColumnOverride } from '../../data/table-builder.js';
import { isNeuriteError } from '../../errors.js';
import { Rng } from '../../init/rng.js';
import { serializeModel, type TrainingInfo } from '../../io/model-file.js';
import { THREAD_MIN_WORK } from '../../backend/wasm/wasm-backend.js';
import { useThreads } from '../../node/threads.js';
import { lossFor, networkFor } from '../../model/build-network.js';
import { earlyStoppingFor, fitOptionsFor } from '../../model/training-steps.js';
import type { Network } from '../../nn/network.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { createOptimizer } from '../../optim/registry.js';
import { writeReport } from '../../report/report.js';
import type { EarlyStopping } from '../../train/early-stopping.js';
import { fit, type EpochLog } from '../../train/fit.js';
import type { TrainingReporter } from '../reporter.js';
import { VERSION } from '../version.js';
import { writeCheckpoint, type Checkpoint, type Snapshot } from './checkpoint.js';
import { chooseLearningRate, loadTrainingData, resumeSettings } from './run-setup.js';
import { finalMetrics, type FinalMetrics } from './final-metrics.js';
import { reportSample, trainingReportInput } from './report-input.js';
import type { TrainSettings } from './settings.js';
import { confusionTable } from './summary.js';
import { largestCandidateLayer, searchBeforeTraining, type SearchRequest } from './search-run.js';
import { searchSummary, type SearchSummary } from '../../model/search-summary.js';
import { WeightAverage } from '../../model/weight-average.js';

export interface TrainRun {
  settings: TrainSettings;
  /** Column kind overrides (`--categorical`, `--numeric`, `--ignore`). */
  columns: Record<string, ColumnOverride>;
  out: string;
  checkpoint: string;
  /** Write a checkpoint every this many epochs (0: only when interrupted). */
  checkpointEvery: number;
  resume?: string;
  /** With `resume`: run until this many epochs instead of the checkpoint's. */
  epochsOverride?: number;
  report?: string;
  reporter: TrainingReporter;
  /** Aborted by Ctrl-C: the run then writes a checkpoint and ends with exit code 130. */
  signal: AbortSignal;
  /**
   * Threads for the large products (`useThreads`): a count, or 'auto' (default): every core when a batch of
   * the largest layer has enough multiply-adds to pay for handing work over, else one.
   */
  threads?: number | 'auto';
  /** Choose the hidden layers, L2 and epochs by a search first (`neurite train` without architecture flags); not with `resume`. */
  search?: SearchRequest;
}

/** A run's data, network and training state, once everything before the first epoch is decided. */
interface Session {
  run: TrainRun;
  settings: TrainSettings;
  resumed: Checkpoint | null;
  /** The CSV table; null for images. */
  table: Table | null;
  data: PreparedDataset;
  network: Network;
  loss: string;
  learningRate: number;
  optimizer: Optimizer;
  rng: Rng;
  stopper: EarlyStopping | null;
  history: EpochLog[];
  /** The model file's training metadata, as far as it is known at the moment. */
  trainingInfo: (extra?: TrainingInfo) => TrainingInfo;
  /** What the search did, when it chose the settings. */
  search: SearchSummary | null;
  /** The search's final fit ends on the mean of its last epochs' weights (weight-average.ts). */
  average: WeightAverage | null;
}

/** `neurite train`, start to end: CSV or images → splits → network → fit → held-out metrics → model file. Returns the exit code. */
export async function runTraining(run: TrainRun): Promise<number> {
  const { resumed, settings: asked } = await resumeSettings(run);
  const { table, data } = await loadTrainingData(asked, run.columns, resumed, run.reporter);
  // The search chooses a table's settings; an image source takes the default image network.
  const searching = run.search !== undefined && !resumed && table !== null;
  if (searching) await startThreads(run, asked, largestCandidateLayer(data), data.train.x.rows);
  const search = searching ? await searchOrInterrupt(run, table, data, asked) : null;
  if (search === 'interrupted') return 130;
  const settings = search ? { ...asked, ...pick(search.chosen, 'hidden', 'l2', 'epochs', 'learningRate', 'batchSize') } : asked;
  const network = resumed ? resumed.model.network : networkFor(settings, data.preprocessor);
  const loss = lossFor(settings.loss, data.preprocessor);
  const learningRate = await chooseLearningRate(network, data, settings, loss, run.reporter);
  const average = search ? new WeightAverage(search.chosen.averageFrom) : null;
  const session = startSession({ run, settings, resumed, table, data, network, loss, learningRate, search: search ? searchSummary(search) : null, average });
  if (!searching) await startThreads(run, settings, largestLayer(network), data.train.x.rows);
  if (!(await train(session))) return 130;
  average?.apply(network);
  const final = finalMetrics(network, data, loss, table);
  reportFinalMetrics(session, final);
  await saveModel(session, final);
  if (run.report) await saveReport(session, final, run.report);
  return 0;
}

/** The search, reported; Ctrl-C during it ends the run (no model was trained yet, so there is nothing to resume). */
async function searchOrInterrupt(run: TrainRun, table: Table, data: PreparedDataset, settings: TrainSettings) {
  try {
    return await searchBeforeTraining(table, data, settings, run.search!, run.reporter, run.signal);
  } catch (error) {
    if (!isNeuriteError(error) || error.code !== 'ABORTED') throw error;
    run.reporter.event('interrupted', 'interrupted during the search: no model was trained, nothing written', {});
    return 'interrupted' as const;
  }
}

/** The optimizer, random generator, early stopping and history: fresh, or restored from the checkpoint. */
function startSession(
  base: Pick<Session, 'run' | 'settings' | 'resumed' | 'table' | 'data' | 'network' | 'loss' | 'learningRate' | 'search' | 'average'>,
): Session {
  const { settings, resumed, data, loss } = base;
  const optimizer = resumed
    ? createOptimizer(resumed.optimizer.spec.name, resumed.optimizer.spec)
    : createOptimizer(settings.optimizer, { learningRate: base.learningRate });
  if (resumed) optimizer.setState(resumed.optimizer.state);
  const rng = new Rng(settings.seed);
  if (resumed) rng.setState(resumed.rng);
  const stopper = earlyStoppingFor(settings, data);
  if (resumed?.earlyStopping && stopper) stopper.setState(resumed.earlyStopping);
  const trainingInfo = (extra: TrainingInfo = {}): TrainingInfo => ({
    seed: settings.seed,
    library: VERSION,
    data: basename(settings.data),
    loss,
    optimizer: optimizer.toJSON(),
    batchSize: settings.batchSize,
    hidden: settings.hidden,
    activation: settings.activation,
    ...(base.search ? { l2: settings.l2, search: base.search } : {}),
    ...extra,
  });
  return { ...base, optimizer, rng, stopper, history: resumed ? [...resumed.history] : [], trainingInfo };
}

function largestLayer(network: Network): number {
  return Math.max(...network.layers.map((layer) => (layer.type === 'dense' ? layer.inputSize * layer.outputSize : 0)));
}

/** Turns on worker threads when asked, or ('auto') when a batch through the largest layer is work enough. */
async function startThreads(run: TrainRun, settings: TrainSettings, layer: number, rows: number): Promise<void> {
  const largest = layer * Math.min(settings.batchSize, rows);
  const wanted = run.threads ?? 'auto';
  if (wanted !== 'auto' || largest >= THREAD_MIN_WORK) {
    const threads = await useThreads(wanted === 'auto' ? undefined : wanted);
    if (threads > 1) run.reporter.event('threads', `training on ${threads} threads`, { threads });
  }
}

/** The state at an epoch boundary, for a checkpoint. */
function snapshotAt(session: Session, epoch: number): Snapshot {
  const { network, optimizer, rng, stopper, history } = session;
  return {
    epoch,
    network: network.toJSON(),
    optimizer: { spec: optimizer.toJSON(), state: optimizer.getState() },
    rng: rng.getState(),
    earlyStopping: stopper?.getState() ?? null,
    history: [...history],
  };
}

/**
 * The epochs: progress to the reporter, a checkpoint every `checkpointEvery` epochs. Interrupted (Ctrl-C), it
 * writes a checkpoint of the last finished epoch and returns false.
 */
async function train(session: Session): Promise<boolean> {
  const { run, settings, resumed, data, network, history, trainingInfo } = session;
  const { loss, optimizer, rng, stopper } = session;
  const { reporter } = run;
  const pre = data.preprocessor;
  // The checkpoint stores the rate found, not 'auto'.
  const fixed: TrainSettings = { ...settings, learningRate: session.learningRate };
  const initialEpoch = resumed?.epoch ?? 0;
  let snapshot = snapshotAt(session, initialEpoch);
  try {
    const result = await fit(network, data.train.x, data.train.y, {
      ...fitOptionsFor(settings, data, { loss, optimizer, rng, stopper }),
      initialEpoch,
      signal: run.signal,
      callbacks: {
        onTrainBegin: (info) => reporter.start({ ...info, epochs: settings.epochs, initialEpoch }),
        onBatchEnd: (info) => reporter.batch(info),
        onEpochEnd: async (log) => {
          history.push(log);
          session.average?.add(log.epoch, network);
          reporter.epoch(log, settings.epochs);
          snapshot = snapshotAt(session, log.epoch + 1);
          if (run.checkpointEvery > 0 && (log.epoch + 1) % run.checkpointEvery === 0) {
            await writeCheckpoint(run.checkpoint, fixed, snapshot, pre, trainingInfo());
          }
        },
      },
    });
    reporter.stop();
    if (result.stopReason === 'early-stopping') {
      reporter.event(
        'early-stopping',
        `early stopping after epoch ${history.length}: restored the weights of epoch ${result.bestEpoch! + 1} (best validation loss)`,
        { bestEpoch: result.bestEpoch },
      );
    }
    return true;
  } catch (error) {
    reporter.stop();
    if (!isNeuriteError(error) || error.code !== 'ABORTED') throw error;
    await writeCheckpoint(run.checkpoint, fixed, snapshot, pre, trainingInfo());
    reporter.event(
      'interrupted',
      `interrupted: checkpoint of epoch ${snapshot.epoch} written to ${run.checkpoint}; carry on with: neurite train ${settings.data}${settings.labels !== undefined ? ` --labels ${settings.labels}` : ''} --target ${settings.target} --resume ${run.checkpoint}`,
      { checkpoint: run.checkpoint, epoch: snapshot.epoch },
    );
    return false;
  }
}

/** The final metrics, the per-class table and the confusion matrix, to the reporter. */
function reportFinalMetrics({ run: { reporter }, data }: Session, final: FinalMetrics): void {
  const metrics = Object.entries(final.metrics)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join('  ');
  reporter.event('summary', `${final.split} (${final.rows} rows, held out${final.heldOut ? '' : ': none'}): ${metrics}`, {
    split: final.split,
    rows: final.rows,
    ...final.metrics,
  });
  const labels = data.preprocessor.classes;
  if (final.table) reporter.event('classes', final.table, { classes: final.perClass });
  if (final.confusion) reporter.event('confusion', confusionTable(final.confusion, labels), { labels, matrix: final.confusion });
}

/** The model file: network, preprocessing, and the training metadata with the final metrics. */
async function saveModel(session: Session, final: FinalMetrics): Promise<void> {
  const { run, network, data, history, learningRate } = session;
  const training = session.trainingInfo({
    epochs: history.length,
    learningRate,
    date: new Date().toISOString(),
    metrics: { [final.split]: final.metrics },
  });
  await writeFileAtomic(run.out, serializeModel({ network, preprocessing: data.preprocessor, training }));
  run.reporter.event('saved', `model written to ${run.out}`, { path: run.out });
}

/** The self-contained HTML report (`--report`). */
async function saveReport(session: Session, final: FinalMetrics, path: string): Promise<void> {
  const { settings, data, network, history, loss, learningRate, search } = session;
  const input = trainingReportInput(settings, data.preprocessor, network, history, { loss, learningRate }, final, reportSample(data));
  await writeFileAtomic(path, writeReport(search ? { ...input, search } : input));
  session.run.reporter.event('report', `report written to ${path}`, { path });
}

function pick<T, K extends keyof T>(from: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}
