import { LIMITS, type Choices, type DataName, type RegularizationKind, type Settings } from '../engine/settings.js';
import { byId, fillSelect } from './dom.js';

/**
 * The settings form: filled from the library's registries, read into a `Settings`, written from one.
 * Every control is a native, labelled form element, so it works from the keyboard and with screen readers.
 */
const input = (id: string) => byId<HTMLInputElement>(id);
const select = (id: string) => byId<HTMLSelectElement>(id);

export function populateChoices(choices: Choices): void {
  fillSelect(select('activation'), choices.activations);
  fillSelect(select('loss'), choices.losses);
  fillSelect(select('optimizer'), choices.optimizers);
}

export function setCsvColumns(columns: readonly string[], numeric: readonly string[]): void {
  fillSelect(select('csvX'), numeric);
  fillSelect(select('csvY'), numeric);
  fillSelect(select('csvTarget'), columns);
}

/** Shows one neuron-count input per hidden layer, reusing the ones there (so focus stays where it was). */
export function setHiddenInputs(sizes: readonly number[]): void {
  const box = byId('hidden-sizes');
  while (box.children.length > sizes.length) box.lastElementChild!.remove();
  for (let i = box.children.length; i < sizes.length; i++) {
    const label = document.createElement('label');
    label.className = 'field';
    label.textContent = `Layer ${i + 1}`;
    const field = document.createElement('input');
    field.type = 'number';
    field.min = String(LIMITS.neurons[0]);
    field.max = String(LIMITS.neurons[1]);
    field.step = '1';
    field.inputMode = 'numeric';
    field.id = `hidden-${i}`;
    field.setAttribute('aria-label', `Neurons in hidden layer ${i + 1}`);
    label.append(field);
    box.append(label);
  }
  sizes.forEach((size, i) => (input(`hidden-${i}`).value = String(size)));
  input('hidden-count').value = String(sizes.length);
}

export function writeForm(s: Settings): void {
  select('data').value = s.data;
  input('size').value = String(s.size);
  input('noise').value = String(s.noise);
  input('classes').value = String(s.classes);
  input('dataSeed').value = String(s.dataSeed);
  input('validation').value = String(s.validation);
  for (const key of ['csvX', 'csvY', 'csvTarget'] as const) if ([...select(key).options].some((o) => o.value === s[key])) select(key).value = s[key];
  input('standardize').checked = s.standardize;
  setHiddenInputs(s.hidden);
  select('activation').value = s.activation;
  select('loss').value = s.loss;
  select('optimizer').value = s.optimizer;
  input('learningRate').value = String(s.learningRate);
  input('batchSize').value = String(s.batchSize);
  select('regularization').value = s.regularization;
  input('regularizationRate').value = String(s.regularizationRate);
  input('seed').value = String(s.seed);
  input('epochs').value = String(s.epochs);
  showDataOptions(s.data);
}

export function showDataOptions(data: DataName): void {
  byId('synthetic-options').hidden = data === 'csv' || data === 'gender';
  byId('csv-options').hidden = data !== 'csv';
  byId('classes-field').hidden = data !== 'blobs';
}

/**
 * The form as settings. A value outside its range is clamped (and the field shows the clamped value); a field
 * left empty keeps the previous setting.
 */
export function readForm(previous: Settings): Settings {
  const num = (id: string, [min, max]: readonly [number, number], fallback: number, integer = false) => {
    const el = input(id);
    let v = Number(el.value);
    if (el.value.trim() === '' || !Number.isFinite(v)) v = fallback;
    if (integer) v = Math.round(v);
    v = Math.min(max, Math.max(min, v));
    el.value = String(v);
    return v;
  };
  const seed = (id: string, fallback: number) => num(id, [-0xffffffff, 0xffffffff], fallback, true);
  const count = num('hidden-count', LIMITS.hiddenLayers, previous.hidden.length, true);
  const sizes = Array.from({ length: count }, (_, i) => {
    const el = document.getElementById(`hidden-${i}`) as HTMLInputElement | null;
    return el ? num(el.id, LIMITS.neurons, previous.hidden[i] ?? 4, true) : (previous.hidden[i] ?? previous.hidden[previous.hidden.length - 1] ?? 4);
  });
  return {
    data: select('data').value as DataName,
    size: num('size', LIMITS.size, previous.size, true),
    noise: num('noise', LIMITS.noise, previous.noise),
    classes: num('classes', LIMITS.classes, previous.classes, true),
    dataSeed: seed('dataSeed', previous.dataSeed),
    validation: num('validation', LIMITS.validation, previous.validation),
    csvX: select('csvX').value || previous.csvX,
    csvY: select('csvY').value || previous.csvY,
    csvTarget: select('csvTarget').value || previous.csvTarget,
    standardize: input('standardize').checked,
    hidden: sizes,
    activation: select('activation').value,
    loss: select('loss').value,
    optimizer: select('optimizer').value,
    learningRate: num('learningRate', LIMITS.learningRate, previous.learningRate),
    batchSize: num('batchSize', LIMITS.batchSize, previous.batchSize, true),
    regularization: select('regularization').value as RegularizationKind,
    regularizationRate: num('regularizationRate', LIMITS.regularizationRate, previous.regularizationRate),
    seed: seed('seed', previous.seed),
    epochs: num('epochs', LIMITS.epochs, previous.epochs, true),
  };
}

/** Calls `load` with a CSV file picked in the file field or dropped anywhere on the page. */
export function onCsvFile(load: (file: File) => void): void {
  byId<HTMLInputElement>('csv-file').addEventListener('change', (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) load(file);
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
    if (file) load(file);
  });
}
