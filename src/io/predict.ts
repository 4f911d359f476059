// predictTable moved to model/ (raw rows in, predictions out is the model's job, and io/ reads and writes the
// file); this path keeps existing imports working.
export { predictTable } from '../model/predict-table.js';
