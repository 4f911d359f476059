import { allocateFor, getBackend } from '../backend/index.js';
import { NeuriteError, describe, requireInteger } from '../errors.js';
import type { InitializerLike } from '../init/registry.js';
import { resolveInitializer } from '../init/registry.js';
import { Rng } from '../init/rng.js';
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import type { BackwardContext, ForwardContext, Layer, LayerJSON, Parameter } from './layer.js';
import { formatShape, requireShape, type Shape } from './shape.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /** The shape of one sample: `[timeSteps]` token ids. */
  inputShape: Shape;
  /** How many ids there are: every id is an integer in [0, vocabularySize). */
  vocabularySize: number;
  /** The length of each token's vector. */
  dimensions: number;
  /** The id of padding: its row is zeros and never learns (PyTorch's `padding_idx`). None by default. */
  paddingId?: number;
  dtype?: DType;
  /** The table, one row per id (vocabularySize × dimensions values, row-major), instead of drawing it. */
  embeddings?: ArrayLike<number>;
  /** How to draw the table when none is given (default `'normal'`: N(0, 1), as PyTorch's). */
  initializer?: InitializerLike;
  rng?: Rng;
}

interface BatchBuffers {
  out: Matrix;
}

/**
 * Token ids → vectors: a lookup table E[vocabularySize × dimensions], row i the vector of id i. A sample is
 * `[T]` ids (stored as numbers in the batch matrix); it becomes `[T, dimensions]`, step t's vector in the
 * row's t-th block of `dimensions` values, the layout the recurrent layers read.
 *
 *   forward:  out[r, t, :] = E[x[r, t], :]
 *   backward: ∂L/∂E[i, :] = Σ_{(r, t): x[r, t] = i} ∂L/∂out[r, t, :]   (the row of every position holding id i)
 *             ∂L/∂E[paddingId, :] = 0                                   (padding stays zeros)
 *             ∂L/∂x: none (an id is not a quantity; there is nothing to pass down)
 *
 * It gives no gradient to its input, so it must be a network's first layer (`Network.create` says so
 * otherwise). An id that is not an integer in [0, vocabularySize) is an INVALID_INPUT error naming the row
 * and the step.
 *
 * @example
 * ```ts
 * import { Embedding, Matrix, jsBackend } from 'neurite';
 * const embedding = new Embedding({ inputShape: [3], vocabularySize: 4, dimensions: 2, paddingId: 0, embeddings: [0, 0, 1, 2, 3, 4, 5, 6] });
 * const out = embedding.forward(Matrix.from([[2, 1, 0]]), { training: false, backend: jsBackend });
 * console.log(embedding.outputShape, out.toArray()); // [3, 2] [[3, 4, 1, 2, 0, 0]]
 * ```
 */
export class Embedding implements Layer {
  readonly type = 'embedding';
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly dtype: DType;
  readonly vocabularySize: number;
  readonly dimensions: number;
  /** The id whose row is zeros and learns nothing, or null. */
  readonly paddingId: number | null;
  /** E[vocabularySize × dimensions], row-major: row i is id i's vector. */
  readonly embeddings: FloatArray;
  readonly embeddingGrad: FloatArray;

  private readonly buffers = new Map<number, BatchBuffers>();
  private lastInput: Matrix | null = null;

