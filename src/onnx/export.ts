import { NeuriteError, describe } from '../errors.js';
import { Network } from '../nn/network.js';
import { formatShape } from '../nn/shape.js';
import { GraphBuilder } from './graph-builder.js';
import { exportLayers } from './layer-ops.js';
import { encodeModel, type OnnxElemType, type OnnxModel } from './onnx-messages.js';

/**
 * The ONNX operator set the exporter targets, and the IR version released with it (ONNX 1.8).
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { ONNX_OPSET, buildOnnxModel } from 'neurite/onnx';
 * const model = buildOnnxModel(Network.create({ inputs: 2, layers: [{ units: 1 }] }));
 * console.log(model.opsetImport[0]!.version === ONNX_OPSET, ONNX_OPSET); // true 13
 * ```
 */
export const ONNX_OPSET = 13;
/**
 * The ONNX IR version written (7, released with opset 13).
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { ONNX_IR_VERSION, buildOnnxModel } from 'neurite/onnx';
 * const model = buildOnnxModel(Network.create({ inputs: 2, layers: [{ units: 1 }] }));
 * console.log(model.irVersion === ONNX_IR_VERSION, ONNX_IR_VERSION); // true 7
 * ```
 */
export const ONNX_IR_VERSION = 7;

/**
 * Numeric preprocessing baked into the graph, one entry per network input, so raw features go in:
 *   standard: x' = (x − mean) / std          (ONNX: Sub, Div)
 *   minmax:   x' = (x − min) / (max − min)    (ONNX: Sub, Div)
 * Inputs that pass through unchanged (one-hot columns) take mean 0, std 1 (or min 0, max 1).
 */
export type InputNormalization =
  | { kind: 'standard'; mean: ArrayLike<number>; std: ArrayLike<number> }
  | { kind: 'minmax'; min: ArrayLike<number>; max: ArrayLike<number> };

/**
 * A regression target's standardization undone after the last layer, so the graph gives values in the
 * target's own units, one entry per network output:
 *   y = output · std + mean                  (ONNX: Mul, Add)
 * The inverse of training on (y − mean) / std (neurite's `standardized` regression targets: mean = offset,
 * std = scale).
 */
export interface OutputDenormalization {
  mean: ArrayLike<number>;
  std: ArrayLike<number>;
}

/** Options of {@link exportOnnx}. */
export interface OnnxExportOptions {
  /** Preprocessing to put in front of the network. */
  inputNormalization?: InputNormalization;
  /** Postprocessing after the last layer: network outputs (standardized targets) back in raw units. */
  outputDenormalization?: OutputDenormalization;
  /** One name per network input (metadata `neurite.features`); for one-hot columns e.g. "color=red". */
  featureNames?: string[];
  /** Class names (metadata `neurite.labels`): one per output, or two for a single sigmoid output (negative, positive). */
  labels?: string[];
  /** Name of the graph's input tensor (default "input"). */
  inputName?: string;
  /** Name of the graph's output tensor (default "output"). */
  outputName?: string;
  /** Element type of every tensor in the graph (default float32, what serving engines expect). */
  dtype?: OnnxElemType;
  /** Extra metadata properties; keys starting with "neurite." are the exporter's own. */
  metadata?: Record<string, string>;
  /** ModelProto.producer_version, e.g. the package version (the CLI passes it). */
  producerVersion?: string;
  /** ModelProto.doc_string (default: a one-line summary of the network). */
  docString?: string;
}

/**
 * The ONNX model of a network, as bytes: the contents of a `.onnx` file.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { exportOnnx } from 'neurite/onnx';
 * const network = Network.create({ inputs: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }] });
 * const bytes = exportOnnx(network, { labels: ['setosa', 'versicolor', 'virginica'] });
 * console.log(bytes.length); // write them to model.onnx for ONNX Runtime
 * ```
 */
export function exportOnnx(network: Network, options: OnnxExportOptions = {}): Uint8Array {
  return encodeModel(buildOnnxModel(network, options));
}

/**
 * Same as `exportOnnx`, before encoding: the model as plain objects, to inspect.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { buildOnnxModel } from 'neurite/onnx';
 * const network = Network.create({ inputs: 4, layers: [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }] });
 * const model = buildOnnxModel(network); // the message tree exportOnnx encodes
 * console.log(model.graph.nodes.map((node) => node.opType)); // e.g. ['Gemm', 'Relu', 'Gemm', 'Softmax']
 * ```
 */
