// How fast can the seed's 2-2-1 network go at all, one sample at a time? `node bench/floor.mjs [--fresh]`
//
// Measures, in CPU time (so other jobs on the machine matter less), each case in its own process (as the
// benchmark does: JIT feedback from one library does not leak into the other), brain.js and neurite
// on workloads A (training, batch 1) and B (one prediction per call) next to the same network written out
// by hand as straight-line JavaScript: every weight in a local expression, no loops, no objects, no calls
// but Math.exp. Nothing generic can beat that code by much; if it is only k times brain.js, a target above
// k times brain.js is out of reach on one core with the same arithmetic.
//
// Each training step depends on the weights the previous one wrote, and each sigmoid waits for an exp and a
// division, so the step is bound by that chain's latency, not by the number of instructions.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Matrix, MeanSquaredError, Network, SGD, fit } from '../dist/src/index.js';
import { GENDER_X, GENDER_Y, cpuRate } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const brain = createRequire(join(here, 'package.json'))('brain.js');

const X = GENDER_X.map((r) => Float32Array.from(r));
const Y = GENDER_Y.map((r) => Float32Array.from(r));
const initial = Network.create({
  inputs: 2,
  layers: [
    { units: 2, activation: 'sigmoid' },
    { units: 1, activation: 'sigmoid' },
  ],
  seed: 1,
});

/** The 2-2-1 sigmoid network, MSE, SGD η = 0.1, written out: forward, backward and update in one function. */
function handWritten() {
  const w = Float32Array.from([...initial.layers[0].weights, ...initial.layers[0].bias, ...initial.layers[1].weights, ...initial.layers[1].bias]);
  const step = (x, y, lr) => {
    const x0 = x[0],
      x1 = x[1];
    const h0 = Math.fround(1 / (1 + Math.exp(-Math.fround(x0 * w[0] + x1 * w[1] + w[4]))));
    const h1 = Math.fround(1 / (1 + Math.exp(-Math.fround(x0 * w[2] + x1 * w[3] + w[5]))));
    const o = Math.fround(1 / (1 + Math.exp(-Math.fround(h0 * w[6] + h1 * w[7] + w[8]))));
    const dz = -2 * (y[0] - o) * o * (1 - o);
    const d0 = dz * w[6] * h0 * (1 - h0);
    const d1 = dz * w[7] * h1 * (1 - h1);
    w[6] -= lr * dz * h0;
    w[7] -= lr * dz * h1;
    w[8] -= lr * dz;
    w[0] -= lr * d0 * x0;
    w[1] -= lr * d0 * x1;
    w[4] -= lr * d0;
    w[2] -= lr * d1 * x0;
    w[3] -= lr * d1 * x1;
    w[5] -= lr * d1;
  };
  const predict = (x, out) => {
    const x0 = x[0],
      x1 = x[1];
    const h0 = Math.fround(1 / (1 + Math.exp(-Math.fround(x0 * w[0] + x1 * w[1] + w[4]))));
    const h1 = Math.fround(1 / (1 + Math.exp(-Math.fround(x0 * w[2] + x1 * w[3] + w[5]))));
    out[0] = 1 / (1 + Math.exp(-Math.fround(h0 * w[6] + h1 * w[7] + w[8])));
    return out;
  };
  return { step, predict };
}

