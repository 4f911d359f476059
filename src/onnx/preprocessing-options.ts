import type { Preprocessor } from '../data/preprocessor.js';
import { NeuriteError, describe } from '../errors.js';
import type { InputNormalization, OnnxExportOptions, OutputDenormalization } from './export.js';

/** What a model's preprocessing puts into an ONNX graph, as `exportOnnx` options. */
export type OnnxPreprocessingOptions = Pick<OnnxExportOptions, 'inputNormalization' | 'outputDenormalization' | 'featureNames' | 'labels'>;

/**
 * The `exportOnnx` options that carry a model's preprocessing into the graph, so raw numbers go in and the
 * outputs come out as the model's `predictTable` gives them:
 * - every numeric input's scaling z = (x − offset) / scale becomes `inputNormalization`, one entry per
 *   network input; one-hot inputs pass through (0 and 1). When every numeric input is min-max scaled the
 *   kind is `minmax` with min = offset, max = offset + scale (if that sum rounds so that max − min ≠ scale,
 *   the exact `standard` form below is used instead); otherwise `standard` with mean = offset, std = scale,
 *   which is the same formula for every scaling (`none`: 0 and 1). A constant column is stored with scale 1,
 *   so no divisor is ever 0. No numeric scaling at all (only one-hot columns, or `none`): no normalization.
 * - a standardized regression target becomes `outputDenormalization` { mean: offset, std: scale }:
 *   y = output · scale + offset, the target's own units;
 * - `featureNames`: `weight`, `color=red` (one-hot columns stay outside the graph: the caller encodes them);
 * - `labels`: the class names (two for a single-output binary classifier: negative, positive).
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { parseTable, prepareDataset } from 'neurite/data';
 * import { exportOnnx, onnxPreprocessingOptions } from 'neurite/onnx';
 * const data = prepareDataset(parseTable('x,y\n1,10.5\n2,19.8\n3,30.2\n4,39.9\n'), { target: 'y', validation: 0 });
 * const network = Network.create({ inputs: 1, layers: [{ units: 1, activation: 'linear' }] });
 * // The ONNX model then takes raw x and returns y in its own units, as predictTable does.
 * const bytes = exportOnnx(network, onnxPreprocessingOptions(data.preprocessor));
 * ```
 */
export function onnxPreprocessingOptions(preprocessing: Preprocessor): OnnxPreprocessingOptions {
  if (preprocessing === null || typeof preprocessing !== 'object' || !Array.isArray(preprocessing.inputs) || !preprocessing.target) {
    throw new NeuriteError('INVALID_ARGUMENT', `onnxPreprocessingOptions needs a Preprocessor, got ${describe(preprocessing)}`);
  }
  const offsets: number[] = [];
  const scales: number[] = [];
  let scaled = false;
  let allMinmax = true;
  for (const input of preprocessing.inputs) {
    if (input.kind === 'numeric') {
      offsets.push(input.offset);
      scales.push(input.scale);
      if (input.offset !== 0 || input.scale !== 1) scaled = true;
      if (input.scaling !== 'minmax') allMinmax = false;
    } else if (input.kind === 'image') {
      // Every pixel z = (x − offset) / scale: the same shift and divisor for the whole image.
      const size = input.shape[0] * input.shape[1] * input.shape[2];
      for (let i = 0; i < size; i++) {
        offsets.push(input.offset);
        scales.push(input.scale);
      }
      if (input.offset !== 0 || input.scale !== 1) scaled = true;
      allMinmax = false;
    } else if (input.kind === 'text') {
      throw new NeuriteError(
        'UNSUPPORTED',
        `The input ${describe(input.name)} is text: ONNX has no operator for its tokenizer, so the model is not exported with its preprocessing; exportOnnx(model.network) exports the network alone (token ids in), where its layers have ONNX operators`,
      );
    } else {
      for (let c = 0; c < input.categories.length; c++) {
        offsets.push(0);
        scales.push(1);
      }
    }
  }
  const options: OnnxPreprocessingOptions = { featureNames: preprocessing.featureNames };
  if (scaled) options.inputNormalization = inputNormalization(offsets, scales, allMinmax);
  const target = preprocessing.target;
  if (target.task === 'classification') {
    options.labels = [...target.classes];
  } else if (target.standardized && (target.offset !== 0 || target.scale !== 1)) {
    const denormalization: OutputDenormalization = { mean: [target.offset], std: [target.scale] };
    options.outputDenormalization = denormalization;
  }
  return options;
}

function inputNormalization(offsets: number[], scales: number[], minmax: boolean): InputNormalization {
  if (minmax) {
    const max = offsets.map((min, i) => min + scales[i]!);
    // The exporter divides by max − min; keep min-max only where that gives back the scale exactly.
    if (max.every((m, i) => m - offsets[i]! === scales[i]!)) return { kind: 'minmax', min: offsets, max };
  }
  return { kind: 'standard', mean: offsets, std: scales };
}
