import { evaluate, Matrix, type EpochLog, type FloatArray, type Network } from '../../../src/index.js';

/** Loss and accuracy of the weights as they are now. */
export interface Scores {
  loss: number;
  accuracy: number;
}

/**
 * Every number the page shows about the network's predictions, computed where training runs (the worker,
 * with the same kernels as Node), so the page's numbers equal Node's bit for bit.
 */
export interface Measurement {
  train: Scores;
  validation: Scores | null;
  /** Network outputs for every data row, in data order: [rows × outputs], row-major. */
  outputs: FloatArray;
  /** Network outputs over the map's grid: [grid points × outputs], row-major (empty without a grid). */
  grid: FloatArray;
}

export interface MeasureData {
  /** Training rows: network inputs and targets. */
  x: number[][];
  y: number[][];
  validation: { x: number[][]; y: number[][] } | null;
  /** Every data row's network inputs, in data order (none in the image mode, which shows no per-row outputs). */
  rows: number[][];
  /** Network inputs of the map's grid points. */
  grid?: number[][];
  /** The loss's registry name. */
  loss: string;
}

/** Measures a network on fixed data; the data's matrices are built once, in the network's dtype. */
export class Measurer {
  private readonly x: Matrix;
  private readonly y: Matrix;
  private readonly val: [Matrix, Matrix] | null;
  private readonly rows: Matrix | null;
  private readonly grid: Matrix | null;

  constructor(
    private readonly data: MeasureData,
    private readonly network: Network,
  ) {
    const m = (rows: number[][]) => Matrix.from(rows, network.dtype);
    this.x = m(data.x);
    this.y = m(data.y);
    this.val = data.validation ? [m(data.validation.x), m(data.validation.y)] : null;
    this.rows = data.rows.length ? m(data.rows) : null;
    this.grid = data.grid?.length ? m(data.grid) : null;
  }

  /**
   * Training and validation scores of `weights` (a network of the same architecture): the one measurement
   * behind every loss and accuracy the playground shows (status bar, curves, model file, report). Both
   * splits are measured alike: the weights as they are, on all of the split's rows, without the weight
   * penalty. (`fit`'s own epoch log instead averages the training loss over the epoch's batches while the
   * weights change, penalty included, so it cannot equal a number measured afterwards.)
   */
  scores(weights: Network): { train: Scores; validation: Scores | null } {
    const network = this.network;
    network.copyWeightsFrom(weights);
    const scores = (x: Matrix, y: Matrix): Scores => {
      const r = evaluate(network, x, y, { loss: this.data.loss, metrics: ['accuracy'] });
      return { loss: r.loss, accuracy: r.metrics.accuracy! };
    };
    return { train: scores(this.x, this.y), validation: this.val ? scores(...this.val) : null };
  }

  /** The scores and outputs of `weights` (a network of the same architecture). */
  measure(weights: Network): Measurement {
    const { train, validation } = this.scores(weights);
    const network = this.network;
    // forward() returns a reused buffer (possibly in WebAssembly memory): copy it out.
    const outputs = (x: Matrix | null) => (x ? network.forward(x).data.slice() : Matrix.zeros(0, network.outputSize, network.dtype).data);
    return { train, validation, outputs: outputs(this.rows), grid: outputs(this.grid) };
  }
}

/**
 * The epoch log the playground keeps: `fit`'s log with its loss and accuracy replaced by the measurement of
 * the weights at the epoch's end (see `Measurer.scores`).
 */
export function measuredLog(log: EpochLog, scores: { train: Scores; validation: Scores | null }): EpochLog {
  return { ...measuredEpoch(log.epoch, scores), learningRate: log.learningRate };
}

/** Scores as an epoch's point on the curves: training loss and accuracy, and validation's where measured. */
export function measuredEpoch(epoch: number, scores: { train: Scores; validation: Scores | null }): Omit<EpochLog, 'learningRate'> {
  const measured: Omit<EpochLog, 'learningRate'> = { epoch, loss: scores.train.loss, metrics: { accuracy: scores.train.accuracy } };
  if (scores.validation) {
    measured.valLoss = scores.validation.loss;
    measured.valMetrics = { accuracy: scores.validation.accuracy };
  }
  return measured;
}
