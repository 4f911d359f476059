/**
 * The playground page: settings in the form and the URL, training in a Web Worker, live views drawn from
 * a copy of the network that the worker's progress messages keep up to date.
 */
import { evaluate, Network, type EpochLog } from '../../src/index.js';
import { writeReport } from '../../src/report/report.js';
import { parseCsv, numericColumns, type CsvTable } from './engine/csv.js';
import { guessCsvColumns, prepareData, type PreparedData } from './engine/datasets.js';
import { predictionsCsv, playgroundReport } from './engine/exports.js';
import { parseModelFile, preprocessingFor, serializeModelFile } from './engine/model-file.js';
import type { FromWorker, ToWorker } from './engine/protocol.js';
import { settingsFromQuery, settingsToQuery, type Settings } from './engine/settings.js';
import { choices, trainerConfig } from './engine/setup.js';
import type { TrainerConfig } from './engine/trainer.js';
import { computeTrace } from './engine/trace.js';
import type { TrainerStatus } from './engine/trainer.js';
import { drawBoundary, pointAt } from './ui/boundary.js';
import { viewFor, type View } from './engine/view.js';
import { byId, download } from './ui/dom.js';
import { renderTrace } from './ui/explain-view.js';
import { populateChoices, readForm, setCsvColumns, showDataOptions, writeForm } from './ui/form.js';
import { renderCurves, renderDiagram } from './ui/views.js';
import { formatNumber, formatPercent } from '../../src/report/charts.js';

const worker = new Worker('worker.js');
const available = choices();
populateChoices(available);

const initial = settingsFromQuery(location.search.slice(1), available);
let settings: Settings = initial.settings;
let csv: CsvTable | null = null;
let data: PreparedData | null = null;
let view: View | null = null;
let network: Network | null = null;
let config: TrainerConfig | null = null;
let logs: EpochLog[] = [];
let run = 0;
let epoch = 0;
let batch = 0;
let batchesPerEpoch = 0;
let selected = 0;
let dirty = false;
const snapshots = new Map<number, (reply: Extract<FromWorker, { type: 'snapshot' }>) => void>();
let snapshotId = 0;

const canvas = byId<HTMLCanvasElement>('boundary');
const post = (message: ToWorker) => worker.postMessage(message);

function message(text: string, kind: 'info' | 'error' = 'info'): void {
  const box = byId('message');
  box.textContent = text;
  box.classList.toggle('error', kind === 'error' && text !== '');
}

/** Makes `next` the current setup: new data, a fresh network from the seed, the worker reconfigured. */
function apply(next: Settings): void {
  settings = next;
  writeForm(settings);
  logs = [];
  epoch = batch = 0;
  run++;
  window.history.replaceState(null, '', `?${settingsToQuery(settings)}`);
  try {
    data = prepareData(settings, csv);
    config = trainerConfig(settings, data);
    network = Network.create(config.spec);
    batchesPerEpoch = Math.ceil(config.x.length / config.batchSize);
    view = viewFor(data);
    selected = Math.min(selected, data.raw.length - 1);
    post({ type: 'configure', run, config });
    setStatus('idle');
  } catch (error) {
    data = null;
    network = null;
    config = null;
    setStatus('idle');
    message((error as Error).message, 'error');
  }
  redraw();
}

function setStatus(next: TrainerStatus, text?: string): void {
  const el = byId('stat-status');
  el.textContent = next;
  el.dataset.status = next;
  const ready = data !== null;
  byId<HTMLButtonElement>('train').disabled = !ready || next === 'training';
  byId<HTMLButtonElement>('pause').disabled = next !== 'training';
  byId<HTMLButtonElement>('step').disabled = !ready || next === 'training';
  byId<HTMLButtonElement>('reset').disabled = !ready;
  if (next === 'error' && text) message(text, 'error');
}

worker.onmessage = ({ data: msg }: MessageEvent<FromWorker>) => {
  if (msg.type === 'snapshot') {
    snapshots.get(msg.id)?.(msg);
    snapshots.delete(msg.id);
    return;
  }
  if (msg.run !== run) return; // from a setup that has been replaced
  if (msg.type === 'progress') {
    if (!network) return;
    const params = network.parameters();
    msg.weights.forEach((w, i) => params[i]!.value.set(w));
    logs.push(...msg.logs);
    epoch = msg.epoch;
    batch = msg.batch;
    batchesPerEpoch = msg.batchesPerEpoch;
    redraw();
  } else if (msg.type === 'status') {
    setStatus(msg.status, msg.message);
    if (msg.status === 'training') message('');
  } else if (msg.type === 'failed') {
    setStatus('error', msg.message);
  }
};
worker.onerror = (event) => message(`The training worker failed: ${event.message}`, 'error');

/** Asks the worker for its network as it is now (the weights an export must hold). */
function snapshot(): Promise<Extract<FromWorker, { type: 'snapshot' }>> {
  const id = ++snapshotId;
  post({ type: 'snapshot', id });
  return new Promise((resolve) => snapshots.set(id, resolve));
}

