import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Matrix, NeuriteError } from '../src/index.js';
import { detectTask, parseTable, prepareDataset, Preprocessor, splitRows, tableFromRecords, type Table } from '../src/data/index.js';
import { DATA } from './helpers/paths.js';

const gender = (): Table => parseTable(readFileSync(DATA + 'gender.csv', 'utf8'), { file: 'gender.csv' });
const iris = (): Table => parseTable(readFileSync(DATA + 'iris.csv', 'utf8'), { file: 'iris.csv' });

function neuriteError(fn: () => unknown, code: string, pattern: RegExp, details: Record<string, unknown> = {}): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, pattern);
    for (const [key, value] of Object.entries(details)) assert.deepEqual(error.details[key], value, `${key} in ${error.message}`);
    return true;
  });
}

test('task detection: text → classes; few distinct integers → classes; other numbers → regression', () => {
  const t = parseTable('a,b,c,d,e\nx,0,1.5,1,0\ny,1,2,2,100\nx,1,3,3,7\n');
  assert.equal(detectTask(t.column('a')), 'classification');
  assert.equal(detectTask(t.column('b')), 'classification');
  assert.equal(detectTask(t.column('c')), 'regression');
  assert.equal(detectTask(t.column('d')), 'classification');
  const many = parseTable('y\n' + Array.from({ length: 11 }, (_, i) => i).join('\n'));
  assert.equal(detectTask(many.column('y')), 'regression', '11 distinct integers is regression');
  const ten = parseTable('y\n' + Array.from({ length: 30 }, (_, i) => i % 10).join('\n'));
  assert.equal(detectTask(ten.column('y')), 'classification', '10 distinct integers is classification');
});

test('gender.csv: name left out as an identifier, classes in the given order, standard scaling from training rows', () => {
  const table = gender();
  const p = Preprocessor.fit(table, { target: 'gender', classes: ['M', 'F'] });
  assert.deepEqual(
    p.notices.map((n) => [n.code, n.column]),
    [['IDENTIFIER_COLUMN', 'name']],
  );
  assert.deepEqual(p.featureNames, ['weight_lb', 'height_in']);
  assert.equal(p.task, 'classification');
  assert.deepEqual(p.classes, ['M', 'F']);
  assert.equal(p.outputWidth, 1);
  const x = p.transform(table, undefined, { dtype: 'float64' });
  // mean weight 141.25, population std sqrt(246.6875)
  assert.equal(x.get(0, 0), (133 - 141.25) / Math.sqrt(246.6875));
  const y = p.transformTarget(table, undefined, 'float64');
  assert.deepEqual(Array.from(y.data), [1, 0, 0, 1]);
  const sorted = Preprocessor.fit(table, { target: 'gender' });
  assert.deepEqual(sorted.classes, ['F', 'M'], 'default class order is sorted');
  const decoded = p.decode(Matrix.from([[0.9], [0.2]], 'float64'));
  assert.ok(decoded.task === 'classification');
  assert.deepEqual(decoded.labels, ['F', 'M']);
  assert.deepEqual(decoded.probabilities[1], [0.8, 0.2]);
});

test('scalings: standard, min-max and none; a constant column gets a notice and scale 1', () => {
  const table = parseTable('a,k,y\n0,5,0\n5,5,1\n10,5,0\n');
  const minmax = Preprocessor.fit(table, { target: 'y', scaling: 'minmax' });
  assert.deepEqual(minmax.transform(table, undefined, { dtype: 'float64' }).toArray(), [
    [0, 0],
    [0.5, 0],
    [1, 0],
  ]);
  assert.ok(minmax.notices.some((n) => n.code === 'CONSTANT_COLUMN' && n.column === 'k'));
  const none = Preprocessor.fit(table, { target: 'y', scaling: 'none' });
  assert.deepEqual(none.transform(table, [2], { dtype: 'float64' }).toArray(), [[10, 5]]);
  neuriteError(() => Preprocessor.fit(table, { target: 'y', scaling: 'zscore' as never }), 'INVALID_ARGUMENT', /scaling must be one of/);
});

test('statistics come from the training rows only', () => {
  const table = parseTable('x,y\n1,a\n3,b\n100,a\n');
  const p = Preprocessor.fit(table, { target: 'y', rows: [0, 1] });
  const input = p.inputs[0]!;
  assert.ok(input.kind === 'numeric');
  assert.equal(input.offset, 2);
  assert.equal(input.scale, 1);
});

