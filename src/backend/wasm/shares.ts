/**
 * A share of a job split between threads, run with the kernels of assembly/kernels.ts: the calling thread
 * runs its chunks through this function and helper threads (node/threads.ts) run theirs through the same
 * function, received as source text; so it stands alone, with the job kinds of backend.ts as literals.
 *
 * `args` (indices): 0 a, 1 ra, 2 r8, 3 pa, 4 b, 5 sp, 6 sj, 7 packed, 8 c, 9 m, 10 k, 11 n, 12 bias for a
 * product (see gemmPacked and packB); 0 w, 1 g for the SGD step, with `scale` its step size; the layers' jobs'
 * as CONV_JOB, CONV_GRADIENT_JOB, WINDOW_JOB, CONV_INPUT_JOB, POOL_JOB and RELU_BACKWARD_JOB in ../backend.ts list them.
 */
export function runShare(kernels: ShareKernels, kind: number, args: ArrayLike<number>, start: number, end: number, scale: number): void {
  const k = args[10]!;
  const n = args[11]!;
  if (kind === 1) {
    // SUBTRACT_SCALED_JOB: blocks [start, end) of 4 values.
    kernels.subtractScaled(args[0]! + 16 * start, args[1]! + 16 * start, 4 * (end - start), scale);
  } else if (kind === 3) {
    // ROWS_JOB, op(B) already packed: rows in blocks [start, end) of 64, every strip.
    const r0 = start * 64;
    const rows = Math.min(args[9]!, end * 64) - r0;
    kernels.gemmPacked(args[0]! + start * 8 * args[2]!, args[1]!, args[2]!, args[3]!, args[7]!, args[8]! + r0 * 4 * n, rows, k, n, args[12]!, 0, (n + 7) >> 3);
  } else if (kind === 4 || kind === 6 || kind === 7 || kind === 8) {
    // CONV_JOB, WINDOW_JOB, CONV_INPUT_JOB, POOL_JOB: runs [start, end) of the images, each with its own bordered
    // buffer where it needs one (every image's values are its own).
    const samples = args[3]!;
    const groups = args[15]!;
    for (let g = start; g < end; g++) {
      const i0 = Math.floor((g * samples) / groups);
      const images = Math.floor(((g + 1) * samples) / groups) - i0;
      if (images === 0) continue;
      const input = args[0]! + i0 * args[17]!;
      const output = args[1]! + i0 * args[18]!;
      const padded = args[2]! + g * args[16]!;
      // The geometry (args 4–14) as the kernels take it, after the images' count.
      if (kind === 4) {
        kernels.convPadded(
          input,
          padded,
          args[19]!,
          output,
          args[20]!,
          images,
          args[4]!,
          args[5]!,
          args[6]!,
          args[7]!,
          args[8]!,
          args[9]!,
          args[10]!,
          args[11]!,
          args[12]!,
          args[13]!,
          args[14]!,
          args[21]!,
          args[22]!,
        );
      } else if (kind === 8) {
        // The image's sides, its channels, and the pooled sides.
        const argmax = args[19]! + i0 * args[18]!;
        if (args[20] === 1) kernels.maxUnpool2x2(output, argmax, input, images, args[4]!, args[5]!, args[6]!, args[13]!, args[14]!);
        else kernels.maxPool2x2(input, output, argmax, images, args[4]!, args[5]!, args[6]!, args[13]!, args[14]!);
      } else if (kind === 7) {
        // padTop, padLeft, outHeight, outWidth (no strides: 1), then the channels of ∂L/∂X.
        kernels.convInputPadded(
          input,
          padded,
          args[19]!,
          output,
          images,
          args[4]!,
          args[5]!,
          args[6]!,
          args[7]!,
          args[8]!,
          args[11]!,
          args[12]!,
          args[13]!,
          args[14]!,
          args[21]!,
        );
      } else {
        const kernel = args[19] === 1 ? kernels.col2imPadded : kernels.im2colPadded;
        kernel(
          input,
          output,
          padded,
          images,
          args[4]!,
          args[5]!,
          args[6]!,
          args[7]!,
          args[8]!,
          args[9]!,
          args[10]!,
          args[11]!,
          args[12]!,
          args[13]!,
          args[14]!,
        );
      }
    }
  } else if (kind === 9) {
    // RELU_BACKWARD_JOB: blocks [start, end) of 4 values.
    kernels.reluBackward(args[0]! + 16 * start, args[1]! + 16 * start, args[2]! + 16 * start, 4 * (end - start));
  } else if (kind === 5) {
    // CONV_GRADIENT_JOB: tiles [start, end) of the weight gradient.
    kernels.convWeightGradT(
      args[0]!,
      args[1]!,
      args[2]!,
      args[3]!,
      args[4]!,
      args[5]!,
      args[6]!,
      args[7]!,
      args[8]!,
      args[9]!,
      args[10]!,
      args[11]!,
      args[12]!,
      args[13]!,
      start,
      end,
    );
  } else {
    // PRODUCT_JOB (0) and PACK_JOB (2): strips [start, end) of op(B) packed; for a product, then the same columns of C.
    kernels.packB(args[4]!, args[7]!, k, n, args[5]!, args[6]!, start, end);
    if (kind === 0) kernels.gemmPacked(args[0]!, args[1]!, args[2]!, args[3]!, args[7]!, args[8]!, args[9]!, k, n, args[12]!, start, end);
  }
}

/** The kernels a share runs (exports of assembly/kernels.ts; every pointer a byte offset). */
export interface ShareKernels {
  packB(b: number, dst: number, k: number, n: number, sp: number, sj: number, s0: number, s1: number): void;
  gemmPacked(
    a: number,
    ra: number,
    r8: number,
    pa: number,
    packed: number,
    c: number,
    m: number,
    k: number,
    n: number,
    bias: number,
    s0: number,
    s1: number,
  ): void;
  subtractScaled(w: number, g: number, n: number, s: number): void;
  convPadded(x: number, padded: number, packed: number, z: number, bias: number, ...geometryFiltersRelu: number[]): void;
  convWeightGradT(padded: number, packed: number, out: number, ...geometryFiltersTiles: number[]): void;
  convInputPadded(dz: number, padded: number, packed: number, dx: number, ...geometryChannels: number[]): void;
  maxPool2x2(x: number, out: number, arg: number, samples: number, height: number, width: number, c: number, outHeight: number, outWidth: number): void;
  maxUnpool2x2(dOut: number, arg: number, dx: number, samples: number, height: number, width: number, c: number, outHeight: number, outWidth: number): void;
  reluBackward(z: number, dA: number, dZ: number, n: number): void;
  im2colPadded(x: number, p: number, padded: number, ...geometry: number[]): void;
  col2imPadded(dp: number, dx: number, padded: number, ...geometry: number[]): void;
}
