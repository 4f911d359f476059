import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Matrix,
  accuracy,
  classificationReport,
  confusionMatrix,
  meanAbsoluteError,
  metricNames,
  r2Score,
  resolveMetric,
  rootMeanSquaredError,
  toClassIndices,
} from '../src/index.js';
import { assertClose, throwsNeurite } from './helpers/params.js';

// Three classes, seven samples; worked out by hand below.
const TRUE = [0, 0, 1, 1, 2, 2, 2];
const PRED = [0, 1, 1, 1, 2, 0, 2];

test('confusion matrix: rows are the truth, columns the prediction', () => {
  assert.deepEqual(confusionMatrix(TRUE, PRED), [
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 2],
  ]);
  assert.deepEqual(confusionMatrix(Int32Array.from([1]), Int32Array.from([0]), 3), [
    [0, 0, 0],
    [1, 0, 0],
    [0, 0, 0],
  ]);
});

test('accuracy, and precision, recall, F1 per class and macro', () => {
  assert.equal(accuracy(TRUE, PRED), 5 / 7);
  const report = classificationReport(TRUE, PRED);
  assert.equal(report.accuracy, 5 / 7);
  // class 0: TP 1, predicted 2, actual 2; class 1: TP 2, predicted 3, actual 2; class 2: TP 2, predicted 2, actual 3.
  const expected = [
    { class: 0, precision: 1 / 2, recall: 1 / 2, f1: 1 / 2, support: 2 },
    { class: 1, precision: 2 / 3, recall: 1, f1: 0.8, support: 2 },
    { class: 2, precision: 1, recall: 2 / 3, f1: 0.8, support: 3 },
  ];
  report.classes.forEach((c, i) => {
    const e = expected[i]!;
    assert.equal(c.class, e.class);
    assert.equal(c.support, e.support);
    assertClose([c.precision, c.recall, c.f1], [e.precision, e.recall, e.f1]);
  });
  assertClose([report.macro.precision, report.macro.recall, report.macro.f1], [13 / 18, 13 / 18, 0.7]);
});

test('a class never predicted has precision 0, not NaN; a class absent everywhere leaves the macro average alone', () => {
  const report = classificationReport([0, 1, 1], [0, 0, 0]);
  assert.deepEqual(
    report.classes.map((c) => [c.precision, c.recall, c.f1]),
    [
      [1 / 3, 1, 0.5],
      [0, 0, 0],
    ],
  );
  assertClose([report.macro.precision, report.macro.recall, report.macro.f1], [1 / 6, 1 / 2, 1 / 4]);
  const wider = classificationReport([0, 1, 1], [0, 0, 0], 4);
  assert.equal(wider.classes.length, 4);
  assert.deepEqual(wider.classes[3], { class: 3, precision: 0, recall: 0, f1: 0, support: 0 });
  assert.deepEqual(wider.macro, report.macro);
});

test('probability rows to class indices: argmax, or a single sigmoid output above 0.5', () => {
  assert.deepEqual(
    Array.from(
      toClassIndices([
        [0.1, 0.7, 0.2],
        [0.5, 0.5, 0],
        [0, 0, 1],
      ]),
    ),
    [1, 0, 2],
  );
  assert.deepEqual(Array.from(toClassIndices(Matrix.from([[0.2], [0.5], [0.51], [0.99]]))), [0, 0, 1, 1]);
  assert.deepEqual(Array.from(toClassIndices([[0.2], [0.5]], { threshold: 0.3 })), [0, 1]);
  throwsNeurite(() => toClassIndices([[0.1, NaN]]), 'NON_FINITE', /Scores row 0, column 1 is NaN/);
  throwsNeurite(() => toClassIndices([[0.1], [0.2, 0.3]]), 'SHAPE_MISMATCH', /row 1 has 2 values; expected 1/);
});

test('regression metrics on a hand-computed example', () => {
  const yTrue = [3, -0.5, 2, 7];
  const yPred = Float32Array.from([2.5, 0, 2, 8]);
  assert.equal(meanAbsoluteError(yTrue, yPred), 0.5);
  assert.equal(rootMeanSquaredError(yTrue, yPred), Math.sqrt(0.375));
  // mean 2.875, SS_tot = 29.1875, SS_res = 1.5
  assertClose([r2Score(yTrue, yPred)], [1 - 1.5 / 29.1875]);
  assert.equal(r2Score([1, 2, 3], [2, 2, 2]), 0);
  assert.ok(r2Score([1, 2, 3], [3, 2, 1]) < 0);
});

test('R² of constant targets is 1 when exact and 0 otherwise, never NaN', () => {
  assert.equal(r2Score([2, 2, 2], [2, 2, 2]), 1);
  assert.equal(r2Score([2, 2, 2], [2, 2, 3]), 0);
  assert.equal(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.1]), 1);
  assert.equal(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.2]), 0);
  assert.equal(r2Score([5], [4]), 0);
});

