import { NeuriteError } from '../errors.js';
import type { OnnxAttribute, OnnxElemType, OnnxNode, OnnxTensor } from './onnx-messages.js';

/**
 * Builds a straight-line ONNX graph: each op appends a node whose output feeds the next.
 * Value names are readable paths: `layers.0/Gemm`, `layers.0/Tanh`, `layers.0.weights` (the parameter's own
 * name), `const/0.5`. Node names equal their output's name.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  /** Prefix of the names of the ops added next, e.g. `layers.1`. */
  scope = '';
  private readonly names = new Set<string>();
  private readonly scalars = new Map<number, string>();

  constructor(
    readonly elemType: OnnxElemType,
    readonly inputName: string,
  ) {
    this.names.add(inputName);
  }

  /** Appends `opType(inputs)` and returns the name of its one output. */
  op(opType: string, inputs: string[], attributes?: OnnxAttribute[]): string {
    const output = this.unique(`${this.scope}/${opType}`);
    const node: OnnxNode = { opType, inputs, outputs: [output], name: output };
    if (attributes && attributes.length > 0) node.attributes = attributes;
    this.nodes.push(node);
    return output;
  }

  /** A constant tensor in the element type of the graph. */
  constant(name: string, dims: number[], values: ArrayLike<number>): string {
    if (this.names.has(name)) {
      throw new NeuriteError('INVALID_ARGUMENT', `The ONNX graph already has a value named "${name}"`, { field: name });
    }
    this.names.add(name);
    this.initializers.push({ name, dims, elemType: this.elemType, values });
    return name;
  }

  /** An int64 vector constant: the target shape of a Reshape node. */
  shapeConstant(name: string, values: number[]): string {
    if (this.names.has(name)) {
      throw new NeuriteError('INVALID_ARGUMENT', `The ONNX graph already has a value named "${name}"`, { field: name });
    }
    this.names.add(name);
    this.initializers.push({ name, dims: [values.length], elemType: 'int64', values });
    return name;
  }

  /** A scalar constant (shape []), shared by every op that uses the same value. */
  scalar(value: number): string {
    let name = this.scalars.get(value);
    if (name === undefined) {
      name = this.constant(this.free(`const/${value}`), [], [value]);
      this.scalars.set(value, name);
    }
    return name;
  }

  /**
   * Gives the graph's result the name `outputName`: the last node's output is renamed (nothing else reads
   * it), or, when the result is the input itself, an Identity node copies it.
   */
  finish(result: string, outputName: string): void {
    if (this.names.has(outputName) && outputName !== result) {
      throw new NeuriteError('INVALID_ARGUMENT', `The output name "${outputName}" is already used by a value inside the graph; choose another`, {
        field: 'outputName',
        actual: outputName,
      });
    }
    const last = this.nodes[this.nodes.length - 1];
    if (result === this.inputName || !last || last.outputs[0] !== result) {
      this.scope = 'output';
      const node: OnnxNode = { opType: 'Identity', inputs: [result], outputs: [outputName], name: 'output/Identity' };
      this.nodes.push(node);
    } else {
      last.outputs[0] = outputName;
    }
    this.names.add(outputName);
  }

  /** `base`, or `base_1`, `base_2`, ... : the first name not yet used. */
  private free(base: string): string {
    let name = base;
    for (let k = 1; this.names.has(name); k++) name = `${base}_${k}`;
    return name;
  }

  private unique(base: string): string {
    const name = this.free(base);
    this.names.add(name);
    return name;
  }
}
