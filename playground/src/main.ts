/**
 * The playground page: settings in the form and the URL, training in a Web Worker. The worker's progress
 * messages carry the weights and their measurement (scores, outputs for every row and over the map), so the
 * numbers and the map are the worker's; the diagram and Explain use a copy of the network kept up to date.
 */
import { Network, type EpochLog } from '../../src/index.js';
import { type Table } from '../../src/data/index.js';
import { writeReport } from '../../src/report/report.js';
import { guessCsvColumns, numericColumns, readCsv } from './engine/csv.js';
import { prepareData, type PreparedData } from './engine/datasets.js';
import { pointSummary } from './engine/explain-point.js';
import { imageReport, predictionsCsv, playgroundReport } from './engine/exports.js';
import { imageTrainerConfig, prepareShapes, type PreparedImages } from './engine/images.js';
import type { Measurement } from './engine/measure.js';
import { modelFileText, readModelFile, trainedFor } from './engine/model-file.js';
import type { FromWorker, ToWorker } from './engine/protocol.js';
import { settingsFromQuery, settingsToQuery, type Settings } from './engine/settings.js';
import { choices, trainerConfig } from './engine/setup.js';
import type { TrainerConfig, TrainerStatus } from './engine/trainer.js';
import { gridPoints, networkInputs, viewFor, type View } from './engine/view.js';
import { drawBoundary, pointAt } from './ui/boundary.js';
import { byId, download } from './ui/dom.js';
import { renderExplain } from './ui/explain-view.js';
import { ImageMode } from './ui/image-mode.js';
import { onCsvFile, populateChoices, readForm, setCsvColumns, showDataOptions, writeForm } from './ui/form.js';
import { renderCurves, renderDiagram } from './ui/views.js';
import { formatNumber, formatPercent } from '../../src/report/charts.js';

const worker = new Worker('worker.js');
const available = choices();
populateChoices(available);

const initial = settingsFromQuery(location.search.slice(1), available);
let settings: Settings = initial.settings;
let csv: Table | null = null;
let data: PreparedData | null = null;
/** The image mode's data (settings.data 'shapes'); then `data` is null. */
let images: PreparedImages | null = null;
let view: View | null = null;
let network: Network | null = null;
let config: TrainerConfig | null = null;
/** The worker's scores and outputs for the weights the page shows (null until its first report). */
let measurement: Measurement | null = null;
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
const imageMode = new ImageMode(() => redraw());
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
  measurement = null;
  epoch = batch = 0;
  run++;
  window.history.replaceState(null, '', `?${settingsToQuery(settings)}`);
  document.body.dataset.mode = settings.data === 'shapes' ? 'images' : 'points';
  data = images = null;
  try {
    if (settings.data === 'shapes') {
      images = prepareShapes(settings);
      imageMode.setImages(images);
      config = imageTrainerConfig(settings, images);
    } else {
      data = prepareData(settings, csv);
      view = viewFor(data);
      config = trainerConfig(settings, data, networkInputs(data, gridPoints(view)));
      selected = Math.min(selected, data.raw.length - 1);
    }
    network = Network.create(config.spec);
    batchesPerEpoch = Math.ceil(config.x.length / config.batchSize);
    post({ type: 'configure', run, config });
    setStatus('idle');
  } catch (error) {
    data = images = null;
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
  const ready = data !== null || images !== null;
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
    measurement = msg.measurement;
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
  // The numbers for the weights as they are now (what the map shows), from the worker; the curves show each epoch's.
  const now = (data || images) && network ? measurement : null;
  stat('stat-train-accuracy', now?.train.accuracy, formatPercent);
  stat('stat-val-accuracy', now?.validation?.accuracy, formatPercent);
  stat('stat-loss', now?.train.loss, formatNumber);
  renderCurves(byId('loss-chart'), byId('accuracy-chart'), logs, now && batch > 0 ? { at: epoch + batch / batchesPerEpoch, scores: now } : null);

  if (images && network) {
    imageMode.render(network, images);
    return;
  }
  const ctx = canvas.getContext('2d')!;
  if (!data || !network || !view) {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    byId('diagram').textContent = '';
    renderExplain(byId('trace'), null, null, 0, '');
    return;
  }
  drawBoundary(canvas, now?.grid ?? null, network.outputSize, data, view, selected);
  const x = data.x[selected] ?? null;
  renderDiagram(byId('diagram'), network, data.inputNames, x);
  if (x) {
    byId('selection').textContent = `${pointSummary(data, selected)}.`;
    renderExplain(byId('trace'), network, data, selected, config?.loss ?? 'mse');
  }
}

function select(index: number): void {
  if (!data) return;
  selected = Math.max(0, Math.min(data.raw.length - 1, index));
  redraw();
}