export function buildOnnxModel(network: Network, options: OnnxExportOptions = {}): OnnxModel {
  if (!(network instanceof Network)) {
    throw new NeuriteError('INVALID_ARGUMENT', `exportOnnx needs a Network, got ${describe(network)}`);
  }
  if (options === null || typeof options !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `exportOnnx options must be an object, got ${describe(options)}`);
  }
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(dtype)}`, { field: 'dtype' });
  }
  const inputName = tensorName(options.inputName ?? 'input', 'inputName');
  const outputName = tensorName(options.outputName ?? 'output', 'outputName');
  if (inputName === outputName) {
    throw new NeuriteError('INVALID_ARGUMENT', `inputName and outputName must differ, both are "${inputName}"`, { field: 'outputName' });
  }
  const inputs = network.inputSize;
  const outputs = network.outputSize;
  const featureNames = options.featureNames === undefined ? undefined : names(options.featureNames, 'featureNames', [inputs], 'one per network input');
  const labels =
    options.labels === undefined
      ? undefined
      : names(
          options.labels,
          'labels',
          outputs === 1 ? [1, 2] : [outputs],
          outputs === 1 ? 'one, or two (negative, positive) for one output' : 'one per output',
        );

  const g = new GraphBuilder(dtype, inputName);
  let x = inputName;
  // The graph's input is [batch, ...inputShape]: a row [batch, n], or e.g. an image [batch, h, w, c].
  const inputShape = [...network.inputShape];
  const outputShape = [...network.outputShape];

  // Preprocessing: raw features in, the network's inputs out (one statistic per input value, in its shape).
  const norm = options.inputNormalization;
  if (norm !== undefined) {
    g.scope = 'preprocess';
    const [shift, scale] = normalization(norm, inputs);
    x = g.op('Sub', [x, g.constant(norm.kind === 'standard' ? 'preprocess.mean' : 'preprocess.min', inputShape, shift)]);
    x = g.op('Div', [x, g.constant(norm.kind === 'standard' ? 'preprocess.std' : 'preprocess.range', inputShape, scale)]);
  }

  // The layers, in order (image layers channels first inside the graph, neurite's order at both ends).
  const layers = exportLayers(g, network, x);
  x = layers.value;
  const summary = [inputShape.length === 1 ? String(inputs) : formatShape(inputShape), ...layers.summary];
  const lastActivation = layers.lastActivation;

  // Postprocessing: standardized outputs back in the target's units.
  const denorm = options.outputDenormalization;
  if (denorm !== undefined) {
    g.scope = 'postprocess';
    const [mean, std] = denormalization(denorm, outputs);
    x = g.op('Mul', [x, g.constant('postprocess.std', outputShape, std)]);
    x = g.op('Add', [x, g.constant('postprocess.mean', outputShape, mean)]);
    summary.push('× std + mean');
  }
  g.finish(x, outputName);

  checkSize(g.initializers.reduce((n, t) => n + t.values.length, 0) * (dtype === 'float64' ? 8 : 4));

  const probabilities = denorm === undefined && (lastActivation === 'softmax' || lastActivation === 'sigmoid');
  const metadataProps = [
    { key: 'neurite.output', value: probabilities ? 'probabilities' : 'values' },
    { key: 'neurite.normalization', value: norm?.kind ?? 'none' },
    { key: 'neurite.denormalization', value: denorm === undefined ? 'none' : 'standard' },
  ];
  if (featureNames) metadataProps.push({ key: 'neurite.features', value: JSON.stringify(featureNames) });
  if (labels) metadataProps.push({ key: 'neurite.labels', value: JSON.stringify(labels) });
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    if (key.startsWith('neurite.') || typeof value !== 'string') {
      throw new NeuriteError(
        'INVALID_ARGUMENT',
        `metadata["${key}"]: keys starting with "neurite." are the exporter's own, and values must be strings; got ${describe(value)}`,
        {
          field: `metadata.${key}`,
        },
      );
    }
    metadataProps.push({ key, value });
  }

  const model: OnnxModel = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'neurite',
    docString: options.docString ?? `neurite network: ${summary.join(' → ')}`,
    graph: {
      name: 'neurite',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [
        {
          name: inputName,
          elemType: dtype,
          shape: ['batch', ...inputShape],
          docString: featureNames
            ? `features: ${featureNames.join(', ')}`
            : inputShape.length === 1
              ? `${inputs} features per row`
              : `one ${formatShape(inputShape)} sample per row (channels last)`,
        },
      ],
      outputs: [
        {
          name: outputName,
          elemType: dtype,
          shape: ['batch', ...outputShape],
          docString: (probabilities ? 'probabilities' : 'values') + (labels ? ` for: ${labels.join(', ')}` : ''),
        },
      ],
    },
    metadataProps,
  };
  if (options.producerVersion !== undefined) model.producerVersion = String(options.producerVersion);
  return model;
}

