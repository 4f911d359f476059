import { Network } from '../nn/network.js';
import { GENDER_SHIFT } from '../seed/gender.js';

/**
 * Alice, the seed's worked-example sample: 133 lb, 65 in, female (1).
 *
 * @example
 * ```ts
 * import { ALICE, shiftPerson } from 'neurite/seed';
 * console.log(ALICE.name, shiftPerson(ALICE)); // Alice [-2, -1]: the seed's worked example
 * ```
 */
export const ALICE = { name: 'Alice', weight: 133, height: 65, gender: 'F' } as const;

/**
 * The seed's backpropagation worked example (docs/seed-walkthrough.md §5): the 2-2-1 sigmoid network with every weight 1
 * and every bias 0, in float64, and one sample, Alice: x = [133 − 135, 65 − 66] = [−2, −1], y_true = 1.
 * Its fixed points: y_pred = 0.523695, ∂L/∂y_pred = −0.952610, ∂y_pred/∂h1 = 0.249439,
 * ∂h1/∂w1 = −0.090353, ∂L/∂w1 = 0.021470 (float64 0.02146953526581111).
 *
 * @example
 * ```ts
 * import { explain } from 'neurite/explain';
 * import { seedWorkedExample } from 'neurite/seed';
 * const { network, input, target } = seedWorkedExample(); // all weights 1, biases 0; Alice = [-2, -1]
 * console.log(input, target, network.predict(input)); // [-2, -1] [1] [0.524…]
 * const trace = explain(network, input, target);
 * ```
 */
export function seedWorkedExample(): { network: Network; input: number[]; target: number[]; raw: Record<string, number> } {
  const network = Network.fromJSON({
    dtype: 'float64',
    layers: [
      { type: 'dense', inputs: 2, units: 2, activation: { name: 'sigmoid' }, weights: [1, 1, 1, 1], bias: [0, 0] },
      { type: 'dense', inputs: 2, units: 1, activation: { name: 'sigmoid' }, weights: [1, 1], bias: [0] },
    ],
  });
  return {
    network,
    input: [ALICE.weight - GENDER_SHIFT.weight, ALICE.height - GENDER_SHIFT.height],
    target: [1],
    raw: { weight_lb: ALICE.weight, height_in: ALICE.height },
  };
}