// The diagram is laid out for its box's width: a new width, a new layout.
window.addEventListener('resize', redraw);

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
    const table = readCsv(await file.text(), file.name);
    const numeric = numericColumns(table);
    const guess = guessCsvColumns(table);
    if (!guess) throw new Error(`${file.name} needs at least two numeric columns and one more for the class; it has ${table.columnNames.join(', ')}`);
    csv = table;
    setCsvColumns(table.columnNames, numeric);
    byId('csv-name').textContent = `${file.name}: ${table.rowCount} rows, columns ${table.columnNames.join(', ')}`;
    const keep = (name: string, list: string[]) => (list.includes(name) ? name : '');
    const next: Settings = {
      ...readForm(settings),
      data: 'csv',
      csvX: keep(settings.csvX, numeric) || guess.x,
      csvY: keep(settings.csvY, numeric) || guess.y,
      csvTarget: keep(settings.csvTarget, table.columnNames) || guess.target,
    };
    message('');
    apply(next);
  } catch (error) {
    message((error as Error).message, 'error');
  }
}
onCsvFile((file) => void loadCsv(file));

// Export and import.
async function exported() {
  if (!data && !images) throw new Error('There is no data to export yet');
  const snap = await snapshot();
  return { snap, net: Network.fromJSON(snap.network), data: data!, encoded: (images ?? data)! };
}
const failSafe = (action: () => Promise<void>) => () => void action().catch((error: Error) => message(error.message, 'error'));

byId('export-model').addEventListener(
  'click',
  failSafe(async () => {
    const { snap, net, encoded } = await exported();
    const text = modelFileText(net, encoded, settings, snap);
    download(`neurite-${settings.data}-model.json`, text, 'application/json');
    message(`Exported the model after ${trainedFor(snap)}.`);
  }),
);
byId('export-predictions').addEventListener(
  'click',
  failSafe(async () => {
    const { snap, data: d } = await exported();
    download(`neurite-${settings.data}-predictions.csv`, predictionsCsv(d, snap.measurement.outputs), 'text/csv');
  }),
);
byId('export-report').addEventListener(
  'click',
  failSafe(async () => {
    const { snap, net, data: d } = await exported();
    const report = images ? imageReport(net, images, settings, snap, imageMode.view?.image ?? null) : playgroundReport(net, d, settings, snap);
    download(`neurite-${settings.data}-report.html`, writeReport(report), 'text/html');
  }),
);
byId<HTMLInputElement>('import-model').addEventListener('change', (event) => {
  const field = event.target as HTMLInputElement;
  const file = field.files?.[0];
  field.value = '';
  if (!file) return;
  failSafe(async () => {
    const { model, query } = readModelFile(await file.text(), file.name);
    const json = model.network.toJSON();
    let next: Settings = settings;
    if (query !== null) {
      next = settingsFromQuery(query, available).settings;
    } else if (model.preprocessing.image) {
      next = { ...settings, data: 'shapes' }; // an image model made elsewhere: its weights must fit the page's CNN
    } else {
      next = {
        ...settings,
        hidden: json.layers.slice(0, -1).map((l) => l.units as number),
        activation: (json.layers[0]?.activation as { name?: string } | undefined)?.name ?? settings.activation,
      };
    }
    apply(next);
    const encoded = images ?? data;
    if (!encoded || !network)
      throw new Error(`The model's data is not loaded: ${next.data === 'csv' ? 'pick the CSV it was trained on, then import again' : 'see the message above'}`);
    const names = model.preprocessing.inputs.map((input) => input.name).join(', ');
    const here = encoded.preprocessor.inputs.map((input) => input.name).join(', ');
    if (names !== here) throw new Error(`The model reads ${names}; the data here has ${here}`);
    network.copyWeightsFrom(model.network);
    post({ type: 'load', network: json });
    const { epochs, batches, batchesPerEpoch } = model.training;
    const trained =
      typeof epochs !== 'number'
        ? ''
        : `: trained ${trainedFor({ epochs, ...(typeof batches === 'number' ? { batch: batches, batchesPerEpoch: Number(batchesPerEpoch) } : {}) })}`;
    // A file made elsewhere (e.g. by `neurite train`) may scale or order the data otherwise than this page.
    const same = JSON.stringify(model.preprocessing.toJSON()) === JSON.stringify(encoded.preprocessor.toJSON());
    const caveat = same ? '' : " Its preprocessing (scaling or class order) differs from this page's, which the page uses.";
    message(`Imported ${file.name}${trained}. Train continues from these weights.${caveat}`);
    redraw();
  })();
});

writeForm(settings);
if (initial.problems.length) message(initial.problems.join(' '));
if (settings.data === 'csv') {
  showDataOptions('csv');
  setStatus('idle');
  message(
    `${initial.problems.join(' ')} This link uses a CSV file (${settings.csvX}, ${settings.csvY} → ${settings.csvTarget}): pick or drop it to continue.`.trim(),
  );
  redraw();
} else {
  apply(settings);
}