const loss = new MeanSquaredError();
const cases = {
  'A brain.js train': () => {
    const net = new brain.NeuralNetwork({ hiddenLayers: [2], activation: 'sigmoid', learningRate: 0.1, momentum: 1e-10 });
    const data = GENDER_X.map((input, i) => ({ input, output: GENDER_Y[i] }));
    return (epochs = 1000) => net.train(data, { iterations: epochs, errorThresh: 1e-10, learningRate: 0.1, momentum: 1e-10, log: false });
  },
  'A neurite trainStep': () => {
    const net = initial.clone();
    const xs = X.map((r) => new Matrix(1, 2, r));
    const ys = Y.map((r) => new Matrix(1, 1, r));
    const sgd = new SGD({ learningRate: 0.1 });
    return (epochs = 1000) => {
      for (let e = 0; e < epochs; e++) for (let i = 0; i < 4; i++) net.trainStep(xs[i], ys[i], loss, sgd);
    };
  },
  'A hand-written JS': () => {
    const { step } = handWritten();
    return (epochs = 1000) => {
      for (let e = 0; e < epochs; e++) for (let i = 0; i < 4; i++) step(X[i], Y[i], 0.1);
    };
  },
  'B brain.js run': () => {
    const net = new brain.NeuralNetwork({ hiddenLayers: [2], activation: 'sigmoid' });
    net.train(
      GENDER_X.map((input, i) => ({ input, output: GENDER_Y[i] })),
      { iterations: 10, errorThresh: 1e-10 },
    );
    return () => {
      for (let i = 0; i < 4000; i++) net.run(GENDER_X[i & 3]);
    };
  },
  'B neurite predictInto': () => {
    const net = initial.clone();
    const out = new Float32Array(1);
    return () => {
      for (let i = 0; i < 4000; i++) net.predictInto(X[i & 3], out);
    };
  },
  'B hand-written JS': () => {
    const { predict } = handWritten();
    const out = new Float32Array(1);
    return () => {
      for (let i = 0; i < 4000; i++) predict(X[i & 3], out);
    };
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** neurite's fit (async), at least `seconds` of CPU time. */
async function fitRate(seconds = 0.4) {
  const net = initial.clone();
  const sgd = new SGD({ learningRate: 0.1 });
  const xm = Matrix.from(GENDER_X);
  const ym = Matrix.from(GENDER_Y);
  const options = (epochs) => ({ epochs, batchSize: 1, shuffle: false, loss: 'mse', optimizer: sgd });
  for (let i = 0; i < 5; i++) await fit(net, xm, ym, options(200));
  const start = process.cpuUsage();
  let samples = 0;
  let used = 0;
  do {
    await fit(net, xm, ym, options(1000));
    samples += 4000;
    const u = process.cpuUsage(start);
    used = (u.user + u.system) / 1e6;
  } while (used < seconds);
  return samples / used;
}

// `--fresh`: the A cases as a user's script meets them (bench rows A1/AF1): in a fresh process, one call of
// 100 epochs, then one timed call of 1000, in CPU time of the whole process (the optimizing compiler's threads
// included). What it measures is mostly how the code runs before V8 has optimized it.
const fresh = process.argv.includes('--fresh');
const caseArg = process.argv.indexOf('--case');
if (caseArg >= 0 && fresh) {
  const name = process.argv[caseArg + 1];
  let run;
  if (name === 'A neurite fit') {
    const net = initial.clone();
    const sgd = new SGD({ learningRate: 0.1 });
    const [xm, ym] = [Matrix.from(GENDER_X), Matrix.from(GENDER_Y)];
    run = (epochs) => fit(net, xm, ym, { epochs, batchSize: 1, shuffle: false, loss: 'mse', optimizer: sgd });
  } else {
    run = cases[name]();
  }
  await run(100);
  const start = process.cpuUsage();
  await run(1000);
  const used = process.cpuUsage(start);
  process.stdout.write(JSON.stringify({ name, rate: 4000 / ((used.user + used.system) / 1e6) }) + '\n');
} else if (caseArg >= 0) {
  // A child: one case, warmed up, then the median of three measurements.
  const name = process.argv[caseArg + 1];
  let rate;
  if (name === 'A neurite fit') {
    rate = median([await fitRate(), await fitRate(), await fitRate()]);
  } else {
    const fn = cases[name]();
    cpuRate(fn, 4000, 0.5);
    rate = median([cpuRate(fn, 4000), cpuRate(fn, 4000), cpuRate(fn, 4000)]);
  }
  process.stdout.write(JSON.stringify({ name, rate }) + '\n');
} else {
  const names = [...Object.keys(cases), 'A neurite fit'].filter((name) => !fresh || name.startsWith('A'));
  const rates = Object.fromEntries(names.map((name) => [name, []]));
  const rounds = fresh ? 9 : 3;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const args = [fileURLToPath(import.meta.url), '--case', name, ...(fresh ? ['--fresh'] : [])];
      const out = execFileSync(process.execPath, args, { encoding: 'utf8' });
      rates[name].push(JSON.parse(out.trim().split('\n').pop()).rate);
    }
  }
  const m = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]));
  const how = fresh ? 'one call of 1000 epochs after 100 in a fresh process' : 'warm';
  console.log(
    `the seed network, one sample at a time (${how}); medians of ${rounds} rounds, each case in its own process, CPU time, Node ${process.version}\n`,
  );
  console.log('| case | per second | ns each | ÷ brain.js |');
  console.log('|---|---|---|---|');
  for (const [name, rate] of Object.entries(m)) {
    const peer = name.startsWith('A') ? m['A brain.js train'] : m['B brain.js run'];
    console.log(`| ${name} | ${(rate / 1e6).toFixed(2)}M | ${(1e9 / rate).toFixed(0)} | ${(rate / peer).toFixed(2)}× |`);
  }
}
