import { NeuriteError, describe } from '../errors.js';
import { BatchNorm } from '../nn/batch-norm.js';
import { Conv2D } from '../nn/conv2d.js';
import { Dense } from '../nn/dense.js';
import type { Layer } from '../nn/layer.js';
import { Recurrent } from '../nn/recurrent.js';

/** The short name of each layer type; a type not listed is named by its own type. */
const PREFIX: Record<string, string> = { conv2d: 'conv', maxPool2d: 'maxPool', avgPool2d: 'avgPool', globalAvgPool2d: 'globalAvgPool' };

/**
 * Each layer's name: its type's short name and its number among the layers of that type, from 1 (conv1,
 * conv2, maxPool1, batchNorm1, flatten1, dense1, dense2). `layers[i]` (0-based) names the same layer.
 *
 * @example
 * ```ts
 * import { Network } from 'neurite';
 * import { layerNames } from 'neurite/explain';
 * const network = Network.create({ inputShape: [8, 8, 1], layers: [{ type: 'conv2d', filters: 2, kernelSize: 3 }, { type: 'maxPool2d', poolSize: 2 }, { type: 'flatten' }, { units: 3, activation: 'softmax' }] });
 * console.log(layerNames(network.layers)); // ['conv1', 'maxPool1', 'flatten1', 'dense1']
 * ```
 */
export function layerNames(layers: readonly Layer[]): string[] {
  const counts = new Map<string, number>();
  return layers.map((layer) => {
    const prefix = PREFIX[layer.type] ?? layer.type;
    const n = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, n);
    return `${prefix}${n}`;
  });
}

/** One parameter picked by name: which layer, which record, which value in it. */
export interface WeightSelection {
  layer: number;
  /** The parameter record: weights, bias, gamma, beta; a recurrent layer's inputWeights, recurrentWeights, bias, recurrentBias. */
  record: 'weights' | 'bias' | 'gamma' | 'beta' | 'inputWeights' | 'recurrentWeights' | 'recurrentBias';
  /** The index names and values, in the order of the record's layout (f, ky, kx, c; j, i; c). */
  indices: Record<string, number>;
  /** The place of the value in the record's array. */
  offset: number;
  /** The name, normalized: conv1[f=3,ky=1,kx=2,c=0]. */
  name: string;
  /** The seed's name of a dense weight or bias (w17, b3). */
  seedName?: string;
}

interface RecordLayout {
  record: WeightSelection['record'];
  keys: string[];
  sizes: number[];
  /** What the name writes after the layer's: '' for the layer's main weights (conv1[...]), else '.bias', '.recurrent', ... */
  label?: string;
  /** A recurrent layer's gates by letter (lstm 'ifgo', gru 'rzn'): `gate=f` for gate 1. */
  gates?: string;
}

/** The gates of each recurrent type, in the order of their blocks in every weight and bias array. */
const GATE_LETTERS: Record<string, string> = { lstm: 'ifgo', gru: 'rzn' };
/** Record names a name may use for a recurrent layer's records, and the record each means. */
const RECORD_ALIASES: Record<string, WeightSelection['record']> = { input: 'inputWeights', recurrent: 'recurrentWeights' };

/** The written form of a layout's record after the layer's name. */
function suffix(layout: RecordLayout): string {
  return layout.label ?? (layout.record === 'weights' ? '' : `.${layout.record}`);
}

/** The named parameter records of a layer, each with its index names and their ranges. */
function layouts(layer: Layer): RecordLayout[] {
  if (layer instanceof Conv2D) {
    const [kh, kw] = layer.kernelSize;
    const c = layer.inputShape[2]!;
    const weights: RecordLayout = { record: 'weights', keys: ['f', 'ky', 'kx', 'c'], sizes: [layer.filters, kh, kw, c] };
    return layer.useBias ? [weights, { record: 'bias', keys: ['f'], sizes: [layer.filters] }] : [weights];
  }
  if (layer instanceof Dense) {
    return [
      { record: 'weights', keys: ['j', 'i'], sizes: [layer.outputSize, layer.inputSize] },
      { record: 'bias', keys: ['j'], sizes: [layer.outputSize] },
    ];
  }
  if (layer instanceof BatchNorm) {
    return [
      { record: 'gamma', keys: ['c'], sizes: [layer.features] },
      { record: 'beta', keys: ['c'], sizes: [layer.features] },
    ];
  }
  if (layer instanceof Recurrent) return recurrentLayouts(layer);
  return [];
}

