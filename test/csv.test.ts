import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NeuriteError, Rng } from '../src/index.js';
import { CsvParser, csvRecords, parseCsv, type CsvRecord } from '../src/data/index.js';

function rows(text: string): string[][] {
  return parseCsv(text).map((r) => r.fields);
}

/** Feeds text in pieces cut at the given sizes (cycling), collecting records with their lines. */
function parseInChunks(text: string, sizes: number[]): CsvRecord[] {
  const out: CsvRecord[] = [];
  const parser = new CsvParser((fields, info) => out.push({ fields, line: info.line }));
  let at = 0;
  let k = 0;
  while (at < text.length) {
    const size = sizes[k++ % sizes.length]!;
    parser.push(text.slice(at, at + size));
    at += size;
  }
  parser.end();
  return out;
}

function csvError(fn: () => unknown, code: string, line: number, column: number, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof NeuriteError, `expected a NeuriteError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.equal(error.details.line, line, `line in: ${error.message}`);
    assert.equal(error.details.column, column, `column in: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test('RFC 4180: quoted fields, doubled quotes, delimiters and line breaks inside quotes', () => {
  assert.deepEqual(rows('a,b,c\n1,"x,y","he said ""hi"""\n'), [
    ['a', 'b', 'c'],
    ['1', 'x,y', 'he said "hi"'],
  ]);
  assert.deepEqual(rows('a,b\r\n"line1\r\nline2","x\ny"\r\n'), [
    ['a', 'b'],
    ['line1\r\nline2', 'x\ny'],
  ]);
  assert.deepEqual(rows('a,b\n"",""\n,\n'), [
    ['a', 'b'],
    ['', ''],
    ['', ''],
  ]);
  assert.deepEqual(rows('a\n""""\n'), [['a'], ['"']]);
  // spaces are kept by the parser (the table trims them)
  assert.deepEqual(rows('a,b\n 1 , x \n'), [
    ['a', 'b'],
    [' 1 ', ' x '],
  ]);
});

test('line endings: LF, CRLF, lone CR, none at the end, and blank lines skipped', () => {
  const expected = [
    ['a', 'b'],
    ['1', '2'],
    ['3', '4'],
  ];
  assert.deepEqual(rows('a,b\n1,2\n3,4\n'), expected);
  assert.deepEqual(rows('a,b\r\n1,2\r\n3,4\r\n'), expected);
  assert.deepEqual(rows('a,b\r1,2\r3,4\r'), expected);
  assert.deepEqual(rows('a,b\n1,2\r\n3,4'), expected);
  assert.deepEqual(rows('\n\na,b\n\n1,2\r\n\r\n3,4\n\n'), expected);
  const records = parseCsv('\n\na,b\n\n1,2\r\n\r\n3,4\n\n');
  assert.deepEqual(
    records.map((r) => r.line),
    [3, 5, 7],
  );
});

test('a UTF-8 byte order mark is skipped and does not count as a column', () => {
  assert.deepEqual(rows('\uFEFFname,x\nAl,1\n'), [
    ['name', 'x'],
    ['Al', '1'],
  ]);
  csvError(() => parseCsv('\uFEFFa,b\n1,2,3\n'), 'CSV_SCHEMA', 2, 5, /expected 2 fields like the header, got 3/);
  csvError(() => parseCsv('\uFEFFa,"b\n'), 'CSV_PARSE', 1, 3, /opened at line 1, column 3/);
});

test('records report the line they start on, across multi-line fields', () => {
  const records = parseCsv('a,b\n"1\n2\n3",x\n4,y\r\n"5\r\n",z\n6,w');
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2, 5, 6, 8],
  );
  assert.equal(records[3]!.fields[0], '5\r\n');
});

test('the same text cut into chunks anywhere gives the same records', () => {
  const text = '\uFEFFid,text,"quoted ""head"""\r\n' + '1,"a,b","multi\r\nline"\r\n' + '2,,"x""y"\n' + '\n' + '3,"",z\r' + '4,"\r","\n"\r\n' + '5,last,"end"';
  const whole = parseCsv(text);
  assert.equal(whole.length, 6);
  for (let size = 1; size <= 8; size++) assert.deepEqual(parseInChunks(text, [size]), whole, `chunk size ${size}`);
  const rng = new Rng(7);
  for (let trial = 0; trial < 200; trial++) {
    const sizes = Array.from({ length: 5 }, () => 1 + rng.int(12));
    assert.deepEqual(parseInChunks(text, sizes), whole, `sizes ${sizes.join(',')}`);
  }
});