function redraw(): void {
  if (dirty) return;
  dirty = true;
  requestAnimationFrame(() => {
    dirty = false;
    draw();
  });
}

function draw(): void {
  const stat = (id: string, value: number | undefined, format: (v: number) => string) => {
    const el = byId(id);
    el.textContent = value === undefined ? '–' : format(value);
    if (value === undefined) delete el.dataset.value;
    else el.dataset.value = String(value);
  };
  const epochEl = byId('stat-epoch');
  epochEl.textContent = batch > 0 ? `${epoch} + ${batch}/${batchesPerEpoch}` : String(epoch);
  epochEl.dataset.value = String(epoch);
  // The numbers for the weights as they are now (what the map shows); the curves show each epoch's.
  const now = network && config ? evaluate(network, config.x, config.y, { loss: config.loss, metrics: ['accuracy'] }) : null;
  const val = network && config?.validation ? evaluate(network, config.validation.x, config.validation.y, { loss: config.loss, metrics: ['accuracy'] }) : null;
  stat('stat-train-accuracy', now?.metrics.accuracy, formatPercent);
  stat('stat-val-accuracy', val?.metrics.accuracy, formatPercent);
  stat('stat-loss', now?.loss, formatNumber);
  renderCurves(byId('loss-chart'), byId('accuracy-chart'), logs);

  const ctx = canvas.getContext('2d')!;
  if (!data || !network || !view) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    byId('diagram').textContent = '';
    renderTrace(byId('trace'), null, '');
    return;
  }
  drawBoundary(canvas, network, data, view, selected);
  const point = data.raw[selected];
  const x = data.x[selected] ?? null;
  renderDiagram(byId('diagram'), network, data.inputNames, x);
  if (point && x) {
    const label = data.labels[data.classes[selected]!]!;
    const where = `${data.inputNames[0]} = ${formatNumber(point[0])}, ${data.inputNames[1]} = ${formatNumber(point[1])}`;
    const split = data.isValidation[selected] ? 'validation' : 'training';
    byId('selection').textContent = `Point ${selected + 1} of ${data.raw.length} (${split}): ${where}, class ${label}.`;
    try {
      const trace = computeTrace(network, x, data.y[selected]!, settings.loss);
      renderTrace(byId('trace'), trace, `Point ${selected + 1}: ${where}, class ${label}${inputMapping(data)}`);
    } catch (error) {
      byId('trace').textContent = (error as Error).message;
    }
  }
}

/** How the raw columns become the network's inputs x1, x2, when they are not used as they are. */
function inputMapping(d: PreparedData): string {
  const { mean, std } = d.normalization;
  if (mean.every((m) => m === 0) && std.every((s) => s === 1)) return '';
  const one = (i: 0 | 1) => `x${i + 1} = (${d.inputNames[i]} − ${formatNumber(mean[i])})${std[i] === 1 ? '' : ` / ${formatNumber(std[i])}`}`;
  return `\nNetwork inputs: ${one(0)}, ${one(1)}`;
}

function select(index: number): void {
  if (!data) return;
  selected = Math.max(0, Math.min(data.raw.length - 1, index));
  redraw();
}

// Controls. Buttons are native <button>s; T, P, S and R work too when no text field has focus.
byId('train').addEventListener('click', () => post({ type: 'train' }));
byId('pause').addEventListener('click', () => post({ type: 'pause' }));
byId('step').addEventListener('click', () => post({ type: 'step' }));
byId('reset').addEventListener('click', () => apply(settings));
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.ctrlKey || event.metaKey || event.altKey || target.closest('input, select, textarea')) return;
  const button = { t: 'train', p: 'pause', s: 'step', r: 'reset' }[event.key.toLowerCase()];
  if (button) {
    const el = byId<HTMLButtonElement>(button);
    if (!el.disabled) el.click();
  }
});

// Settings: any change makes a new setup (as a change of data or architecture must).
for (const panel of ['data-panel', 'network-panel']) {
  byId(panel).addEventListener('change', (event) => {
    const target = event.target as HTMLElement;
    if (target.id === 'csv-file') return;
    const next = readForm(settings);
    showDataOptions(next.data);
    if (next.data === 'csv' && !csv) {
      settings = next;
      data = null;
      setStatus('idle');
      message('Pick or drop a CSV file: a header row, two numeric columns for the inputs, and a column of classes.');
      byId<HTMLInputElement>('csv-file').focus();
      redraw();
      return;
    }
    message('');
    apply(next);
  });
}
byId('regenerate').addEventListener('click', () => apply({ ...readForm(settings), dataSeed: settings.dataSeed + 1 }));

