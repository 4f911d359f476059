import type { Activation } from '../activations/activation.js';
import { ReLU } from '../activations/relu.js';
import { Sigmoid } from '../activations/sigmoid.js';
import type { Backend, WindowGeometry } from '../backend/backend.js';
import { smallAffine, smallInputGradient, smallParameterGradients } from '../backend/js/small-loops.js';
import type { FloatArray, Matrix } from '../tensor/matrix.js';
import { col2im, im2col } from './im2col.js';

/**
 * The operations layers are written in, one per formula, and the one place where each picks how it runs
 * (as PyTorch's `adam()` picks `_single_tensor_adam` or `_fused_adam`): for work the backend calls small
 * (`Backend.smallProducts`, `Backend.smallElementwise`), the reference loops (../backend/js/small-loops.ts)
 * or the activation's own loop, which cost no call; otherwise the backend's kernel. Every variant gives the
 * same results bit for bit, so the choice changes only the time taken.
 *
 * Shapes as in Dense: X and ∂L/∂X [rows × inputs], W[units × inputs] (one row per neuron, a plain array),
 * b[units], Z, A, ∂L/∂A and ∂L/∂Z [rows × units].
 */

/** Z = X · Wᵀ + b. */
export function affine(backend: Backend, x: Matrix, w: FloatArray, b: FloatArray, z: Matrix): void {
  const { rows, cols: inputs } = x;
  const units = z.cols;
  if (rows * inputs * units <= (backend.smallProducts ?? -1)) smallAffine(x.data, w, b, z.data, rows, inputs, units);
  else backend.matmulTransB(x.data, w, z.data, rows, inputs, units, b);
}

/** A = f(Z): the backend's kernel for the library's own sigmoid and ReLU where it has one, else f's loop. */
export function activate(backend: Backend, f: Activation, z: Matrix, a: Matrix): void {
  const { rows, cols } = z;
  if (rows * cols <= (backend.smallElementwise ?? -1) || !activationKernel(backend, f, z, a)) f.forward(z.data, a.data, rows, cols);
}

/** ∂L/∂Z = ∂L/∂A ⊙ f'(Z) (dZ may be dA), as `activate` chooses. */
export function activateBackward(backend: Backend, f: Activation, z: Matrix, a: Matrix, dA: Matrix, dZ: Matrix): void {
  const { rows, cols } = z;
  if (rows * cols <= (backend.smallElementwise ?? -1) || !activationKernel(backend, f, z, a, dA, dZ)) {
    f.backward(z.data, a.data, dA.data, dZ.data, rows, cols);
  }
}

/**
 * ∂L/∂W = ∂L/∂Zᵀ · X and ∂L/∂b = Σ_rows ∂L/∂Z: one operation, because for small work one loop computes both
 * (a second call costs the seed's network more than its arithmetic).
 */
export function parameterGradients(backend: Backend, dZ: Matrix, x: Matrix, gW: FloatArray, gb: FloatArray): void {
  const { rows, cols: inputs } = x;
  const units = dZ.cols;
  if (rows * inputs * units <= (backend.smallProducts ?? -1)) {
    smallParameterGradients(dZ.data, x.data, gW, gb, rows, inputs, units);
  } else {
    backend.matmulTransA(dZ.data, x.data, gW, units, rows, inputs);
    backend.sumRows(dZ.data, gb, rows, units);
  }
}

/** ∂L/∂X = ∂L/∂Z · W. */
export function inputGradient(backend: Backend, dZ: Matrix, w: FloatArray, dX: Matrix): void {
  const { rows, cols: units } = dZ;
  const inputs = dX.cols;
  if (rows * inputs * units <= (backend.smallProducts ?? -1)) smallInputGradient(dZ.data, w, dX.data, rows, inputs, units);
  else backend.matmul(dZ.data, w, dX.data, rows, units, inputs);
}

/** P = im2col(X): a convolution's patches (./im2col.ts), by the backend's kernel where it has one (the same values). */
export function patches(backend: Backend, x: FloatArray, samples: number, g: WindowGeometry, p: FloatArray): void {
  if (p.length <= (backend.smallElementwise ?? -1) || backend.im2col?.(x, samples, g, p) !== true) im2col(x, samples, g, p);
}

/**
 * A = f(im2col(X) · Wᵀ + b) by the backend's kernel that never writes the patches (an implicit product), with
 * the library's ReLU applied as it stores unless Z must be kept (then Z, and `activate`), when the backend has
 * one for these arrays and the work is not small; false: the layer writes P (`patches`) and runs `affine`.
 */
export function convolution(
  backend: Backend,
  f: Activation,
  x: FloatArray,
  samples: number,
  g: WindowGeometry,
  w: FloatArray,
  b: FloatArray,
  z: Matrix,
  a: Matrix,
  keepZ: boolean,
): boolean {
  if (z.data.length <= (backend.smallElementwise ?? -1) || backend.convolve === undefined) return false;
  const relu = !keepZ && kernelActivation(f) === 'relu';
  if (!backend.convolve(x, samples, g, w, b, relu ? a.data : z.data, relu)) return false;
  if (!relu) activate(backend, f, z, a);
  return true;
}

