import type { Backend } from '../../src/index.js';
import { Matrix } from '../../src/index.js';
import { Rng } from '../../src/init/rng.js';
import { Conv2D } from '../../src/nn/conv2d.js';

/** One Conv2D configuration: input shape, square kernel, stride, padding, filters, images in the batch. */
export type ConvCase = [shape: [number, number, number], kernel: number, stride: number, padding: 'valid' | 'same', filters: number, samples: number];

/** A case named for an assertion message. */
export const caseName = ([shape, kernel, stride, padding, filters, samples]: ConvCase): string =>
  `${shape.join('x')} ${kernel}×${kernel} stride ${stride} ${padding}, ${filters} filters, ${samples} images`;

/**
 * One Conv2D (ReLU, seeded weights) on `backend` through a training step's passes: Z, then ∂L/∂X, ∂L/∂W and
 * ∂L/∂b for a fixed upstream gradient; with `inference`, the inference pass's activations (ReLU fused) first.
 */
export function convTrainingPass(backend: Backend, [shape, kernel, stride, padding, filters, samples]: ConvCase, inference = false) {
  const layer = new Conv2D({ inputShape: shape, filters, kernelSize: kernel, strides: stride, padding, activation: 'relu', rng: new Rng(3) });
  const x = new Matrix(
    samples,
    layer.inputSize,
    Float32Array.from({ length: samples * layer.inputSize }, (_, i) => Math.sin(i * 0.37) + 0.2),
  );
  const relu = inference ? Float32Array.from(layer.forward(x, { training: false, backend }).data) : undefined;
  const z = Float32Array.from(layer.forward(x, { training: true, backend }).data);
  const dA = new Matrix(
    samples,
    layer.outputSize,
    Float32Array.from({ length: samples * layer.outputSize }, (_, i) => Math.cos(i * 0.11)),
  );
  const dX = Float32Array.from(layer.backward(dA, { backend, needInputGradient: true })!.data);
  return { relu, z, dX, gW: Float32Array.from(layer.weightGrad), gb: Float32Array.from(layer.biasGrad) };
}