test('errors at chunk boundaries keep their line and column', () => {
  const text = 'a,b\r\n1,2\r\n3,"x"y\n';
  for (let size = 1; size <= text.length; size++) {
    csvError(() => parseInChunks(text, [size]), 'CSV_PARSE', 3, 6, /text after a closing quote: "y"/);
  }
});

test('an unclosed quote says where it opened', () => {
  csvError(() => parseCsv('a,b\n1,2\n3,"open\nmore\n'), 'CSV_PARSE', 3, 3, /quoted field opened at line 3, column 3 is never closed/);
  csvError(() => parseCsv('a\n"'), 'CSV_PARSE', 2, 1, /never closed/);
});

test('a quote inside an unquoted field, and text after a closing quote, are errors with a fix', () => {
  csvError(() => parseCsv('a,b\n1,ab"c\n'), 'CSV_PARSE', 2, 5, /quote in the middle of an unquoted field.*"a""b"/);
  csvError(() => parseCsv('a,b\n1, "x"\n'), 'CSV_PARSE', 2, 4, /quote in the middle of an unquoted field/);
  csvError(() => parseCsv('a,b\n"x" ,1\n'), 'CSV_PARSE', 2, 4, /text after a closing quote: " " follows the quoted field that opened at line 2, column 1/);
});

test('ragged rows: too many fields points at the first extra one, too few at the end of the record', () => {
  csvError(() => parseCsv('a,b,c\n1,2,3\n4,5,6,7,8\n'), 'CSV_SCHEMA', 3, 7, /expected 3 fields like the header, got 5: field 4 starts here/);
  csvError(() => parseCsv('a,b,c\n1,2\n'), 'CSV_SCHEMA', 2, 4, /expected 3 fields like the header, got 2: the record starting at line 2 ends here/);
  csvError(() => parseCsv('a,b,c\n1,2'), 'CSV_SCHEMA', 2, 4, /got 2/);
  csvError(() => parseCsv('a,b\n"x\ny",1,2\n'), 'CSV_SCHEMA', 3, 6, /got 3/);
  assert.throws(
    () => parseCsv('a,b\n1,2,3\n'),
    (e: unknown) => e instanceof NeuriteError && e.details.expected === 2 && e.details.actual === 3,
  );
});

test('the file name appears in messages and details', () => {
  assert.throws(
    () => parseCsv('a,b\n1,"2', { file: 'data.csv' }),
    (e: unknown) => e instanceof NeuriteError && e.details.file === 'data.csv' && /^data\.csv:2:3: /.test(e.message),
  );
});

test('other delimiters, and option checks', () => {
  assert.deepEqual(
    parseCsv('a;b\n1;"2;3"\n', { delimiter: ';' }).map((r) => r.fields),
    [
      ['a', 'b'],
      ['1', '2;3'],
    ],
  );
  assert.deepEqual(
    parseCsv('a\tb\n1\t2\n', { delimiter: '\t' }).map((r) => r.fields),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  );
  for (const delimiter of ['"', '\n', '', ',,']) {
    assert.throws(
      () => parseCsv('a', { delimiter }),
      (e: unknown) => e instanceof NeuriteError && e.code === 'INVALID_ARGUMENT',
    );
  }
  const parser = new CsvParser(() => undefined);
  assert.throws(() => parser.push(new Uint8Array(3) as unknown as string), /must be text chunks/);
});

test('a field longer than the limit (e.g. a quote never closed in a big file) stops early', () => {
  const parser = new CsvParser(() => undefined, { maxFieldLength: 100 });
  parser.push('a\n"');
  csvError(() => parser.push('x'.repeat(200)), 'CSV_PARSE', 2, 1, /longer than 100 characters; the quoted field opened at line 2, column 1/);
});

test('csvRecords reads an async stream of chunks', async () => {
  async function* chunks(): AsyncGenerator<string> {
    yield 'a,b\n1,';
    yield '2\n"3';
    yield '",4';
  }
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(chunks())) out.push(record);
  assert.deepEqual(out, [
    { fields: ['a', 'b'], line: 1 },
    { fields: ['1', '2'], line: 2 },
    { fields: ['3', '4'], line: 3 },
  ]);
});
