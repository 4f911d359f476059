/**
 * `neurite/explain`: one sample's forward pass, loss and every gradient as the chain rule writes it, with
 * each neuron and weight named as the seed names them (h1, w1, ...), and its text, Markdown and JSON views;
 * for any network (a CNN, a recurrent network), `explainLayers`: each layer's feature maps, a recurrent layer's
 * state over time, and one parameter's chain-rule sum (over time steps for a recurrent weight).
 * `import 'neurite'` does not load it.
 *
 * @module neurite/explain
 */
export { explain } from './explain.js';
export type { ExplainOptions } from './explain.js';
export type {
  ExplainTrace,
  SampleTrace,
  LossTrace,
  LayerTrace,
  NeuronTrace,
  WeightTrace,
  BiasTrace,
  Factor,
  PathTrace,
  UpstreamTrace,
  UpstreamTerm,
  JacobianTerm,
  ParameterGradients,
  StepTrace,
  LayerShapeTrace,
} from './trace.js';
export { nameNetwork } from './names.js';

// Any layers (convolutions, pooling, batch norm): the trace layer by layer, one parameter's sum.
export { explainLayers } from './explain-layers.js';
export type { ExplainLayersOptions } from './explain-layers.js';
export { layerNames } from './layer-names.js';
export type {
  LayerExplainTrace,
  LayerLossTrace,
  LayerStepTrace,
  ValuesSummary,
  ChannelSummary,
  ParameterSummary,
  WeightSumTrace,
  WeightTerm,
  UpstreamStep,
  RecurrentLayerTrace,
  GateActivity,
  StateGradientTrace,
} from './layer-trace.js';
export type { NetworkNames } from './names.js';

// Views of a trace.
export { formatExplainText } from './format-text.js';
export { formatExplainMarkdown } from './format-markdown.js';
export { formatExplainJson } from './format-json.js';
export type { ExplainJsonOptions } from './format-json.js';
export type { ExplainFormatOptions } from './format-common.js';
