// Fashion-MNIST with the command line a user runs (a benchmark, not a test: the data set is too large for the
// suite). Trains each network with `neurite train` on the 60,000 training images, then `neurite evaluate` on
// the official 10,000 test images, and prints the test accuracy, the wall time and the CPU time of each.
//
//   node bench/fashion-mnist.mjs [--network cnn,cnn-bn] [--data DIR] [--threads N] [-- extra train flags]
//
// DIR defaults to Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist). The training settings are
// `neurite train`'s image defaults (IMAGE_TRAIN_DEFAULTS: Adam 0.002 on a cosine over 15 epochs, batches of 64,
// no validation split) with `--test 0`: the official test set is the held-out measure. The CPU time is the
// training process's (user + system, from /proc on Linux). Results are in docs/images.md.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'src', 'cli', 'main.js');
const args = process.argv.slice(2);
const dash = args.indexOf('--');
const extra = dash >= 0 ? args.slice(dash + 1) : [];
const own = dash >= 0 ? args.slice(0, dash) : args;
const option = (name, fallback) => {
  const i = own.indexOf(`--${name}`);
  return i >= 0 ? own[i + 1] : fallback;
};
const data = option('data', '/usr/share/datasets/fashion-mnist');
const networks = option('network', 'cnn,cnn-bn').split(',');
const threads = option('threads', 'auto');
const file = (name) => join(data, name);
for (const name of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) {
  if (!existsSync(file(name))) {
    console.error(`${file(name)} not found: install Debian's dataset-fashion-mnist, or give --data DIR with the four IDX files`);
    process.exit(1);
  }
}
if (!existsSync(cli)) {
  console.error('dist/ not built: run npm run build first');
  process.exit(1);
}

/** CPU seconds of the children this process has waited for (Linux: /proc/self/stat cutime + cstime), else null. */
function childCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks, 100 a second on Linux
  } catch {
    return null;
  }
}

function neurite(argv) {
  const run = spawnSync(process.execPath, [cli, ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (run.status !== 0) {
    console.error(`neurite ${argv.join(' ')} failed (${run.status}):\n${run.stdout}`);
    process.exit(1);
  }
  return run.stdout;
}

/** `neurite train ... --json`, each epoch printed as it ends; resolves to the events. */
function train(argv) {
  const child = spawn(process.execPath, [cli, ...argv], { stdio: ['ignore', 'pipe', 'inherit'] });
  const events = [];
  const started = performance.now();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line);
    events.push(e);
    const m = (v) => (typeof v === 'number' ? v.toFixed(4) : '-');
    if (e.event === 'epoch') {
      const at = ((performance.now() - started) / 1000).toFixed(0);
      console.log(
        `  epoch ${e.epoch + 1}/${e.epochs}: loss ${m(e.loss)} accuracy ${m(e.metrics?.accuracy)}  validation loss ${m(e.valLoss)} accuracy ${m(e.valMetrics?.accuracy)}  (${at} s)`,
      );
    } else if (e.message) console.log(`  ${e.message.split('\n')[0]}`);
  });
  return new Promise((resolve) =>
    child.on('close', (status) => {
      if (status !== 0) {
        console.error(`neurite ${argv.join(' ')} failed (${status})`);
        process.exit(1);
      }
      resolve(events);
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'neurite-fashion-'));
const results = [];
try {
  for (const network of networks) {
    const model = join(dir, `${network}.json`);
    const command = ['train', file('train-images-idx3-ubyte.gz'), '--labels', file('train-labels-idx1-ubyte.gz')];
    const flags = ['--network', network, '--test', '0', '--threads', threads, ...extra];
    console.log(`$ neurite ${[...command, ...flags].join(' ')} -o ${network}.json`);
    const cpu0 = childCpuSeconds();
    const t0 = performance.now();
    const events = await train([...command, ...flags, '-o', model, '--json']);
    const wall = (performance.now() - t0) / 1000;
    const cpu1 = childCpuSeconds();
    const evaluated = JSON.parse(neurite(['evaluate', model, file('t10k-images-idx3-ubyte.gz'), '--labels', file('t10k-labels-idx1-ubyte.gz'), '--json']));
    const result = {
      network,
      testAccuracy: evaluated.accuracy,
      testRows: evaluated.rows,
      epochs: events.filter((e) => e.event === 'epoch').length,
      wallSeconds: Number(wall.toFixed(1)),
      cpuSeconds: cpu0 === null ? null : Number((cpu1 - cpu0).toFixed(1)),
    };
    results.push(result);
    console.log(
      `${network}: test accuracy ${(100 * result.testAccuracy).toFixed(2)}% on ${result.testRows} images; ${result.epochs} epochs; ` +
        `training wall ${result.wallSeconds} s, CPU ${result.cpuSeconds ?? '?'} s`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(results));
