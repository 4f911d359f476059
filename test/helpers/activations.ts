import type { ActivationSpec } from '../../src/index.js';

/** Every activation the exporter maps, with options other than the defaults where there are options. */
export const ALL_ACTIVATIONS: ActivationSpec[] = [
  { name: 'sigmoid' },
  { name: 'linear' },
  { name: 'tanh' },
  { name: 'relu' },
  { name: 'leaky_relu', slope: 0.1 },
  { name: 'elu', alpha: 0.7 },
  { name: 'softplus' },
  { name: 'gelu' },
  { name: 'softmax' },
];
