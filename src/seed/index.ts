/**
 * `neurite/seed`: the companion of the article neurite grew from (docs/seed-walkthrough.md): its gender data
 * and shift, its training loop (SGD, one person at a time, mean squared error), and its backpropagation
 * worked example (every weight 1, Alice). For readers of the article and the `neurite demo` and
 * `neurite explain` commands; an application needs none of it.
 *
 * @module neurite/seed
 */
export { GENDER_SHIFT, GENDER_LABELS, shiftPerson, trainSeedNetwork, predictFemale } from './gender.js';
export type { Person, SeedTrainingOptions } from './gender.js';
export { seedWorkedExample, ALICE } from '../explain/worked-example.js';