/** A convolution's ∂L/∂W = ∂L/∂Zᵀ · P and ∂L/∂b = Σ ∂L/∂Z without the patches P, by the backend's kernel; false: the layer needs P (`parameterGradients`). */
export function convolutionGradients(backend: Backend, x: FloatArray, samples: number, g: WindowGeometry, dZ: Matrix, gW: FloatArray, gb: FloatArray): boolean {
  if (backend.convolutionWeightGradient?.(x, samples, g, dZ.data, gW) !== true) return false;
  backend.sumRows(dZ.data, gb, dZ.rows, dZ.cols);
  return true;
}

/**
 * A convolution's ∂L/∂X = col2im(∂L/∂Z · W) in one kernel of the backend's that never writes ∂L/∂P (the same
 * values); false: the layer runs `inputGradient` and `patchGradients`.
 */
export function convolutionInputGradient(backend: Backend, dZ: Matrix, samples: number, g: WindowGeometry, w: FloatArray, dX: FloatArray): boolean {
  return backend.convolutionInputGradient?.(dZ.data, samples, g, w, dX) === true;
}

/** ∂L/∂X = col2im(∂L/∂P): each patch cell's gradient added onto the input value it came from (./im2col.ts), as `patches` chooses. */
export function patchGradients(backend: Backend, dP: FloatArray, samples: number, g: WindowGeometry, dX: FloatArray): void {
  if (dP.length <= (backend.smallElementwise ?? -1) || backend.col2im?.(dP, samples, g, dX) !== true) col2im(dP, samples, g, dX);
}

/**
 * Max pooling over whole 2×2 windows at stride 2 (`g` says the image and the output) by the backend's kernel,
 * with MaxPool2D's values and argmax; false when the backend has none for these arrays (or the work is
 * small), and the layer runs its own loop.
 */
export function maxPoolPairs(backend: Backend, x: Matrix, g: WindowGeometry, out: Matrix, argmax: Int32Array): boolean {
  return out.data.length > (backend.smallElementwise ?? -1) && backend.maxPool2x2?.(x.data, x.rows, g, out.data, argmax) === true;
}

/** ∂L/∂X of maxPoolPairs' pooling from ∂L/∂out and its argmax by the backend's kernel (MaxPool2D's values); false as maxPoolPairs. */
export function maxUnpoolPairs(backend: Backend, dOut: Matrix, g: WindowGeometry, argmax: Int32Array, dX: Matrix): boolean {
  return dOut.data.length > (backend.smallElementwise ?? -1) && backend.maxUnpool2x2?.(dOut.data, dOut.rows, g, argmax, dX.data) === true;
}

/**
 * True when X, read by two products (Z = X · Wᵀ + b and ∂L/∂W = ∂L/∂Zᵀ · X), is better copied into the
 * backend's own memory once than by each call: the products are calls, and X lives outside that memory.
 */
export function copyInPays(backend: Backend, x: Matrix, units: number): boolean {
  return (
    x.rows * x.cols * units > (backend.smallProducts ?? -1) && backend.owns !== undefined && backend.allocateFloat32 !== undefined && !backend.owns(x.data)
  );
}

/**
 * True when one row through a dense layer of this size is a small product on `backend`: `affine` would run
 * the reference loops, so the one-sample path (./row-path.ts) may compute it itself with the same results
 * (an activation's kernel, where the backend has one, gives its own loop's results anyway).
 */
export function smallRow(backend: Backend, inputs: number, units: number): boolean {
  return inputs * units <= (backend.smallProducts ?? -1);
}

/**
 * The backend's kernel for A = f(Z) (or, given ∂L/∂A and ∂L/∂Z, for ∂L/∂Z = ∂L/∂A ⊙ f'(Z)); false where it has
 * none. Only the library's own sigmoid and ReLU objects are named to a backend, never a subclass or a
 * registered replacement. (Apart from `activate`, so that the small path stays short enough to inline.)
 */
function activationKernel(backend: Backend, f: Activation, z: Matrix, a: Matrix, dA?: Matrix, dZ?: Matrix): boolean {
  const name = kernelActivation(f);
  if (name === null) return false;
  const n = z.data.length;
  if (dA === undefined || dZ === undefined) return backend.activationForward?.(name, z.data, a.data, n) === true;
  return backend.activationBackward?.(name, z.data, a.data, dA.data, dZ.data, n) === true;
}

/** The library's own sigmoid or ReLU (the backends' kernels compute exactly theirs), or null for any other activation. */
function kernelActivation(f: Activation): 'sigmoid' | 'relu' | null {
  const proto: unknown = Object.getPrototypeOf(f);
  return proto === Sigmoid.prototype ? 'sigmoid' : proto === ReLU.prototype ? 'relu' : null;
}
