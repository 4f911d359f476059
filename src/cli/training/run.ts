import { basename } from 'node:path';
import { prepareDataset, type PreparedSplit } from '../../data/prepare.js';
import type { Preprocessor } from '../../data/preprocessor.js';
import type { Table } from '../../data/table.js';
import type { ColumnOverride } from '../../data/table-builder.js';
import { NeuriteError, isNeuriteError } from '../../errors.js';
import { Rng } from '../../init/rng.js';
import { serializeModel, type TrainingInfo } from '../../io/model-file.js';
import { classificationReport } from '../../metrics/classification.js';
import { meanAbsoluteError, r2Score, rootMeanSquaredError } from '../../metrics/regression.js';
import { THREAD_MIN_WORK } from '../../backend/wasm/wasm-backend.js';
import { useThreads } from '../../node/threads.js';
import { Network } from '../../nn/network.js';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { readTableFile } from '../../node/read-table-file.js';
import { createOptimizer } from '../../optim/registry.js';
import { writeReport } from '../../report/report.js';
import { EarlyStopping } from '../../train/early-stopping.js';
import { evaluate, predictClasses } from '../../train/evaluate.js';
import { fit, type EpochLog } from '../../train/fit.js';
import { findLearningRate } from '../../train/lr-finder.js';
import type { TrainingReporter } from '../reporter.js';
import { VERSION } from '../version.js';
import { readCheckpoint, writeCheckpoint, type Snapshot } from './checkpoint.js';
import { buildNetwork, outputFor } from './model-builder.js';
import { MIN_ROWS_TO_HOLD_OUT, type TrainSettings } from './settings.js';
import { classificationTable, confusionTable } from './summary.js';

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
}

