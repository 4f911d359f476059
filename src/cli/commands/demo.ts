import type { Command } from 'commander';
import { parseInteger } from '../options.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mseLoss } from '../../losses/mse.js';
import { Network } from '../../nn/network.js';
import { Neuron } from '../../nn/neuron.js';
import { GENDER_SHIFT, predictFemale, shiftPerson, trainSeedNetwork, type Person } from '../../seed/gender.js';
import { NeuriteError } from '../../errors.js';

export interface DemoOptions {
  /** Print the loss every 10 epochs, as the seed does, instead of the compact view. */
  full?: boolean;
  seed?: number;
  write?: (text: string) => void;
}

const DATA_DIR = fileURLToPath(new URL('../../../../data/', import.meta.url));

/** The seed's story, told in the terminal: neuron, network, loss, training, predictions. */
export function runDemo({ full = false, seed = 42, write = (t) => process.stdout.write(t) }: DemoOptions = {}): void {
  const out = (line = '') => write(line + '\n');
  const started = performance.now();

  out("neurite: the seed's neural network, step by step");
  out();
  out('1. A neuron: y = f(w·x + b), with the sigmoid f(x) = 1 / (1 + e^(−x))');
  const neuron = new Neuron([0, 1], 4);
  out(`   w = [0, 1], b = 4, x = [2, 3]:  w·x + b = ${neuron.sum([2, 3])},  y = f(7) = ${neuron.feedforward([2, 3])}`);
  out();

  out('2. A network: inputs x1, x2 → hidden neurons h1, h2 → output o1 (every neuron w = [0, 1], b = 0)');
  const network = seedExampleNetwork();
  const [o1] = network.predict([2, 3]);
  const h = new Neuron([0, 1], 0).feedforward([2, 3]);
  out(`   x = [2, 3]:  h1 = h2 = f(3) = ${h.toFixed(4)},  o1 = f(${h.toFixed(4)}) = ${o1}`);
  out();

  out('3. The loss: mean squared error, MSE = (1/n) Σ (y_true − y_pred)²');
  out(`   y_true = [1, 0, 0, 1], y_pred = [0, 0, 0, 0]:  MSE = ${mseLoss([1, 0, 0, 1], [0, 0, 0, 0])}`);
  out();

  const people = readPeople('gender.csv', true);
  out(
    `4. Training on ${people.length} people (data/gender.csv), shifted by weight − ${GENDER_SHIFT.weight} lb, height − ${GENDER_SHIFT.height} in; F = 1, M = 0`,
  );
  out('   name       weight  height  gender  input');
  for (const p of people) {
    out(`   ${p.name.padEnd(10)} ${String(p.weight).padStart(6)}  ${String(p.height).padStart(6)}  ${p.gender!.padEnd(6)}  [${shiftPerson(p).join(', ')}]`);
  }
  out(`   2-2-1 sigmoid network, weights from a standard normal (seed ${seed}), SGD η = 0.1, 1000 epochs, one person at a time`);
  const every = full ? 10 : 100;
  let first = 0;
  const { network: trained, losses } = trainSeedNetwork(people, {
    seed,
    onEpoch: (epoch, loss) => {
      if (epoch === 0) first = loss;
      if (epoch % every === 0 || epoch === 999) out(`   Epoch ${String(epoch).padStart(3)} loss: ${loss.toFixed(6)}  ${bar(loss, first)}`);
    },
  });
  out(`   final loss ${losses[losses.length - 1]!.toExponential(3)}${full ? '' : '  (every 10 epochs as in the seed: neurite demo --full)'}`);
  out();

  out('5. Predictions for new people (data/gender-new.csv)');
  for (const p of readPeople('gender-new.csv', false)) {
    const female = predictFemale(trained, p);
    const verdict = female >= 0.5 ? 'female' : 'male';
    out(`   ${p.name.padEnd(10)} ${p.weight} lb, ${p.height} in → ${female.toFixed(3)}  ${verdict}`);
  }
  out();
  out(`Done in ${(performance.now() - started).toFixed(0)} ms.`);
}

function seedExampleNetwork(): Network {
  return Network.fromJSON({
    dtype: 'float64',
    layers: [
      { type: 'dense', inputs: 2, units: 2, activation: { name: 'sigmoid' }, weights: [0, 1, 0, 1], bias: [0, 0] },
      { type: 'dense', inputs: 2, units: 1, activation: { name: 'sigmoid' }, weights: [0, 1], bias: [0] },
    ],
  });
}

function bar(loss: number, first: number): string {
  const width = 30;
  const n = first > 0 ? Math.max(0, Math.min(width, Math.round((loss / first) * width))) : 0;
  return '█'.repeat(n);
}

/** Reads the seed's small people files (name, weight_lb, height_in[, gender]). */
function readPeople(file: string, withGender: boolean): Person[] {
  const path = DATA_DIR + file;
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0]?.split(',') ?? [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new NeuriteError('CSV_SCHEMA', `${path}: missing column "${name}"`, { file: path, line: 1 });
    return i;
  };
  const [name, weight, height] = [col('name'), col('weight_lb'), col('height_in')];
  const gender = withGender ? col('gender') : -1;
  return lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    const num = (c: number, what: string) => {
      const v = Number(cells[c]);
      if (cells[c] === undefined || cells[c]!.trim() === '' || !Number.isFinite(v)) {
        throw new NeuriteError('CSV_PARSE', `${path}:${i + 2}: ${what} is not a number: ${JSON.stringify(cells[c])}`, { file: path, line: i + 2, field: what });
      }
      return v;
    };
    const person: Person = { name: cells[name] ?? '', weight: num(weight, 'weight_lb'), height: num(height, 'height_in') };
    if (withGender) person.gender = cells[gender];
    return person;
  });
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description("tell the seed's story: a neuron, a network, the loss, training on four people, two predictions")
    .option('--full', 'print the loss every 10 epochs, as the seed does')
    .option('--seed <n>', 'seed for the initial weights', parseInteger, 42)
    .action((options: { full?: boolean; seed: number }) => {
      runDemo({ full: options.full === true, seed: options.seed });
    });
}