test('metrics refuse mismatched, empty or invalid inputs', () => {
  throwsNeurite(() => accuracy([0, 1], [0]), 'SHAPE_MISMATCH', /^accuracy: yTrue has 2 values but yPred has 1; expected one prediction per target$/);
  throwsNeurite(() => accuracy([], []), 'INVALID_ARGUMENT', /^accuracy needs at least one sample, got 0$/);
  throwsNeurite(() => accuracy([0, -1], [0, 1]), 'INVALID_ARGUMENT', /^yTrue\[1\] is -1; expected a class index, an integer ≥ 0$/);
  throwsNeurite(() => classificationReport([0, 1.5], [0, 1]), 'INVALID_ARGUMENT', /^yTrue\[1\] is 1\.5/);
  throwsNeurite(() => confusionMatrix([0, 3], [0, 1], 3), 'INVALID_ARGUMENT', /^yTrue\[1\] is 3; expected a class index, an integer from 0 to 2$/);
  throwsNeurite(() => confusionMatrix([0], [0], 0), 'INVALID_ARGUMENT', /^numClasses must be an integer ≥ 1, got 0$/);
  throwsNeurite(() => meanAbsoluteError([1, NaN], [1, 2]), 'NON_FINITE', /^meanAbsoluteError: yTrue\[1\] is NaN; expected a finite number$/);
  throwsNeurite(() => r2Score([1], [1, 2]), 'SHAPE_MISMATCH', /^r2Score: yTrue has 1 values but yPred has 2/);
});

test('named metrics evaluate targets and outputs matrices for the training loop', () => {
  assert.deepEqual(metricNames(), ['accuracy', 'precision', 'recall', 'f1', 'mean_absolute_error', 'root_mean_squared_error', 'r2_score']);
  const oneHot = Matrix.from([
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
    [0, 0, 1],
  ]);
  const probs = Matrix.from([
    [0.8, 0.1, 0.1],
    [0.3, 0.6, 0.1],
    [0.5, 0.2, 0.3],
    [0.1, 0.1, 0.8],
  ]);
  assert.equal(resolveMetric('accuracy').evaluate(oneHot, probs), 0.75);
  assert.equal(resolveMetric('accuracy').goal, 'max');
  assertClose([resolveMetric('f1').evaluate(oneHot, probs)], [(2 / 3 + 1 + 2 / 3) / 3]);
  const binaryTargets = Matrix.from([[1], [0], [0], [1]]);
  const sigmoid = Matrix.from([[0.9], [0.2], [0.7], [0.4]]);
  assert.equal(resolveMetric('accuracy').evaluate(binaryTargets, sigmoid), 0.5);
  assertClose([resolveMetric('precision').evaluate(binaryTargets, sigmoid)], [0.5]);
  const t = Matrix.from(
    [
      [1, 10],
      [2, 20],
      [3, 30],
    ],
    'float64',
  );
  const o = Matrix.from(
    [
      [1, 10],
      [2, 20],
      [4, 30],
    ],
    'float64',
  );
  assertClose([resolveMetric('r2').evaluate(t, o)], [(0.5 + 1) / 2]);
  assert.equal(resolveMetric('mae').evaluate(t, o), 1 / 6);
  assert.equal(resolveMetric('rmse').goal, 'min');
  assert.equal(resolveMetric('rmse').evaluate(t, o), Math.sqrt(1 / 6));
  throwsNeurite(
    () => resolveMetric('auc'),
    'INVALID_ARGUMENT',
    /^Unknown metric "auc"; expected one of: accuracy, precision, recall, f1, mean_absolute_error, root_mean_squared_error, r2_score$/,
  );
  throwsNeurite(
    () => resolveMetric('mae').evaluate(t, Matrix.zeros(3, 1, 'float64')),
    'SHAPE_MISMATCH',
    /^mean_absolute_error: targets are \[3, 2\] but outputs are \[3, 1\]/,
  );
});

test('one rule turns outputs into classes everywhere: a single output of exactly 0.5 is class 0', async () => {
  const { Dense, Network: Net, classOfRow: rule, predictClasses } = await import('../src/index.js');
  const { Preprocessor: Pre, tableFromRecords } = await import('../src/data/index.js');
  // A network whose output is sigmoid(0) = 0.5 exactly.
  const network = new Net([new Dense({ inputs: 1, units: 1, activation: 'sigmoid', weights: [[0]], bias: [0], dtype: 'float64' })]);
  const table = tableFromRecords([
    { x: 1, y: 'a' },
    { x: 2, y: 'b' },
  ]);
  const pre = Pre.fit(table, { target: 'y', inputs: ['x'] });
  const out = network.forward(Matrix.from([[1]], 'float64'));
  assert.equal(out.data[0], 0.5);
  assert.deepEqual(predictClasses(network, [[1]]), [0]);
  assert.deepEqual(Array.from(toClassIndices(out)), [0]);
  assert.equal(rule(out.data, 0, 1), 0);
  const decoded = pre.decode(out);
  assert.ok(decoded.task === 'classification' && decoded.indices[0] === 0 && decoded.labels[0] === 'a');
  assert.equal(rule(Float64Array.of(0.1, 0.7, 0.7), 0, 3), 1, 'a tie goes to the first column');
});
