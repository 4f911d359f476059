/**
 * `neurite/data`: where rows come from. CSV parsing, typed tables, task detection, train/validation/test
 * splits, the preprocessing a model file bundles (standardization, one-hot categories, label encoding), a
 * model's predictions for a table, images (IDX files, pixel rows, a canvas's ImageData; the pixel scaling a
 * model file records) and small generated data sets (XOR, circles, moons, spirals, blobs, shapes images).
 * Pure: text in, typed arrays out; no Node API. `import 'neurite'` does not load it.
 *
 * @module neurite/data
 */
export { CsvParser, parseCsv, csvRecords } from './csv.js';
export type { CsvOptions, CsvRecord, CsvRecordInfo, CsvRecordSink } from './csv.js';
export { DEFAULT_MISSING_VALUES, parseDecimal } from './values.js';

// Tables: typed columns (numbers or categories) read from text or records.
export { Table } from './table.js';
export type { Column, ColumnKind, NumericColumn, CategoricalColumn, Notice } from './table.js';
export { TableBuilder } from './table-builder.js';
export type { TableOptions, ColumnOverride } from './table-builder.js';
export { readTable, parseTable, tableFromRecords } from './read-table.js';
export type { CellValue } from './read-table.js';
export { detectTask, classLabels, MAX_INTEGER_CLASSES } from './task.js';
export type { Task } from './task.js';
export { isIdentifierLike, selectInputs } from './columns.js';

// From a table to matrices: splits, preprocessing, and back to predictions.
export { splitRows } from './split.js';
export type { Split, SplitOptions } from './split.js';
export { Preprocessor } from './preprocessor.js';
export type {
  PreprocessorOptions,
  PreprocessorJSON,
  InputJSON,
  NumericInputJSON,
  CategoricalInputJSON,
  ImageInputJSON,
  TargetJSON,
  ClassificationTargetJSON,
  RegressionTargetJSON,
  Scaling,
  MissingPolicy,
  BinaryEncoding,
  TransformOptions,
  Predictions,
} from './preprocessor.js';
export { prepareDataset } from './prepare.js';
export type { PrepareOptions, PreparedDataset, PreparedSplit } from './prepare.js';
export { predictTable } from '../model/predict-table.js';
export { predictionColumns, appendedColumnNames } from './prediction-columns.js';
export type { PredictionColumns } from './prediction-columns.js';

// Generated data sets for examples, tests and the playground.
export { xor, circles, moons, spirals, blobs, encodeLabels } from './synthetic.js';
export type { Dataset2D, SyntheticOptions } from './synthetic.js';

// Images: IDX files (MNIST, Fashion-MNIST), rows of pixel values, a canvas's ImageData; raw pixels in, the
// model's recorded scaling applied when it trains and predicts.
export { parseIdx } from './idx.js';
export type { IdxArray, IdxType, ParseIdxOptions } from './idx.js';
export { imagesFromIdx, imagesOfIdx, parseImageShape } from './image-set.js';
export type { Images, ImageSet, ImageShape } from './image-set.js';
export { imageSetFromTable, imagesFromTable } from './image-table.js';
export type { ImageTableOptions } from './image-table.js';
export { imageFromImageData } from './image-data.js';
export type { ImageDataLike } from './image-data.js';
export { prepareImages } from './prepare-images.js';
export type { PrepareImagesOptions } from './prepare-images.js';
export { predictImages } from '../model/predict-images.js';
export { shapesImages } from './synthetic-images.js';
export type { ShapesImagesOptions } from './synthetic-images.js';
export { parseSeries, type SeriesData, type SeriesReadOptions } from './series-table.js';
export { parseSeriesDate, type DateStep } from './series-dates.js';
export {
  fitSeriesScaling,
  seriesWindows,
  lastSeriesWindow,
  type SeriesInputs,
  type SeriesScaling,
  type ColumnScale,
  type SeriesWindows,
} from './series-windows.js';
export { detectPeriod, type DetectedPeriod } from './series-season.js';
export { tokenize, TOKENIZER, PADDING_ID, UNKNOWN_ID } from './text-tokens.js';
export { buildVocabulary, encodeTokens, vocabularyIndex } from './vocabulary.js';
export type { Vocabulary, VocabularyOptions } from './vocabulary.js';
export { isFreeText, chooseInputs, TEXT_MIN_VALUES, TEXT_MIN_WORDS } from './text-input.js';
export type { TextInputJSON, TextColumns } from './text-input.js';
export { decodeText } from './text-decode.js';
export type { DecodeTextOptions } from './text-decode.js';
export { CharVocabulary, UNKNOWN_CHARACTER } from './char-vocabulary.js';
export type { CharVocabularyOptions } from './char-vocabulary.js';
export { splitText, textWindows, textWindowCount } from './text-windows.js';
export type { TextSplit, TextWindowOptions } from './text-windows.js';
