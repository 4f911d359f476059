import { POOL_JOB, type Backend, type WindowGeometry } from '../backend.js';
import type { WasmHeap } from './heap.js';
import { setImageRunArgs, type LayerJobs } from './layer-kernels.js';

/**
 * The WebAssembly backend's max pooling over whole 2×2 windows at stride 2, both ways (src/backend/backend.ts
 * says what each computes), four channels at a time: float32 arrays, channels a multiple of 4. With helper
 * threads a large batch is shared by runs of images (POOL_JOB): each image's values are its own.
 */
export function poolKernelMethods(heap: WasmHeap, memory: WebAssembly.Memory, jobs: LayerJobs): Pick<Backend, 'maxPool2x2' | 'maxUnpool2x2'> {
  const args: number[] = new Array(21).fill(0);
  /** Runs the job one way (0: pooling, 1: its backward pass) on `samples` images; `input` is x or ∂L/∂X. */
  const run = (direction: number, input: number, output: number, argmax: number, samples: number, g: WindowGeometry): void => {
    const { height, width, channels, outHeight, outWidth } = g;
    const runs = jobs.passRuns(samples, samples * height * width * channels);
    setImageRunArgs(args, input, output, 0, samples, g, runs, 4 * height * width * channels, 4 * outHeight * outWidth * channels);
    args[16] = 0; // no bordered buffer
    args[19] = argmax;
    args[20] = direction;
    jobs.run(POOL_JOB, runs, args, runs > 1);
  };
  return {
    maxPool2x2(x, samples, g, out, argmax) {
      const { height, width, channels, outHeight, outWidth } = g;
      const outputs = samples * outHeight * outWidth * channels;
      if (!(x instanceof Float32Array && out instanceof Float32Array) || channels % 4 !== 0 || argmax.length < outputs) return false;
      const inputs = samples * height * width * channels;
      // The layer's argmax lives in this memory when the backend made its buffers: written in place.
      const resident = heap.offsetOf(argmax);
      heap.beginScratch(heap.needs(x, inputs) + heap.needs(out, outputs) + (resident >= 0 ? 0 : 4 * outputs) + 64);
      const pi = heap.input(x, inputs);
      const po = heap.output(out, outputs);
      const pa = resident >= 0 ? resident : heap.take(4 * outputs);
      run(0, pi, po, pa, samples, g);
      heap.finish(out, po, outputs);
      if (resident < 0) argmax.set(new Int32Array(memory.buffer, pa, outputs));
      return true;
    },

    maxUnpool2x2(dOut, samples, g, argmax, dX) {
      const { height, width, channels, outHeight, outWidth } = g;
      const outputs = samples * outHeight * outWidth * channels;
      if (!(dOut instanceof Float32Array && dX instanceof Float32Array) || channels % 4 !== 0 || argmax.length < outputs) return false;
      const inputs = samples * height * width * channels;
      const resident = heap.offsetOf(argmax);
      heap.beginScratch(heap.needs(dOut, outputs) + heap.needs(dX, inputs) + (resident >= 0 ? 0 : 4 * outputs) + 64);
      const pd = heap.input(dOut, outputs);
      const px = heap.output(dX, inputs);
      let pa = resident;
      if (resident < 0) {
        pa = heap.take(4 * outputs);
        new Int32Array(memory.buffer, pa, outputs).set(argmax.subarray(0, outputs));
      }
      run(1, px, pd, pa, samples, g);
      heap.finish(dX, px, inputs);
      return true;
    },
  };
}
