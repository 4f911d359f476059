import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Network, NeuriteError, parseModel, serializeModel } from '../src/index.js';
import { CsvParser, parseCsv, parseDecimal, parseTable, Preprocessor, TableBuilder } from '../src/data/index.js';
import { locateJsonError } from '../src/io/json-locate.js';

// Bounded sizes and case counts keep this file to a second or two; the per-test timeout catches a hang.
// A longer hunt: FC_RUNS=20000 FC_SEED=$RANDOM node --test dist/test/data-properties.test.js
const RUNS = { numRuns: Number(process.env['FC_RUNS'] ?? 300), seed: Number(process.env['FC_SEED'] ?? 20240607) };
const LIMIT = { timeout: 30_000 };

/** Cuts text at the given sizes (cycling), feeding a parser; returns records or the error's summary. */
function outcome(text: string, sizes: number[]): unknown {
  const records: string[][] = [];
  const lines: number[] = [];
  try {
    const parser = new CsvParser((fields, info) => {
      records.push(fields);
      lines.push(info.line);
    });
    for (let at = 0, k = 0; at < text.length; k++) {
      const size = sizes[k % sizes.length]!;
      parser.push(text.slice(at, at + size));
      at += size;
    }
    parser.end();
    return { records, lines };
  } catch (error) {
    return summary(error);
  }
}

function summary(error: unknown): unknown {
  if (!(error instanceof NeuriteError)) throw error; // a TypeError or RangeError fails the property
  assert.ok(error.code === 'CSV_PARSE' || error.code === 'CSV_SCHEMA', `unexpected code ${error.code}`);
  const { line, column } = error.details;
  assert.ok(Number.isInteger(line) && (line as number) >= 1, `line ${String(line)}`);
  assert.ok(Number.isInteger(column) && (column as number) >= 1, `column ${String(column)}`);
  return { code: error.code, line, column, message: error.message };
}

const cell = fc.string({ unit: fc.constantFrom('a', 'b', '1', '.', '-', 'e', ' ', ',', '"', '\n', '\r', 'é', '😀'), maxLength: 6 });
const table = fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: 1, maxLength: 6 }));
const sizes = fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 });

function toCsv(rows: string[][], eol: string, quoteAll: boolean): string {
  const quote = (f: string, row: string[]) => (quoteAll || /[",\r\n]/.test(f) || (row.length === 1 && f === '') ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((row) => row.map((f) => quote(f, row)).join(',')).join(eol);
}

test('any table written as RFC 4180 reads back the same, whatever the line endings and chunk sizes', LIMIT, () => {
  fc.assert(
    fc.property(table, fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean(), fc.boolean(), sizes, (rows, eol, quoteAll, bom, trailing, cuts) => {
      const text = (bom ? '\uFEFF' : '') + toCsv(rows, eol, quoteAll) + (trailing ? eol : '');
      const result = outcome(text, cuts) as { records: string[][] };
      assert.deepEqual(result.records, rows);
    }),
    RUNS,
  );
});

const noise = fc.string({ unit: fc.constantFrom('a', '1', '2.5', ',', '"', '""', '\n', '\r\n', '\r', ' ', 'NA', '1e999', '\uFEFF', 'x,y'), maxLength: 40 });

test('any text: records or a CSV error with a line and column, the same for every chunking', LIMIT, () => {
  fc.assert(
    fc.property(noise, sizes, (text, cuts) => {
      assert.deepEqual(outcome(text, cuts), outcome(text, [text.length || 1]));
    }),
    RUNS,
  );
});

const mutation = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('"', ',', '\n', '\r', 'x', '', '1'));

function mutate(text: string, edits: [number, number, string][]): string {
  let out = text;
  for (const [at, remove, insert] of edits) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    out = out.slice(0, i) + insert + out.slice(i + remove);
  }
  return out;
}

test('mutated CSV files: a table or a NeuriteError with a code, never a TypeError, streamed or not', LIMIT, () => {
  const base = 'name,weight_lb,height_in,gender\r\nAlice,133,65,F\r\n"Bob ""B""",160,72,M\r\nCharlie,152,"70",M\r\nDiana,120,60,F\r\n';
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), sizes, (edits, cuts) => {
      const text = mutate(base, edits);
      const read = (pieces: number[]): unknown => {
        try {
          const builder = new TableBuilder({ file: 'm.csv' });
          for (let at = 0, k = 0; at < text.length; k++) {
            builder.push(text.slice(at, at + pieces[k % pieces.length]!));
            at += pieces[k % pieces.length]!;
          }
          const t = builder.end();
          // and the table goes through preprocessing without anything but NeuriteErrors
          try {
            Preprocessor.fit(t, { target: t.columnNames[t.columnNames.length - 1]!, missing: 'mean' }).transform(t);
          } catch (error) {
            if (!(error instanceof NeuriteError)) throw error;
          }
          return t.columns;
        } catch (error) {
          if (!(error instanceof NeuriteError)) throw error;
          assert.ok(['CSV_PARSE', 'CSV_SCHEMA'].includes(error.code), error.code);
          return error.message;
        }
      };
      assert.deepEqual(read(cuts), read([text.length || 1]));
    }),
    RUNS,
  );
});

