// Measures the ONNX exporter: export time and file size for a small and a large network, and the largest
// difference between ONNX Runtime (CPU) and neurite on random inputs. Run after `npm run build`:
//   node bench/onnx-export.mjs
import * as ort from 'onnxruntime-node';
import { Network, Rng, exportOnnx } from '../dist/src/index.js';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(name, spec, rows) {
  const network = Network.create(spec);
  exportOnnx(network); // warm-up
  const times = [];
  let bytes;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    bytes = exportOnnx(network);
    times.push(performance.now() - t0);
  }
  const rng = new Rng(1);
  const x = Array.from({ length: rows }, () => Array.from({ length: spec.inputs }, () => rng.normal()));
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes);
  const loadMs = performance.now() - t0;
  const out = await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.flat()), [rows, spec.inputs]) });
  const expected = network.predict(x).flat();
  let diff = 0;
  expected.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - out.output.data[i]))));
  console.log(
    `${name}: ${network.parameterCount()} parameters, ${bytes.length} bytes, export ${median(times).toFixed(2)} ms (median of 7), ` +
      `ONNX Runtime load ${loadMs.toFixed(1)} ms, max |onnx − neurite| over ${rows} rows = ${diff.toExponential(2)}`,
  );
}

await measure('iris 4-8-3 sigmoid', { inputs: 4, layers: [{ units: 8 }, { units: 3 }], seed: 1 }, 150);
// Weights N(0, 1/fan-in) as a trained network of this size has them; with the seed's N(0, 1) the weighted sums
// reach |z| ≈ 100 and float32 summation order alone moves the outputs by ~1e-5 (both engines are right).
const layers = [
  { units: 512, initializer: { name: 'normal', std: 1 / Math.sqrt(784) } },
  { units: 512, initializer: { name: 'normal', std: 1 / Math.sqrt(512) } },
];
await measure(
  'mnist-sized 784-512-512-10 sigmoid, N(0, 1/fan-in)',
  { inputs: 784, layers: [...layers, { units: 10, initializer: { name: 'normal', std: 1 / Math.sqrt(512) } }], seed: 1 },
  256,
);
await measure('mnist-sized 784-512-512-10 sigmoid, N(0, 1)', { inputs: 784, layers: [{ units: 512 }, { units: 512 }, { units: 10 }], seed: 1 }, 256);