test('one-hot categories from training rows; an unseen category names the row, column and known ones', () => {
  const table = parseTable('color,size,y\nred,1,a\nblue,2,b\nred,3,a\ngreen,4,b\n', { file: 'c.csv' });
  const p = Preprocessor.fit(table, { target: 'y', rows: [0, 1, 2] });
  assert.deepEqual(p.featureNames, ['color=blue', 'color=red', 'size']);
  const x = p.transform(table, [0, 1], { dtype: 'float64' });
  assert.deepEqual(
    x.toArray().map((r) => r.slice(0, 2)),
    [
      [0, 1],
      [1, 0],
    ],
  );
  neuriteError(
    () => p.transform(table),
    'CSV_SCHEMA',
    /line 5 of c\.csv: column "color" has "green", a category the model did not see in training; it knows "blue", "red"/,
    {
      line: 5,
      field: 'color',
    },
  );
  const seen: string[] = [];
  const zeros = p.transform(table, [3], { onUnseenCategory: (_r, c, v) => seen.push(`${c}=${v}`) });
  assert.deepEqual(Array.from(zeros.data.subarray(0, 2)), [0, 0]);
  assert.deepEqual(seen, ['color=green']);
});

test('missing values: error names the line and column; mean fills; drop leaves rows out of training', () => {
  const text = 'x,c,y\n1,a,p\n,b,q\n3,,p\n5,a,\n7,a,q\n';
  const table = parseTable(text, { file: 'm.csv' });
  neuriteError(
    () => prepareDataset(table, { target: 'y', validation: 0 }),
    'MISSING_VALUE',
    /line 3 of m\.csv: the value of column "x" \(column 1\) is missing/,
    {
      line: 3,
      field: 'x',
    },
  );
  const dropped = prepareDataset(table, { target: 'y', validation: 0, missing: 'drop' });
  assert.deepEqual(Array.from(dropped.train.rows).sort(), [0, 4]);
  assert.ok(dropped.notices.some((n) => n.code === 'DROPPED_ROWS' && /3 of 5 rows/.test(n.message)));
  const filled = prepareDataset(table, { target: 'y', validation: 0, missing: 'mean', scaling: 'none', dtype: 'float64' });
  assert.deepEqual(Array.from(filled.train.rows).sort(), [0, 1, 2, 4], 'the row without a target is dropped');
  const p = filled.preprocessor;
  const x = p.transform(table, [1, 2], { dtype: 'float64' }).toArray();
  assert.equal(x[0]![0], (1 + 3 + 7) / 3, 'x filled with the training mean');
  assert.deepEqual(x[1]!.slice(1), [1, 0], 'c filled with the most frequent category, a');
  // at prediction time under "drop", a missing input is an error
  neuriteError(() => dropped.preprocessor.transform(table, [1]), 'MISSING_VALUE', /line 3 of m\.csv.*needs every input to predict/);
});

test('regression: standardized targets are inverted exactly; unstandardized pass through', () => {
  const table = parseTable('x,y\n1,10.5\n2,20.25\n3,30\n4,41\n');
  const p = Preprocessor.fit(table, { target: 'y' });
  assert.equal(p.task, 'regression');
  const y = p.transformTarget(table, undefined, 'float64');
  const back = p.inverseTarget(y);
  Array.from(back).forEach((v, i) => assert.ok(Math.abs(v - [10.5, 20.25, 30, 41][i]!) < 1e-12));
  const raw = Preprocessor.fit(table, { target: 'y', standardizeTarget: false });
  assert.deepEqual(Array.from(raw.transformTarget(table, undefined, 'float64').data), [10.5, 20.25, 30, 41]);
  const d = raw.decode(Matrix.from([[3.5]], 'float64'));
  assert.ok(d.task === 'regression' && d.values[0] === 3.5);
});

test('a target with a single class is an error; an unknown class at evaluation names the row', () => {
  neuriteError(() => Preprocessor.fit(parseTable('x,y\n1,a\n2,a\n'), { target: 'y' }), 'CSV_SCHEMA', /a single class \("a"\)/);
  const p = Preprocessor.fit(parseTable('x,y\n1,a\n2,b\n'), { target: 'y' });
  neuriteError(
    () => p.transformTarget(parseTable('x,y\n1,c\n', { file: 'v.csv' })),
    'CSV_SCHEMA',
    /line 2 of v\.csv: the target "y" is "c", a class the model does not know; its classes are "a", "b"/,
  );
  neuriteError(() => Preprocessor.fit(parseTable('x,y\n1,a\n2,b\n'), { target: 'z' }), 'CSV_SCHEMA', /has no column "z"; its columns are: x, y/);
});

