import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendedColumnNames, predictionColumns } from '../src/data/prediction-columns.js';

test('predictionColumns: predicted_<target> and p_<label>, in the labels order; none for a regression', () => {
  assert.deepEqual(predictionColumns(['sepal_length', 'species'], 'species', ['setosa', 'versicolor', 'virginica']), {
    predicted: 'predicted_species',
    probabilities: ['p_setosa', 'p_versicolor', 'p_virginica'],
  });
  assert.deepEqual(predictionColumns(['area', 'price'], 'price'), { predicted: 'predicted_price', probabilities: [] });
});

test('predictionColumns: a file of predictions predicted again gets suffixes, never a duplicate header', () => {
  const first = predictionColumns(['x', 'label'], 'label', ['0', '1']);
  const header = ['x', 'label', first.predicted, ...first.probabilities];
  const second = predictionColumns(header, 'label', ['0', '1']);
  assert.deepEqual(second, { predicted: 'predicted_label_2', probabilities: ['p_0_2', 'p_1_2'] });
  const third = predictionColumns([...header, second.predicted, ...second.probabilities], 'label', ['0', '1']);
  assert.deepEqual(third, { predicted: 'predicted_label_3', probabilities: ['p_0_3', 'p_1_3'] });
  const all = [...header, second.predicted, ...second.probabilities, third.predicted, ...third.probabilities];
  assert.equal(new Set(all).size, all.length);
});

test('appendedColumnNames: a suffix that is itself taken moves on; added names do not collide with each other', () => {
  assert.deepEqual(appendedColumnNames(['a', 'split', 'split_2'], ['split', 'score']), ['split_3', 'score']);
  // Label "x_2" asks for p_x_2, which label "x" took already (p_x was in the file).
  assert.deepEqual(predictionColumns(['p_x'], 't', ['x', 'x_2']).probabilities, ['p_x_2', 'p_x_2_2']);
  assert.deepEqual(appendedColumnNames([], ['a', 'a', 'a']), ['a', 'a_2', 'a_3']);
});

test('predictionColumns refuses what is not a list of names, with INVALID_ARGUMENT', () => {
  assert.throws(() => predictionColumns('a,b' as unknown as string[], 'b'), { code: 'INVALID_ARGUMENT', message: /header must be column names \(strings\)/ });
  assert.throws(() => predictionColumns(['a'], 3 as unknown as string), {
    code: 'INVALID_ARGUMENT',
    message: /target must be column names \(strings\), got 3/,
  });
  assert.throws(() => predictionColumns(['a'], 'b', [1] as unknown as string[]), { code: 'INVALID_ARGUMENT', message: /labels must be column names/ });
});