// The map: click a point, or use the arrow keys, to explain it.
canvas.addEventListener('click', (event) => {
  if (!data || !view) return;
  const i = pointAt(canvas, view, data, event.clientX, event.clientY);
  if (i >= 0) select(i);
});
canvas.addEventListener('keydown', (event) => {
  const moves: Record<string, number> = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
  if (event.key in moves) select(selected + moves[event.key]!);
  else if (event.key === 'Home') select(0);
  else if (event.key === 'End') select(Number.MAX_SAFE_INTEGER);
  else return;
  event.preventDefault();
});

// CSV: pick or drop.
async function loadCsv(file: File): Promise<void> {
  try {
    const table = parseCsv(await file.text());
    const numeric = numericColumns(table);
    const guess = guessCsvColumns(table, numeric);
    if (!guess) throw new Error(`${file.name} needs at least two numeric columns and one more for the class; it has ${table.columns.join(', ')}`);
    csv = table;
    setCsvColumns(table.columns, numeric);
    byId('csv-name').textContent = `${file.name}: ${table.rows.length} rows, columns ${table.columns.join(', ')}`;
    const keep = (name: string, list: string[]) => (list.includes(name) ? name : '');
    const next: Settings = {
      ...readForm(settings),
      data: 'csv',
      csvX: keep(settings.csvX, numeric) || guess.x,
      csvY: keep(settings.csvY, numeric) || guess.y,
      csvTarget: keep(settings.csvTarget, table.columns) || guess.target,
    };
    message('');
    apply(next);
  } catch (error) {
    message((error as Error).message, 'error');
  }
}
byId<HTMLInputElement>('csv-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void loadCsv(file);
});
const drop = byId('drop');
document.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
document.addEventListener('dragleave', () => drop.classList.remove('over'));
document.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file) void loadCsv(file);
});

// Export and import.
async function exported() {
  if (!data) throw new Error('There is no data to export yet');
  const snap = await snapshot();
  const net = Network.fromJSON(snap.network);
  const pre = preprocessingFor(data.inputNames, data.normalization, data.targetName, data.labels);
  return { snap, net, pre, data };
}
const failSafe = (action: () => Promise<void>) => () => void action().catch((error: Error) => message(error.message, 'error'));

byId('export-model').addEventListener(
  'click',
  failSafe(async () => {
    const { snap, net, pre } = await exported();
    const text = serializeModelFile(net, pre, {
      epochs: snap.epochs,
      loss: settings.loss,
      optimizer: { name: settings.optimizer, learningRate: settings.learningRate, regularization: settings.regularization, regularizationRate: settings.regularizationRate },
      batchSize: settings.batchSize,
      seed: settings.seed,
      playground: { url: settingsToQuery(settings) },
    });
    download(`neurite-${settings.data}-model.json`, text, 'application/json');
    message(`Exported the model after ${snap.epochs} epochs.`);
  }),
);
byId('export-predictions').addEventListener(
  'click',
  failSafe(async () => {
    const { net, pre, data: d } = await exported();
    download(`neurite-${settings.data}-predictions.csv`, predictionsCsv(net, pre, d), 'text/csv');
  }),
);
byId('export-report').addEventListener(
  'click',
  failSafe(async () => {
    const { snap, net, pre, data: d } = await exported();
    download(`neurite-${settings.data}-report.html`, writeReport(playgroundReport(net, pre, d, settings, snap.history)), 'text/html');
  }),
);
byId<HTMLInputElement>('import-model').addEventListener('change', (event) => {
  const field = event.target as HTMLInputElement;
  const file = field.files?.[0];
  field.value = '';
  if (!file) return;
  failSafe(async () => {
    const { file: model, network: loaded } = parseModelFile(await file.text());
    const url = (model.training.playground as { url?: unknown } | undefined)?.url;
    let next: Settings = settings;
    if (typeof url === 'string') {
      next = settingsFromQuery(url, available).settings;
    } else {
      const layers = model.network.layers;
      next = {
        ...settings,
        hidden: layers.slice(0, -1).map((l) => l.units as number),
        activation: (layers[0]?.activation as { name?: string } | undefined)?.name ?? settings.activation,
      };
    }
    apply(next);
    if (!data || !network) throw new Error(`The model's data is not loaded: ${next.data === 'csv' ? 'pick the CSV it was trained on, then import again' : 'see the message above'}`);
    const names = model.preprocessing.inputs.join(', ');
    if (names !== data.inputNames.join(', ')) throw new Error(`The model reads ${names}; the data here has ${data.inputNames.join(', ')}`);
    network.copyWeightsFrom(loaded);
    post({ type: 'load', network: model.network });
    message(`Imported ${file.name}: trained ${model.training.epochs} epochs. Train continues from these weights.`);
    redraw();
  })();
});

writeForm(settings);
if (initial.problems.length) message(initial.problems.join(' '));
if (settings.data === 'csv') {
  showDataOptions('csv');
  setStatus('idle');
  message(`${initial.problems.join(' ')} This link uses a CSV file (${settings.csvX}, ${settings.csvY} → ${settings.csvTarget}): pick or drop it to continue.`.trim());
  redraw();
} else {
  apply(settings);
}
