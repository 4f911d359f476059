// What a step of the seed's job costs as a fresh process warms up: `node bench/fresh-steps.mjs [trainStep|kernel]
// [epochs]` (after `npm run build`) prints the mean cost of a step over each 100 epochs of the four rows, from the
// process's first step. `trainStep`: the loop a user writes (docs/performance.md, "The one-row kernel"). `kernel`:
// only the one-row kernel's call, the row copied in first (Network.rowKernel, internal), the floor of any step
// that calls into the module once. Run it a few times: when V8 optimizes each function moves from run to run.
import { Matrix, MeanSquaredError, SGD, getBackend } from '../dist/src/index.js';
import { GENDER_X, GENDER_Y } from './common.mjs';
import { seedNetwork } from './libs/neurite.mjs';

const [mode = 'trainStep', epochsArg = '3000'] = process.argv.slice(2);
const epochs = Number(epochsArg);
const network = seedNetwork();
const xs = GENDER_X.map((row) => Matrix.row(row));
const ys = GENDER_Y.map((row) => Matrix.row(row));
const loss = new MeanSquaredError();
const sgd = new SGD({ learningRate: 0.1 });
let step;
if (mode === 'kernel') {
  const backend = getBackend();
  const bx = new Matrix(1, 2, backend.allocateFloat32(2));
  const by = new Matrix(1, 1, backend.allocateFloat32(1));
  const kernel = network.rowKernel(bx, by, loss);
  if (kernel === null) throw new Error(`no one-row kernel on the ${backend.name} backend`);
  const [rowX, rowY] = [bx.data, by.data];
  step = (i) => {
    const x = xs[i].data;
    rowX[0] = x[0];
    rowX[1] = x[1];
    rowY[0] = ys[i].data[0];
    return kernel.pass(0.1);
  };
} else if (mode === 'trainStep') {
  step = (i) => network.trainStep(xs[i], ys[i], loss, sgd);
} else {
  throw new Error(`unknown mode ${mode}: trainStep or kernel`);
}
const costs = [];
let start = performance.now();
for (let epoch = 1; epoch <= epochs; epoch++) {
  for (let i = 0; i < 4; i++) step(i);
  if (epoch % 100 === 0) {
    const now = performance.now();
    costs.push(Math.round(((now - start) * 1e6) / 400));
    start = now;
  }
}
console.log(`${mode}, ns a step over each 100 epochs from the first: ${costs.join(' ')}`);
