/**
 * Limits a model file must stay within; checked on the declared sizes before anything is allocated.
 * A caller may lower (or, knowingly, raise) them through `parseModel(text, { limits })`.
 */
export interface ModelLimits {
  /** Characters of JSON text (default 512 MiB = 536,870,912; V8 strings stop just below this anyway). */
  maxTextLength: number;
  /** Weights and biases in all layers together (default 50,000,000). */
  maxParameters: number;
  /** Layers (default 1,000). */
  maxLayers: number;
  /** Input columns, categories per column, classes (default 1,000,000 each). */
  maxItems: number;
}

/**
 * The limits {@link parseModel} applies unless told otherwise.
 *
 * @example
 * ```ts
 * import { DEFAULT_MODEL_LIMITS, parseModel } from 'neurite';
 * console.log(DEFAULT_MODEL_LIMITS.maxParameters, DEFAULT_MODEL_LIMITS.maxLayers); // 50000000 1000
 * // An untrusted upload: accept smaller models than the defaults allow.
 * const read = (text: string) => parseModel(text, { limits: { maxParameters: 10_000 } });
 * ```
 */
export const DEFAULT_MODEL_LIMITS: Readonly<ModelLimits> = Object.freeze({
  maxTextLength: 512 * 1024 * 1024,
  maxParameters: 50_000_000,
  maxLayers: 1_000,
  maxItems: 1_000_000,
});
