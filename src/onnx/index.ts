/**
 * `neurite/onnx`: a network as an ONNX model (opset 13) for ONNX Runtime, TensorRT, OpenVINO and other
 * engines, with a model file's preprocessing folded in. `import 'neurite'` does not load it.
 *
 * @module neurite/onnx
 */
export { exportOnnx, buildOnnxModel, ONNX_OPSET, ONNX_IR_VERSION } from './export.js';
export type { OnnxExportOptions, InputNormalization, OutputDenormalization } from './export.js';
export { onnxActivationNames } from './activation-ops.js';
export type { OnnxModel, OnnxGraph, OnnxNode, OnnxTensor, OnnxValueInfo, OnnxAttribute, OnnxElemType } from './onnx-messages.js';

// Model files to ONNX: a model's preprocessing as export options (input scaling in, target standardization undone out).
export { onnxPreprocessingOptions } from './preprocessing-options.js';
export type { OnnxPreprocessingOptions } from './preprocessing-options.js';