test('iris: three classes one-hot, JSON round trip gives the same matrices', () => {
  const table = iris();
  const p = Preprocessor.fit(table, { target: 'species' });
  assert.deepEqual(p.classes, ['setosa', 'versicolor', 'virginica']);
  assert.equal(p.outputWidth, 3);
  const copy = Preprocessor.fromJSON(JSON.parse(JSON.stringify(p.toJSON())));
  assert.deepEqual(copy.transform(table, undefined, { dtype: 'float64' }), p.transform(table, undefined, { dtype: 'float64' }));
  assert.deepEqual(copy.transformTarget(table), p.transformTarget(table));
  const decoded = copy.decode(Matrix.from([[0.1, 0.7, 0.2]]));
  assert.ok(decoded.task === 'classification' && decoded.labels[0] === 'versicolor' && decoded.indices[0] === 1);
});

test('a prediction file is read with the training kinds, extra columns ignored', () => {
  const train = parseTable('zip,size,y\n02134,1,a\n10001,2,b\n02134,3,a\n', { columns: { zip: 'categorical' } });
  const p = Preprocessor.fit(train, { target: 'y' });
  const options = p.readOptions();
  assert.deepEqual(options, { columns: { zip: 'categorical', size: 'numeric', y: 'ignore' }, otherColumns: 'ignore' });
  const fresh = parseTable('extra,size,zip\nq,2,10001\n', options);
  assert.deepEqual(p.transform(fresh, undefined, { dtype: 'float64' }).toArray()[0]!.slice(0, 2), [0, 1]);
  neuriteError(() => parseTable('size\n1\n', { ...options, file: 'p.csv' }), 'CSV_SCHEMA', /p\.csv has no column "zip"/);
});

test('splits: seeded, disjoint, complete, and stratified by class', () => {
  const table = iris();
  const a = prepareDataset(table, { target: 'species', validation: 0.2, test: 0.2, seed: 3 });
  const b = prepareDataset(table, { target: 'species', validation: 0.2, test: 0.2, seed: 3 });
  assert.deepEqual(a.train.rows, b.train.rows);
  const all = [...a.train.rows, ...a.validation!.rows, ...a.test!.rows].sort((x, y) => x - y);
  assert.deepEqual(
    all,
    Array.from({ length: 150 }, (_, i) => i),
  );
  assert.equal(a.validation!.rows.length, 30);
  assert.equal(a.test!.rows.length, 30);
  const species = table.column('species');
  assert.ok(species.kind === 'categorical');
  for (const part of [a.train, a.validation!, a.test!]) {
    const counts = [0, 0, 0];
    for (const row of part.rows) counts[species.codes[row]!]!++;
    const share = part.rows.length / 3;
    assert.deepEqual(counts, [share, share, share], 'each class keeps its share');
  }
  const c = prepareDataset(table, { target: 'species', seed: 4 });
  assert.notDeepEqual(c.train.rows, a.train.rows);
  // y one-hot rows match the labels
  const labels = a.preprocessor.targetIndices(table, a.train.rows);
  a.train.y.toArray().forEach((row, k) => assert.equal(row.indexOf(1), labels[k]));
});

test('splitRows: counts, a lone class member stays in training, bad fractions', () => {
  const s = splitRows(10, { validation: 0.3, seed: 1 });
  assert.equal(s.validation.length, 3);
  assert.equal(s.train.length, 7);
  const keys = [0, 0, 0, 0, 1];
  const strat = splitRows(5, { validation: 0.5, stratify: keys, seed: 1 });
  assert.ok(strat.train.includes(4), 'the only row of class 1 trains');
  assert.throws(() => splitRows(10, { validation: 0.6, test: 0.4 }), /must leave rows for training/);
  assert.throws(
    () => splitRows(10, { validation: -0.1 }),
    (e: unknown) => e instanceof NeuriteError && e.code === 'INVALID_ARGUMENT',
  );
  assert.throws(() => splitRows(0), /no rows for training/);
});

test('prepareDataset on records, binary one-hot, and explicit inputs', () => {
  const table = tableFromRecords([
    { id: 'a', w: 1, y: 0 },
    { id: 'b', w: 2, y: 1 },
    { id: 'c', w: 3, y: 0 },
    { id: 'd', w: 4, y: 1 },
  ]);
  const d = prepareDataset(table, { target: 'y', validation: 0, binaryEncoding: 'one-hot' });
  assert.equal(d.task, 'classification');
  assert.deepEqual(d.preprocessor.classes, ['0', '1']);
  assert.equal(d.train.y.cols, 2);
  const withId = prepareDataset(table, { target: 'y', validation: 0, inputs: ['id', 'w'] });
  assert.equal(withId.preprocessor.inputWidth, 5);
  neuriteError(() => prepareDataset(table, { target: 'y', inputs: ['y'] }), 'INVALID_ARGUMENT', /cannot also be an input/);
});