  constructor(options: EmbeddingOptions) {
    if (options === null || typeof options !== 'object') {
      throw new NeuriteError('INVALID_ARGUMENT', `Embedding needs { inputShape, vocabularySize, dimensions }, got ${describe(options)}`);
    }
    this.inputShape = requireShape('Embedding inputShape', options.inputShape);
    if (this.inputShape.length !== 1) {
      throw new NeuriteError('SHAPE_MISMATCH', `Embedding takes a sequence of ids [timeSteps], got ${formatShape(this.inputShape)}`, {
        expected: '[timeSteps]',
        actual: [...this.inputShape],
      });
    }
    this.vocabularySize = requireInteger('Embedding vocabularySize', options.vocabularySize);
    this.dimensions = requireInteger('Embedding dimensions', options.dimensions);
    this.paddingId = options.paddingId === undefined ? null : requirePaddingId('Embedding paddingId', options.paddingId, this.vocabularySize);
    this.inputSize = this.inputShape[0]!;
    this.outputShape = Object.freeze([this.inputSize, this.dimensions]);
    this.outputSize = this.inputSize * this.dimensions;
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') {
      throw new NeuriteError('INVALID_ARGUMENT', `dtype must be "float32" or "float64", got ${describe(this.dtype)}`);
    }
    const size = this.vocabularySize * this.dimensions;
    this.embeddings = allocateFor(getBackend(), this.dtype, size);
    this.embeddingGrad = allocateFor(getBackend(), this.dtype, size);
    if (options.embeddings !== undefined) copyTable(options.embeddings, this.embeddings);
    else resolveInitializer(options.initializer ?? 'normal').fill(this.embeddings, this.vocabularySize, this.dimensions, options.rng ?? new Rng(0));
    if (this.paddingId !== null) this.embeddings.fill(0, this.paddingId * this.dimensions, (this.paddingId + 1) * this.dimensions);
  }

  forward(x: Matrix, _ctx: ForwardContext): Matrix {
    if (x.cols !== this.inputSize) {
      throw new NeuriteError('SHAPE_MISMATCH', `Embedding layer expects rows of ${this.inputSize} ids, got ${x.cols}`, {
        expected: this.inputSize,
        actual: x.cols,
      });
    }
    const out = this.buffersFor(x.rows).out;
    const { data } = x;
    const d = this.dimensions;
    const table = this.embeddings;
    for (let p = 0; p < data.length; p++) {
      const id = this.checkedId(data[p]!, p);
      out.data.set(table.subarray(id * d, id * d + d), p * d); // out[r, t, :] = E[x[r, t], :]
    }
    this.lastInput = x;
    return out;
  }

  backward(dOut: Matrix, _ctx: BackwardContext): Matrix | null {
    const x = this.lastInput;
    if (x === null) throw new NeuriteError('INVALID_ARGUMENT', 'Embedding.backward was called before forward');
    const grad = this.embeddingGrad;
    const d = this.dimensions;
    const g = dOut.data;
    grad.fill(0);
    for (let p = 0; p < x.data.length; p++) {
      const id = x.data[p]!;
      if (id === this.paddingId) continue; // ∂L/∂E[paddingId, :] = 0
      for (let k = 0; k < d; k++) grad[id * d + k]! += g[p * d + k]!; // ∂L/∂E[i, :] += ∂L/∂out[r, t, :] where x[r, t] = i
    }
    return null;
  }

  parameters(prefix: string): Parameter[] {
    return [
      {
        name: `${prefix}.embeddings`,
        kind: 'weight',
        shape: [this.vocabularySize, this.dimensions],
        value: this.embeddings,
        grad: this.embeddingGrad,
      },
    ];
  }

  toJSON(): LayerJSON {
    return {
      type: this.type,
      inputShape: [...this.inputShape],
      vocabularySize: this.vocabularySize,
      dimensions: this.dimensions,
      ...(this.paddingId !== null ? { paddingId: this.paddingId } : {}),
      embeddings: Array.from(this.embeddings),
    };
  }

  /** The id at flat position `p` of the batch, or an INVALID_INPUT error naming its row and step. */
  private checkedId(value: number, p: number): number {
    if (Number.isInteger(value) && value >= 0 && value < this.vocabularySize) return value;
    const row = Math.floor(p / this.inputSize);
    const step = p % this.inputSize;
    throw new NeuriteError(
      'INVALID_INPUT',
      `Embedding input row ${row}, step ${step} is ${describe(value)}; expected a token id, an integer in [0, ${this.vocabularySize})`,
      { row, step, expected: `an integer in [0, ${this.vocabularySize})`, actual: value },
    );
  }

  private buffersFor(rows: number): BatchBuffers {
    let buf = this.buffers.get(rows);
    if (!buf) {
      buf = { out: new Matrix(rows, this.outputSize, allocateFor(getBackend(), this.dtype, rows * this.outputSize)) };
      if (this.buffers.size >= 8) this.buffers.clear();
      this.buffers.set(rows, buf);
    }
    return buf;
  }
}

/** A padding id: an integer in [0, vocabularySize). @internal */
export function requirePaddingId(name: string, value: unknown, vocabularySize: number): number {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) >= vocabularySize) {
    throw new NeuriteError('INVALID_ARGUMENT', `${name} must be an integer in [0, ${vocabularySize}) (an id of the vocabulary), got ${describe(value)}`, {
      field: name,
      expected: `an integer in [0, ${vocabularySize})`,
      actual: value,
    });
  }
  return value as number;
}

function copyTable(values: ArrayLike<number>, out: FloatArray): void {
  if (values == null || values.length !== out.length) {
    throw new NeuriteError('SHAPE_MISMATCH', `Embedding embeddings must have ${out.length} values (vocabularySize × dimensions), got ${describe(values)}`, {
      expected: out.length,
      actual: values?.length,
    });
  }
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new NeuriteError('NON_FINITE', `Embedding embeddings[${i}] is ${describe(v)}; expected a finite number`, { field: `embeddings[${i}]`, actual: v });
    }
    out[i] = v;
  }
}