test('parseTable never throws anything but a NeuriteError', LIMIT, () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), (text) => {
      try {
        parseTable(text);
        parseCsv(text);
      } catch (error) {
        assert.ok(error instanceof NeuriteError, String(error));
      }
    }),
    RUNS,
  );
});

const MODEL = (() => {
  const t = parseTable('a,b,c\n1,x,p\n2,y,q\n3,x,r\n4,y,p\n');
  const preprocessing = Preprocessor.fit(t, { target: 'c' });
  const network = Network.create({ inputs: preprocessing.inputWidth, layers: [{ units: 2 }, { units: 3 }], seed: 1 });
  return serializeModel({ network, preprocessing, training: { seed: 1, metrics: { loss: 0.25 } } });
})();

function loadOrFail(text: string): void {
  try {
    const model = parseModel(text);
    // whatever loads must save and load again
    parseModel(serializeModel(model));
  } catch (error) {
    if (!(error instanceof NeuriteError)) throw error;
    assert.equal(error.code, 'MODEL_FORMAT', error.message);
    assert.equal(typeof error.details.path, 'string');
  }
}

test('mutated model text: MODEL_FORMAT with a path, or a model that saves again', LIMIT, () => {
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 4 }), fc.constantFrom('', '"', ',', '}', ']', '[', '0', '-', '1e999', 'null', '"__proto__":1,', '9999999999'));
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
      let text = MODEL;
      for (const [at, remove, insert] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + insert + text.slice(i + remove);
      }
      loadOrFail(text);
    }),
    RUNS,
  );
});

test('model JSON with any field replaced by any value: MODEL_FORMAT with a path, never a TypeError', LIMIT, () => {
  const json = JSON.parse(MODEL);
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(value)) value.slice(0, 3).forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(json, []);
  const anyValue = fc.oneof(
    fc.constantFrom(null, true, 0, -1, 1.5, 1e9, '', 'dense', 'float64', 'numeric', [], {}, [1, 2], { name: 'sigmoid' }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  fc.assert(
    fc.property(fc.constantFrom(...paths.slice(1)), anyValue, fc.boolean(), (path, value, remove) => {
      const copy = JSON.parse(MODEL);
      let parent = copy;
      for (const key of path.slice(0, -1)) parent = parent[key];
      const last = path[path.length - 1]!;
      if (remove && !Array.isArray(parent)) delete parent[last];
      else parent[last] = value;
      loadOrFail(JSON.stringify(copy));
    }),
    RUNS,
  );
});

test('parseDecimal reads every plain decimal exactly as Number() does, and nothing else', LIMIT, () => {
  const digits = (max: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '7', '9'), maxLength: max });
  const decimal = fc
    .tuple(
      fc.constantFrom('', '+', '-'),
      digits(20),
      fc.boolean(),
      digits(25),
      fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(3))),
      fc.constantFrom('', ' ', '\t'),
    )
    .map(([sign, int, dot, frac, exp, pad]) => `${pad}${sign}${int}${dot ? '.' : ''}${dot ? frac : ''}${exp ? exp.join('') : ''}${pad}`);
  fc.assert(
    fc.property(fc.oneof(decimal, fc.string({ maxLength: 8 }), fc.double().map(String)), (text) => {
      const plain = /^[ \t]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t]*$/.test(text);
      const value = parseDecimal(text);
      if (plain) assert.ok(Object.is(value, Number(text)), `${JSON.stringify(text)}: ${value} vs ${Number(text)}`);
      else assert.ok(Number.isNaN(value), `${JSON.stringify(text)} is not a plain decimal but gave ${value}`);
    }),
    { ...RUNS, numRuns: 5 * RUNS.numRuns },
  );
});

test('the JSON error locator agrees with JSON.parse on what is valid', LIMIT, () => {
  const jsonish = fc.string({
    unit: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', 'a', '1', '-', '.', 'e', ' ', '\n', 'true', 'nul', 'u'),
    maxLength: 30,
  });
  fc.assert(
    fc.property(fc.oneof(jsonish, fc.json({ maxDepth: 3 })), (text) => {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      const found = locateJsonError(text);
      assert.equal(found === null, valid, `${JSON.stringify(text)}: ${found?.problem}`);
      if (found) assert.ok(found.position >= 0 && found.position <= text.length);
    }),
    { ...RUNS, numRuns: 2 * RUNS.numRuns },
  );
});
