import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { NeuriteError } from '../src/index.js';
import { parseDecimal, parseTable, readTable, tableFromRecords, TableBuilder, type Column } from '../src/data/index.js';
import { DATA } from './helpers/paths.js';

function schemaError(fn: () => unknown, code: string, where: { line?: number; column?: number }, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (where.line !== undefined) assert.equal(error.details.line, where.line, error.message);
    if (where.column !== undefined) assert.equal(error.details.column, where.column, error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

function numeric(column: Column): number[] {
  assert.equal(column.kind, 'numeric', `${column.name} should be numeric`);
  return Array.from(column.kind === 'numeric' ? column.values : []);
}

test('numbers are plain decimals only', () => {
  for (const [text, value] of [
    ['3', 3],
    [' 3 ', 3],
    ['\t-0.5', -0.5],
    ['+2', 2],
    ['.5', 0.5],
    ['5.', 5],
    ['1e5', 1e5],
    ['2.5E-3', 2.5e-3],
    ['007', 7],
    ['1e999', Infinity],
  ] as const) {
    assert.equal(parseDecimal(text), value, text);
  }
  for (const text of ['', ' ', 'NaN', 'Infinity', '-Infinity', 'inf', '0x10', '0b1', '1_000', '1,5', '1e', 'e5', '.', '-', '+.e1', '1.2.3', '12abc', '١٢']) {
    assert.ok(Number.isNaN(parseDecimal(text)), `${JSON.stringify(text)} is not a number`);
  }
});

test('columns are typed: numeric when every present value is a number, else categorical', () => {
  const table = parseTable('a,b,c,d\n1, 2 ,x,1\n2.5,,y,two\n-3,NA,x,3\n', { file: 't.csv' });
  assert.deepEqual(numeric(table.column('a')), [1, 2.5, -3]);
  const b = table.column('b');
  assert.equal(b.kind, 'numeric');
  assert.equal(b.missing, 2);
  const c = table.column('c');
  assert.ok(c.kind === 'categorical');
  assert.deepEqual(c.categories, ['x', 'y']);
  assert.deepEqual(Array.from(c.codes), [0, 1, 0]);
  const d = table.column('d');
  assert.ok(d.kind === 'categorical', 'd turned categorical at "two"');
  assert.deepEqual(d.categories, ['1', 'two', '3']);
  assert.deepEqual(Array.from(table.lines), [2, 3, 4]);
  assert.equal(table.where(1), 'line 3 of t.csv');
});

test('missing values: empty and the default markers, or the ones given', () => {
  const table = parseTable('x,y\n1,a\n,b\nNA,?\nN/A,null\nNaN,NULL\n  ,c\n6,nan\n');
  const x = table.column('x');
  assert.equal(x.kind, 'numeric');
  assert.equal(x.missing, 5);
  const y = table.column('y');
  assert.ok(y.kind === 'categorical');
  assert.equal(y.missing, 4);
  assert.deepEqual(y.categories, ['a', 'b', 'c']);
  const custom = parseTable('x,y\n-999,a\n1,NA\n', { missingValues: ['-999', ''] });
  assert.equal(custom.column('x').missing, 1);
  const yc = custom.column('y');
  assert.ok(yc.kind === 'categorical' && yc.categories.includes('NA'));
});

test('overrides: force categorical keeps text, numeric rejects text with line and column, ignore skips', () => {
  const text = 'zip,size,note\n02134,1,a\n10001,x,b\n';
  const forced = parseTable(text, { columns: { zip: 'categorical', size: 'categorical', note: 'ignore' } });
  const zip = forced.column('zip');
  assert.ok(zip.kind === 'categorical');
  assert.deepEqual(zip.categories, ['02134', '10001']);
  assert.equal(forced.has('note'), false);
  assert.deepEqual(forced.header, ['zip', 'size', 'note']);
  schemaError(() => forced.column('note'), 'CSV_SCHEMA', {}, /has no column "note" \(it is in the header but was ignored\)/);
  schemaError(
    () => parseTable(text, { file: 'z.csv', columns: { size: 'numeric' } }),
    'CSV_SCHEMA',
    { line: 3, column: 7 },
    /z\.csv:3:7: column "size" is read as numbers, but this value is "x"/,
  );
  schemaError(() => parseTable(text, { columns: { weight: 'numeric' } }), 'CSV_SCHEMA', {}, /has no column "weight".*its columns are: zip, size, note/);
  assert.equal(parseTable(text, { columns: { weight: 'ignore' } }).columnNames.length, 3, 'ignoring an absent column is fine');
  const only = parseTable(text, { columns: { zip: 'numeric' }, otherColumns: 'ignore' });
  assert.deepEqual(only.columnNames, ['zip']);
  assert.deepEqual(numeric(only.column('zip')), [2134, 10001]);
  assert.throws(() => parseTable(text, { columns: { zip: 'text' as never } }), /must be one of auto, numeric, categorical, ignore/);
});

test('a number too large for a float64 is an error at its cell', () => {
  schemaError(() => parseTable('a,b\n1,2\n3,1e999\n'), 'CSV_SCHEMA', { line: 3, column: 3 }, /"1e999" is too large for a 64-bit float/);
});

test('a column of numbers with one stray text gets a notice pointing at it', () => {
  const lines = ['v'];
  for (let i = 0; i < 30; i++) lines.push(i === 17 ? '12,5' : String(i));
  const table = parseTable(lines.join('\n').replace('12,5', '"12,5"'), { file: 'n.csv' });
  assert.equal(table.column('v').kind, 'categorical');
  assert.equal(table.notices.length, 1);
  assert.equal(table.notices[0]!.code, 'MOSTLY_NUMERIC');
  assert.match(table.notices[0]!.message, /29 of its 30 values are numbers: "12,5" at n\.csv:19:1 is not/);
});

test('header problems: empty file, header only, empty and duplicate names', () => {
  schemaError(() => parseTable('', { file: 'e.csv' }), 'CSV_SCHEMA', { line: 1, column: 1 }, /e\.csv is empty: expected a header row/);
  schemaError(() => parseTable('\uFEFF\n\n'), 'CSV_SCHEMA', { line: 1 }, /is empty/);
  schemaError(() => parseTable('a,b\n'), 'CSV_SCHEMA', { line: 2 }, /has a header but no data rows/);
  schemaError(() => parseTable('a,b'), 'CSV_SCHEMA', {}, /has a header but no data rows/);
  schemaError(() => parseTable('a,b,a\n1,2,3\n'), 'CSV_SCHEMA', { line: 1, column: 5 }, /"a" appears twice in the header \(columns 1 and 3\)/);
  schemaError(() => parseTable('a, b ,b\n1,2,3\n'), 'CSV_SCHEMA', { line: 1, column: 7 }, /"b" appears twice/);
  schemaError(() => parseTable(',a\n1,2\n'), 'CSV_SCHEMA', { line: 1, column: 1 }, /column 1 of the header has no name.*row index/);
  schemaError(() => parseTable('a,"  "\n1,2\n'), 'CSV_SCHEMA', { line: 1, column: 3 }, /column 2 of the header has no name/);
});

test('a streamed table equals the table from one string; memory is typed arrays', async () => {
  const text = readFileSync(DATA + 'iris.csv', 'utf8');
  const whole = parseTable(text, { file: 'iris.csv' });
  async function* pieces(): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += 97) yield text.slice(i, i + 97);
  }
  const streamed = await readTable(pieces(), { file: 'iris.csv' });
  assert.equal(streamed.rowCount, 150);
  assert.deepEqual(streamed.columnNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
  assert.deepEqual(streamed.columns, whole.columns);
  const first = streamed.column('sepal_length');
  assert.ok(first.kind === 'numeric' && first.values instanceof Float64Array);
  const species = streamed.column('species');
  assert.ok(species.kind === 'categorical' && species.codes instanceof Int32Array);
  assert.deepEqual(species.categories, ['setosa', 'versicolor', 'virginica']);
});

test('a large table grows in chunks and keeps every value', () => {
  const builder = new TableBuilder();
  builder.push('i,half,label\n');
  const n = 50_000;
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${i},${i / 2},${i % 3 === 0 ? 'a' : 'b'}\n`;
    if (chunk.length > 10_000) {
      builder.push(chunk);
      chunk = '';
    }
  }
  builder.push(chunk);
  const table = builder.end();
  assert.equal(table.rowCount, n);
  const half = table.column('half');
  assert.ok(half.kind === 'numeric');
  assert.equal(half.values.length, n);
  assert.equal(half.values[n - 1], (n - 1) / 2);
  assert.equal(half.values[20_000], 10_000);
  assert.equal(table.lines[n - 1], n + 1);
  const label = table.column('label');
  assert.ok(label.kind === 'categorical' && label.codes[30_000] === 0 && label.codes[30_001] === 1);
});

test('a size hint changes memory use, never the table', () => {
  const header = 'i,half,label\n';
  let body = '';
  for (let i = 0; i < 30_000; i++) body += `${i},${i / 2},${i % 3 === 0 ? 'a' : 'b'}\n`;
  const read = (sizeHint?: number) => {
    const builder = new TableBuilder(sizeHint === undefined ? {} : { sizeHint });
    for (let at = 0; at < body.length + header.length; at += 65_536) builder.push((header + body).slice(at, at + 65_536));
    return builder.end();
  };
  const plain = read();
  const exact = read(header.length + body.length);
  for (const hint of [exact, read(1000), read(5 * body.length)]) {
    assert.deepEqual(hint.columns, plain.columns);
    assert.deepEqual(hint.lines, plain.lines);
  }
  const half = exact.column('half');
  assert.ok(half.kind === 'numeric');
  assert.ok(half.values.buffer.byteLength >= half.values.byteLength, 'a view of one reserved block');
  assert.ok(half.values.buffer.byteLength <= 1.1 * half.values.byteLength + 4096, 'with little unused');
  assert.throws(() => new TableBuilder({ sizeHint: -1 }), /sizeHint must be a size ≥ 0/);
});

test('a column that turns categorical late keeps the earlier numbers as text', () => {
  const lines = ['v'];
  for (let i = 0; i < 20_000; i++) lines.push(String(i % 4));
  lines.push('many');
  const table = parseTable(lines.join('\n'));
  const v = table.column('v');
  assert.ok(v.kind === 'categorical');
  assert.deepEqual(v.categories, ['0', '1', '2', '3', 'many']);
  assert.equal(v.codes[19_999], 3);
  assert.equal(v.codes[20_000], 4);
});

test('tables from records: same typing, rows named "row n"', () => {
  const table = tableFromRecords([
    { weight: 133, height: 65, gender: 'F' },
    { weight: 160, height: null, gender: 'M' },
    { weight: '152', gender: 'M' },
  ]);
  assert.deepEqual(numeric(table.column('weight')), [133, 160, 152]);
  assert.equal(table.column('height').missing, 2);
  assert.equal(table.where(2), 'row 3');
  assert.throws(() => tableFromRecords([{ x: Infinity }]), /is Infinity; expected a finite number/);
  assert.throws(
    () => tableFromRecords([{ x: {} as never }]),
    (e: unknown) => e instanceof NeuriteError && e.code === 'INVALID_ARGUMENT',
  );
  assert.throws(() => tableFromRecords('x' as never), /needs an array of objects/);
});
