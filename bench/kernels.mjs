// Times the WebAssembly kernels alone, in one process, for one build or several side by side (rounds
// interleaved, so a busy machine slows each the same): the packed product of workload E's first layer
// (1024×784 times 784×128) and the three convolution kernels of workload F's second layer at batch 32
// (14×14×8 images, 5×5 kernels, 16 filters, 'same'). Prints the best of 15 rounds (of 5 calls) and the median.
//
//   node bench/kernels.mjs                                      # this checkout's build (npm run build first)
//   node bench/kernels.mjs path/to/kernels.generated.ts other/kernels.generated.ts   # builds side by side
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const files = process.argv.length > 2 ? process.argv.slice(2) : [fileURLToPath(new URL('../src/backend/wasm/kernels.generated.ts', import.meta.url))];

const [S, H, W, C, KH, KW, F, PAD] = [32, 14, 14, 8, 5, 5, 16, 2];
const K = KH * KW * C;
const [PH, PW] = [H + KH - 1, W + KW - 1];
const [M, KK, N] = [1024, 784, 128];

function instantiate(file) {
  const base64 = /KERNELS_WASM = '([^']+)'/.exec(readFileSync(file, 'utf8'))?.[1];
  if (!base64) throw new Error(`${file}: no KERNELS_WASM in it (a kernels.generated.ts or .js of a build)`);
  const memory = new WebAssembly.Memory({ initial: 4096, maximum: 65536 });
  const k = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), { env: { memory } }).exports;
  const f = new Float32Array(memory.buffer);
  let next = 1 << 20;
  const take = (floats, fill) => {
    const at = next;
    next += (floats * 4 + 63) & ~63;
    if (fill) for (let i = 0; i < floats; i++) f[at / 4 + i] = fill(i);
    return at;
  };
  const x = take(S * H * W * C, Math.sin);
  const dz = take(S * H * W * F, Math.cos);
  const w = take(F * K, (i) => Math.sin(i * 0.3));
  const bias = take(F);
  const z = take(S * H * W * F);
  const dx = take(S * H * W * C);
  const padded = take(PH * PW * F); // the forward pass's and ∂L/∂X's bordered image
  const paddedImages = take(S * PH * PW * C); // ∂L/∂W reads every image bordered
  const packedW = take(8 * K * 2);
  const flipped = take(8 * KH * KW * F);
  const packedDz = take(8 * S * H * W * 2);
  const gradT = take(K * F);
  const a = take(M * KK, (i) => Math.sin(i * 0.01));
  const b = take(N * KK, (i) => Math.cos(i * 0.01));
  const c = take(M * N);
  const packedB = take(8 * KK * (N / 8));
  k.packB(w, packedW, K, F, 4, 4 * K, 0, 2);
  k.packFlipped(w, flipped, F, KH, KW, C);
  k.packB(dz, packedDz, S * H * W, F, 4 * F, 4, 0, 2);
  k.padImages(x, paddedImages, S, H, W, C, PH, PW, PAD, PAD);
  k.packB(b, packedB, KK, N, 4, 4 * KK, 0, N / 8);
  const convMacs = S * H * W * F * K;
  return {
    'product (E, 1024×784×128)': [M * KK * N, () => k.gemmPacked(a, 4 * KK, 32 * KK, 4, packedB, c, M, KK, N, 0, 0, N / 8)],
    'convolution forward (convPadded)': [convMacs, () => k.convPadded(x, padded, packedW, z, bias, S, H, W, C, KH, KW, 1, 1, PAD, PAD, H, W, F, 0)],
    '∂L/∂W (convWeightGradT)': [convMacs, () => k.convWeightGradT(paddedImages, packedDz, gradT, S, PH, PW, C, KH, KW, 1, 1, H, W, F, 0, 2 * Math.ceil(K / 4))],
    '∂L/∂X (convInputPadded)': [convMacs, () => k.convInputPadded(dz, padded, flipped, dx, S, H, W, F, KH, KW, KH - 1 - PAD, KW - 1 - PAD, H, W, C)],
  };
}

const builds = files.map(instantiate);
for (const name of Object.keys(builds[0])) {
  const times = builds.map(() => []);
  for (let round = 0; round < 15; round++) {
    builds.forEach((kernels, i) => {
      const [, run] = kernels[name];
      const start = performance.now();
      for (let call = 0; call < 5; call++) run();
      times[i].push((performance.now() - start) / 5);
    });
  }
  const cells = times.map((t, i) => {
    t.sort((p, q) => p - q);
    const macs = builds[i][name][0];
    return `${((2 * macs) / t[0] / 1e6).toFixed(1)} GFLOP/s (${t[0].toFixed(3)} ms best, ${t[7].toFixed(3)} median)`;
  });
  console.log(`${name}: ${cells.join(' | ')}`);
}
