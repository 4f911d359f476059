import { NeuriteError } from '../errors.js';
import { mseLoss } from '../losses/mse.js';
import { MeanSquaredError } from '../losses/mse.js';
import { Network } from '../nn/network.js';
import { SGD } from '../optim/sgd.js';
import { Matrix, type DType } from '../tensor/matrix.js';

/**
 * The seed simplifies its data by shifting: weight − 135 lb, height − 66 in.
 *
 * @example
 * ```ts
 * import { GENDER_SHIFT } from 'neurite/seed';
 * console.log(GENDER_SHIFT); // { weight: 135, height: 66 }: the seed subtracts these before training
 * console.log(133 - GENDER_SHIFT.weight, 65 - GENDER_SHIFT.height); // -2 -1: Alice as the network sees her
 * ```
 */
export const GENDER_SHIFT = { weight: 135, height: 66 } as const;

/**
 * Male = 0, Female = 1, as in the seed.
 *
 * @example
 * ```ts
 * import { GENDER_LABELS } from 'neurite/seed';
 * const female = 0.93; // the network's output for one person
 * console.log(GENDER_LABELS[female >= 0.5 ? 1 : 0]); // 'F': index 1 is the positive class
 * ```
 */
export const GENDER_LABELS = ['M', 'F'] as const;

/** One of the seed's people: weight in pounds, height in inches. */
export interface Person {
  name: string;
  weight: number;
  height: number;
  /** 'F' or 'M' for the training people; absent for the ones to predict. */
  gender?: string;
}

/**
 * The seed's simplified inputs: [weight − 135, height − 66].
 *
 * @example
 * ```ts
 * import { shiftPerson } from 'neurite/seed';
 * console.log(shiftPerson({ weight: 160, height: 72 })); // [25, 6]: Bob, centred as the seed does
 * ```
 */
export function shiftPerson(person: Pick<Person, 'weight' | 'height'>): [number, number] {
  return [person.weight - GENDER_SHIFT.weight, person.height - GENDER_SHIFT.height];
}

/** Options of {@link trainSeedNetwork} (defaults: the seed's run). */
export interface SeedTrainingOptions {
  /** Seed for the standard-normal initial weights and biases (default 42). */
  seed?: number;
  epochs?: number;
  learningRate?: number;
  dtype?: DType;
  /** Called every epoch with the mean squared loss over all people after that epoch. */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * The seed's training run: a 2-2-1 sigmoid network, weights and biases drawn from a standard normal, trained
 * with SGD (η = 0.1) one person at a time, in order, for 1000 epochs, with mean squared error.
 *
 * @example
 * ```ts
 * import { predictFemale, trainSeedNetwork } from 'neurite/seed';
 * const people = [
 *   { name: 'Alice', weight: 133, height: 65, gender: 'F' },
 *   { name: 'Bob', weight: 160, height: 72, gender: 'M' },
 *   { name: 'Charlie', weight: 152, height: 70, gender: 'M' },
 *   { name: 'Diana', weight: 120, height: 60, gender: 'F' },
 * ];
 * const { network, losses } = trainSeedNetwork(people, { onEpoch: (epoch, loss) => epoch % 10 === 0 && console.log(`Epoch ${epoch} loss: ${loss}`) });
 * console.log(predictFemale(network, { weight: 128, height: 63 })); // Emily: ≈ 0.95
 * ```
 */
export function trainSeedNetwork(people: readonly Person[], options: SeedTrainingOptions = {}): { network: Network; losses: number[] } {
  const { seed = 42, epochs = 1000, learningRate = 0.1, dtype = 'float64', onEpoch } = options;
  if (people.length === 0) throw new NeuriteError('INVALID_ARGUMENT', 'trainSeedNetwork needs at least one person');
  const network = Network.create({
    inputs: 2,
    layers: [
      { units: 2, activation: 'sigmoid' },
      { units: 1, activation: 'sigmoid' },
    ],
    seed,
    dtype,
    initializer: 'normal',
    biasInitializer: 'normal',
  });
  const xs = people.map((p) => Matrix.row(shiftPerson(p), dtype));
  const ys = people.map((p) => {
    const label = GENDER_LABELS.indexOf(p.gender as 'M' | 'F');
    if (label < 0) throw new NeuriteError('INVALID_ARGUMENT', `${p.name}'s gender must be F or M, got ${String(p.gender)}`);
    return Matrix.row([label], dtype);
  });
  const all = Matrix.from(people.map(shiftPerson), dtype);
  const truth = ys.map((y) => y.data[0]!);
  const loss = new MeanSquaredError();
  const sgd = new SGD({ learningRate });
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < xs.length; i++) network.trainStep(xs[i]!, ys[i]!, loss, sgd);
    const value = mseLoss(truth, network.forward(all).data);
    losses.push(value);
    onEpoch?.(epoch, value);
  }
  return { network, losses };
}

/**
 * The probability of female (1) for a person, from their raw weight and height.
 *
 * @example
 * ```ts
 * import { predictFemale, trainSeedNetwork } from 'neurite/seed';
 * const people = [
 *   { name: 'Alice', weight: 133, height: 65, gender: 'F' }, { name: 'Bob', weight: 160, height: 72, gender: 'M' },
 *   { name: 'Charlie', weight: 152, height: 70, gender: 'M' }, { name: 'Diana', weight: 120, height: 60, gender: 'F' },
 * ] as const;
 * const { network } = trainSeedNetwork(people);
 * console.log(predictFemale(network, { weight: 128, height: 63 })); // close to 1: Emily, female
 * ```
 */
export function predictFemale(network: Network, person: Pick<Person, 'weight' | 'height'>): number {
  return network.predict(shiftPerson(person))[0]!;
}
