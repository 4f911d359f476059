import type { GRU } from '../nn/gru.js';
import type { Recurrent } from '../nn/recurrent.js';
import type { SimpleRNN } from '../nn/simple-rnn.js';
import type { FloatArray } from '../tensor/matrix.js';
import type { GraphBuilder } from './graph-builder.js';
import type { FiniteCheck } from './image-ops.js';
import type { OnnxAttribute } from './onnx-messages.js';

/** The recurrent layer types this file exports, with ONNX's operator for each. */
export const RECURRENT_OPERATORS: Readonly<Record<string, string>> = { simpleRnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

/**
 * neurite's gate block that goes at each of ONNX's positions, per type. neurite keeps PyTorch's order,
 * ONNX its own: LSTM i, f, g, o → ONNX i, o, f, c (= neurite 0, 3, 1, 2); GRU r, z, n → ONNX z, r, h
 * (= neurite 1, 0, 2); the RNN has one block.
 */
const ONNX_GATE_ORDER: Readonly<Record<string, readonly number[]>> = { simpleRnn: [0], lstm: [0, 3, 1, 2], gru: [1, 0, 2] };

/**
 * One recurrent layer as ONNX's RNN, LSTM or GRU operator (opset 7's, the one in opset 13), from `x`, a value
 * [batch, T, F] in neurite's order, to [batch, units] (the last state) or [batch, T, units] (returnSequences).
 *
 * ONNX's operators read X [T, batch, F] and give Y [T, 1, batch, units] (every step, zeros after a sample's
 * sequence_lens) and Y_h [1, batch, units] (the state at each sample's last step), so:
 *   X = Transpose(x, [1, 0, 2]);  last state = Squeeze(Y_h, [0]);  sequence = Transpose(Squeeze(Y, [1]), [1, 0, 2])
 * Parameters: W [1, G·units, F] and R [1, G·units, units] are neurite's inputWeights and recurrentWeights with
 * their gate blocks reordered (ONNX_GATE_ORDER); B [1, 2·G·units] = [Wb, Rb] with Wb = bias (reordered) and
 * Rb = 0, except GRU's Rb = [0, 0, recurrentBias]: with linear_before_reset = 1 ONNX computes
 *   h̃ = tanh(W_h x + Wb_h + r ⊙ (R_h h + Rb_h)),
 * neurite's n = tanh(W_n x + b_n + r ⊙ (U_n h + b_hn)). The initial state is ONNX's default, zeros.
 * maskTrailingZeros: each sample's length goes in as sequence_lens (sampleLengths).
 */
export function exportRecurrent(g: GraphBuilder, layer: Recurrent, x: string, where: string, finite: FiniteCheck): string {
  const G = ONNX_GATE_ORDER[layer.type]!.length;
  const { units, features } = layer;
  const order = ONNX_GATE_ORDER[layer.type]!;
  const w = g.constant(
    `${where}.inputWeights`,
    [1, G * units, features],
    reorder(finite(layer.inputWeights, `${where}.inputWeights`), order, units * features),
  );
  const r = g.constant(
    `${where}.recurrentWeights`,
    [1, G * units, units],
    reorder(finite(layer.recurrentWeights, `${where}.recurrentWeights`), order, units * units),
  );
  const b = new Float64Array(2 * G * units);
  b.set(reorder(finite(layer.bias, `${where}.bias`), order, units));
  if (layer.type === 'gru') b.set(finite((layer as GRU).recurrentBias, `${where}.recurrentBias`), (2 * G - 1) * units);
  const inputs = [g.op('Transpose', [x], [perm([1, 0, 2])]), w, r, g.constant(`${where}.bias`, [1, 2 * G * units], b)];
  if (layer.maskTrailingZeros) inputs.push(sampleLengths(g, x, layer.timeSteps, where));

  const attributes: OnnxAttribute[] = [{ name: 'hidden_size', type: 'int', value: units }];
  if (layer.type === 'gru') attributes.push({ name: 'linear_before_reset', type: 'int', value: 1 });
  if (layer.type === 'simpleRnn')
    attributes.push({ name: 'activations', type: 'strings', value: [(layer as SimpleRNN).activation === 'relu' ? 'Relu' : 'Tanh'] });
  const result = g.op(RECURRENT_OPERATORS[layer.type]!, inputs, attributes);
  if (layer.returnSequences) {
    const y = g.op('Squeeze', [result, g.shapeConstant(`${where}.directionAxis`, [1])]);
    return g.op('Transpose', [y], [perm([1, 0, 2])]);
  }
  // The same node gives Y_h only: its first output (Y) is left out, which ONNX marks with an empty name.
  const node = g.nodes[g.nodes.length - 1]!;
  node.outputs = ['', result];
  return g.op('Squeeze', [result, g.shapeConstant(`${where}.directionAxis`, [0])]);
}

/**
 * Each sample's length as maskTrailingZeros defines it (src/nn/recurrent.ts): one past its last step whose
 * features are not all zero, 0 for a sample of zeros. From x [batch, T, F]:
 *   real[n, t] = max_f (x[n, t, f] ≠ 0)          (Equal, Not, Cast, ReduceMax over F)
 *   length[n]  = max_t real[n, t] · (t + 1)       (Mul by [1, 2, ..., T], ReduceMax over T)
 * as int32, what sequence_lens takes.
 */
function sampleLengths(g: GraphBuilder, x: string, T: number, where: string): string {
  const nonzero = g.op('Cast', [g.op('Not', [g.op('Equal', [x, g.scalar(0)])])], [{ name: 'to', type: 'int', value: ONNX_TYPE[g.elemType] }]);
  const real = g.op('ReduceMax', [nonzero], [ints('axes', [2]), { name: 'keepdims', type: 'int', value: 0 }]);
  const steps = g.constant(
    `${where}.stepNumbers`,
    [T],
    Array.from({ length: T }, (_, t) => t + 1),
  );
  const length = g.op('ReduceMax', [g.op('Mul', [real, steps])], [ints('axes', [1]), { name: 'keepdims', type: 'int', value: 0 }]);
  return g.op('Cast', [length], [{ name: 'to', type: 'int', value: ONNX_TYPE.int32 }]);
}

/** TensorProto.DataType codes of the Cast targets used here. */
const ONNX_TYPE = { float32: 1, int32: 6, float64: 11 } as const;

/** The gate blocks (each `block` values long) of `values` in `order` (order[k] = the source block of block k). */
function reorder(values: FloatArray, order: readonly number[], block: number): Float64Array {
  const out = new Float64Array(values.length);
  order.forEach((from, k) => out.set(values.subarray(from * block, (from + 1) * block), k * block));
  return out;
}

function perm(value: number[]): OnnxAttribute {
  return ints('perm', value);
}

function ints(name: string, value: number[]): OnnxAttribute {
  return { name, type: 'ints', value };
}
