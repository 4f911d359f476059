import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { neurite, workdir } from './helpers/cli.js';

// Each bad input gives exit code 1 (or 2 for usage), one line on stderr naming the problem and where,
// no stack trace, and leaves the input files byte for byte as they were.
const iris = readFileSync(new URL('../../data/iris.csv', import.meta.url), 'utf8');
const good = 'a,b,label\n' + Array.from({ length: 30 }, (_, i) => `${i},${(i * 7) % 11},${i % 2 ? 'x' : 'y'}`).join('\n') + '\n';

const csvCases: Array<[string, string, RegExp, string[]?]> = [
  ['an empty file', '', /data\.csv.*empty/i],
  ['a header only', 'a,b,label\n', /data\.csv.*(no rows|header only|no data)/i],
  ['a ragged row', good.replace('3,10,x', '3,10'), /data\.csv:5:\d+: .*(2 fields|expected 3)/],
  ['text in a numeric column', good.replace('3,10,x', '3,ten,x'), /column "b".*"ten" at data\.csv:5:3/],
  ['NaN in a numeric column', good.replace('3,10,x', '3,NaN,x'), /line 5 of data\.csv: the value of column "b" \(column 2\) is missing.*--missing drop/],
  ['Infinity in a numeric column', good.replace('3,10,x', '3,Infinity,x'), /"Infinity" at data\.csv:5:3/],
  ['an unknown target column', good, /no column "price".*a, b, label/, ['--target', 'price']],
  ['a target with a single class', good.replace(/,x$/gm, ',y'), /label.*(one class|single class|only one)/i],
  ['a duplicated header', 'a,a,label\n' + good.split('\n').slice(1).join('\n'), /data\.csv:1:3: the column name "a" appears twice/],
  ['broken quoting', good.replace('3,10,x', '3,"10,x'), /data\.csv:5:3: .*quote/i],
];

for (const [name, text, message, extra] of csvCases) {
  test(`train refuses ${name} with a clear one-line error`, () => {
    const dir = workdir();
    const file = join(dir, 'data.csv');
    writeFileSync(file, text);
    const run = neurite(['train', 'data.csv', ...(extra ?? ['--target', 'label'])], dir);
    assert.ok(run.status === 1 || run.status === 2, `exit code ${run.status}: ${run.stdout}`);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^neurite: /);
    assert.match(lines[0]!, message);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
    assert.equal(readFileSync(file, 'utf8'), text, 'the input file is unchanged');
  });
}

function trainedModel(dir: string): Record<string, unknown> {
  writeFileSync(join(dir, 'iris.csv'), iris);
  const run = neurite(['train', 'iris.csv', '--target', 'species', '--epochs', '5'], dir);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
}

test('predict, evaluate, inspect and explain refuse broken model files with the field path, exit code 1', () => {
  const dir = workdir();
  const model = trainedModel(dir);
  const text = JSON.stringify(model);
  const layers = () => JSON.parse(text) as { network: { layers: Array<Record<string, unknown>> } };
  const cases: Array<[string, string, RegExp]> = [
    ['truncated JSON', text.slice(0, text.length / 2), /bad\.json.*(line 1, column \d+|unexpected end|truncated|ends)/i],
    ['not JSON at all', 'hello, I am not a model', /bad\.json.*(not JSON|JSON|unexpected)/i],
    ['an unknown format version', JSON.stringify({ ...model, version: 99 }), /version/],
    [
      'mismatched shapes',
      (() => {
        const m = layers();
        (m.network.layers[0]!['weights'] as number[]).pop();
        return JSON.stringify(m);
      })(),
      /network\.layers\[0\]\.weights/,
    ],
    ['non-finite weights', text.replace(/"weights":\[([-\d.e]+)/, '"weights":[1e999'), /network\.layers\[0\]\.weights\[0\].*(finite|Infinity)/],
    [
      'absurd sizes',
      (() => {
        const m = layers();
        m.network.layers[0]!['units'] = 1e9;
        return JSON.stringify(m);
      })(),
      /network\.layers\[0\]\.units/,
    ],
    ['a __proto__ key', text.replace('{"format"', '{"__proto__":{"polluted":true},"format"'), /__proto__/],
    ['a constructor key', text.replace('"training":{', '"training":{"constructor":{"prototype":{}},'), /constructor/],
  ];
  writeFileSync(join(dir, 'rows.csv'), iris);
  for (const [name, body, message] of cases) {
    writeFileSync(join(dir, 'bad.json'), body);
    for (const args of [
      ['predict', 'bad.json', 'rows.csv'],
      ['evaluate', 'bad.json', 'rows.csv'],
      ['inspect', 'bad.json'],
    ]) {
      const run = neurite(args, dir);
      assert.equal(run.status, 1, `${name}, ${args[0]}: exit ${run.status}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, `${name}: ${run.stderr}`);
      assert.match(run.stderr, message, `${name}, ${args[0]}`);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    }
    assert.equal(readFileSync(join(dir, 'bad.json'), 'utf8'), body);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  }
});

test('usage errors exit with code 2', () => {
  const dir = workdir();
  for (const args of [
    ['train'],
    ['train', 'x.csv'],
    ['train', 'x.csv', '--target', 'y', '--epochs', 'many'],
    ['train', 'x.csv', '--target', 'y', '--activation', 'nope'],
    ['predict', 'model.json'],
  ]) {
    const run = neurite(args, dir);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
  }
  const missing = neurite(['train', 'nowhere.csv', '--target', 'y'], dir);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nowhere\.csv/);
});