/** The subtrahend and divisor of the normalization, checked: one finite value per input, divisors > 0. */
function normalization(norm: InputNormalization, inputs: number): [number[], number[]] {
  const kind = (norm as { kind?: unknown } | null)?.kind;
  const isStandard = kind === 'standard';
  if (!isStandard && kind !== 'minmax') {
    throw new NeuriteError('INVALID_ARGUMENT', `inputNormalization.kind must be "standard" or "minmax", got ${describe(kind)}`, {
      field: 'inputNormalization.kind',
    });
  }
  const [a, b] = isStandard ? ['mean', 'std'] : ['min', 'max'];
  const first = vector((norm as Record<string, unknown>)[a!], `inputNormalization.${a}`, inputs);
  const second = vector((norm as Record<string, unknown>)[b!], `inputNormalization.${b}`, inputs);
  const scale = isStandard ? second : second.map((max, i) => max - first[i]!);
  scale.forEach((s, i) => {
    if (!(s > 0)) {
      const what = isStandard ? `std[${i}] is ${s}` : `max[${i}] − min[${i}] is ${s}`;
      throw new NeuriteError('INVALID_ARGUMENT', `inputNormalization: ${what}; the divisor must be > 0 (store 1 for a constant column)`, {
        field: `inputNormalization.${b}[${i}]`,
        actual: s,
      });
    }
  });
  return [first, scale];
}

/** The mean and std of the output denormalization, checked: one finite value per output, std > 0. */
function denormalization(denorm: OutputDenormalization, outputs: number): [number[], number[]] {
  if (denorm === null || typeof denorm !== 'object') {
    throw new NeuriteError('INVALID_ARGUMENT', `outputDenormalization must be { mean, std }, got ${describe(denorm)}`, { field: 'outputDenormalization' });
  }
  const mean = vector(denorm.mean, 'outputDenormalization.mean', outputs, 'output');
  const std = vector(denorm.std, 'outputDenormalization.std', outputs, 'output');
  std.forEach((s, i) => {
    if (!(s > 0)) {
      throw new NeuriteError('INVALID_ARGUMENT', `outputDenormalization: std[${i}] is ${s}; expected a standard deviation > 0`, {
        field: `outputDenormalization.std[${i}]`,
        actual: s,
      });
    }
  });
  return [mean, std];
}

function vector(value: unknown, field: string, length: number, per = 'input'): number[] {
  const arr = value as ArrayLike<unknown>;
  if (arr == null || typeof arr !== 'object' || arr.length !== length) {
    throw new NeuriteError('SHAPE_MISMATCH', `${field} must have ${length} values (one per network ${per}), got ${describe(value)}`, {
      field,
      expected: length,
      actual: arr?.length,
    });
  }
  return Array.from(arr, (v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new NeuriteError('NON_FINITE', `${field}[${i}] is ${describe(v)}; expected a finite number`, { field: `${field}[${i}]`, actual: v });
    }
    return v;
  });
}

function tensorName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new NeuriteError('INVALID_ARGUMENT', `${field} must be a non-empty string, got ${describe(value)}`, { field });
  }
  return value;
}

function names(value: unknown, field: string, lengths: number[], rule: string): string[] {
  if (!Array.isArray(value) || !lengths.includes(value.length) || value.some((v) => typeof v !== 'string')) {
    throw new NeuriteError('INVALID_ARGUMENT', `${field} must be an array of ${lengths.join(' or ')} strings (${rule}), got ${describe(value)}`, {
      field,
      expected: lengths,
      actual: Array.isArray(value) ? value.length : value,
    });
  }
  return value as string[];
}

/** A protobuf message is limited to 2 GiB; larger ONNX models keep weights in external files, which this exporter does not write. */
const MAX_TENSOR_BYTES = 2 ** 31 - 2 ** 24;

function checkSize(bytes: number): void {
  if (bytes > MAX_TENSOR_BYTES) {
    throw new NeuriteError('UNSUPPORTED', `The network's parameters take ${bytes} bytes; an ONNX file holds under 2 GiB (external data is not supported)`, {
      expected: `≤ ${MAX_TENSOR_BYTES}`,
      actual: bytes,
    });
  }
}
