import type { Backend } from '../backend.js';
import type { WasmHeap } from './heap.js';

/** The pooling kernels' exports (see assembly/kernels.ts); every pointer is a byte offset into the memory. */
export interface PoolKernels {
  maxPool2x2(x: number, out: number, arg: number, samples: number, height: number, width: number, c: number, outHeight: number, outWidth: number): void;
  maxUnpool2x2(dOut: number, arg: number, dx: number, samples: number, height: number, width: number, c: number, outHeight: number, outWidth: number): void;
}

/**
 * The WebAssembly backend's max pooling over whole 2×2 windows at stride 2, both ways (src/backend/backend.ts
 * says what each computes), four channels at a time: float32 arrays, channels a multiple of 4.
 */
export function poolKernelMethods(kernels: PoolKernels, heap: WasmHeap, memory: WebAssembly.Memory): Pick<Backend, 'maxPool2x2' | 'maxUnpool2x2'> {
  return {
    maxPool2x2(x, samples, g, out, argmax) {
      const { height, width, channels, outHeight, outWidth } = g;
      const outputs = samples * outHeight * outWidth * channels;
      if (!(x instanceof Float32Array && out instanceof Float32Array) || channels % 4 !== 0 || argmax.length < outputs) return false;
      const inputs = samples * height * width * channels;
      heap.beginScratch(heap.needs(x, inputs) + heap.needs(out, outputs) + 4 * outputs + 64);
      const pi = heap.input(x, inputs);
      const po = heap.output(out, outputs);
      const pa = heap.take(4 * outputs);
      kernels.maxPool2x2(pi, po, pa, samples, height, width, channels, outHeight, outWidth);
      heap.finish(out, po, outputs);
      argmax.set(new Int32Array(memory.buffer, pa, outputs));
      return true;
    },

    maxUnpool2x2(dOut, samples, g, argmax, dX) {
      const { height, width, channels, outHeight, outWidth } = g;
      const outputs = samples * outHeight * outWidth * channels;
      if (!(dOut instanceof Float32Array && dX instanceof Float32Array) || channels % 4 !== 0 || argmax.length < outputs) return false;
      const inputs = samples * height * width * channels;
      heap.beginScratch(heap.needs(dOut, outputs) + heap.needs(dX, inputs) + 4 * outputs + 64);
      const pd = heap.input(dOut, outputs);
      const px = heap.output(dX, inputs);
      const pa = heap.take(4 * outputs);
      new Int32Array(memory.buffer, pa, outputs).set(argmax.subarray(0, outputs));
      kernels.maxUnpool2x2(pd, pa, px, samples, height, width, channels, outHeight, outWidth);
      heap.finish(dX, px, inputs);
      return true;
    },
  };
}