/**
 * W: `lstm1.input[gate=f,unit=3,feature=5]` (or `lstm1[...]`), U: `lstm1.recurrent[gate=f,unit=3,h=5]`
 * (gate-unit (f, 3)'s weight on h_{t−1}[5]), b: `lstm1.bias[gate=f,unit=3]`, GRU's b_hn: `gru1.recurrentBias[unit=3]`.
 * A simpleRnn has one gate and no `gate` key: `simpleRnn1.recurrent[unit=3,h=5]`.
 */
function recurrentLayouts(layer: Recurrent): RecordLayout[] {
  const letters = GATE_LETTERS[layer.type];
  const gate = (keys: string[], sizes: number[]) =>
    letters === undefined ? { keys, sizes } : { keys: ['gate', ...keys], sizes: [letters.length, ...sizes], gates: letters };
  const out: RecordLayout[] = [
    { record: 'inputWeights', label: '.input', ...gate(['unit', 'feature'], [layer.units, layer.features]) },
    { record: 'recurrentWeights', label: '.recurrent', ...gate(['unit', 'h'], [layer.units, layer.units]) },
    { record: 'bias', ...gate(['unit'], [layer.units]) },
  ];
  if (layer.type === 'gru') out.push({ record: 'recurrentBias', keys: ['unit'], sizes: [layer.units] });
  return out;
}

/** "gate=f" for a gate index, "unit=3" for the others. */
function indexText(layout: RecordLayout, key: string, value: number): string {
  return key === 'gate' && layout.gates !== undefined ? `gate=${layout.gates[value]}` : `${key}=${value}`;
}

/** "gate=i|f|g|o" or "unit=0..7": a key's range as a name shows it. */
function rangeText(layout: RecordLayout, key: string, size: number): string {
  return key === 'gate' && layout.gates !== undefined ? `gate=${layout.gates.split('').join('|')}` : `${key}=0..${size - 1}`;
}

/** Every name `--weight` takes in this network, with its ranges: conv1[f=0..7,ky=0..2,kx=0..2,c=0..0], conv1.bias[f=0..7], ... */
export function weightNameRanges(layers: readonly Layer[]): string[] {
  const names = layerNames(layers);
  return layers.flatMap((layer, l) =>
    layouts(layer).map((layout) => `${names[l]}${suffix(layout)}[${layout.keys.map((k, i) => rangeText(layout, k, layout.sizes[i]!)).join(',')}]`),
  );
}

/**
 * Reads a parameter's name: `conv1[f=3,ky=1,kx=2,c=0]` (a conv weight: filter, kernel row, kernel column,
 * input channel), `conv1.bias[f=3]`, `dense1[j=2,i=5]` (neuron j's weight from input i), `dense1.bias[j=2]`,
 * `batchNorm1.gamma[c=1]`, `batchNorm1.beta[c=1]`; a recurrent layer's `lstm1.input[gate=f,unit=3,feature=0]`,
 * `lstm1.recurrent[gate=f,unit=3,h=5]`, `lstm1.bias[gate=f,unit=3]`, `gru1.recurrentBias[unit=3]` (gates by
 * letter: lstm i, f, g, o; gru r, z, n; a simpleRnn has none); `layers[0]` for `conv1`; indices from 0. The seed's names
 * w1..wN and b1..bM number the dense layers' weights and biases through the network, row by row. A name
 * that does not exist is an INVALID_ARGUMENT listing every valid name with its ranges.
 */