/** `neurite train`, start to end: CSV → splits → network → fit → held-out metrics → model file. Returns the exit code. */
export async function runTraining(run: TrainRun): Promise<number> {
  const { reporter } = run;
  const resumed = run.resume ? await readCheckpoint(run.resume) : null;
  const settings: TrainSettings = resumed
    ? { ...resumed.settings, data: run.settings.data, ...(run.epochsOverride ? { epochs: run.epochsOverride } : {}) }
    : run.settings;
  if (resumed && resumed.settings.target !== run.settings.target) {
    throw new NeuriteError('INVALID_ARGUMENT', `The checkpoint was trained on target "${resumed.settings.target}", not "${run.settings.target}"`);
  }

  const table = await readTableFile(settings.data, { columns: run.columns });
  // A column of numbers with a stray text is almost always a typo: stop and say where, unless the user
  // asked for categories.
  const typo = table.notices.find((n) => n.code === 'MOSTLY_NUMERIC' && n.column !== undefined && !Object.hasOwn(run.columns, n.column));
  if (typo) {
    throw new NeuriteError('CSV_SCHEMA', `${typo.message}; to read it as categories, pass --categorical ${typo.column}`, {
      file: basename(settings.data),
      field: typo.column,
    });
  }
  const small = table.rowCount < MIN_ROWS_TO_HOLD_OUT;
  if (small && (settings.validation > 0 || settings.test > 0)) {
    reporter.event(
      'notice',
      `notice: ${table.rowCount} rows is too few to hold any out: training on all of them, and the final metrics are on the training rows`,
    );
  }
  const data = prepareDataset(table, {
    target: settings.target,
    task: settings.task,
    validation: small ? 0 : settings.validation,
    test: small ? 0 : settings.test,
    seed: settings.seed,
    missing: settings.missing,
    scaling: settings.scaling,
    dtype: settings.dtype,
  });
  for (const notice of data.notices) reporter.event('notice', `notice: ${notice.message}`, { code: notice.code, column: notice.column });
  const pre = data.preprocessor;
  if (resumed && JSON.stringify(resumed.model.preprocessing.toJSON()) !== JSON.stringify(pre.toJSON())) {
    throw new NeuriteError(
      'INVALID_ARGUMENT',
      `${basename(settings.data)} is not the data the checkpoint was trained on (its preprocessing differs); resume with the same file`,
    );
  }

  const network = resumed ? Network.fromJSON(resumed.network) : buildNetwork(settings, pre);
  const loss = settings.loss || outputFor(pre).loss;
  let learningRate = settings.learningRate;
  if (learningRate === 'auto') {
    const finder = await findLearningRate(network, data.train.x, data.train.y, {
      loss,
      batchSize: settings.batchSize,
      seed: settings.seed,
      optimizer: (lr) => createOptimizer(settings.optimizer, { learningRate: lr }),
    });
    learningRate = finder.suggestion;
    reporter.event('lr', `learning-rate finder: ${finder.curve.length} steps, suggested rate ${learningRate.toPrecision(3)}`, { suggestion: learningRate });
  }
  // A resumed run keeps the rate it found, so `--lr auto` is not run again.
  const fixed: TrainSettings = { ...settings, learningRate };
  const optimizer = resumed ? createOptimizer(resumed.optimizer.spec.name, resumed.optimizer.spec) : createOptimizer(settings.optimizer, { learningRate });
  if (resumed) optimizer.setState(resumed.optimizer.state);
  const rng = new Rng(settings.seed);
  if (resumed) rng.setState(resumed.rng);
  const validation = data.validation ? ([data.validation.x, data.validation.y] as const) : undefined;
  const stopper = validation && settings.patience > 0 ? new EarlyStopping({ patience: settings.patience }) : null;
  if (resumed?.earlyStopping && stopper) stopper.setState(resumed.earlyStopping);
  const metrics = pre.task === 'classification' ? ['accuracy'] : ['r2'];
  const history: EpochLog[] = resumed ? [...resumed.history] : [];
  const trainingInfo = (extra: TrainingInfo = {}): TrainingInfo => ({
    seed: settings.seed,
    library: VERSION,
    data: basename(settings.data),
    loss,
    optimizer: optimizer.toJSON(),
    batchSize: settings.batchSize,
    hidden: settings.hidden,
    activation: settings.activation,
    ...extra,
  });

  const snapshotNow = (epoch: number): Snapshot => ({
    epoch,
    network: network.toJSON(),
    optimizer: { spec: optimizer.toJSON(), state: optimizer.getState() },
    rng: rng.getState(),
    earlyStopping: stopper?.getState() ?? null,
    history: [...history],
  });
  let snapshot = snapshotNow(resumed?.epoch ?? 0);

  const largest =
    Math.max(...network.layers.map((layer) => (layer.type === 'dense' ? layer.inputSize * layer.outputSize : 0))) *
    Math.min(settings.batchSize, data.train.x.rows);
  const wanted = run.threads ?? 'auto';
  if (wanted !== 'auto' || largest >= THREAD_MIN_WORK) {
    const threads = await useThreads(wanted === 'auto' ? undefined : wanted);
    if (threads > 1) reporter.event('threads', `training on ${threads} threads`, { threads });
  }

  try {
    const result = await fit(network, data.train.x, data.train.y, {
      epochs: settings.epochs,
      initialEpoch: resumed?.epoch ?? 0,
      batchSize: settings.batchSize,
      loss,
      optimizer,
      rng,
      metrics,
      regularization: { l1: settings.l1, l2: settings.l2 },
      ...(validation ? { validationData: [validation[0], validation[1]] as [(typeof validation)[0], (typeof validation)[1]] } : {}),
      ...(stopper ? { earlyStopping: stopper } : {}),
      signal: run.signal,
      callbacks: {
        onTrainBegin: (info) => reporter.start({ ...info, epochs: settings.epochs, initialEpoch: resumed?.epoch ?? 0 }),
        onBatchEnd: (info) => reporter.batch(info),
        onEpochEnd: async (log) => {
          history.push(log);
          reporter.epoch(log, settings.epochs);
          snapshot = snapshotNow(log.epoch + 1);
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
        {
          bestEpoch: result.bestEpoch,
        },
      );
    }
  } catch (error) {
    reporter.stop();
    if (isNeuriteError(error) && error.code === 'ABORTED') {
      await writeCheckpoint(run.checkpoint, fixed, snapshot, pre, trainingInfo());
      reporter.event(
        'interrupted',
        `interrupted: checkpoint of epoch ${snapshot.epoch} written to ${run.checkpoint}; carry on with: neurite train ${settings.data} --target ${settings.target} --resume ${run.checkpoint}`,
        { checkpoint: run.checkpoint, epoch: snapshot.epoch },
      );
      return 130;
    }
    throw error;
  }

  const heldOut = data.test ?? data.validation;
  const split = heldOut ?? data.train;
  const splitName = data.test ? 'test' : data.validation ? 'validation' : 'training';
  const final = finalMetrics(network, pre, split, loss, table);
  reporter.event(
    'summary',
    `${splitName} (${split.x.rows} rows, held out${heldOut ? '' : ': none'}): ${Object.entries(final.metrics)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join('  ')}`,
    {
      split: splitName,
      rows: split.x.rows,
      ...final.metrics,
    },
  );
  if (final.table) reporter.event('classes', final.table, { classes: final.perClass });
  if (final.confusion) reporter.event('confusion', confusionTable(final.confusion, pre.classes), { labels: pre.classes, matrix: final.confusion });

  const training = trainingInfo({
    epochs: history.length,
    learningRate,
    date: new Date().toISOString(),
    metrics: { [splitName]: final.metrics },
  });
  await writeFileAtomic(run.out, serializeModel({ network, preprocessing: pre, training }));
  reporter.event('saved', `model written to ${run.out}`, { path: run.out });
  if (run.report) {
    const html = writeReport({
      title: `neurite: ${basename(settings.data)} → ${settings.target}`,
      history,
      architecture: {
        inputs: pre.featureNames,
        layers: network.layers.flatMap((layer) => {
          const json = layer.toJSON();
          return json.type === 'dense'
            ? [{ units: layer.outputSize, activation: (json['activation'] as { name: string }).name, weights: json['weights'] as number[] }]
            : [];
        }),
      },
      settings: {
        data: basename(settings.data),
        target: settings.target,
        task: pre.task,
        hidden: settings.hidden.join(',') || 'none',
        activation: settings.activation,
        loss,
        optimizer: settings.optimizer,
        'learning rate': learningRate,
        epochs: history.length,
        'batch size': settings.batchSize,
        l2: settings.l2,
        seed: settings.seed,
      },
      summary: Object.fromEntries(Object.entries(final.metrics).map(([k, v]) => [`${splitName} ${k}`, v])),
      ...(final.confusion ? { confusion: { labels: pre.classes, matrix: final.confusion, split: splitName } } : {}),
    });
    await writeFileAtomic(run.report, html);
    reporter.event('report', `report written to ${run.report}`, { path: run.report });
  }
  return 0;
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

interface FinalMetrics {
  metrics: Record<string, number>;
  table?: string;
  perClass?: unknown;
  confusion?: number[][];
}

/** Loss and the task's metrics on one split, in the target's own units for regression. */
function finalMetrics(network: Network, pre: Preprocessor, split: PreparedSplit, loss: string, table: Table): FinalMetrics {
  const lossValue = evaluate(network, split.x, split.y, { loss }).loss;
  if (pre.task === 'classification') {
    const truth = pre.targetIndices(table, split.rows);
    const predicted = predictClasses(network, split.x);
    const report = classificationReport(truth, predicted, pre.classes.length);
    return {
      metrics: { loss: lossValue, accuracy: report.accuracy, f1: report.macro.f1 },
      table: classificationTable(report, pre.classes),
      perClass: report.classes.map((c, i) => ({ label: pre.classes[i], ...c })),
      confusion: report.confusion,
    };
  }
  const truth = pre.targetValues(table, split.rows);
  const predicted = pre.inverseTarget(network.forward(split.x).clone());
  return {
    metrics: { loss: lossValue, r2: r2Score(truth, predicted), mae: meanAbsoluteError(truth, predicted), rmse: rootMeanSquaredError(truth, predicted) },
  };
}
