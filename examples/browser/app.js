// Loads a model file, then predicts for the values in the form as they change.
import { getBackend, parseModel } from 'neurite';
import { predictTable, tableFromRecords } from 'neurite/data';

const result = document.querySelector('#result');
const form = document.querySelector('#person');

try {
  const response = await fetch('./gender.model.json');
  if (!response.ok) throw new Error(`gender.model.json: HTTP ${response.status}`);
  // parseModel validates everything (format, shapes, finite numbers, sizes) before building the network.
  const model = parseModel(await response.text(), { file: 'gender.model.json' });
  const layers = model.network.layers.map((layer) => layer.outputSize).join('-');
  document.querySelector('#about').textContent =
    `A ${model.network.inputSize}-${layers} network, ${model.network.parameterCount()} parameters, ` +
    `classes ${model.preprocessing.classes.join('/')}, running on the ${getBackend().name} backend.`;

  const predict = () => {
    // An empty field is a missing value: the model file's preprocessing says what to do (here: an error).
    const value = (input) => (input.value.trim() === '' ? null : Number(input.value));
    const row = { weight_lb: value(form.weight), height_in: value(form.height) };
    try {
      // The preprocessing inside the model file scales the raw values as in training.
      const prediction = predictTable(model, tableFromRecords([row], model.preprocessing.readOptions()));
      const label = prediction.labels[0];
      const probability = prediction.probabilities[0][prediction.indices[0]];
      result.classList.remove('error');
      result.textContent = `${label === 'F' ? 'female' : 'male'} (${label}), p = ${probability.toFixed(3)}`;
      result.dataset.label = label;
    } catch (error) {
      result.classList.add('error');
      result.textContent = error.message;
      result.dataset.label = '';
    }
  };
  form.addEventListener('input', predict);
  predict();
} catch (error) {
  result.classList.add('error');
  result.textContent = `Could not load the model: ${error.message}`;
}