export function selectWeight(layers: readonly Layer[], text: string): WeightSelection {
  const names = layerNames(layers);
  if (typeof text !== 'string') throw badName(layers, text, 'a name is a string');
  const spec = text.replace(/\s+/g, '');
  const seed = /^([wb])(\d+)$/.exec(spec);
  if (seed !== null) return seedWeight(layers, names, seed[1] as 'w' | 'b', Number(seed[2]), text);
  const match = /^(layers\[(\d+)\]|[A-Za-z]+\d+)(?:\.(weights|bias|gamma|beta|input|recurrent|inputWeights|recurrentWeights|recurrentBias))?\[([^\]]*)\]$/.exec(
    spec,
  );
  if (match === null) throw badName(layers, text, 'a name is written layer[index=value,...], e.g. conv1[f=3,ky=1,kx=2,c=0] or dense1.bias[j=0]');
  const l = match[2] !== undefined ? Number(match[2]) : names.indexOf(match[1]!);
  if (l < 0 || l >= layers.length)
    throw badName(layers, text, `there is no layer ${match[1]}; the layers are ${names.map((n, i) => `${n} (layers[${i}])`).join(', ')}`);
  const options = layouts(layers[l]!);
  if (options.length === 0) throw badName(layers, text, `${names[l]} (${layers[l]!.type}) has no parameters`);
  const main = options[0]!.record === 'weights' || options[0]!.record === 'inputWeights' ? options[0]!.record : undefined;
  const record = match[3] === undefined ? main : (RECORD_ALIASES[match[3]] ?? match[3]);
  const layout = options.find((o) => o.record === record);
  if (layout === undefined) throw badName(layers, text, `${names[l]} has ${options.map((o) => `${names[l]}${suffix(o)}`).join(' and ')}`);
  const given = new Map<string, number>();
  for (const part of match[4] === '' ? [] : match[4]!.split(',')) {
    const kv = /^([a-z]+)=(\d+|[a-z])$/.exec(part);
    const letter = kv !== null && kv[1] === 'gate' && layout.gates !== undefined && /^[a-z]$/.test(kv[2]!);
    const value = kv === null ? Number.NaN : letter ? layout.gates!.indexOf(kv[2]!) : Number(kv[2]);
    if (kv === null || given.has(kv[1]!) || Number.isNaN(value))
      throw badName(
        layers,
        text,
        `"${part}" is not key=integer (keys ${layout.keys.join(', ')}, each once${layout.gates ? `; gate=${layout.gates.split('').join('|')}` : ''})`,
      );
    if (value < 0) throw badName(layers, text, `${layers[l]!.type} has no gate ${kv[2]}; its gates are ${layout.gates!.split('').join(', ')}`);
    given.set(kv[1]!, value);
  }
  const indices: Record<string, number> = {};
  let offset = 0;
  layout.keys.forEach((key, i) => {
    const value = given.get(key);
    const size = layout.sizes[i]!;
    if (value === undefined || value >= size) {
      throw badName(layers, text, value === undefined ? `it needs ${rangeText(layout, key, size)}` : `${key}=${value} is out of range 0..${size - 1}`);
    }
    indices[key] = value;
    offset = offset * size + value;
  });
  const extra = [...given.keys()].filter((k) => !layout.keys.includes(k));
  if (extra.length > 0) throw badName(layers, text, `${extra.join(', ')} is not an index of ${names[l]}'s ${layout.record} (${layout.keys.join(', ')})`);
  const selection: WeightSelection = {
    layer: l,
    record: layout.record,
    indices,
    offset,
    name: `${names[l]}${suffix(layout)}[${layout.keys.map((k) => indexText(layout, k, indices[k]!)).join(',')}]`,
  };
  const seedName = seedNameOf(layers, selection);
  if (seedName !== undefined) selection.seedName = seedName;
  return selection;
}

/** w<n> / b<n>: the seed's numbering of the dense layers' weights and biases. */
function seedWeight(layers: readonly Layer[], names: string[], kind: 'w' | 'b', n: number, text: string): WeightSelection {
  let count = 0;
  for (let l = 0; l < layers.length; l++) {
    const layer = layers[l]!;
    if (!(layer instanceof Dense)) continue;
    const size = kind === 'w' ? layer.outputSize * layer.inputSize : layer.outputSize;
    if (n >= count + 1 && n <= count + size) {
      const offset = n - count - 1;
      const indices: Record<string, number> = kind === 'w' ? { j: Math.floor(offset / layer.inputSize), i: offset % layer.inputSize } : { j: offset };
      const name = kind === 'w' ? `${names[l]}[j=${indices['j']},i=${indices['i']}]` : `${names[l]}.bias[j=${offset}]`;
      return { layer: l, record: kind === 'w' ? 'weights' : 'bias', indices, offset, name, seedName: `${kind}${n}` };
    }
    count += size;
  }
  throw badName(layers, text, count === 0 ? 'the network has no dense layers to number' : `the dense layers have ${kind}1..${kind}${count}`);
}

function seedNameOf(layers: readonly Layer[], selection: WeightSelection): string | undefined {
  if (!(layers[selection.layer] instanceof Dense) || (selection.record !== 'weights' && selection.record !== 'bias')) return undefined;
  let count = 0;
  for (let l = 0; l < selection.layer; l++) {
    const layer = layers[l]!;
    if (layer instanceof Dense) count += selection.record === 'weights' ? layer.outputSize * layer.inputSize : layer.outputSize;
  }
  return `${selection.record === 'weights' ? 'w' : 'b'}${count + selection.offset + 1}`;
}

function badName(layers: readonly Layer[], text: unknown, why: string): NeuriteError {
  const valid = weightNameRanges(layers);
  return new NeuriteError(
    'INVALID_ARGUMENT',
    `No parameter ${describe(text)}: ${why}. This network's parameters: ${valid.join(', ') || 'none'} (indices from 0)`,
    {
      field: 'weight',
      expected: valid,
      actual: text,
    },
  );
}
